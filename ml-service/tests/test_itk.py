"""NRRD and MetaImage volumes: their grid from ITK's LPS geometry, and what is refused before reading."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import numpy as np
import pytest
import SimpleITK as sitk

from medseg_ml.io.budget import BudgetError, DecodeBudget
from medseg_ml.io.decode import decode_file, split_extension
from medseg_ml.io.decoded import META_IMAGE, NRRD, DecodeError
from medseg_ml.io.nifti import decode_nifti
from medseg_ml.volumes.grid import LPS_TO_RAS
from medseg_ml.volumes.nifti_out import display_to_nifti

SPACING = (0.8, 0.9, 2.5)  # ITK order: i, j, k
ORIGIN = (12.0, -30.0, 45.0)
# A permuted, flipped direction: the file's axes are not the display axes.
DIRECTION = (0.0, 0.0, -1.0, 1.0, 0.0, 0.0, 0.0, -1.0, 0.0)


def itk_image(zyx: np.ndarray) -> sitk.Image:
    image = sitk.GetImageFromArray(zyx)
    image.SetSpacing(SPACING)
    image.SetOrigin(ORIGIN)
    image.SetDirection(DIRECTION)
    return image


def decode(path: Path, budget: DecodeBudget | None = None):
    return decode_file(path, split_extension(path.name)[1], as_mask=False, budget=budget or DecodeBudget())


@pytest.fixture
def zyx() -> np.ndarray:
    return np.random.default_rng(0).integers(-500, 1500, size=(5, 6, 7)).astype(np.int16)


@pytest.mark.parametrize(
    ("name", "compressed", "kind"),
    [
        ("v.nrrd", False, NRRD),
        ("v.nrrd", True, NRRD),
        ("v.mha", True, META_IMAGE),
        ("v.mhd", False, META_IMAGE),
    ],
)
def test_volume_keeps_its_grid_and_reads_like_the_same_nifti(
    tmp_path: Path, zyx: np.ndarray, name: str, compressed: bool, kind: str
) -> None:
    path = tmp_path / name
    sitk.WriteImage(itk_image(zyx), str(path), compressed)
    decoded = decode(path)
    assert decoded.format == kind and decoded.volume and decoded.grid is not None
    grid = decoded.grid
    lps = np.eye(4)
    lps[:3, :3] = np.asarray(DIRECTION).reshape(3, 3) * SPACING
    lps[:3, 3] = ORIGIN
    np.testing.assert_allclose(grid.source_affine, LPS_TO_RAS @ lps)
    np.testing.assert_array_equal(grid.to_source(decoded.pixels[:, 0]), zyx.transpose(2, 1, 0))
    # ITK's own NIfTI writer, read by the NIfTI decoder, shows the same voxels at the same place.
    nifti = tmp_path / "same.nii.gz"
    sitk.WriteImage(itk_image(zyx), str(nifti))
    same = decode_nifti(nifti, as_mask=False, budget=DecodeBudget())
    np.testing.assert_array_equal(same.pixels, decoded.pixels)
    assert same.grid is not None
    np.testing.assert_allclose(same.grid.display_affine, grid.display_affine, atol=1e-5)
    assert sorted(grid.spacing) == pytest.approx(sorted(SPACING))
    # Written back for other tools: ITK reads the NIfTI at the same physical place as the input.
    out = tmp_path / "out.nii.gz"
    out.write_bytes(display_to_nifti(decoded.pixels[:, 0], grid, is_label=False))
    again = sitk.ReadImage(str(out))
    np.testing.assert_array_equal(sitk.GetArrayFromImage(again), zyx)
    np.testing.assert_allclose(again.GetDirection(), DIRECTION, atol=1e-6)
    np.testing.assert_allclose(again.GetOrigin(), ORIGIN, atol=1e-4)


def test_2d_image_is_one_slice_without_grid(tmp_path: Path) -> None:
    path = tmp_path / "slice.nrrd"
    pixels = np.arange(12, dtype=np.uint8).reshape(3, 4)
    sitk.WriteImage(sitk.GetImageFromArray(pixels), str(path))
    decoded = decode(path)
    assert decoded.grid is None and not decoded.volume
    np.testing.assert_array_equal(decoded.pixels[0, 0], pixels)


def test_vector_and_4d_volumes_are_refused(tmp_path: Path) -> None:
    rgb = tmp_path / "rgb.mha"
    sitk.WriteImage(sitk.GetImageFromArray(np.zeros((2, 3, 4, 3), np.uint8), isVector=True), str(rgb))
    with pytest.raises(DecodeError, match="Has 3 values per voxel"):
        decode(rgb)
    four = tmp_path / "four.nrrd"
    sitk.WriteImage(sitk.GetImageFromArray(np.zeros((2, 2, 3, 4), np.int16), isVector=False), str(four))
    with pytest.raises(DecodeError, match=r"Is 4D \(4x3x2x2\)"):
        decode(four)
    one = tmp_path / "one.nrrd"
    volume = np.arange(24, dtype=np.int16).reshape(1, 2, 3, 4)
    sitk.WriteImage(sitk.GetImageFromArray(volume, isVector=False), str(one))
    decoded = decode(one)
    assert decoded.grid is not None and decoded.grid.source_shape == (4, 3, 2)
    np.testing.assert_array_equal(decoded.grid.to_source(decoded.pixels[:, 0]), volume[0].transpose(2, 1, 0))


def test_mhd_needs_its_raw_beside_it_and_nothing_else(tmp_path: Path, zyx: np.ndarray) -> None:
    path = tmp_path / "v.mhd"
    sitk.WriteImage(itk_image(zyx), str(path))
    (tmp_path / "v.raw").unlink()
    with pytest.raises(DecodeError, match="zip the .mhd with its .raw or save as .mha"):
        decode(path)
    header = path.read_text().replace("ElementDataFile = v.raw", "ElementDataFile = ../../etc/passwd")
    path.write_text(header)
    with pytest.raises(DecodeError, match="must name a file beside it"):
        decode(path)
    mha = tmp_path / "v.mha"
    mha.write_text(header)
    with pytest.raises(DecodeError, match="save it as a .mha with the voxels inside"):
        decode(mha)
    detached = tmp_path / "d.nrrd"
    detached.write_bytes(
        b"NRRD0004\ntype: short\ndimension: 1\nsizes: 4\nencoding: raw\ndata file: x.raw\n\n"
    )
    with pytest.raises(DecodeError, match="detached NRRD header"):
        decode(detached)


HUGE = {
    "huge.nrrd": b"NRRD0004\ntype: short\ndimension: 3\nsizes: 4096 4096 4000\nendian: little\n"
    b"encoding: raw\n\n" + b"\0" * 64,
    "huge.mha": b"ObjectType = Image\nNDims = 3\nDimSize = 4096 4096 4000\nElementType = MET_SHORT\n"
    b"ElementDataFile = LOCAL\n" + b"\0" * 64,
}


@pytest.mark.parametrize("name", HUGE)
def test_crafted_header_claiming_gigabytes_is_refused_before_allocation(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(HUGE[name])
    tracemalloc.start()
    try:
        with pytest.raises(BudgetError, match=r"over the 2.0 GiB limit \(MEDSEG_DATASET_MAX_VOLUME_MB\)"):
            decode(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 16 * 1024 * 1024


def test_truncated_volume_within_budget_is_a_decode_error(tmp_path: Path) -> None:
    path = tmp_path / "short.nrrd"
    path.write_bytes(
        b"NRRD0004\ntype: short\ndimension: 3\nsizes: 64 64 10\nendian: little\nencoding: raw\n\n"
        + b"\0" * 100
    )
    with pytest.raises(DecodeError, match="Its voxels cannot be read") as caught:
        decode(path)
    assert str(tmp_path) not in str(caught.value)
