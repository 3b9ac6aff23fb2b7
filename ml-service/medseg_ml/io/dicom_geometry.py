"""Where DICOM pixels sit: ImageOrientationPatient, ImagePositionPatient and PixelSpacing as a grid.

DICOM geometry is LPS millimetres. A slice's pixel (column c, row r) lies at
IPP + c * IOP_row * PixelSpacing[1] + r * IOP_column * PixelSpacing[0], so the source array of a stack is
(column i, row j, slice k) and its affine maps (i, j, k, 1) to LPS, converted to RAS+ with LPS_TO_RAS for
`VolumeGrid` (NIfTI's world, what dcm2niix writes).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from pydicom.dataset import Dataset

from medseg_ml.volumes.grid import LPS_TO_RAS, VolumeGrid


def floats(dataset: Dataset, keyword: str, count: int) -> tuple[float, ...] | None:
    """`count` numbers of a multi-valued tag (IPP, IOP, PixelSpacing), or None when absent or damaged."""
    value = dataset.get(keyword)
    if value is None:
        return None
    try:
        numbers = tuple(float(v) for v in (value if isinstance(value, Sequence | np.ndarray) else [value]))
    except (TypeError, ValueError):
        return None
    if len(numbers) != count or not all(np.isfinite(numbers)):
        return None
    return numbers


def first_number(dataset: Dataset, keyword: str) -> float | None:
    """The first value of a numeric tag that may hold several (WindowCenter), or None."""
    value = dataset.get(keyword)
    if value is None or value == "":
        return None
    try:
        number = float(value[0] if isinstance(value, Sequence) and not isinstance(value, str) else value)
    except (TypeError, ValueError, IndexError):
        return None
    return number if np.isfinite(number) else None


def window(dataset: Dataset) -> tuple[float, float] | None:
    """(center, width) of the file's first VOI window; None without one or with a width below 1."""
    center = first_number(dataset, "WindowCenter")
    width = first_number(dataset, "WindowWidth")
    if center is None or width is None or width < 1:
        return None
    return center, width


def slice_normal(orientation: Sequence[float]) -> np.ndarray:
    """Unit vector normal to the slice plane (row direction x column direction), LPS."""
    normal = np.cross(
        np.asarray(orientation[:3], dtype=np.float64), np.asarray(orientation[3:], dtype=np.float64)
    )
    length = np.linalg.norm(normal)
    return normal / length if length > 0 else normal


def valid_orientation(orientation: Sequence[float] | None) -> bool:
    """Two non-zero, non-parallel direction cosines."""
    if orientation is None:
        return False
    row, column = np.asarray(orientation[:3]), np.asarray(orientation[3:])
    return bool(
        np.linalg.norm(row) > 0.5
        and np.linalg.norm(column) > 0.5
        and np.linalg.norm(np.cross(row, column)) > 0.5
    )


def source_affine(
    orientation: Sequence[float],
    pixel_spacing: Sequence[float],
    origin: Sequence[float],
    step: Sequence[float],
) -> np.ndarray:
    """RAS+ affine of the (column, row, slice) source array.

    Args:
        orientation: ImageOrientationPatient (row direction, then column direction).
        pixel_spacing: PixelSpacing (between rows, between columns), mm.
        origin: ImagePositionPatient of the first slice, LPS mm.
        step: LPS mm from one slice's position to the next (kept as it is, so a gantry tilt shears).
    """
    lps = np.eye(4)
    lps[:3, 0] = np.asarray(orientation[:3], dtype=np.float64) * float(pixel_spacing[1])
    lps[:3, 1] = np.asarray(orientation[3:], dtype=np.float64) * float(pixel_spacing[0])
    lps[:3, 2] = np.asarray(step, dtype=np.float64)
    lps[:3, 3] = np.asarray(origin, dtype=np.float64)
    return LPS_TO_RAS @ lps


def slice_thickness(dataset: Dataset) -> float:
    """The distance to the next slice of a lone slice: SpacingBetweenSlices, else SliceThickness, else 1."""
    for keyword in ("SpacingBetweenSlices", "SliceThickness"):
        value = first_number(dataset, keyword)
        if value is not None and value > 0:
            return value
    return 1.0


def single_slice_grid(dataset: Dataset) -> VolumeGrid | None:
    """The grid of one single-frame slice with IOP, IPP and PixelSpacing, when it is shown as one slice.

    Only a slice whose normal is closest to the patient's feet-head axis keeps one display slice; a lone
    sagittal or coronal slice would become a stack of one-pixel-wide slices in display order, so it stays
    a plain 2D image (None), as it was before grids.
    """
    orientation = floats(dataset, "ImageOrientationPatient", 6)
    position = floats(dataset, "ImagePositionPatient", 3)
    spacing = floats(dataset, "PixelSpacing", 2)
    rows, columns = int(dataset.get("Rows", 0) or 0), int(dataset.get("Columns", 0) or 0)
    if not (
        valid_orientation(orientation) and position and spacing and min(spacing) > 0 and rows and columns
    ):
        return None
    normal = slice_normal(orientation)  # type: ignore[arg-type]
    affine = source_affine(orientation, spacing, position, normal * slice_thickness(dataset))  # type: ignore[arg-type]
    grid = VolumeGrid.create((columns, rows, 1), affine)
    return grid if grid.display_shape[0] == 1 else None
