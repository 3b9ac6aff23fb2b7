"""Post-processing learned on the validation cases, as nnU-Net does: per class, keep only the largest
connected component when, and only when, that raises the class's
mean validation Dice. The choice is a small JSON-able record for the model card, applied the same way
by inference, batch jobs and evaluation, and undone by applying `PostProcessing.none()`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch
from scipy import ndimage

from medseg_ml.metrics.overlap import mean_defined, overlap

# A class is post-processed only when the filter gains more than this in mean validation Dice: a tie
# (or noise) keeps the prediction as the network made it.
MIN_DICE_GAIN = 1e-4


@dataclass(frozen=True)
class PostProcessing:
    """What is applied to a predicted mask of class indices.

    Attributes:
        largest_component_classes: class indices reduced to their largest connected component
            (connectivity: faces, edges and corners) with the rest set to background (0).
        validation_dice: per class (as str keys, for JSON) the mean validation Dice "before" and
            "after" the filter, which is why each class was or was not chosen.
    """

    largest_component_classes: tuple[int, ...] = ()
    validation_dice: Mapping[str, Mapping[str, float]] = field(default_factory=dict)

    @classmethod
    def none(cls) -> PostProcessing:
        return cls()

    def apply(self, mask: np.ndarray) -> np.ndarray:
        """The mask (any rank, integer class indices) post-processed; the input is left untouched."""
        return keep_largest_component(mask, self.largest_component_classes)

    def to_dict(self) -> dict[str, Any]:
        return {
            "largest_component_classes": list(self.largest_component_classes),
            "validation_dice": {k: dict(v) for k, v in self.validation_dice.items()},
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> PostProcessing:
        """A card's record; a card written before post-processing existed (None) applies nothing."""
        if not data:
            return cls.none()
        classes = tuple(int(c) for c in data.get("largest_component_classes", ()))
        if any(c <= 0 for c in classes):
            raise ValueError(f"largest_component_classes must be foreground classes (> 0), got {classes}")
        return cls(classes, {str(k): dict(v) for k, v in data.get("validation_dice", {}).items()})


def keep_largest_component(mask: np.ndarray, classes: Iterable[int]) -> np.ndarray:
    """Each listed class reduced to its largest connected component; smaller ones become background."""
    classes = tuple(classes)
    if not classes:
        return mask
    out = mask.copy()
    structure = ndimage.generate_binary_structure(mask.ndim, mask.ndim)
    for c in classes:
        where = mask == c
        labels, count = ndimage.label(where, structure=structure)
        if count <= 1:
            continue
        sizes = np.bincount(labels.ravel())
        sizes[0] = 0
        out[where & (labels != int(sizes.argmax()))] = 0
    return out


def choose_postprocessing(
    predictions: Sequence[np.ndarray], references: Sequence[np.ndarray], class_count: int
) -> PostProcessing:
    """Decide, class by class, whether the largest-component filter helps on these validation cases.

    Args:
        predictions, references: matching masks of class indices (one pair per validation case, any
            rank); Dice is metrics.overlap's, so a case where a class is in neither is left out of its mean.
        class_count: classes including background (0).
    """
    before = _dice_per_case(predictions, references, class_count)
    chosen: list[int] = []
    report: dict[str, dict[str, float]] = {}
    for c in range(1, class_count):
        if not any(np.any(p == c) for p in predictions):
            continue
        filtered = [keep_largest_component(p, (c,)) for p in predictions]
        after = _dice_per_case(filtered, references, class_count)
        report[str(c)] = {
            "before": mean_defined(before[:, c].tolist()) or 0.0,
            "after": mean_defined(after[:, c].tolist()) or 0.0,
        }
        if report[str(c)]["after"] > report[str(c)]["before"] + MIN_DICE_GAIN:
            chosen.append(c)
    return PostProcessing(tuple(chosen), report)


def _dice_per_case(
    predictions: Sequence[np.ndarray], references: Sequence[np.ndarray], class_count: int
) -> torch.Tensor:
    """(cases, K) Dice, NaN where a class is in neither mask; cases may differ in shape."""
    rows = [
        overlap(torch.from_numpy(p)[None], torch.from_numpy(r)[None], class_count).dice[0]
        for p, r in zip(predictions, references, strict=True)
    ]
    return torch.stack(rows)
