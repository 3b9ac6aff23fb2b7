"""The scores of evaluation and batch reports (format v2): per item and class, and their aggregates.

docs/evaluation.md describes the fields for users. Values undefined by the empty rule are null.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from medseg_ml.inference.card import ModelCard
from medseg_ml.metrics.overlap import OVERLAP_NOTE
from medseg_ml.metrics.scores import SCORE_NAMES, ItemScores
from medseg_ml.metrics.surface import EMPTY_RULE

LabelName = Callable[[int], str]

METRIC_NOTES = (
    "Per item: a volume (all slices of a case, in slice order) is predicted as a whole and scored in 3D "
    "with the case's voxel spacing, distances in millimetres; a 2D image is scored in pixels. Each item's "
    "distanceUnit says which. Predictions are post-processed as the model card's postprocessing says "
    "(copied under postprocessing here) before they are scored or written. Per foreground class: dice "
    "and iou from predicted, true and shared voxels; "
    "hd95 = MONAI compute_hausdorff_distance(percentile=95), asd = compute_average_surface_distance("
    "symmetric=True), nsd = compute_surface_dice at surfaceTolerance (mm, or px for images). "
    + EMPTY_RULE
    + " An item's value is the mean over its foreground classes with a value. Aggregates over items with "
    "a value: mean, median, population std, 25th and 75th percentiles, n. " + OVERLAP_NOTE
)


def number(value: float) -> float | None:
    return float(value) if math.isfinite(value) else None


def per_class_fields(scores: ItemScores, card: ModelCard, label_name: LabelName) -> list[dict[str, Any]]:
    """An item's foreground classes: value, name ("" when the dataset names none) and the five scores."""
    return [
        {
            "classIndex": c,
            "value": int(card.label_values[c]),
            "name": label_name(int(card.label_values[c])),
            **{name: number(scores.value(name, c)) for name in SCORE_NAMES},
        }
        for c in range(1, card.class_count)
    ]


def score_fields(scores: ItemScores | None, card: ModelCard, label_name: LabelName) -> dict[str, Any]:
    """The five item means and perClass of a report entry (nulls and [] without scores)."""
    if scores is None:
        return {**{name: None for name in SCORE_NAMES}, "perClass": []}
    return {
        **{name: number(scores.mean(name)) for name in SCORE_NAMES},
        "perClass": per_class_fields(scores, card, label_name),
    }


def stat(values: Sequence[float | None]) -> dict[str, Any]:
    """mean, median, population std, p25, p75 and n of the defined values (nulls when there are none)."""
    defined = np.array([v for v in values if v is not None and math.isfinite(v)], dtype=np.float64)
    if defined.size == 0:
        return {"mean": None, "median": None, "std": None, "p25": None, "p75": None, "n": 0}
    p25, median, p75 = np.percentile(defined, [25, 50, 75])
    return {
        "mean": float(defined.mean()),
        "median": float(median),
        "std": float(defined.std()),
        "p25": float(p25),
        "p75": float(p75),
        "n": int(defined.size),
    }


def aggregate(
    scored: Sequence[ItemScores], card: ModelCard, label_name: LabelName, tolerance: float
) -> dict[str, Any]:
    """The report's "aggregate": each metric over the items' means, and per class over the items."""
    units = sorted({s.distance_unit for s in scored})
    return {
        "distanceUnit": units[0] if len(units) == 1 else "mixed" if units else None,
        "surfaceTolerance": tolerance,
        **{name: stat([s.mean(name) for s in scored]) for name in SCORE_NAMES},
        "perClass": [
            {
                "classIndex": c,
                "value": int(card.label_values[c]),
                "name": label_name(int(card.label_values[c])),
                **{name: stat([s.value(name, c) for s in scored]) for name in SCORE_NAMES},
            }
            for c in range(1, card.class_count)
        ],
    }
