"""Thumbnails and previews: sizes, windowing and the overlay."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from medseg_ml.datasets.render import PALETTE, render_overlay, to_rgb8, window_bounds


def decode_png(data: bytes) -> np.ndarray:
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    return np.asarray(image)


@pytest.mark.parametrize(
    ("height", "width", "side", "expected"),
    [
        (33, 35, 160, (33, 35)),
        (600, 300, 160, (160, 80)),
        (300, 1024, 512, (150, 512)),
        (1, 999, 160, (1, 160)),
    ],
)
def test_longest_side_shrinks_and_never_grows(height: int, width: int, side: int, expected: tuple) -> None:
    rgb = np.zeros((height, width, 3), np.uint8)
    png = decode_png(render_overlay(rgb, np.zeros((height, width), np.uint8), side))
    assert png.shape == (*expected, 3)


def test_overlay_tints_labels_and_outlines_them() -> None:
    rgb = np.full((33, 35, 3), 100, np.uint8)
    mask = np.zeros((33, 35), np.uint8)
    mask[10:20, 10:20] = 1
    out = decode_png(render_overlay(rgb, mask, 512)).astype(int)
    assert out[0, 0].tolist() == [100, 100, 100], "background untouched"
    assert out[10, 10].tolist() == PALETTE[0].astype(int).tolist(), "contour in the class colour"
    inside = out[15, 15]
    assert inside.tolist() != [100, 100, 100] and inside.tolist() != PALETTE[0].astype(int).tolist()


def test_different_labels_get_different_colours() -> None:
    mask = np.array([[1, 1, 1], [1, 1, 1], [2, 2, 2], [2, 2, 2]], np.uint8)
    out = decode_png(render_overlay(np.zeros((4, 3, 3), np.uint8), mask, 512))
    assert out[0, 0].tolist() != out[3, 0].tolist()


def test_window_uses_percentiles_for_wide_data() -> None:
    image = np.arange(10_000, dtype=np.uint16).reshape(1, 100, 100)
    low, high = window_bounds(image)
    assert 90 < low < 110 and 9890 < high < 9910
    rgb = to_rgb8(image, (low, high))
    assert rgb.shape == (100, 100, 3) and rgb[0, 0, 0] == 0 and rgb[-1, -1, 0] == 255


def test_eight_bit_is_shown_as_is() -> None:
    image = np.full((1, 3, 5), 42, np.uint8)
    assert window_bounds(image) == (0.0, 255.0)
    assert np.all(to_rgb8(image, (0.0, 255.0)) == 42)


def test_flat_image_does_not_divide_by_zero() -> None:
    image = np.full((1, 3, 5), 7.5, np.float32)
    assert np.all(to_rgb8(image, window_bounds(image)) == 0)


def test_rgb_image_keeps_its_colours() -> None:
    image = np.zeros((3, 2, 2), np.uint8)
    image[0] = 255
    assert to_rgb8(image, (0.0, 255.0))[0, 0].tolist() == [255, 0, 0]
