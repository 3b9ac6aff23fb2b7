"""PNG (and anything Pillow reads the same way): 1/8/16-bit gray, gray+alpha, RGB, RGBA and palette."""

from __future__ import annotations

import io
import re
import warnings
from pathlib import Path

import numpy as np
from PIL import Image

from medseg_ml.io.budget import DEFAULT_MAX_PIXELS_PER_SLICE, PIXELS_SETTING, BudgetError, DecodeBudget
from medseg_ml.io.decoded import PNG, DecodedImage, DecodeError

_GRAY_MODES = frozenset({"1", "L", "I", "I;16", "I;16B", "I;16L", "I;16N", "F"})

# Pillow refuses images over twice this as it opens them; our own check (DecodeBudget) runs right
# after, at the request's limit, so Pillow's backstop follows the largest limit ever asked for.
Image.MAX_IMAGE_PIXELS = DEFAULT_MAX_PIXELS_PER_SLICE


def decode_png(path: Path | bytes, *, as_mask: bool, budget: DecodeBudget) -> DecodedImage:
    """Decode a PNG file (or its bytes).

    Args:
        as_mask: keep palette indices as labels instead of expanding them to colours.
        budget: limits checked from the header, before the pixels are decoded.

    Returns:
        pixels (1, C, H, W), C 1 or 3; alpha is dropped.

    Raises:
        DecodeError: not a readable PNG, or too large.
    """
    return DecodedImage(read_pillow(path, PNG, as_mask=as_mask, budget=budget), PNG)


def read_pillow(path: Path | bytes, expected: str, *, as_mask: bool, budget: DecodeBudget) -> np.ndarray:
    """Decode a file (or its bytes) of Pillow format `expected` (PNG or JPEG only) to (1, C, H, W)."""
    if isinstance(path, bytes):
        budget.check_size(len(path))
        source: Path | io.BytesIO = io.BytesIO(path)
    else:
        budget.check_file(path)
        source = path
    if Image.MAX_IMAGE_PIXELS is not None and Image.MAX_IMAGE_PIXELS < budget.max_pixels_per_slice:
        Image.MAX_IMAGE_PIXELS = budget.max_pixels_per_slice
    try:
        with warnings.catch_warnings():
            # Pillow warns between one and two times its limit; our check below decides.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(source, formats=[expected])
        with image:
            _check_budget(image, as_mask, budget)
            array = _to_array(image, as_mask)
    except DecodeError:
        raise
    except Image.DecompressionBombError as e:
        # Pillow's own backstop fired as it opened the header; its message holds the pixel count.
        found = re.search(r"\((\d+) pixels\)", str(e))
        pixels = f"{int(found.group(1))} pixels per slice" if found else "more pixels"
        raise BudgetError(
            f"Has {pixels} (its header says), over the limit of {budget.max_pixels_per_slice} "
            f"({PIXELS_SETTING}); downscale it or raise the limit"
        ) from None
    # Pillow raises OSError, SyntaxError, ValueError and others on damaged files.
    except Exception as e:
        raise DecodeError(f"Cannot be read as {expected} ({e}); export it again") from None
    if array.ndim == 2:
        array = array[:, :, None]
    return np.ascontiguousarray(array.transpose(2, 0, 1)[None])


def _check_budget(image: Image.Image, as_mask: bool, budget: DecodeBudget) -> None:
    mode = image.mode
    channels = 1 if mode in _GRAY_MODES or mode == "LA" or (mode in ("P", "PA") and as_mask) else 3
    item_bytes = 4 if mode in ("I", "F") else 2 if mode.startswith("I;16") else 1
    # RGBA and CMYK are read whole before their colour channels are taken.
    bands = max(channels, len(image.getbands()))
    budget.check_volume(
        width=image.width, height=image.height, slices=1, channels=bands, item_bytes=item_bytes
    )


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
