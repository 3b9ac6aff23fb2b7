"""The display/source grid conversion: NIfTI's old display rule, round trips, affines and spacing."""

from __future__ import annotations

import nibabel as nib
import numpy as np
import pytest

from medseg_ml.volumes.grid import VolumeGrid, display_grid


def _nifti_display(volume: np.ndarray, affine: np.ndarray) -> np.ndarray:
    """io/nifti.py's rule before grids: RAS+ canonical, slice z = vol[:, :, z].T[::-1, ::-1]."""
    canonical = nib.as_closest_canonical(nib.Nifti1Image(volume, affine))
    data = np.asarray(canonical.dataobj)
    return data.transpose(2, 1, 0)[:, ::-1, ::-1]


AFFINES = {
    "ras": np.diag([0.8, 0.9, 2.5, 1.0]),
    "lps": np.diag([-0.8, -0.9, 2.5, 1.0]),
    "permuted": np.array([[0, 0, -2.5, 10], [0.8, 0, 0, -4], [0, -0.9, 0, 7], [0, 0, 0, 1.0]]),
}


@pytest.mark.parametrize("name", AFFINES)
def test_display_matches_the_canonical_axial_rule_and_round_trips(name: str) -> None:
    rng = np.random.default_rng(0)
    volume = rng.integers(0, 100, size=(5, 6, 7)).astype(np.int16)
    grid = VolumeGrid.create(volume.shape, AFFINES[name])
    display = grid.to_display(volume)
    np.testing.assert_array_equal(display, _nifti_display(volume, AFFINES[name]))
    assert display.shape == grid.display_shape
    np.testing.assert_array_equal(grid.to_source(display), volume)


@pytest.mark.parametrize("name", AFFINES)
def test_display_affine_points_at_the_same_world_position(name: str) -> None:
    volume = np.zeros((5, 6, 7))
    grid = VolumeGrid.create(volume.shape, AFFINES[name])
    display = np.arange(volume.size).reshape(volume.shape)
    shown = grid.to_display(display)
    for index in [(0, 0, 0), (4, 1, 3), (2, 5, 6)]:
        value = display[index]
        where = np.argwhere(shown == value)[0]
        world_source = grid.source_affine @ np.array([*index, 1.0])
        world_display = grid.display_affine @ np.array([*where, 1.0])
        np.testing.assert_allclose(world_display, world_source)


def test_spacing_is_per_display_axis() -> None:
    grid = VolumeGrid.create((5, 6, 7), AFFINES["ras"])
    assert grid.spacing == pytest.approx((2.5, 0.9, 0.8))
    grid = VolumeGrid.create((5, 6, 7), AFFINES["permuted"])
    assert grid.display_shape == (6, 5, 7) or len(grid.display_shape) == 3
    assert sorted(grid.spacing) == pytest.approx([0.8, 0.9, 2.5])


def test_proto_round_trip_and_display_grid() -> None:
    grid = VolumeGrid.create((5, 6, 7), AFFINES["permuted"])
    again = VolumeGrid.from_proto(grid.to_proto())
    assert again.source_shape == grid.source_shape
    np.testing.assert_allclose(again.source_affine, grid.source_affine)
    plain = display_grid((3, 4, 5), (2.0, 0.5, 0.25))
    assert plain.display_shape == (3, 4, 5)
    assert plain.spacing == pytest.approx((2.0, 0.5, 0.25))
    array = np.arange(60).reshape(3, 4, 5)
    np.testing.assert_array_equal(plain.to_display(array), array)


def test_refuses_a_shape_that_is_not_the_grids() -> None:
    grid = VolumeGrid.create((5, 6, 7), AFFINES["ras"])
    with pytest.raises(ValueError, match="source array"):
        grid.to_display(np.zeros((5, 6, 8)))
