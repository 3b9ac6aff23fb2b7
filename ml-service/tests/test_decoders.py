"""Decoders: every PNG mode, JPEG, DICOM (rescale, MONOCHROME1, frames, RGB) and NIfTI orientation."""

from __future__ import annotations

import gzip
from pathlib import Path

import archive_factory as factory
import nibabel as nib
import numpy as np
import pytest
from PIL import Image

from medseg_ml.datasets.normalize import normalize_image
from medseg_ml.inference.inputs import INLINE_PIXELS, decode_upload, decodes_inline
from medseg_ml.inference.segment import InputError
from medseg_ml.io.budget import DecodeBudget
from medseg_ml.io.decode import decode_file
from medseg_ml.io.decoded import DecodedImage, DecodeError

BIG = 1 << 30


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def decode(path: Path, suffix: str, *, as_mask: bool = False, max_pixels: int = BIG) -> DecodedImage:
    return decode_file(path, suffix, as_mask=as_mask, budget=DecodeBudget(max_pixels_per_slice=max_pixels))


def save_png(tmp_path: Path, image: Image.Image) -> Path:
    path = tmp_path / "x.png"
    image.save(path)
    return path


@pytest.mark.parametrize(("height", "width"), [(33, 35), (1, 7), (64, 31)])
def test_png_8bit_gray_keeps_shape_and_values(tmp_path: Path, height: int, width: int) -> None:
    array = factory.gradient(height, width).astype(np.uint8)
    decoded = decode(write(tmp_path, "a.png", factory.png_bytes(array)), ".png")
    assert decoded.pixels.shape == (1, 1, height, width)
    assert decoded.format == "PNG" and not decoded.lossy and not decoded.volume
    np.testing.assert_array_equal(decoded.pixels[0, 0], array)


def test_png_16bit_keeps_uint16(tmp_path: Path) -> None:
    array = factory.gradient(high=60000).astype(np.uint16)
    decoded = decode(write(tmp_path, "a.png", factory.png_bytes(array)), ".png")
    assert decoded.pixels.dtype == np.uint16
    np.testing.assert_array_equal(decoded.pixels[0, 0], array)


@pytest.mark.parametrize(("mode", "channels"), [("LA", 1), ("RGB", 3), ("RGBA", 3), ("1", 1)])
def test_png_modes_drop_alpha(tmp_path: Path, mode: str, channels: int) -> None:
    image = Image.new(mode, (35, 33))
    decoded = decode(save_png(tmp_path, image), ".png")
    assert decoded.pixels.shape == (1, channels, 33, 35)


def test_palette_png_is_colour_as_image_and_indices_as_mask(tmp_path: Path) -> None:
    indices = factory.label_mask(labels=(2, 3))
    path = write(tmp_path, "p.png", factory.palette_png_bytes(indices))
    assert decode(path, ".png").pixels.shape == (1, 3, 33, 35)
    np.testing.assert_array_equal(decode(path, ".png", as_mask=True).pixels[0, 0], indices)


def test_jpeg_is_lossy(tmp_path: Path) -> None:
    path = write(tmp_path, "a.jpg", factory.jpeg_bytes(factory.gradient().astype(np.uint8)))
    decoded = decode(path, ".jpg")
    assert decoded.format == "JPEG" and decoded.lossy
    assert decoded.pixels.shape == (1, 1, 33, 35)


def test_jpeg_named_png_is_refused_by_its_name(tmp_path: Path) -> None:
    path = write(tmp_path, "a.png", factory.jpeg_bytes(factory.gradient().astype(np.uint8)))
    with pytest.raises(DecodeError, match=r"Is a JPEG file named \.png; rename it to \.jpg"):
        decode(path, ".png")


def test_pixel_limit_is_checked_before_decoding(tmp_path: Path) -> None:
    path = write(tmp_path, "a.png", factory.png_bytes(np.zeros((33, 35), np.uint8)))
    with pytest.raises(
        DecodeError,
        match=r"Is 35x33 \(1155 pixels per slice\), over the limit of 1000 "
        r"\(MEDSEG_DATASET_MAX_PIXELS_PER_SLICE\)",
    ):
        decode(path, ".png", max_pixels=1000)


def test_garbage_png_is_a_decode_error(tmp_path: Path) -> None:
    with pytest.raises(DecodeError, match="Cannot be read as PNG"):
        decode(write(tmp_path, "a.png", b"\x89PNG\r\n\x1a\nnot really"), ".png")


