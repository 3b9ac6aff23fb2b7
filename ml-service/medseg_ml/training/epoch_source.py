"""Where the training loop gets an epoch's batches and its validation from: one loop (loop.py) for the
2D slice networks (SliceSource, here) and for unet_3d's patches (volume_source.VolumeSource)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Protocol

import torch
from torch import nn

from medseg_ml.training.augmenters import Augmenter
from medseg_ml.training.batches import batch_bounds, place_data, take_batch
from medseg_ml.training.data import TrainingData
from medseg_ml.training.foreground_rows import ForegroundRows, forced_positions
from medseg_ml.training.optimization import LossFn
from medseg_ml.training.validation import ValidationScores, validate


class EpochSource(Protocol):
    @property
    def step_count(self) -> int:
        """Batches per epoch."""
        ...

    @property
    def batch_size(self) -> int: ...

    def set_batch_size(self, batch_size: int) -> None:
        """Take batches of this size from now on (after running out of memory)."""

    def place(self, device: torch.device) -> None:
        """Move what batches are taken from to where they are cheapest to take for `device`."""

    def batches(
        self, generator: torch.Generator, device: torch.device, augmenter: Augmenter | None
    ) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
        """step_count (images, masks) batches on `device`, masks long; random draws from `generator`."""
        ...

    def validate(
        self,
        network: nn.Module,
        class_count: int,
        loss_fn: LossFn,
        device: torch.device,
        cancel: threading.Event,
    ) -> ValidationScores: ...


class SliceSource:
    """2D pairs prepared at input_size: shuffled rows in batches, validated on the held-out rows.

    Args:
        train_rows, val_rows: (T,) and (V,) long row numbers into `data`.
        foreground_oversampling: nnU-Net's share of each batch forced to hold foreground
            (foreground_rows.py); 0 = the plain shuffle. The masks are indexed here, once.
    """

    def __init__(
        self,
        data: TrainingData,
        train_rows: torch.Tensor,
        val_rows: torch.Tensor,
        batch_size: int,
        foreground_oversampling: float = 0.0,
    ) -> None:
        self.data = data
        self.train_rows = train_rows
        self.val_rows = val_rows
        self.foreground_oversampling = foreground_oversampling
        self._foreground = ForegroundRows.index(data, train_rows) if foreground_oversampling > 0 else None
        self.set_batch_size(batch_size)

    @property
    def step_count(self) -> int:
        return len(self.bounds)

    @property
    def batch_size(self) -> int:
        return self._batch_size

    def set_batch_size(self, batch_size: int) -> None:
        self._batch_size = batch_size
        self.bounds = batch_bounds(len(self.train_rows), batch_size)

    def place(self, device: torch.device) -> None:
        self.data = place_data(self.data, device)

    def batches(
        self, generator: torch.Generator, device: torch.device, augmenter: Augmenter | None
    ) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
        order = self.train_rows[torch.randperm(len(self.train_rows), generator=generator)]
        if self._foreground is not None and not self._foreground.empty:
            forced = forced_positions(self.bounds, self.foreground_oversampling)
            order[forced] = self._foreground.draw(len(forced), generator)
        for start, end in self.bounds:
            images, masks = take_batch(self.data, order[start:end], device)
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
        return validate(
            network, self.data, self.val_rows, self.batch_size, class_count, loss_fn, device, cancel
        )
