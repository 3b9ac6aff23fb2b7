"""First-use costs of the Segment path paid at start instead of by the first request."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image

from medseg_ml.inference.segment import display_png, mask_png, probability_pngs


def warm_codecs() -> None:
    """Decode and encode a tiny PNG: Pillow loads its format plugins and zlib state on first use."""
    pixels = np.zeros((1, 8, 8), np.float32)
    Image.open(io.BytesIO(display_png(pixels, (0.0, 1.0)))).load()
    mask_png(np.zeros((8, 8), np.int64), 2)
    probability_pngs(np.zeros((2, 8, 8), np.float32))
