"""What every decoder returns, and the error it raises for a file it cannot read."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

PNG = "PNG"
JPEG = "JPEG"
DICOM = "DICOM"
NIFTI = "NIfTI"


class DecodeError(Exception):
    """A file cannot be used; the message is the per-file reason shown to the user, without the path."""


@dataclass(frozen=True)
class DecodedImage:
    """Pixels of one file, in the file's own value range.

    Attributes:
        pixels: (S, C, H, W): S slices (1 for a 2D image), C channels (1 gray, 3 RGB), native byte order.
        format: PNG, JPEG, DICOM or NIfTI.
        modality: the DICOM Modality (MR, CT, ...), else empty.
        lossy: pixel values went through lossy compression (JPEG), so label values may be blurred.
        volume: the slices come from one 3D volume (NIfTI, multi-frame DICOM).
    """

    pixels: np.ndarray
    format: str
    modality: str = ""
    lossy: bool = False
    volume: bool = False

    @property
    def width(self) -> int:
        return int(self.pixels.shape[3])

    @property
    def height(self) -> int:
        return int(self.pixels.shape[2])

    @property
    def slice_count(self) -> int:
        return int(self.pixels.shape[0])


def native(array: np.ndarray) -> np.ndarray:
    """`array` in this machine's byte order (big-endian DICOM decodes to '>i2', which safetensors refuses)."""
    return array.astype(array.dtype.newbyteorder("="), copy=False)
