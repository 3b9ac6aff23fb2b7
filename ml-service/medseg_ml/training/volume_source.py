"""unet_3d's epochs: foreground-oversampled patches of the training volumes, and validation of whole
held-out volumes by the sliding window inference uses (inference/sliding_window.py)."""

from __future__ import annotations

import math
import threading
from collections.abc import Iterator, Sequence

import numpy as np
import torch
from torch import nn

from medseg_ml.inference.sliding_window import window_logits
from medseg_ml.job import Cancelled
from medseg_ml.metrics.overlap import OverlapTotals, overlap
from medseg_ml.preprocessing import class_indices
from medseg_ml.training.augmenters import Augmenter
from medseg_ml.training.optimization import LossFn
from medseg_ml.training.patches import PatchSampler
from medseg_ml.training.validation import ValidationScores
from medseg_ml.training.volume_cache import CachedCase

# An epoch draws this many patches per training volume (nnU-Net fixes 250 batches instead, which
# suits a GPU, not a CPU).
PATCHES_PER_CASE = 4


class VolumeSource:
    """Batches of patches from `train`, validation on `val` (prepared cases of the volume cache)."""

    def __init__(
        self,
        train: Sequence[CachedCase],
        val: Sequence[CachedCase],
        patch_size: Sequence[int],
        batch_size: int,
        oversampling: float,
    ) -> None:
        self.sampler = PatchSampler(train, patch_size, oversampling)
        self.val = list(val)
        self.patch_size = tuple(patch_size)
        self._cases = len(train)
        self.set_batch_size(batch_size)

    @property
    def step_count(self) -> int:
        return self._steps

    @property
    def batch_size(self) -> int:
        return self._batch_size

    def set_batch_size(self, batch_size: int) -> None:
        self._batch_size = batch_size
        self._steps = max(1, math.ceil(self._cases * PATCHES_PER_CASE / batch_size))

    def place(self, device: torch.device) -> None:
        """Patches are read from disk batch by batch: nothing to move."""

    def batches(
        self, generator: torch.Generator, device: torch.device, augmenter: Augmenter | None
    ) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
        for _ in range(self._steps):
            images, masks = self.sampler.batch(self._batch_size, generator)
            images, masks = images.to(device), masks.to(device)
            if augmenter is not None:
                images, masks = augmenter(images, masks, generator)
            yield images, masks

    def validate(
        self,
        network: nn.Module,
        class_count: int,
        loss_fn: LossFn,
        device: torch.device,
        cancel: threading.Event,
    ) -> ValidationScores:
        """Loss, Dice and IoU per held-out volume at the training spacing, by metrics.overlap's rule."""
        network.eval()
        totals = OverlapTotals(class_count, device)
        loss_sum = 0.0
        with torch.inference_mode():
            for case in self.val:
                if cancel.is_set():
                    raise Cancelled()
                x = torch.from_numpy(np.array(case.image))
                truth = torch.from_numpy(np.array(case.mask)).long().to(device)
                case.release()
                logits = window_logits(network, x, self.patch_size, device)
                loss_sum += float(loss_fn(logits[None], truth[None]))
                totals.add(overlap(class_indices(logits[None]), truth[None], class_count))
        return ValidationScores(
            loss=loss_sum / max(len(self.val), 1),
            dice=totals.mean("dice"),
            iou=totals.mean("iou"),
            dice_per_class=totals.per_class("dice"),
            iou_per_class=totals.per_class("iou"),
        )
