"""An epoch's validation: loss, Dice and IoU of the network on the held-out pairs, and how epochs rank."""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass

import torch
from torch import nn

from medseg_ml.job import Cancelled
from medseg_ml.metrics.overlap import OverlapTotals, overlap
from medseg_ml.preprocessing import class_indices
from medseg_ml.training.batches import batch_bounds, take_batch
from medseg_ml.training.data import TrainingData
from medseg_ml.training.optimization import LossFn


@dataclass(frozen=True)
class ValidationScores:
    """An epoch's validation; NaN where no validation image had a value (see metrics.overlap)."""

    loss: float
    dice: float
    iou: float
    dice_per_class: list[float]
    iou_per_class: list[float]


def validate(
    network: nn.Module,
    data: TrainingData,
    rows: torch.Tensor,
    batch_size: int,
    class_count: int,
    loss_fn: LossFn,
    device: torch.device,
    cancel: threading.Event,
) -> ValidationScores:
    """Loss, and Dice and IoU per image and class on argmax predictions at input_size, averaged over images.

    The rule is medseg_ml.metrics.overlap's: a class absent from both an image's mask and its prediction
    has no value there and is left out of the means (NaN for a class that never appears).
    """
    network.eval()
    amp = device.type == "cuda"
    totals = OverlapTotals(class_count, device)
    loss_sum = torch.zeros((), device=device)
    with torch.inference_mode():
        for start, end in batch_bounds(len(rows), batch_size):
            if cancel.is_set():
                raise Cancelled()
            images, masks = take_batch(data, rows[start:end], device)
            with torch.autocast(device.type, dtype=torch.float16, enabled=amp):
                logits = network(images)
            loss_sum += loss_fn(logits.float(), masks) * (end - start)
            totals.add(overlap(class_indices(logits), masks, class_count))
    return ValidationScores(
        loss=loss_sum.item() / max(len(rows), 1),
        dice=totals.mean("dice"),
        iou=totals.mean("iou"),
        dice_per_class=totals.per_class("dice"),
        iou_per_class=totals.per_class("iou"),
    )


def ranking(dice: float) -> float:
    """Dice for choosing the best epoch: an epoch without a defined Dice ranks below every one with one."""
    return dice if math.isfinite(dice) else -1.0
