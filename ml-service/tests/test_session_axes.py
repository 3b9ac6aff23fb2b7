"""The session grid is the image NIfTI's voxel grid: arrays, points and boxes move between it and display
order exactly, for any orientation, and a 2D image is x = column, y = row."""

from __future__ import annotations

import numpy as np
import pytest

from medseg_ml.sessions.axes import SessionAxes
from medseg_ml.volumes.grid import VolumeGrid, display_grid

AFFINES = [
    np.array([[-0.8, 0, 0, 30.0], [0, 0.9, 0, -12.0], [0, 0, -2.5, 40.0], [0, 0, 0, 1]]),
    np.array([[0, 0.9, 0, 0.0], [0, 0, -2.0, 5.0], [-1.0, 0, 0, 0.0], [0, 0, 0, 1]]),
    np.eye(4),
]


@pytest.mark.parametrize("affine", AFFINES)
def test_session_order_is_the_source_grid(affine: np.ndarray) -> None:
    grid = VolumeGrid.create((7, 5, 4), affine)
    axes = SessionAxes.of(grid)
    assert axes.session_shape == grid.source_shape
    display = np.random.default_rng(0).random(grid.display_shape)
    session = axes.to_session(display)
    np.testing.assert_array_equal(session, grid.to_source(display))
    points = np.array([[1, 2, 3], [0, 0, 0], [6, 4, 3]])
    for p, d in zip(points, axes.to_display_points(points).astype(int), strict=True):
        assert session[tuple(p)] == display[tuple(d)]
        # The same place in the world through either grid's affine.
        world = grid.source_affine @ [*p, 1]
        np.testing.assert_allclose(grid.display_affine @ [*d, 1], world)
    low, high = np.array([1, 1, 0]), np.array([3, 4, 2])
    first, size = axes.session_box(low, high)
    box = tuple(slice(f, f + s) for f, s in zip(first, size, strict=True))
    np.testing.assert_array_equal(axes.to_session(display[1:3, 1:4, 0:2]), session[box])


def test_a_2d_image_is_x_column_y_row() -> None:
    axes = SessionAxes.of(display_grid((1, 5, 6)))
    assert axes.session_shape == (6, 5, 1)
    assert axes.session_axis(0) == 2
    display = np.random.default_rng(1).random((1, 5, 6))
    assert axes.to_session(display)[4, 3, 0] == display[0, 3, 4]
    np.testing.assert_array_equal(axes.to_display_points(np.array([[4.5, 3.0, 0.0]])), [[0.0, 3.0, 4.5]])
