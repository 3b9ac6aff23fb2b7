"""Thumbnails and previews: the image windowed to 8 bits with its mask drawn over it in colour."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image

THUMBNAIL_SIDE = 160
PREVIEW_SIDE = 512
OVERLAY_ALPHA = 0.45

# One colour per label value, fixed so a class looks the same in every preview of a dataset.
PALETTE = np.array(
    [
        (230, 25, 75),
        (60, 180, 75),
        (0, 130, 200),
        (255, 225, 25),
        (245, 130, 48),
        (145, 30, 180),
        (70, 240, 240),
        (240, 50, 230),
        (210, 245, 60),
        (250, 190, 212),
        (0, 128, 128),
        (170, 110, 40),
    ],
    dtype=np.float32,
)

# Percentiles of a large volume are as good from a million samples as from all of them.
_WINDOW_SAMPLES = 1_000_000


def window_bounds(image: np.ndarray) -> tuple[float, float]:
    """Display window for an image or a whole volume, so all its slices share one brightness.

    Args:
        image: (..., H, W) in any dtype.

    Returns:
        (low, high): 0..255 for 8-bit data, else the 1st and 99th percentiles (min and max if equal).
    """
    if image.dtype == np.uint8:
        return 0.0, 255.0
    flat = image.ravel()
    sample = flat[:: max(1, flat.size // _WINDOW_SAMPLES)].astype(np.float64)
    low, high = np.percentile(sample, [1, 99])
    if high <= low:
        low, high = float(sample.min()), float(sample.max())
    return float(low), float(high)


def to_rgb8(image: np.ndarray, window: tuple[float, float]) -> np.ndarray:
    """Window an image slice to 8-bit RGB.

    Args:
        image: (C, H, W), C 1 or 3.
        window: (low, high) from `window_bounds`.

    Returns:
        (H, W, 3) uint8.
    """
    low, high = window
    if image.dtype == np.uint8:
        scaled = image
    elif high <= low:
        scaled = np.zeros(image.shape, dtype=np.uint8)
    else:
        scaled = np.clip((image.astype(np.float32) - low) * (255.0 / (high - low)), 0, 255).astype(np.uint8)
    rgb = np.repeat(scaled, 3, axis=0) if scaled.shape[0] == 1 else scaled
    return np.ascontiguousarray(rgb.transpose(1, 2, 0))


def render_overlay(rgb: np.ndarray, mask: np.ndarray, longest_side: int) -> bytes:
    """PNG of `rgb` shrunk to `longest_side` (never enlarged), mask filled at OVERLAY_ALPHA and outlined.

    Args:
        rgb: (H, W, 3) uint8.
        mask: (H, W) integer labels, 0 = background.
        longest_side: most pixels along the longer side of the result.

    Returns:
        PNG bytes.
    """
    height, width = mask.shape
    scale = min(1.0, longest_side / max(height, width))
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    if scale < 1.0:
        base = np.asarray(Image.fromarray(rgb).resize(size, Image.Resampling.BILINEAR), dtype=np.float32)
        rows = (np.arange(size[1]) * height // size[1]).clip(0, height - 1)
        cols = (np.arange(size[0]) * width // size[0]).clip(0, width - 1)
        mask = mask[rows][:, cols]
    else:
        base = rgb.astype(np.float32)
    colours = _colours(mask)
    labelled = mask != 0
    out = base.copy()
    out[labelled] = base[labelled] * (1 - OVERLAY_ALPHA) + colours[labelled] * OVERLAY_ALPHA
    edge = _contour(mask)
    out[edge] = colours[edge]
    buffer = io.BytesIO()
    Image.fromarray(out.astype(np.uint8)).save(buffer, format="PNG")
    return buffer.getvalue()


def _colours(mask: np.ndarray) -> np.ndarray:
    """(H, W, 3) float32 colour of each pixel's label."""
    colours = np.zeros((*mask.shape, 3), dtype=np.float32)
    for value in np.unique(mask):
        if value != 0:
            colours[mask == value] = PALETTE[(abs(int(value)) - 1) % len(PALETTE)]
    return colours


def _contour(mask: np.ndarray) -> np.ndarray:
    """(H, W) bool: labelled pixels with a 4-neighbour of another label."""
    edge = np.zeros(mask.shape, dtype=bool)
    vertical = mask[1:, :] != mask[:-1, :]
    horizontal = mask[:, 1:] != mask[:, :-1]
    edge[1:, :] |= vertical
    edge[:-1, :] |= vertical
    edge[:, 1:] |= horizontal
    edge[:, :-1] |= horizontal
    return edge & (mask != 0)
