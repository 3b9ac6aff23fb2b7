"""A whole volume through a model: the one home every volume path (SegmentVolume, evaluation, batch) uses.

A 2D model sees the volume's slices, batched, each prepared exactly as training prepared a slice, so its
prediction is the stack of its slice predictions on the volume's grid, each slice post-processed on its
own (a 2D model's post-processing was chosen per validation slice). A 3D model is run by sliding window
(inference/sliding_window.py), which resamples to the spacing it was trained at and back, and is
post-processed on the whole volume.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch
from torch import nn

from medseg_ml.inference.card import ModelCard
from medseg_ml.inference.segment import check_channels, segment_batch

# Slices per forward pass of a 2D model: enough to keep the device busy, few enough that a 512 x 512 batch
# of activations stays in the hundreds of MB.
SLICE_BATCH = 16

Progress = Callable[[int, int], None]


def predict_volume(
    network: nn.Module,
    card: ModelCard,
    volume: np.ndarray,
    spacing: tuple[float, float, float],
    device: torch.device,
    progress: Progress | None = None,
    slice_batch: int = SLICE_BATCH,
) -> np.ndarray:
    """Class indices of a display-ordered volume.

    Args:
        network: in eval mode on `device`.
        volume: (C, Z, H, W) dataset-normalized pixels (a 2D image is Z = 1).
        spacing: mm per (slice, row, column); a 2D model ignores it.
        progress: called with (done, total) slices or patches as the work goes.

    Returns:
        (Z, H, W) int64 class indices, post-processed as the card says.
    """
    if volume.ndim != 4:
        raise ValueError(f"a volume is (C, Z, H, W), got shape {volume.shape}")
    if getattr(card, "spatial_dims", 2) == 3:
        from medseg_ml.inference.sliding_window import predict_3d

        return predict_3d(network, card, volume, spacing, device, progress)
    return _predict_slices(network, card, volume, device, progress, slice_batch)


def _predict_slices(
    network: nn.Module,
    card: ModelCard,
    volume: np.ndarray,
    device: torch.device,
    progress: Progress | None,
    slice_batch: int,
) -> np.ndarray:
    depth = volume.shape[1]
    check_channels(volume[:, 0], card.channels)
    out = np.empty((depth, *volume.shape[2:]), dtype=np.int64)
    for start in range(0, depth, slice_batch):
        stop = min(start + slice_batch, depth)
        slices = [volume[:, z] for z in range(start, stop)]
        for z, mask in zip(range(start, stop), segment_batch(network, slices, card, device), strict=True):
            out[z] = mask
        if progress is not None:
            progress(stop, depth)
    return out
