"""A predicted slice mask written back as NIfTI on the grid of the volume it came from."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import nibabel as nib
import numpy as np

from medseg_ml.io.nifti import plain_nifti
from medseg_ml.volumes.grid import VolumeGrid
from medseg_ml.volumes.nifti_out import display_to_nifti, nifti_bytes


def is_nifti_name(file_name: str) -> bool:
    name = file_name.lower()
    return name.endswith(".nii") or name.endswith(".nii.gz")


def nifti_mask(data: bytes, slice_index: int, mask: np.ndarray, label_values: Sequence[int]) -> bytes:
    """Place a display-oriented slice mask into a zero volume shaped like the uploaded NIfTI.

    Args:
        data: the uploaded .nii or .nii.gz bytes.
        mask: (H, W) class indices as returned to the browser.
        label_values: label value of each class index.

    Returns:
        A gzipped NIfTI-1 file.
    """
    return nifti_volume_mask(data, {slice_index: mask}, label_values)


def nifti_volume_mask(data: bytes, slices: Mapping[int, np.ndarray], label_values: Sequence[int]) -> bytes:
    """Write display-oriented slice masks into a volume on the grid of the NIfTI they came from.

    The decoder (io/nifti.py) shows a 3D volume in display order through its own `VolumeGrid`; the
    masks go back through the same grid (`display_to_nifti`), so the file has the input's shape and
    affine, voxel for voxel: viewers and nnU-Net's evaluation overlay it on the original as it is.
    A 2D NIfTI is one slice, shown as `vol[:, :, 0].T[::-1, ::-1]`, and put back by the inverse.

    Args:
        data: the input .nii or .nii.gz bytes.
        slices: (H, W) class indices by display slice index; slices not given stay background (0).
        label_values: label value of each class index.

    Returns:
        A gzipped NIfTI-1 file of label values.
    """
    image = nib.Nifti1Image.from_bytes(plain_nifti(data))
    values = np.asarray(label_values, dtype=np.int64)
    if len(image.shape) >= 3:
        grid = VolumeGrid.create(image.shape[:3], image.affine)
        display = np.zeros(grid.display_shape, dtype=np.int64)
        for z, mask in slices.items():
            display[z] = values[mask]
        return display_to_nifti(display, grid, is_label=True)
    volume = np.zeros((*image.shape[:2], 1), dtype=np.int64)
    for z, mask in slices.items():
        volume[:, :, z] = values[mask][::-1, ::-1].T
    return nifti_bytes(volume, image.affine, is_label=True)
