"""A predicted slice mask written back as NIfTI on the grid of the volume it came from."""

from __future__ import annotations

import gzip
from collections.abc import Mapping, Sequence

import nibabel as nib
import numpy as np

from medseg_ml.io.nifti import plain_nifti


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

    The decoder (io/nifti.py) shows slice z of the RAS+ volume as `vol[:, :, z].T[::-1, ::-1]`, so
    the inverse puts each mask back with `[::-1, ::-1].T`, and the canonical affine keeps it in the
    same world coordinates as the input: viewers overlay it on the original without resampling.

    Args:
        data: the input .nii or .nii.gz bytes.
        slices: (H, W) class indices by slice index; slices not given stay background (0).
        label_values: label value of each class index.

    Returns:
        A gzipped NIfTI-1 file of label values.
    """
    image = nib.Nifti1Image.from_bytes(plain_nifti(data))
    if len(image.shape) >= 3:
        image = nib.as_closest_canonical(image)
    shape = tuple(int(n) for n in image.shape[:3]) if len(image.shape) >= 3 else (*image.shape[:2], 1)
    values = np.asarray(label_values, dtype=np.int64)
    dtype = np.uint8 if values.max(initial=0) < 256 and values.min(initial=0) >= 0 else np.int32
    volume = np.zeros(shape, dtype=dtype)
    for z, mask in slices.items():
        volume[:, :, z] = values[mask][::-1, ::-1].T.astype(dtype)
    out = nib.Nifti1Image(volume, image.affine)
    out.header.set_xyzt_units(*image.header.get_xyzt_units())
    return gzip.compress(out.to_bytes(), compresslevel=6)
