"""NIfTI written back on the input's own grid: shape, affine and voxels identical to the input."""

from __future__ import annotations

import gzip
from pathlib import Path

import nibabel as nib
import numpy as np
import pytest

from medseg_ml.inference.nifti_mask import nifti_volume_mask
from medseg_ml.io.budget import DecodeBudget
from medseg_ml.io.nifti import decode_nifti
from medseg_ml.volumes.nifti_out import display_to_nifti, nifti_bytes

AFFINES = {
    "lps": np.array([[-0.8, 0, 0, 30.0], [0, -0.8, 0, 12.0], [0, 0, 2.5, -40.0], [0, 0, 0, 1]]),
    "permuted": np.array([[0, 0, -2.5, 10], [0.8, 0, 0, -4], [0, -0.8, 0, 7], [0, 0, 0, 1.0]]),
    "oblique": np.array([[0.78, 0.17, 0, 1], [-0.17, 0.78, 0, 2], [0, 0, 2.5, 3], [0, 0, 0, 1.0]]),
}


def write(path: Path, array: np.ndarray, affine: np.ndarray) -> Path:
    nib.save(nib.Nifti1Image(array, affine), path)
    return path


def load(data: bytes, tmp_path: Path) -> nib.Nifti1Image:
    path = tmp_path / "out.nii.gz"
    path.write_bytes(data)
    return nib.load(path)


@pytest.mark.parametrize("name", AFFINES)
def test_decoded_then_written_back_is_voxel_identical(name: str, tmp_path: Path) -> None:
    rng = np.random.default_rng(1)
    image = rng.integers(-1000, 2000, size=(7, 6, 5)).astype(np.int16)
    labels = rng.integers(0, 3, size=(7, 6, 5)).astype(np.uint8)
    for array, is_label in ((image, False), (labels, True)):
        path = write(tmp_path / f"in-{is_label}.nii.gz", array, AFFINES[name])
        decoded = decode_nifti(path, as_mask=is_label, budget=DecodeBudget())
        assert decoded.grid is not None and decoded.volume
        out = load(display_to_nifti(decoded.pixels[:, 0], decoded.grid, is_label=is_label), tmp_path)
        assert out.shape == array.shape
        np.testing.assert_allclose(out.affine, AFFINES[name], atol=1e-6)
        np.testing.assert_array_equal(np.asarray(out.dataobj), array)
        assert out.get_data_dtype() == array.dtype
        assert out.header.get_xyzt_units()[0] == "mm"


def test_display_pixels_follow_the_grid(tmp_path: Path) -> None:
    volume = np.arange(7 * 6 * 5, dtype=np.int16).reshape(7, 6, 5)
    decoded = decode_nifti(
        write(tmp_path / "v.nii", volume, AFFINES["lps"]), as_mask=False, budget=DecodeBudget()
    )
    assert decoded.grid is not None
    np.testing.assert_array_equal(decoded.pixels[:, 0], decoded.grid.to_display(volume))
    # LPS axes already run R->L (columns), A->P (rows), I->S (slices): display is a plain transpose.
    np.testing.assert_array_equal(decoded.pixels[:, 0], volume.transpose(2, 1, 0))


def test_labels_take_the_smallest_unsigned_type(tmp_path: Path) -> None:
    affine = np.eye(4)
    for high, dtype in ((3, np.uint8), (300, np.uint16), (70000, np.uint32)):
        array = np.zeros((2, 3, 4), dtype=np.int64)
        array[1, 2, 3] = high
        out = load(nifti_bytes(array, affine, is_label=True), tmp_path)
        assert out.get_data_dtype() == dtype
        assert int(np.asarray(out.dataobj).max()) == high
    with pytest.raises(ValueError, match="negative"):
        nifti_bytes(np.full((2, 2, 2), -1), affine, is_label=True)
    with pytest.raises(ValueError, match="3D"):
        nifti_bytes(np.zeros((2, 2)), affine, is_label=False)
    floats = load(nifti_bytes(np.full((2, 2, 2), 0.5, dtype=np.float32), affine, is_label=False), tmp_path)
    assert floats.get_data_dtype() == np.float32


@pytest.mark.parametrize("name", AFFINES)
def test_volume_mask_lies_on_the_input_grid_not_the_canonical_one(name: str, tmp_path: Path) -> None:
    volume = np.zeros((7, 6, 5), dtype=np.int16)
    path = write(tmp_path / "in.nii.gz", volume, AFFINES[name])
    decoded = decode_nifti(path, as_mask=False, budget=DecodeBudget())
    depth, height, width = decoded.pixels.shape[0], decoded.pixels.shape[2], decoded.pixels.shape[3]
    mask = np.zeros((height, width), dtype=np.int64)
    mask[0, 0] = 1  # class 1 at the display slice's top-left corner
    mask[height - 1, width - 1] = 2
    data = nifti_volume_mask(path.read_bytes(), {depth - 1: mask}, (0, 4, 9))
    out = load(data, tmp_path)
    assert out.shape == volume.shape
    np.testing.assert_allclose(out.affine, AFFINES[name], atol=1e-6)
    # Read back through the input's decoder: the same display slice holds the same label values.
    again = decode_nifti(tmp_path / "out.nii.gz", as_mask=True, budget=DecodeBudget()).pixels[:, 0]
    expected = np.zeros_like(again)
    expected[depth - 1] = np.array([0, 4, 9])[mask]
    np.testing.assert_array_equal(again, expected)
    assert gzip.decompress(data)[:4] in (b"\x5c\x01\x00\x00", b"\x00\x00\x01\x5c")
