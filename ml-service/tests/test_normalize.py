"""Image dtypes and mask label rules."""

from __future__ import annotations

import numpy as np
import pytest

from medseg_ml.datasets.normalize import label_values, normalize_image, normalize_mask
from medseg_ml.io.decoded import DecodedImage, DecodeError


def mask_of(labels: np.ndarray, *, lossy: bool = False, fmt: str = "PNG") -> DecodedImage:
    """A decoded mask from (H, W) or (H, W, 3) values."""
    pixels = labels[None, None] if labels.ndim == 2 else labels.transpose(2, 0, 1)[None]
    return DecodedImage(pixels, fmt, lossy=lossy)


@pytest.mark.parametrize(
    ("values", "dtype"),
    [
        (np.array([0, 255], np.int32), np.uint8),
        (np.array([0, 4000], np.int64), np.uint16),
        (np.array([-1024, 3000], np.int64), np.int16),
        (np.array([-1024.0, 3000.0]), np.int16),
        (np.array([0.5, 1.0]), np.float32),
        (np.array([0, 100_000], np.uint32), np.float32),
    ],
)
def test_image_dtype_is_compact(values: np.ndarray, dtype: type) -> None:
    pixels = np.resize(values, (1, 1, 33, 35))
    assert normalize_image(pixels).dtype == dtype


def test_rgb_with_equal_channels_becomes_gray() -> None:
    gray = np.arange(33 * 35, dtype=np.uint16).reshape(1, 1, 33, 35) % 256
    assert normalize_image(np.repeat(gray, 3, axis=1)).shape == (1, 1, 33, 35)
    colour = np.concatenate([gray, gray, gray + 1], axis=1)
    assert normalize_image(colour).shape == (1, 3, 33, 35)


def test_nan_in_a_float_image_becomes_zero() -> None:
    pixels = np.full((1, 1, 3, 5), 0.5, np.float32)
    pixels[0, 0, 0, 0] = np.nan
    assert normalize_image(pixels)[0, 0, 0, 0] == 0


def test_binary_0_255_mask_reads_as_0_1() -> None:
    labels, warning = normalize_mask(mask_of(np.array([[0, 255], [255, 0]], np.uint8)))
    assert labels.tolist() == [[[0, 1], [1, 0]]] and warning is None


def test_multi_label_mask_keeps_original_values_in_smallest_dtype() -> None:
    labels, _ = normalize_mask(mask_of(np.array([[0, 3], [7, 300]], np.int32)))
    assert labels.dtype == np.uint16 and labels.tolist() == [[[0, 3], [7, 300]]]


def test_rgb_mask_with_equal_channels_is_fine() -> None:
    gray = np.array([[0, 1], [2, 0]], np.uint8)
    labels, _ = normalize_mask(mask_of(np.stack([gray] * 3, -1)))
    assert labels.tolist() == [gray.tolist()]


def test_colour_mask_is_refused() -> None:
    colour = np.zeros((2, 2, 3), np.uint8)
    colour[0, 0] = (255, 0, 0)
    with pytest.raises(DecodeError, match="Is a colour image"):
        normalize_mask(mask_of(colour))


def test_fractional_mask_is_refused() -> None:
    with pytest.raises(DecodeError, match="Holds non-integer values such as 0.5"):
        normalize_mask(mask_of(np.array([[0.0, 0.5]], np.float32)))


def test_float_mask_with_integer_values_is_fine() -> None:
    labels, _ = normalize_mask(mask_of(np.array([[0.0, 2.0]], np.float64)))
    assert labels.dtype == np.uint8 and labels.tolist() == [[[0, 2]]]


def test_blurred_jpeg_mask_is_binarized_with_a_warning() -> None:
    blurred = np.array([[0, 3, 120], [130, 250, 255]], np.uint8)
    labels, warning = normalize_mask(mask_of(blurred, lossy=True, fmt="JPEG"))
    assert labels.tolist() == [[[0, 0, 0], [1, 1, 1]]]
    assert warning is not None and "binarized at 128" in warning


def test_clean_jpeg_mask_is_kept() -> None:
    labels, warning = normalize_mask(mask_of(np.array([[0, 1]], np.uint8), lossy=True, fmt="JPEG"))
    assert labels.tolist() == [[[0, 1]]] and warning is None


def test_jpeg_mask_of_small_blurred_labels_is_refused() -> None:
    with pytest.raises(DecodeError, match="labels are blurred"):
        normalize_mask(mask_of(np.arange(12, dtype=np.uint8).reshape(3, 4), lossy=True, fmt="JPEG"))


@pytest.mark.parametrize("dtype", [np.uint8, np.uint16, np.int16, np.int32, np.int64])
def test_label_values_sorted_and_distinct(dtype: type) -> None:
    labels = np.array([[5, 0, 5], [2, 2, 0]], dtype=dtype)
    assert label_values(labels) == [0, 2, 5]


def test_label_values_handles_negative_labels() -> None:
    assert label_values(np.array([3, -2, 0, -2], np.int16)) == [-2, 0, 3]
