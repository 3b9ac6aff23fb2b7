"""A predicted slice mask written back as NIfTI on the grid of the volume it came from."""

from __future__ import annotations

import gzip
from collections.abc import Sequence

import nibabel as nib
import numpy as np


def is_nifti_name(file_name: str) -> bool:
    name = file_name.lower()
    return name.endswith(".nii") or name.endswith(".nii.gz")


def nifti_mask(data: bytes, slice_index: int, mask: np.ndarray, label_values: Sequence[int]) -> bytes:
    """Place a display-oriented slice mask into a zero volume shaped like the uploaded NIfTI.

    The decoder (io/nifti.py) shows slice z of the RAS+ volume as `vol[:, :, z].T[::-1, ::-1]`, so
    the inverse puts the mask back with `[::-1, ::-1].T`, and the canonical affine keeps it in the
    same world coordinates as the input: viewers overlay it on the original without resampling.

    Args:
        data: the uploaded .nii or .nii.gz bytes.
        mask: (H, W) class indices as returned to the browser.
        label_values: label value of each class index.

    Returns:
        A gzipped NIfTI-1 file.
    """
    raw = gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data
    image = nib.Nifti1Image.from_bytes(raw)
    if len(image.shape) >= 3:
        image = nib.as_closest_canonical(image)
    shape = tuple(int(n) for n in image.shape[:3]) if len(image.shape) >= 3 else (*image.shape[:2], 1)
    labels = np.asarray(label_values, dtype=np.int64)[mask]
    dtype = np.uint8 if labels.max(initial=0) < 256 and labels.min(initial=0) >= 0 else np.int32
    volume = np.zeros(shape, dtype=dtype)
    volume[:, :, slice_index] = labels[::-1, ::-1].T.astype(dtype)
    out = nib.Nifti1Image(volume, image.affine)
    out.header.set_xyzt_units(*image.header.get_xyzt_units())
    return gzip.compress(out.to_bytes(), compresslevel=6)
