"""Cheap on-the-fly augmentation of a batch on its device: flips, 90-degree turns, intensity jitter (2D);
flips along each axis (3D patches, whose sides need not be equal)."""

from __future__ import annotations

import torch

# Intensity jitter: x * (1 + U(-SCALE, SCALE)) + U(-SHIFT, SHIFT), on inputs normalized to [0, 1].
SCALE_JITTER = 0.1
SHIFT_JITTER = 0.1


def augment(
    images: torch.Tensor, masks: torch.Tensor, generator: torch.Generator
) -> tuple[torch.Tensor, torch.Tensor]:
    """Augment each sample of a batch independently; images and masks move together.

    Args:
        images: (B, C, S, S) float, square so every turn keeps the shape.
        masks: (B, S, S) class indices.
        generator: a CPU generator; the same seed gives the same augmentations.

    Returns:
        New (B, C, S, S) images and (B, S, S) masks.
    """
    b = images.shape[0]
    device = images.device
    draws = torch.rand((b, 4), generator=generator)
    turns = torch.randint(0, 4, (b,), generator=generator)
    flip_h = (draws[:, 0] < 0.5).to(device)
    flip_v = (draws[:, 1] < 0.5).to(device)
    images = torch.where(flip_h[:, None, None, None], images.flip(-1), images)
    masks = torch.where(flip_h[:, None, None], masks.flip(-1), masks)
    images = torch.where(flip_v[:, None, None, None], images.flip(-2), images)
    masks = torch.where(flip_v[:, None, None], masks.flip(-2), masks)
    for k in (1, 2, 3):
        chosen = (turns == k).nonzero().flatten().to(device)
        if len(chosen):
            images[chosen] = torch.rot90(images[chosen], k, dims=(-2, -1))
            masks[chosen] = torch.rot90(masks[chosen], k, dims=(-2, -1))
    scale = 1 + (draws[:, 2] * 2 - 1) * SCALE_JITTER
    shift = (draws[:, 3] * 2 - 1) * SHIFT_JITTER
    images = (
        images * scale.to(device, images.dtype)[:, None, None, None]
        + shift.to(device, images.dtype)[:, None, None, None]
    )
    return images, masks


def flip_3d(
    images: torch.Tensor, masks: torch.Tensor, generator: torch.Generator
) -> tuple[torch.Tensor, torch.Tensor]:
    """Flip each patch of a batch along each of its three axes with probability 1/2.

    Args:
        images: (B, C, Z, H, W) float.
        masks: (B, Z, H, W) class indices.
        generator: a CPU generator; the same seed gives the same flips.
    """
    flips = (torch.rand((images.shape[0], 3), generator=generator) < 0.5).to(images.device)
    for axis in range(3):
        chosen = flips[:, axis]
        images = torch.where(chosen[:, None, None, None, None], images.flip(axis + 2), images)
        masks = torch.where(chosen[:, None, None, None], masks.flip(axis + 1), masks)
    return images, masks
