"""Where a run's pairs live and how batches are taken from them, for training and validation alike."""

from __future__ import annotations

import torch

from medseg_ml.training.data import TrainingData

# The whole dataset moves to the GPU when it takes at most this share of the free memory.
DATA_ON_GPU_SHARE = 0.25


def batch_bounds(count: int, batch_size: int) -> list[tuple[int, int]]:
    """[start, end) of each batch; a last batch of one sample joins the one before (BatchNorm needs 2)."""
    bounds = [(start, min(start + batch_size, count)) for start in range(0, count, batch_size)]
    if len(bounds) > 1 and bounds[-1][1] - bounds[-1][0] == 1:
        bounds[-2:] = [(bounds[-2][0], count)]
    return bounds


def place_data(data: TrainingData, device: torch.device) -> TrainingData:
    """Keep the data where batches are cheapest to take: on the GPU when it fits easily, else pinned RAM."""
    if device.type != "cuda":
        return data
    if data.on_disk:
        # Pinning would copy the whole dataset into RAM, which the budget kept it out of.
        return data
    free, _ = torch.cuda.mem_get_info(device)
    if data.nbytes <= free * DATA_ON_GPU_SHARE:
        return data.to(device)
    try:
        images, masks = data.images.pin_memory(), data.masks.pin_memory()
    except RuntimeError:
        return data  # the OS would not lock that much memory: copies are just slower
    return TrainingData(images, masks, data.pair_indices, data.unlisted_labels, data.backing)


def take_batch(
    data: TrainingData, rows: torch.Tensor, device: torch.device
) -> tuple[torch.Tensor, torch.Tensor]:
    """Images (B, C, S, S) float32 and masks (B, S, S) long on `device`."""
    rows = rows.to(data.images.device)
    images = data.images[rows].to(device, non_blocking=True)
    masks = data.masks[rows].to(device, non_blocking=True).long()
    if data.on_disk:
        data.release()
    return images, masks
