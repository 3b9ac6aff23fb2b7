"""JPEG: gray, RGB, CMYK or YCbCr, read through Pillow."""

from __future__ import annotations

from pathlib import Path

from medseg_ml.io.budget import DecodeBudget
from medseg_ml.io.decoded import JPEG, DecodedImage
from medseg_ml.io.png import read_pillow


def decode_jpeg(path: Path | bytes, *, as_mask: bool, budget: DecodeBudget) -> DecodedImage:
    """Decode a JPEG file to pixels (1, C, H, W), C 1 or 3; marked lossy.

    Raises:
        DecodeError: not a readable JPEG, or too large.
    """
    pixels = read_pillow(path, JPEG, as_mask=as_mask, budget=budget)
    return DecodedImage(pixels, JPEG, lossy=True)