def test_file_without_extension_must_be_dicom(tmp_path: Path) -> None:
    with pytest.raises(DecodeError, match="Has no extension and is not DICOM"):
        decode(write(tmp_path, "IM1", b"hello"), "")


def test_dicom_rescale_gives_hounsfield_units(tmp_path: Path) -> None:
    stored = factory.gradient(high=2000).astype(np.uint16)
    data = factory.dicom_bytes(stored, modality="CT", slope=1, intercept=-1024)
    decoded = decode(write(tmp_path, "IM1", data), "")
    assert decoded.format == "DICOM" and decoded.modality == "CT"
    np.testing.assert_array_equal(decoded.pixels[0, 0], stored.astype(np.int64) - 1024)


def test_dicom_fractional_slope_gives_float(tmp_path: Path) -> None:
    stored = factory.gradient(high=100).astype(np.uint16)
    decoded = decode(write(tmp_path, "a.dcm", factory.dicom_bytes(stored, slope=0.5, intercept=1)), ".dcm")
    assert decoded.pixels.dtype == np.float32
    np.testing.assert_allclose(decoded.pixels[0, 0], stored * 0.5 + 1)


def test_dicom_monochrome1_is_inverted_for_images_not_masks(tmp_path: Path) -> None:
    stored = factory.gradient(high=200).astype(np.uint8)
    path = write(tmp_path, "a.dcm", factory.dicom_bytes(stored, photometric="MONOCHROME1"))
    image = decode(path, ".dcm").pixels[0, 0]
    np.testing.assert_array_equal(image, int(stored.max()) + int(stored.min()) - stored.astype(np.int64))
    np.testing.assert_array_equal(decode(path, ".dcm", as_mask=True).pixels[0, 0], stored)


def test_dicom_multiframe_is_a_volume(tmp_path: Path) -> None:
    frames = np.stack([factory.gradient(seed=s) for s in range(5)]).astype(np.uint16)
    decoded = decode(write(tmp_path, "a.dcm", factory.dicom_bytes(frames)), ".dcm")
    assert decoded.volume and decoded.pixels.shape == (5, 1, 33, 35)
    np.testing.assert_array_equal(decoded.pixels[:, 0], frames)


def test_dicom_rgb(tmp_path: Path) -> None:
    rgb = np.stack([factory.gradient(seed=s) for s in range(3)], -1).astype(np.uint8)
    decoded = decode(write(tmp_path, "a.dcm", factory.dicom_bytes(rgb)), ".dcm")
    assert decoded.pixels.shape == (1, 3, 33, 35)
    np.testing.assert_array_equal(decoded.pixels[0].transpose(1, 2, 0), rgb)


def test_dicom_without_pixels_is_a_decode_error(tmp_path: Path) -> None:
    with pytest.raises(DecodeError, match="Cannot be read as DICOM|Holds no pixel data"):
        decode(write(tmp_path, "a.dcm", b"\0" * 128 + b"DICM" + b"\0" * 20), ".dcm")


def test_nifti_slices_are_axial_with_anterior_up(tmp_path: Path) -> None:
    # Voxel (x, y, z) holds 100*y: y runs posterior to anterior in RAS, so anterior (high y) is up.
    x, y, z = 35, 33, 4
    volume = np.broadcast_to((np.arange(y) * 100)[None, :, None], (x, y, z)).astype(np.int16)
    volume = volume + np.arange(x, dtype=np.int16)[:, None, None]  # and x runs left to right
    decoded = decode(write(tmp_path, "v.nii.gz", factory.nifti_bytes(volume)), ".nii.gz")
    assert decoded.volume and decoded.format == "NIfTI"
    assert decoded.pixels.shape == (4, 1, 33, 35)
    first = decoded.pixels[0, 0]
    assert first[0, 0] > first[-1, 0], "anterior (largest y) must be the top row"
    assert first[0, 0] > first[0, -1], "patient's right (largest x) must be on the left, as in DICOM"


def test_nifti_is_reoriented_to_canonical(tmp_path: Path) -> None:
    slices = np.stack([factory.gradient(seed=s) for s in range(3)]).astype(np.int16)
    ras = factory.volume_of(slices)
    flipped_affine = np.diag([-1.0, 1.0, 1.0, 1.0])  # stored right-to-left
    data = factory.nifti_bytes(np.ascontiguousarray(ras[::-1]), affine=flipped_affine)
    decoded = decode(write(tmp_path, "v.nii.gz", data), ".nii.gz")
    np.testing.assert_array_equal(decoded.pixels[:, 0], slices)


