"""PNG (and anything Pillow reads the same way): 1/8/16-bit gray, gray+alpha, RGB, RGBA and palette."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

from medseg_ml.io.decoded import PNG, DecodedImage, DecodeError, check_pixels

_GRAY_MODES = frozenset({"1", "L", "I", "I;16", "I;16B", "I;16L", "I;16N", "F"})


def decode_png(path: Path, *, as_mask: bool, max_pixels: int) -> DecodedImage:
    """Decode a PNG file.

    Args:
        as_mask: keep palette indices as labels instead of expanding them to colours.
        max_pixels: most width * height accepted.

    Returns:
        pixels (1, C, H, W), C 1 or 3; alpha is dropped.

    Raises:
        DecodeError: not a readable PNG, or too large.
    """
    return DecodedImage(read_pillow(path, PNG, as_mask=as_mask, max_pixels=max_pixels), PNG)


def read_pillow(path: Path, expected: str, *, as_mask: bool, max_pixels: int) -> np.ndarray:
    """Decode any Pillow-readable file to (1, C, H, W)."""
    try:
        with Image.open(path) as image:
            check_pixels(image.width, image.height, max_pixels)
            array = _to_array(image, as_mask)
    except DecodeError:
        raise
    except Image.DecompressionBombError:
        raise DecodeError("Is too large to decode safely; downscale it") from None
    # Pillow raises OSError, SyntaxError, ValueError and others on damaged files.
    except Exception as e:
        raise DecodeError(f"Cannot be read as {expected} ({e}); export it again") from None
    if array.ndim == 2:
        array = array[:, :, None]
    return np.ascontiguousarray(array.transpose(2, 0, 1)[None])


def _to_array(image: Image.Image, as_mask: bool) -> np.ndarray:
    """(H, W) or (H, W, 3) array of `image` in its own dtype."""
    mode = image.mode
    if mode in _GRAY_MODES:
        array = np.asarray(image)
        return array.astype(np.uint8) if array.dtype == bool else array
    if mode in ("P", "PA") and as_mask:
        return np.asarray(image.convert("P") if mode == "PA" else image)
    if mode == "LA":
        return np.asarray(image)[:, :, 0]
    if mode == "RGBA":
        return np.asarray(image)[:, :, :3]
    if mode == "RGB":
        return np.asarray(image)
    return np.asarray(image.convert("RGB"))
