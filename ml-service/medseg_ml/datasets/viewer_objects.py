"""The objects the volume viewer opens per case: `cases/<index>/image.nii.gz` (channel 0),
`image_<c>.nii.gz` (channel c >= 1) and `mask.nii.gz` (labelled cases), on the input's own grid."""

from __future__ import annotations

import gzip
from collections.abc import Iterator

import nibabel as nib
import numpy as np

from medseg_ml.volumes.grid import VolumeGrid

try:
    from medseg_ml.volumes.nifti_out import display_to_nifti
except ImportError:  # TEMPORARY until helper io's volumes/nifti_out.py is merged; the lead removes this.

    def display_to_nifti(display_array: np.ndarray, grid: VolumeGrid, *, is_label: bool) -> bytes:
        """Gzipped NIfTI-1 of a display-ordered (S, H, W) array on `grid`'s source grid."""
        source = np.ascontiguousarray(grid.to_source(display_array))
        image = nib.Nifti1Image(source, grid.source_affine)
        image.header.set_xyzt_units("mm")
        if is_label:
            image.header.set_intent("label")
        return gzip.compress(image.to_bytes(), compresslevel=1, mtime=0)


NIFTI_CONTENT_TYPE = "application/gzip"


def case_prefix(index: int) -> str:
    return f"cases/{index:05d}"


def image_path(index: int, channel: int) -> str:
    name = "image.nii.gz" if channel == 0 else f"image_{channel}.nii.gz"
    return f"{case_prefix(index)}/{name}"


def mask_path(index: int) -> str:
    return f"{case_prefix(index)}/mask.nii.gz"


def viewer_objects(
    index: int, pixels: np.ndarray, mask: np.ndarray | None, grid: VolumeGrid
) -> Iterator[tuple[str, bytes]]:
    """(path, gzipped NIfTI) of each channel of pixels (S, C, H, W), then of mask (S, H, W) unless None.

    One object at a time, so no more than one compressed volume is held beside the case itself.
    """
    for channel in range(pixels.shape[1]):
        yield image_path(index, channel), display_to_nifti(pixels[:, channel], grid, is_label=False)
    if mask is not None:
        yield mask_path(index), display_to_nifti(mask, grid, is_label=True)
