"""Dice and IoU per image and class: the one definition training validation, segment-pair and evaluation use.

The rule (nnU-Net, Metrics Reloaded): per image and class, from the counts of predicted, true and shared
pixels. A class absent from both the prediction and the truth has no Dice or IoU (NaN, null in JSON) and
is left out of every mean; it never counts as a perfect 1.0. A class in the truth that was not predicted,
or predicted where the truth has none, scores 0. An image's Dice is the mean over its foreground classes
with a value. Over a set of images, a class's Dice is its mean over the images where it has a value, and
the set's Dice is the mean of the images' Dice that have a value. docs/evaluation.md states it for users;
web/src/app/shared/overlap.ts is the same rule for the viewer's threshold.

Everything is tensor ops (three bincounts), so 100+ classes cost no Python loop and no GIL-held time.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import torch

OVERLAP_NOTE = (
    "Dice and IoU per image and class from predicted, true and shared pixel counts; a class absent from "
    "both prediction and truth has no value (null) and is left out of every mean, never counted as 1.0. "
    "An image's value is the mean over its foreground classes with a value; over images, a class's value "
    "is its mean over the images where it has one, and the overall value the mean of the images' values."
)


@dataclass(frozen=True)
class Overlap:
    """Attributes:
    dice: (B, K) float64, NaN where the class is absent from both prediction and truth.
    iou: (B, K) float64, NaN likewise.
    """

    dice: torch.Tensor
    iou: torch.Tensor


def overlap(predicted: torch.Tensor, truth: torch.Tensor, class_count: int) -> Overlap:
    """Dice and IoU of every class in every image of a batch.

    Args:
        predicted: (B, H, W) integer class indices in [0, class_count).
        truth: (B, H, W) integer class indices, same shape and device.
        class_count: K, background (class 0) included.

    Returns:
        Per image and class Dice and IoU, (B, K) on the inputs' device.
    """
    if predicted.shape != truth.shape:
        raise ValueError(f"prediction {tuple(predicted.shape)} and truth {tuple(truth.shape)} differ")
    images = predicted.shape[0]
    bins = images * class_count
    # Image b's class c lands in bin b * K + c, so one bincount counts every image and class at once.
    offset = (torch.arange(images, device=predicted.device) * class_count)[:, None]
    p = (predicted.reshape(images, -1).long() + offset).flatten()
    t = (truth.reshape(images, -1).long() + offset).flatten()
    shared = torch.bincount(t[p == t], minlength=bins)
    counted = overlap_of_counts(shared, torch.bincount(p, minlength=bins), torch.bincount(t, minlength=bins))
    return Overlap(counted.dice.reshape(images, class_count), counted.iou.reshape(images, class_count))


def overlap_of_counts(shared: torch.Tensor, predicted: torch.Tensor, truth: torch.Tensor) -> Overlap:
    """Dice and IoU from pixel counts: shared, predicted and true, any shape (the same for all three);
    NaN where neither prediction nor truth has a pixel. For callers that already hold the counts (the
    post-processing choice scores many ways of dropping components of one prediction)."""
    shared = shared.double()
    total = (predicted + truth).double()
    nan = torch.tensor(math.nan, dtype=torch.float64, device=shared.device)
    dice = torch.where(total > 0, 2 * shared / total.clamp(min=1), nan)
    iou = torch.where(total > 0, shared / (total - shared).clamp(min=1), nan)
    return Overlap(dice, iou)


def foreground_mean(values: torch.Tensor) -> torch.Tensor:
    """Mean over the foreground classes (index 1 on) that have a value: (..., K) -> (...), NaN where none."""
    return torch.nanmean(values[..., 1:], dim=-1)


def mean_defined(values: Sequence[float | None]) -> float | None:
    """The mean of the values that are defined (None and NaN left out); None when there are none."""
    defined = [v for v in values if v is not None and not math.isnan(v)]
    return math.fsum(defined) / len(defined) if defined else None


class OverlapTotals:
    """Running sums over batches of images, for the set's Dice and IoU (validation's epoch scores)."""

    def __init__(self, class_count: int, device: torch.device) -> None:
        zeros = torch.zeros(class_count, dtype=torch.float64, device=device)
        self._class_sum = {"dice": zeros.clone(), "iou": zeros.clone()}
        self._class_count = {"dice": zeros.clone(), "iou": zeros.clone()}
        scalar = torch.zeros(2, dtype=torch.float64, device=device)
        self._image_sum = {"dice": scalar.clone(), "iou": scalar.clone()}

    def add(self, batch: Overlap) -> None:
        for name, values in (("dice", batch.dice), ("iou", batch.iou)):
            defined = ~values.isnan()
            self._class_sum[name] += values.nan_to_num(0.0).sum(dim=0)
            self._class_count[name] += defined.sum(dim=0)
            image = foreground_mean(values)
            image_defined = ~image.isnan()
            self._image_sum[name] += torch.stack((image.nan_to_num(0.0).sum(), image_defined.sum()))

    def per_class(self, name: str) -> list[float]:
        """(K,) mean over the images where each class has a value; NaN for a class that never had one."""
        count = self._class_count[name]
        means = torch.where(count > 0, self._class_sum[name] / count.clamp(min=1), math.nan)
        return means.tolist()

    def mean(self, name: str) -> float:
        """The mean of the images' foreground Dice (or IoU) that have a value; NaN when no image has one."""
        total, count = self._image_sum[name].tolist()
        return total / count if count else math.nan
