"""Decoded pixels to the arrays the trainer reads: compact image dtypes and integer label masks."""

from __future__ import annotations

import numpy as np

from medseg_ml.io.decoded import DecodedImage, DecodeError

# A lossy (JPEG) mask of small labels with more distinct values than this is blurred beyond repair.
MAX_LOSSY_LABELS = 8

_IMAGE_DTYPES = (np.uint8, np.uint16, np.int16)
_MASK_DTYPES = (np.uint8, np.uint16, np.int16, np.int32, np.int64)


def normalize_image(pixels: np.ndarray) -> np.ndarray:
    """Make image pixels compact: RGB with equal channels becomes gray; values keep their meaning.

    Args:
        pixels: (S, C, H, W), C 1 or 3, any numeric dtype.

    Returns:
        (S, C', H, W) as uint8, uint16 or int16 when the values are integers that fit, else float32.

    Raises:
        DecodeError: the image has no pixels.
    """
    if pixels.size == 0:
        raise DecodeError("Has no pixels")
    if pixels.shape[1] == 3 and _channels_equal(pixels):
        pixels = pixels[:, :1]
    if pixels.dtype.kind == "f":
        pixels = np.nan_to_num(pixels, nan=0.0, posinf=0.0, neginf=0.0)
        if not np.all(pixels == np.round(pixels)):
            return np.ascontiguousarray(pixels, dtype=np.float32)
    return _smallest(pixels, _IMAGE_DTYPES, fallback=np.float32)


def normalize_mask(decoded: DecodedImage) -> tuple[np.ndarray, str | None]:
    """Read a mask as integer labels, 0 = background.

    A 0/255 mask reads as 0/1. A lossy (JPEG) mask whose values are not clean 0/1 or 0/255 is
    binarized at 128 when it reaches 128 (a blurred 0/255 mask); one with small blurred values is refused
    when it has more than MAX_LOSSY_LABELS of them.

    Args:
        decoded: the mask file, pixels (S, C, H, W).

    Returns:
        Labels (S, H, W) in the smallest integer dtype that holds them, and a warning when the values
        were adjusted beyond the 0/255 rule, else None.

    Raises:
        DecodeError: colour mask, non-integer values, or no pixels.
    """
    pixels = decoded.pixels
    if pixels.size == 0:
        raise DecodeError("Has no pixels")
    if pixels.shape[1] == 3:
        if not _channels_equal(pixels):
            raise DecodeError(
                "Is a colour image (its RGB channels differ); save masks as single-channel label images "
                "(0 = background, 1, 2, ... = classes)"
            )
    labels = pixels[:, 0]
    if labels.dtype.kind == "f":
        bad = ~np.isfinite(labels) | (labels != np.round(labels))
        if bad.any():
            example = labels[bad].flat[0]
            raise DecodeError(
                f"Holds non-integer values such as {example:g}; masks need integer labels "
                "(0 = background, 1, 2, ... = classes)"
            )
        labels = labels.astype(np.int64)
    elif labels.dtype == bool:
        labels = labels.astype(np.uint8)
    values = label_values(labels)
    warning = None
    clean = set(values) <= {0, 1} or set(values) <= {0, 255}
    if decoded.lossy and not clean:
        if values[-1] < 128:
            if len(values) > MAX_LOSSY_LABELS:
                raise DecodeError(
                    f"Is lossy ({decoded.format}) and its labels are blurred into {len(values)} values; "
                    "save masks as PNG to keep exact labels"
                )
        else:
            labels = (labels >= 128).astype(np.uint8)
            warning = (
                f"Is lossy ({decoded.format}) with {len(values)} distinct values, so it was binarized at "
                "128 into 0/1; save masks as PNG to keep exact labels"
            )
    elif values and set(values) <= {0, 255} and 255 in values:
        labels = (labels == 255).astype(np.uint8)
    return _smallest(labels, _MASK_DTYPES, fallback=np.int64), warning


def label_values(labels: np.ndarray) -> list[int]:
    """Distinct values of an integer array, ascending."""
    if labels.size == 0:
        return []
    if labels.dtype.kind in "ui" and labels.dtype.itemsize <= 2:
        # bincount beats np.unique's sort by far on large volumes of small integers.
        low = int(labels.min())
        counts = np.bincount((labels.astype(np.int32) - low).ravel())
        return [int(v) + low for v in np.flatnonzero(counts)]
    return [int(v) for v in np.unique(labels)]


def _channels_equal(pixels: np.ndarray) -> bool:
    return bool(np.array_equal(pixels[:, 0], pixels[:, 1]) and np.array_equal(pixels[:, 1], pixels[:, 2]))


def _smallest(array: np.ndarray, dtypes: tuple[type, ...], fallback: type) -> np.ndarray:
    low, high = array.min(), array.max()
    for dtype in dtypes:
        info = np.iinfo(dtype)
        if info.min <= low and high <= info.max:
            return np.ascontiguousarray(array, dtype=dtype)
    return np.ascontiguousarray(array, dtype=fallback)
