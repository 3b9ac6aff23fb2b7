"""How an image and its mask are prepared for the network, and how its output becomes class indices.

One home for training, inference and evaluation: the model card records INPUT_NORMALIZATION (2D
slices) or VOLUME_INPUT_NORMALIZATION with its per-channel `intensity` (unet_3d), and inference must
prepare an image exactly as training did before the network sees it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F

LOW_PERCENTILE = 1.0
HIGH_PERCENTILE = 99.0
_COMMON: dict[str, Any] = {
    "range": [0.0, 1.0],
    "clip": True,
    "order": "normalize, then match channels (gray repeated to 3; RGB averaged to 1), then resize",
    "resize": "bilinear, align_corners=False, antialias=True",
    "mask_resize": "nearest-exact",
}
# What cards written before 8-bit images kept their scale record: every image stretched on its own.
PERCENTILE_NORMALIZATION: dict[str, Any] = {
    "method": "percentile",
    "scope": "per_image",
    "low_percentile": LOW_PERCENTILE,
    "high_percentile": HIGH_PERCENTILE,
    **_COMMON,
}
# What the model card records under "input_normalization"; inference reads it to prepare images alike.
# 8-bit images (PNG, JPG, 8-bit DICOM, volumes whose values fit a byte) share one scale across a dataset,
# so they are divided by 255 as nnU-Net does for such images (rgb_to_0_1): stretching each image on its
# own turned the noise of a near-empty slice (the top of a head, a blank frame) into texture the network
# took for foreground. Other types carry no common scale and keep their own 1st..99th percentile.
INPUT_NORMALIZATION: dict[str, Any] = {
    "method": "eight_bit_fixed",
    "scope": "8-bit images: fixed (x / 255); other types: per image",
    "eight_bit": "x / 255",
    "other": "the image's 1st..99th percentile mapped to [0, 1]",
    "low_percentile": LOW_PERCENTILE,
    "high_percentile": HIGH_PERCENTILE,
    **_COMMON,
}
SLICE_NORMALIZATIONS = {n["method"]: n for n in (INPUT_NORMALIZATION, PERCENTILE_NORMALIZATION)}


# unet_3d (nnU-Net's scheme): each channel normalized at the case's own spacing, then resampled.
VOLUME_INPUT_NORMALIZATION: dict[str, Any] = {
    "method": "per_channel_intensity",
    "scope": "per_channel",
    "ct": "clip to the dataset's foreground 0.5..99.5 percentiles, then (x - mean) / std of its foreground",
    "zscore": "(x - mean) / std over the whole case, per channel",
    "order": "normalize at the case's spacing, then resample to target_spacing",
    "resize": "trilinear, align_corners=False",
    "mask_resize": "nearest-exact",
}
MIN_STD = 1e-8


def normalize_intensity(image: np.ndarray, method: str = INPUT_NORMALIZATION["method"]) -> np.ndarray:
    """Bring a 2D image to [0, 1] as `method` (a SLICE_NORMALIZATIONS key) says.

    Args:
        image: (C, H, W), any numeric dtype; all channels share one range so colours keep their balance.
        method: "eight_bit_fixed" divides a uint8 image by 255 and treats any other like "percentile",
            which maps the image's 1st..99th percentile to [0, 1], clipping outliers (CT air, hot pixels).

    Returns:
        (C, H, W) float32 in [0, 1]; a flat image of another type than uint8 becomes zeros.
    """
    if method not in SLICE_NORMALIZATIONS:
        raise ValueError(
            f"unknown 2D normalization {method!r}; expected one of {sorted(SLICE_NORMALIZATIONS)}"
        )
    if method == "eight_bit_fixed" and image.dtype == np.uint8:
        return image.astype(np.float32) * np.float32(1 / 255)
    pixels = image.astype(np.float32, copy=False)
    low, high = np.percentile(pixels, [LOW_PERCENTILE, HIGH_PERCENTILE])
    if high <= low:
        # Mostly one value (a sparse image): fall back to the full range.
        low, high = float(pixels.min()), float(pixels.max())
    if high <= low:
        return np.zeros(pixels.shape, dtype=np.float32)
    return np.clip((pixels - low) / (high - low), 0.0, 1.0, dtype=np.float32)


def prepare_image(
    image: np.ndarray, channels: int, size: int, normalization: str = INPUT_NORMALIZATION["method"]
) -> torch.Tensor:
    """Normalize, match channels and resize one image as the network expects it.

    Args:
        image: (C, H, W), any numeric dtype (as stored in shards); C must be `channels`, or 1 and 3
            for each other.
        channels: the network's input channels.
        size: output height and width.
        normalization: the card's input_normalization method (normalize_intensity).

    Returns:
        (channels, size, size) float32.
    """
    x = match_channels(torch.from_numpy(normalize_intensity(image, normalization)), channels)
    if x.shape[-2:] != (size, size):
        x = F.interpolate(x[None], size=(size, size), mode="bilinear", align_corners=False, antialias=True)[0]
    return x.contiguous()


def match_channels(x: torch.Tensor, channels: int) -> torch.Tensor:
    """Gray repeated to 3, RGB averaged to 1, any other count must already be `channels`.

    Args:
        x: (C, ...) normalized.

    Raises:
        ValueError: C and `channels` differ and are not 1 and 3.
    """
    count = x.shape[0]
    if count == channels:
        return x
    if {count, channels} == {1, 3}:
        return x.expand(channels, *x.shape[1:]) if count == 1 else x.mean(dim=0, keepdim=True)
    raise ValueError(f"the image has {count} channels but the model takes {channels}")


def intensity_plan(
    channels: int, modalities: Sequence[str], intensities: Sequence[Any]
) -> list[dict[str, Any]]:
    """How each channel of a volume is normalized for unet_3d; the card records it as `intensity`.

    Args:
        modalities: per channel ("CT", "MR", "T1", ...); shorter lists leave the rest non-CT.
        intensities: the fingerprint's ChannelIntensity (foreground statistics) per channel.
    """
    stats = {int(i.channel): i for i in intensities}
    plan: list[dict[str, Any]] = []
    for c in range(channels):
        is_ct = c < len(modalities) and modalities[c].strip().upper() == "CT"
        if is_ct and c in stats:
            s = stats[c]
            plan.append(
                {
                    "channel": c,
                    "scheme": "ct",
                    "clip": [float(s.p005), float(s.p995)],
                    "mean": float(s.mean),
                    "std": max(float(s.std), MIN_STD),
                }
            )
        else:
            plan.append({"channel": c, "scheme": "zscore"})
    return plan


def normalize_volume(volume: np.ndarray, intensity: Sequence[Mapping[str, Any]]) -> np.ndarray:
    """Normalize each channel as `intensity` (intensity_plan's) says.

    Args:
        volume: (C, Z, H, W) any numeric dtype, C = len(intensity).

    Returns:
        (C, Z, H, W) float32.
    """
    if volume.shape[0] != len(intensity):
        raise ValueError(f"the volume has {volume.shape[0]} channels but the model takes {len(intensity)}")
    out = np.empty(volume.shape, dtype=np.float32)
    for c, rule in enumerate(intensity):
        x = volume[c].astype(np.float32, copy=False)
        if rule["scheme"] == "ct":
            low, high = rule["clip"]
            out[c] = (np.clip(x, low, high) - rule["mean"]) / rule["std"]
        else:
            mean = float(x.mean(dtype=np.float64))
            std = max(float(x.std(dtype=np.float64)), MIN_STD)
            out[c] = (x - mean) / std
    return out


def resampled_shape(
    shape: Sequence[int], spacing: Sequence[float], target: Sequence[float]
) -> tuple[int, int, int]:
    """(Z, H, W) of a volume of `shape` at `spacing` mm resampled to `target` mm (zeros: unchanged)."""
    if all(t == 0 for t in target):
        return (int(shape[0]), int(shape[1]), int(shape[2]))
    z, h, w = (max(1, round(n * s / t)) for n, s, t in zip(shape, spacing, target, strict=True))
    return (z, h, w)


def resample_image(x: torch.Tensor, shape: Sequence[int]) -> torch.Tensor:
    """(C, Z, H, W) float -> (C, *shape), trilinear."""
    if tuple(x.shape[1:]) == tuple(shape):
        return x
    return F.interpolate(x[None], size=tuple(shape), mode="trilinear", align_corners=False)[0]


def resample_classes(m: torch.Tensor, shape: Sequence[int]) -> torch.Tensor:
    """(Z, H, W) class indices -> (*shape) of the same dtype, nearest-exact."""
    if tuple(m.shape) == tuple(shape):
        return m
    return F.interpolate(m[None, None].float(), size=tuple(shape), mode="nearest-exact")[0, 0].to(m.dtype)


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
