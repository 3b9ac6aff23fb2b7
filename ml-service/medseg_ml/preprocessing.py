"""How an image and its mask are prepared for the network, and how its output becomes class indices.

One home for training, inference and evaluation: the model card records INPUT_NORMALIZATION, and
inference must prepare an image exactly as training did before the network sees it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F

LOW_PERCENTILE = 1.0
HIGH_PERCENTILE = 99.0
# What the model card records under "input_normalization"; inference reads it to prepare images alike.
INPUT_NORMALIZATION: dict[str, Any] = {
    "method": "percentile",
    "scope": "per_image",
    "low_percentile": LOW_PERCENTILE,
    "high_percentile": HIGH_PERCENTILE,
    "range": [0.0, 1.0],
    "clip": True,
    "order": "normalize, then match channels (gray repeated to 3; RGB averaged to 1), then resize",
    "resize": "bilinear, align_corners=False, antialias=True",
    "mask_resize": "nearest-exact",
}


def normalize_intensity(image: np.ndarray) -> np.ndarray:
    """Map the image's 1st..99th percentile to [0, 1], clipping outliers (CT air, hot pixels).

    Args:
        image: (C, H, W), any numeric dtype; all channels share one range so colours keep their balance.

    Returns:
        (C, H, W) float32 in [0, 1]; a flat image becomes zeros.
    """
    pixels = image.astype(np.float32, copy=False)
    low, high = np.percentile(pixels, [LOW_PERCENTILE, HIGH_PERCENTILE])
    if high <= low:
        # Mostly one value (a sparse image): fall back to the full range.
        low, high = float(pixels.min()), float(pixels.max())
    if high <= low:
        return np.zeros(pixels.shape, dtype=np.float32)
    return np.clip((pixels - low) / (high - low), 0.0, 1.0, dtype=np.float32)


def prepare_image(image: np.ndarray, channels: int, size: int) -> torch.Tensor:
    """Normalize, match channels and resize one image as the network expects it.

    Args:
        image: (C, H, W), C 1 or 3, any numeric dtype (as stored in shards).
        channels: the network's input channels, 1 or 3.
        size: output height and width.

    Returns:
        (channels, size, size) float32.
    """
    x = torch.from_numpy(normalize_intensity(image))
    if x.shape[0] != channels:
        x = x.expand(channels, -1, -1) if x.shape[0] == 1 else x.mean(dim=0, keepdim=True)
    if x.shape[-2:] != (size, size):
        x = F.interpolate(x[None], size=(size, size), mode="bilinear", align_corners=False, antialias=True)[0]
    return x.contiguous()


def class_indices(probabilities: torch.Tensor) -> torch.Tensor:
    """Argmax over classes: (B, K, H, W) -> (B, H, W); ties go to the lower class, as argmax does.

    torch.max along dim 1 gives the same indices as torch.argmax but, on CPU, is ~20x faster for
    few classes (argmax takes a slow strided-reduction path there: 4 ms for one 217x181 image).
    """
    return probabilities.max(dim=1).indices


def prepare_mask(mask: np.ndarray, label_values: Sequence[int], size: int) -> tuple[torch.Tensor, set[int]]:
    """Turn label values into class indices and resize with nearest neighbours.

    Args:
        mask: (H, W) original label values.
        label_values: class i stands for label_values[i].

    Returns:
        (size, size) class indices (uint8, or int16 past 255 classes) and the mask values not in
        label_values, which became background.
    """
    classes, unlisted = mask_classes(mask, label_values)
    dtype = torch.uint8 if len(label_values) <= 256 else torch.int16
    m = torch.from_numpy(classes)
    if m.shape != (size, size):
        m = F.interpolate(m[None, None].float(), size=(size, size), mode="nearest-exact")[0, 0]
    return m.to(dtype), unlisted


def mask_classes(mask: np.ndarray, label_values: Sequence[int]) -> tuple[np.ndarray, set[int]]:
    """Turn label values into class indices at the mask's own size.

    Args:
        mask: (H, W) original label values.
        label_values: class i stands for label_values[i].

    Returns:
        (H, W) int64 class indices, and the mask values not in label_values, which became background.
    """
    values = np.asarray(label_values, dtype=np.int64)
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    flat = mask.astype(np.int64, copy=False)
    at = np.clip(np.searchsorted(ordered, flat), 0, len(ordered) - 1)
    known = ordered[at] == flat
    classes = np.where(known, order[at], 0)
    unlisted = {int(v) for v in np.unique(flat[~known])} if not known.all() else set()
    return classes, unlisted