def test_nifti_round_trips_factory_slices(tmp_path: Path) -> None:
    slices = np.stack([factory.gradient(seed=s) for s in range(3)]).astype(np.int16)
    decoded = decode(
        write(tmp_path, "v.nii", factory.nifti_bytes(factory.volume_of(slices), gz=False)), ".nii"
    )
    np.testing.assert_array_equal(decoded.pixels[:, 0], slices)


def test_nifti_4d_with_one_volume_is_fine(tmp_path: Path) -> None:
    data = factory.nifti_bytes(np.zeros((35, 33, 2, 1), np.int16))
    assert decode(write(tmp_path, "v.nii.gz", data), ".nii.gz").pixels.shape == (2, 1, 33, 35)


def test_nifti_4d_is_refused(tmp_path: Path) -> None:
    data = factory.nifti_bytes(np.zeros((35, 33, 2, 3), np.int16))
    with pytest.raises(DecodeError, match=r"Is 4D \(35x33x2x3\); only 3D volumes are read"):
        decode(write(tmp_path, "v.nii.gz", data), ".nii.gz")


def test_nifti_scaling_is_applied(tmp_path: Path) -> None:
    image = nib.Nifti1Image(np.full((35, 33, 1), 10, np.int16), np.eye(4))
    image.header.set_slope_inter(2.0, -5.0)
    path = write(tmp_path, "v.nii.gz", gzip.compress(image.to_bytes()))
    assert np.all(decode(path, ".nii.gz").pixels == 15)


def test_nifti_garbage_is_a_decode_error(tmp_path: Path) -> None:
    with pytest.raises(DecodeError, match="Cannot be read as NIfTI"):
        decode(write(tmp_path, "v.nii.gz", gzip.compress(b"nope")), ".nii.gz")


@pytest.mark.parametrize(("name", "suffix"), [("scan.png", ".png"), ("scan.nii.gz", ".nii.gz")])
def test_damaged_file_message_does_not_name_the_scratch_path(tmp_path: Path, name: str, suffix: str) -> None:
    path = write(tmp_path, name, b"\x89PNG\r\n\x1a\n" + b"damaged" * 10)
    with pytest.raises(DecodeError) as raised:
        decode(path, suffix)
    assert str(tmp_path) not in str(raised.value)
    assert "export it again" in str(raised.value)


def test_an_upload_decodes_from_memory_as_from_a_file(tmp_path: Path) -> None:
    png = factory.png_bytes(factory.gradient().astype(np.uint8))
    from_file = decode_upload(png, "a.png", 0, DecodeBudget(), tmp_path)
    np.testing.assert_array_equal(
        from_file.pixels, normalize_image(decode(write(tmp_path, "b.png", png), ".png").pixels)[0]
    )
    assert list(tmp_path.glob("upload-*")) == []  # no scratch folder for a PNG
    # A DICOM named .png still reaches the DICOM reader, as decode_file sends it.
    dicom = factory.dicom_bytes(factory.gradient(high=2000).astype(np.uint16), modality="CT")
    assert decode_upload(dicom, "scan.png", 0, DecodeBudget(), tmp_path).pixels.shape[-2:] == (33, 35)
    with pytest.raises(InputError, match=r"Is a JPEG file named \.png"):
        decode_upload(
            factory.jpeg_bytes(factory.gradient().astype(np.uint8)), "a.png", 0, DecodeBudget(), tmp_path
        )
    with pytest.raises(InputError, match="over the"):
        decode_upload(png, "a.png", 0, DecodeBudget(max_volume_bytes=16), tmp_path)


def test_only_a_small_png_or_jpeg_decodes_on_the_event_loop() -> None:
    small = factory.gradient().astype(np.uint8)
    assert decodes_inline(factory.png_bytes(small), "a.png")
    assert decodes_inline(factory.jpeg_bytes(small), "a.jpg")
    assert decodes_inline(factory.png_bytes(small), "no-extension")
    large = np.zeros((INLINE_PIXELS // 256 + 1, 256), dtype=np.uint8)  # compresses to almost nothing
    assert not decodes_inline(factory.png_bytes(large), "a.png")
    dicom = factory.dicom_bytes(factory.gradient(high=2000).astype(np.uint16), modality="CT")
    assert not decodes_inline(dicom, "scan.png")
    assert not decodes_inline(b"\x89PNG\r\n\x1a\n broken", "a.png")
    assert not decodes_inline(factory.png_bytes(small), "a.nii.gz")
