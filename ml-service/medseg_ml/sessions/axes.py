"""The session grid (proto SessionGrid) and the display order the networks run on.

A session's voxel (x, y, z) is (i, j, k) of the image NIfTI the viewer loads: SegmentVolume's image_nifti
and mask_nifti, which `display_to_nifti` writes through `VolumeGrid.to_source`. A 2D image (one slice on a
grid with no orientation of its own) is x = column, y = row, z = 0, as the contract has it. Either way the
session grid and the display order differ by a permutation and flips of the axes only, so prompts, masks
and patch boxes move between them exactly, without resampling.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from nibabel import orientations as ornt

from medseg_ml.volumes.grid import VolumeGrid

# Display axes (slice, row, column) of a 2D image's session axes (x = column, y = row, z = 0).
_IMAGE_2D = np.array([[0, 0, 1], [0, 1, 0], [1, 0, 0]])


@dataclass(frozen=True)
class SessionAxes:
    """display = matrix @ session + offset, a signed permutation (integer offsets).

    Attributes:
        display_shape: (slices, rows, columns).
        matrix: 3x3 of 0 and +-1, one nonzero per row and column.
        offset: (3,) integers.
    """

    display_shape: tuple[int, int, int]
    matrix: np.ndarray
    offset: np.ndarray

    @classmethod
    def of(cls, grid: VolumeGrid) -> SessionAxes:
        """The session axes of a volume on `grid`."""
        shape = grid.display_shape
        transform = ornt.ornt_transform(
            ornt.io_orientation(grid.source_affine), ornt.axcodes2ornt(("S", "P", "L"))
        )
        identity = np.array_equal(transform, [[0, 1], [1, 1], [2, 1]])
        if shape[0] == 1 and identity:
            return cls(shape, _IMAGE_2D.copy(), np.zeros(3, dtype=np.int64))
        # inv_ornt_aff maps display indices to source (session) indices; its inverse is exact.
        to_source = ornt.inv_ornt_aff(transform, grid.source_shape)
        to_display = np.rint(np.linalg.inv(to_source)).astype(np.int64)
        return cls(shape, to_display[:3, :3], to_display[:3, 3])

    @property
    def session_shape(self) -> tuple[int, int, int]:
        """(size_x, size_y, size_z)."""
        return tuple(int(self.display_shape[self.display_axis(a)]) for a in range(3))  # type: ignore[return-value]

    def display_axis(self, session_axis: int) -> int:
        """The display axis a session axis runs along."""
        return int(np.flatnonzero(self.matrix[:, session_axis])[0])

    def session_axis(self, display_axis: int) -> int:
        """The session axis a display axis runs along (the slice axis of a 2D model is display axis 0)."""
        return int(np.flatnonzero(self.matrix[display_axis])[0])

    def to_display_points(self, points: np.ndarray) -> np.ndarray:
        """(N, 3) session coordinates (fractions allowed) as display coordinates."""
        return points @ self.matrix.T + self.offset

    def to_session(self, display: np.ndarray) -> np.ndarray:
        """A display-ordered (Z, H, W) array (or a box of it) as session order (x, y, z); a view."""
        order = [self.display_axis(a) for a in range(3)]
        out = display.transpose(order)
        flips = tuple(a for a in range(3) if self.matrix[order[a], a] < 0)
        return np.flip(out, axis=flips) if flips else out

    def session_box(self, low: np.ndarray, high: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """A display box [low, high) as the session box (first voxel, size)."""
        first = np.zeros(3, dtype=np.int64)
        size = np.zeros(3, dtype=np.int64)
        for a in range(3):
            d = self.display_axis(a)
            sign = self.matrix[d, a]
            # display = sign * session + offset along this axis.
            first[a] = (low[d] - self.offset[d]) if sign > 0 else (self.offset[d] - (high[d] - 1))
            size[a] = high[d] - low[d]
        return first, size
