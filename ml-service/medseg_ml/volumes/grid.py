"""A volume's two grids: the display order MedSeg stores and computes on, and the file's own.

Display order is (slice, row, column) with nibabel axis codes (S, P, L): slices from inferior to superior,
rows from anterior to posterior, columns from the patient's right to left, so slice z drawn as an image
reads like an axial slice in a radiology viewer (anterior up, the patient's right on the left). Every
decoder that knows where its voxels sit returns display-ordered pixels and the `VolumeGrid` they came
from; everything written back for other tools (NIfTI, DICOM-SEG) goes through `to_source`, so it lands
voxel for voxel on the input's own grid.

Both grids map voxel indices to RAS+ millimetres (NIfTI's world); DICOM and ITK geometry, which is
LPS, is converted with `LPS_TO_RAS` before it gets here. An oblique volume is displayed along its
closest axes (nibabel.orientations.io_orientation), as as_closest_canonical does: no resampling.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from nibabel import orientations as ornt

from medseg_ml.generated.medseg.v1 import volume_pb2 as pb

DISPLAY_AXCODES = ("S", "P", "L")
LPS_TO_RAS = np.diag([-1.0, -1.0, 1.0, 1.0])


@dataclass(frozen=True)
class VolumeGrid:
    """Attributes:
    source_shape: (i, j, k) of the file's own voxel array.
    source_affine: 4x4, source index (i, j, k, 1) to RAS+ mm.
    """

    source_shape: tuple[int, int, int]
    source_affine: np.ndarray

    @classmethod
    def create(cls, source_shape: Sequence[int], source_affine: np.ndarray) -> VolumeGrid:
        shape = tuple(int(n) for n in source_shape)
        if len(shape) != 3 or min(shape) < 1:
            raise ValueError(f"a volume grid needs a 3D shape, got {shape}")
        affine = np.asarray(source_affine, dtype=np.float64)
        if affine.shape != (4, 4) or not np.all(np.isfinite(affine)):
            raise ValueError("a volume grid needs a finite 4x4 affine")
        return cls(shape, affine)

    @property
    def _transform(self) -> np.ndarray:
        """nibabel orientation transform from source axes to display axes."""
        source = ornt.io_orientation(self.source_affine)
        return ornt.ornt_transform(source, ornt.axcodes2ornt(DISPLAY_AXCODES))

    @property
    def display_shape(self) -> tuple[int, int, int]:
        """(slices, rows, columns)."""
        order = self._transform[:, 0].astype(int)
        shape = [0, 0, 0]
        for source_axis, display_axis in enumerate(order):
            shape[display_axis] = self.source_shape[source_axis]
        return tuple(shape)  # type: ignore[return-value]

    @property
    def display_affine(self) -> np.ndarray:
        """4x4, display index (slice, row, column, 1) to RAS+ mm."""
        return self.source_affine @ ornt.inv_ornt_aff(self._transform, self.source_shape)

    @property
    def spacing(self) -> tuple[float, float, float]:
        """Voxel size in mm along (slice, row, column)."""
        columns = np.linalg.norm(self.display_affine[:3, :3], axis=0)
        return tuple(float(v) for v in columns)  # type: ignore[return-value]

    def to_display(self, source: np.ndarray) -> np.ndarray:
        """A source-ordered array (i, j, k, ...) as display order (slice, row, column, ...); a view."""
        self._check(source.shape[:3], self.source_shape, "source")
        return ornt.apply_orientation(source, self._transform)

    def to_source(self, display: np.ndarray) -> np.ndarray:
        """A display-ordered array (slice, row, column, ...) on the source grid (i, j, k, ...); a view."""
        self._check(display.shape[:3], self.display_shape, "display")
        source = ornt.io_orientation(self.source_affine)
        back = ornt.ornt_transform(ornt.axcodes2ornt(DISPLAY_AXCODES), source)
        return ornt.apply_orientation(display, back)

    def to_proto(self) -> pb.VolumeGeometry:
        return pb.VolumeGeometry(
            spacing=list(self.spacing),
            affine=self.display_affine.ravel().tolist(),
            source_shape=list(self.source_shape),
            source_affine=self.source_affine.ravel().tolist(),
        )

    @classmethod
    def from_proto(cls, geometry: pb.VolumeGeometry) -> VolumeGrid:
        if len(geometry.source_affine) != 16:
            raise ValueError("the volume geometry has no source affine")
        return cls.create(geometry.source_shape, np.asarray(geometry.source_affine).reshape(4, 4))

    @staticmethod
    def _check(got: tuple[int, ...], want: tuple[int, ...], name: str) -> None:
        if tuple(got) != tuple(want):
            raise ValueError(f"{name} array is {tuple(got)}, the grid's {name} shape is {tuple(want)}")


def display_grid(shape: Sequence[int], spacing: Sequence[float] = (1.0, 1.0, 1.0)) -> VolumeGrid:
    """The grid of an array that is already in display order (slice, row, column), e.g. a 2D image as
    one slice or a volume without geometry: spacing in mm (or pixels), origin 0."""
    sz, sy, sx = (float(s) for s in spacing)
    # Source axes = display axes: S, P, L in RAS+ terms.
    affine = np.array([[0.0, 0.0, -sx, 0.0], [0.0, -sy, 0.0, 0.0], [sz, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 1.0]])
    return VolumeGrid.create(shape, affine)
