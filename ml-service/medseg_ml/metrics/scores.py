"""All five scores of one item (a whole volume in 3D, or a 2D image): the one function SegmentVolume,
evaluation and batch jobs score with.

Dice and IoU are overlap.py's (the rule training validation uses), HD95, ASD and NSD surface.py's; the
empty rule is theirs (EMPTY_RULE). An item's value of a metric is the mean over its foreground classes
that have one.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import torch

from medseg_ml.generated.medseg.v1 import inference_service_pb2 as inference_pb2
from medseg_ml.metrics.overlap import overlap
from medseg_ml.metrics.surface import DEFAULT_TOLERANCE, surface_scores

SCORE_NAMES = ("dice", "iou", "hd95", "asd", "nsd")
MM = "mm"
PX = "px"


@dataclass(frozen=True)
class ItemScores:
    """Attributes:
    per_class: metric name -> (K,) float64 by class index (background NaN, NaN where undefined).
    distance_unit: "mm" or "px", the unit of hd95, asd and of `tolerance`.
    """

    per_class: dict[str, np.ndarray]
    distance_unit: str
    tolerance: float

    def mean(self, name: str) -> float:
        """The mean over the foreground classes with a value; NaN when none has one."""
        values = self.per_class[name][1:]
        defined = values[~np.isnan(values)]
        return float(defined.mean()) if defined.size else math.nan

    def value(self, name: str, class_index: int) -> float:
        return float(self.per_class[name][class_index])

    def to_proto(self) -> inference_pb2.VolumeScores:
        return inference_pb2.VolumeScores(
            distance_unit=self.distance_unit,
            surface_tolerance=self.tolerance,
            **{f"{name}_per_class": self.per_class[name].tolist() for name in SCORE_NAMES},
            **{name: self.mean(name) for name in SCORE_NAMES},
        )


def item_scores(
    predicted: np.ndarray,
    truth: np.ndarray,
    class_count: int,
    spacing: Sequence[float],
    tolerance: float = DEFAULT_TOLERANCE,
    distance_unit: str | None = None,
) -> ItemScores:
    """Score a prediction against its truth.

    Args:
        predicted: (Z, H, W) volume or (H, W) image of class indices in [0, class_count).
        truth: same shape, class indices.
        class_count: K, background included.
        spacing: mm per (slice, row, column) of a volume, 1.0s for pixels; one value per axis.
        tolerance: NSD tolerance in the same units; 0 = DEFAULT_TOLERANCE.
        distance_unit: defaults to "mm" for a volume, "px" for a 2D image (pass "px" for a volume
            without geometry, scored with spacing 1).
    """
    tolerance = tolerance or DEFAULT_TOLERANCE
    unit = distance_unit or (MM if predicted.ndim == 3 else PX)
    scores = overlap(_flat(predicted, class_count), _flat(truth, class_count), class_count)
    surfaces = surface_scores(predicted, truth, class_count, spacing, tolerance)
    background_nan = np.ones(class_count)
    background_nan[0] = math.nan
    return ItemScores(
        per_class={
            "dice": scores.dice[0].numpy() * background_nan,
            "iou": scores.iou[0].numpy() * background_nan,
            "hd95": surfaces.hd95,
            "asd": surfaces.asd,
            "nsd": surfaces.nsd,
        },
        distance_unit=unit,
        tolerance=float(tolerance),
    )


def volume_scores(
    predicted: np.ndarray,
    truth: np.ndarray,
    class_count: int,
    spacing: Sequence[float],
    tolerance: float = DEFAULT_TOLERANCE,
    distance_unit: str | None = None,
) -> inference_pb2.VolumeScores:
    """`item_scores` as the proto message SegmentVolume answers with (index i = class i)."""
    return item_scores(predicted, truth, class_count, spacing, tolerance, distance_unit).to_proto()


def _flat(classes: np.ndarray, class_count: int) -> torch.Tensor:
    """(1, N) long class indices, clamped to the model's classes, for overlap()."""
    flat = np.ascontiguousarray(classes, dtype=np.int64).reshape(1, -1)
    return torch.from_numpy(flat).clamp(0, class_count - 1)
