"""Segmentation metrics per image and class, and their aggregates over images.

Dice and IoU come from medseg_ml.metrics.overlap, the definition training validation and segment-pair
use too; the distances from MONAI, in pixels (2D images carry no reliable spacing). A metric is None
(null in reports) where it is undefined: Dice and IoU for a class absent from both mask and prediction,
the distances for a class absent from either.
"""

from __future__ import annotations

import math
import statistics
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from monai.metrics import compute_average_surface_distance, compute_hausdorff_distance

from medseg_ml.metrics.overlap import OVERLAP_NOTE, mean_defined, overlap

METRICS = ("dice", "iou", "hausdorff95", "surface_distance")

METRIC_NOTES = (
    "Per image and foreground class, on the argmax prediction resized back to the image's own size, "
    "against its mask (label values mapped to class indices by value). "
    + OVERLAP_NOTE
    + " With MONAI 1.6: hausdorff95 = compute_hausdorff_distance(percentile=95) and surface_distance = "
    "compute_average_surface_distance(symmetric=True), in pixels (null when the class is absent from the "
    "mask or the prediction). Aggregates: mean, median, population std and count over images with a "
    "defined value."
)

# MONAI 1.6 warns about its own deprecated argument on every distance call.
warnings.filterwarnings("ignore", message=".*always_return_as_numpy.*", category=FutureWarning)


@dataclass(frozen=True)
class ClassMetrics:
    class_index: int
    label_value: int
    dice: float | None
    iou: float | None
    hausdorff95: float | None
    surface_distance: float | None

    def to_json(self) -> dict[str, Any]:
        return {
            "class_index": self.class_index,
            "label_value": self.label_value,
            **{name: getattr(self, name) for name in METRICS},
        }


@dataclass(frozen=True)
class ImageMetrics:
    """Means over foreground classes with a defined value, and the foreground classes themselves."""

    dice: float | None
    iou: float | None
    hausdorff95: float | None
    surface_distance: float | None
    per_class: tuple[ClassMetrics, ...]

    def values(self) -> dict[str, float | None]:
        return {name: getattr(self, name) for name in METRICS}


def image_metrics(predicted: np.ndarray, truth: np.ndarray, label_values: Sequence[int]) -> ImageMetrics:
    """Score one prediction against its mask.

    Args:
        predicted: (H, W) class indices.
        truth: (H, W) class indices, same size.
        label_values: label value of each class index; class 0 is background and is not scored.

    Returns:
        Per foreground class metrics and their means.
    """
    count = len(label_values)
    y_pred = _one_hot(predicted, count)
    y = _one_hot(truth, count)
    scores = overlap(_indices(predicted, count), _indices(truth, count), count)
    dice, iou = scores.dice[0].tolist(), scores.iou[0].tolist()
    in_pred = y_pred[0].flatten(1).any(dim=1).tolist()
    in_truth = y[0].flatten(1).any(dim=1).tolist()
    per_class = []
    for c in range(1, count):
        both = in_pred[c] and in_truth[c]
        hausdorff = surface = None
        if both:
            # Only this class (beside a background channel MONAI skips), so no empty-class warnings.
            pair_pred, pair_truth = y_pred[:, [0, c]], y[:, [0, c]]
            hausdorff = _number(
                compute_hausdorff_distance(pair_pred, pair_truth, include_background=False, percentile=95)
            )
            surface = _number(
                compute_average_surface_distance(
                    pair_pred, pair_truth, include_background=False, symmetric=True
                )
            )
        per_class.append(
            ClassMetrics(
                class_index=c,
                label_value=int(label_values[c]),
                dice=_defined(dice[c]),
                iou=_defined(iou[c]),
                hausdorff95=hausdorff,
                surface_distance=surface,
            )
        )
    means = {name: mean_defined([getattr(m, name) for m in per_class]) for name in METRICS}
    return ImageMetrics(**means, per_class=tuple(per_class))


def mean_metrics(slices: Sequence[ImageMetrics], label_values: Sequence[int]) -> ImageMetrics:
    """One value per metric for a volume: the mean of its slices' defined values, per class too."""
    per_class = tuple(
        ClassMetrics(
            class_index=c,
            label_value=int(label_values[c]),
            **{name: mean_defined([getattr(s.per_class[c - 1], name) for s in slices]) for name in METRICS},
        )
        for c in range(1, len(label_values))
    )
    means = {name: mean_defined([getattr(m, name) for m in per_class]) for name in METRICS}
    return ImageMetrics(**means, per_class=per_class)


def stat(values: Sequence[float | None]) -> dict[str, Any]:
    """mean, median, population std and count of the defined values (None for the first three if none)."""
    defined = [v for v in values if v is not None]
    if not defined:
        return {"mean": None, "median": None, "std": None, "count": 0}
    return {
        "mean": statistics.fmean(defined),
        "median": float(statistics.median(defined)),
        "std": statistics.pstdev(defined),
        "count": len(defined),
    }


def aggregate(images: Sequence[ImageMetrics], label_values: Sequence[int]) -> dict[str, Any]:
    """The report's "aggregate" object over scored images (failed and unscored ones left out)."""
    result: dict[str, Any] = {name: stat([getattr(m, name) for m in images]) for name in METRICS}
    result["per_class"] = [
        {
            "class_index": c,
            "label_value": int(label_values[c]),
            **{name: stat([getattr(m.per_class[c - 1], name) for m in images]) for name in METRICS},
        }
        for c in range(1, len(label_values))
    ]
    return result


def _indices(classes: np.ndarray, count: int) -> torch.Tensor:
    """(1, H, W) long class indices, clamped to the model's classes."""
    return torch.from_numpy(np.ascontiguousarray(classes, dtype=np.int64)).clamp(0, count - 1)[None]


def _one_hot(classes: np.ndarray, count: int) -> torch.Tensor:
    """(1, K, H, W) float one-hot of (H, W) class indices."""
    return F.one_hot(_indices(classes, count)[0], count).permute(2, 0, 1)[None].double()


def _defined(value: float) -> float | None:
    return value if math.isfinite(value) else None


def _number(value: torch.Tensor) -> float | None:
    v = float(value.reshape(-1)[0])
    return v if math.isfinite(v) else None
