"""NIfTI files other tools open voxel for voxel: written on the input's own grid, never a reoriented one.

Everything MedSeg holds is display-ordered (volumes/grid.py); `display_to_nifti` puts it back with
`grid.to_source` and the file's own affine, so nnU-Net's evaluation, 3D Slicer and ITK-SNAP overlay a
mask on its image without resampling.
"""

from __future__ import annotations

import gzip

import nibabel as nib
import numpy as np

from medseg_ml.volumes.grid import VolumeGrid

_LABEL_DTYPES = (np.uint8, np.uint16, np.uint32)


def nifti_bytes(source_array: np.ndarray, source_affine: np.ndarray, *, is_label: bool) -> bytes:
    """A gzipped NIfTI-1 file of `source_array` (i, j, k) with `source_affine` (index to RAS+ mm).

    Labels are stored in the smallest unsigned integer type that holds them (uint8 for up to 255
    classes), intensities keep their dtype. Units are millimetres; sform and qform both carry the affine
    (code 1, scanner), as nibabel writes them, so every reader finds the same grid.

    Raises:
        ValueError: the array is not 3D, or labels are negative or not whole numbers.
    """
    array = np.asarray(source_array)
    if array.ndim != 3:
        raise ValueError(f"a NIfTI volume needs a 3D array, got shape {array.shape}")
    if is_label:
        array = _label_array(array)
    elif array.dtype == np.bool_:
        array = array.astype(np.uint8)
    affine = np.asarray(source_affine, dtype=np.float64)
    image = nib.Nifti1Image(np.ascontiguousarray(array), affine)
    image.header.set_xyzt_units("mm", "sec")
    image.set_sform(affine, code=1)
    image.set_qform(affine, code=1)
    # Level 1: these go to a viewer and to S3 right away; level 6 costs several times the time for a
    # few percent less on label volumes.
    return gzip.compress(image.to_bytes(), compresslevel=1)


def display_to_nifti(display_array: np.ndarray, grid: VolumeGrid, *, is_label: bool) -> bytes:
    """A display-ordered (slice, row, column) array written as NIfTI on `grid`'s source grid."""
    return nifti_bytes(grid.to_source(np.asarray(display_array)), grid.source_affine, is_label=is_label)


def _label_array(array: np.ndarray) -> np.ndarray:
    if array.dtype.kind == "f" and not np.all(np.equal(np.mod(array, 1), 0)):
        raise ValueError("label values must be whole numbers")
    low = int(array.min(initial=0))
    high = int(array.max(initial=0))
    if low < 0:
        raise ValueError(f"label values must not be negative, got {low}")
    for dtype in _LABEL_DTYPES:
        if high <= np.iinfo(dtype).max:
            return array.astype(dtype, copy=False)
    raise ValueError(f"label value {high} does not fit in 32 bits")
