"""The objects the volume viewer opens per case: `cases/<index>/image.nii.gz` (channel 0),
`image_<c>.nii.gz` (channel c >= 1) and `mask.nii.gz` (labelled cases), on the input's own grid."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from medseg_ml.volumes.grid import VolumeGrid
from medseg_ml.volumes.nifti_out import display_to_nifti

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
