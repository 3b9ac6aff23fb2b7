"""A unet_3d over a whole volume: resampled to the card's spacing, normalized as training did, MONAI's
Gaussian-weighted sliding window with half-patch overlap, argmax, back to the volume's own grid, and the
card's post-processing on the whole volume (predict_3d; sessions call prepared_classes_3d, without it).

Training validates through `window_logits` too (on volumes it already prepared), so a model's
validation Dice and its later whole-volume predictions come from the same stitching.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np
import torch
from torch import nn

from medseg_ml.inference.card import ModelCard
from medseg_ml.inference.segment import InputError, check_channels
from medseg_ml.preprocessing import (
    class_indices,
    normalize_volume,
    resample_classes,
    resample_image,
    resampled_shape,
)

OVERLAP = 0.5
# Windows per forward pass: enough to keep a GPU busy; on a CPU more only costs memory.
SW_BATCH_CUDA = 4
SW_BATCH_CPU = 2

Progress = Callable[[int, int], None]


def predict_3d(
    network: nn.Module,
    card: ModelCard,
    volume: np.ndarray,
    spacing: Sequence[float],
    device: torch.device,
    progress: Progress | None = None,
) -> np.ndarray:
    """Class indices of a display-ordered volume by a 3D model.

    Args:
        network: in eval mode on `device`, spatial_dims 3.
        volume: (C, Z, H, W) dataset-normalized pixels, C = card.channels.
        spacing: mm per (slice, row, column) of `volume`.
        progress: called with (windows done, windows total) after each batch of windows.

    Returns:
        (Z, H, W) int64 class indices on the volume's own grid, post-processed as the card says.

    Raises:
        InputError: the volume's channel count is not the model's.
    """
    x = prepare_3d(card, volume, spacing)
    classes = prepared_classes_3d(network, card, x, volume.shape[1:], device, progress)
    # The sizes were counted at the training spacing, where x is.
    return card.postprocessing.apply(classes, classes.size / math.prod(x.shape[1:]))


def prepared_classes_3d(
    network: nn.Module,
    card: ModelCard,
    x: torch.Tensor,
    shape: Sequence[int],
    device: torch.device,
    progress: Progress | None = None,
    guidance: torch.Tensor | None = None,
) -> np.ndarray:
    """Class indices (Z, H, W) on the volume's own grid of `shape`, from its prepared volume (prepare_3d)
    and, for a guided network, the guidance maps (G, *x.shape[1:]) on the prepared grid."""
    with torch.inference_mode():
        logits = window_logits(network, x, card.patch_size, device, progress, guidance)
        classes = class_indices(logits[None])[0].cpu()
    return resample_classes(classes, tuple(shape)).numpy().astype(np.int64)


def prepare_3d(card: ModelCard, volume: np.ndarray, spacing: Sequence[float]) -> torch.Tensor:
    """A display-ordered (C, Z, H, W) volume as the 3D model was trained on it: normalized, resampled.

    Raises:
        InputError: the volume's channel count is not the model's.
    """
    check_channels(volume, card.channels)
    if volume.shape[0] != card.channels:
        raise InputError(f"The volume has {volume.shape[0]} channels but the 3D model takes {card.channels}")
    x = torch.from_numpy(normalize_volume(volume, card.intensity))
    return resample_image(x, resampled_shape(volume.shape[1:], spacing, card.target_spacing))


def window_logits(
    network: nn.Module,
    x: torch.Tensor,
    patch_size: Sequence[int],
    device: torch.device,
    progress: Progress | None = None,
    guidance: torch.Tensor | None = None,
) -> torch.Tensor:
    """Stitched logits of a prepared volume.

    Args:
        x: (C, Z, H, W) float32, normalized and at the training spacing (any size: smaller than the
            patch is padded by MONAI).
        guidance: (G, Z, H, W) guidance maps of a guided network on the same grid, else None. They ride
            through MONAI's windowing as extra channels of the input, so every window's maps are cut
            exactly as its image is, and are split off again before the network sees them.

    Returns:
        (K, Z, H, W) float32 logits on `device`.
    """
    roi = tuple(int(p) for p in patch_size)
    total = window_count(tuple(x.shape[1:]), roi)
    done = 0
    amp = device.type == "cuda"
    image_channels = x.shape[0]
    inputs = x if guidance is None else torch.cat([x, guidance.to(x.dtype)])

    def predictor(windows: torch.Tensor) -> torch.Tensor:
        nonlocal done
        with torch.autocast(device.type, dtype=torch.float16, enabled=amp):
            if guidance is None:
                out = network(windows)
            else:
                out = network(windows[:, :image_channels], windows[:, image_channels:])
        done += windows.shape[0]
        if progress is not None:
            progress(min(done, total), total)
        return out.float()

    # MONAI is imported on first use: it takes seconds, and the ml-service's start-up should not wait.
    from monai.inferers import sliding_window_inference

    logits = sliding_window_inference(
        inputs[None].to(device),
        roi_size=roi,
        sw_batch_size=SW_BATCH_CUDA if amp else SW_BATCH_CPU,
        predictor=predictor,
        overlap=OVERLAP,
        mode="gaussian",
    )
    assert isinstance(logits, torch.Tensor)
    return logits[0]


def window_count(shape: Sequence[int], roi: Sequence[int], overlap: float = OVERLAP) -> int:
    """How many windows MONAI's sliding_window_inference runs over `shape` (padded up to `roi`)."""
    from monai.data.utils import dense_patch_slices

    padded = [max(s, r) for s, r in zip(shape, roi, strict=True)]
    interval = [r if r == s else max(int(r * (1 - overlap)), 1) for s, r in zip(padded, roi, strict=True)]
    return max(1, len(dense_patch_slices(padded, roi, interval)))
