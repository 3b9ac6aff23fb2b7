"""What every decoder returns, and the error it raises for a file it cannot read."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from medseg_ml.volumes.grid import VolumeGrid

PNG = "PNG"
JPEG = "JPEG"
DICOM = "DICOM"
NIFTI = "NIfTI"
NRRD = "NRRD"
META_IMAGE = "MetaImage"
DICOM_SEG = "DICOM-SEG"


class DecodeError(Exception):
    """A file cannot be used; the message is the per-file reason shown to the user, without the path."""


@dataclass(frozen=True)
class DecodedImage:
    """Pixels of one file, in the file's own value range.

    Attributes:
        pixels: (S, C, H, W): S slices (1 for a 2D image), C channels (1 gray, 3 RGB), native byte order.
        format: PNG, JPEG, DICOM, NIfTI, NRRD, MetaImage or DICOM-SEG.
        modality: the DICOM Modality (MR, CT, ...), else empty.
        lossy: pixel values went through lossy compression (JPEG), so label values may be blurred.
        volume: the slices come from one 3D volume (NIfTI, multi-frame DICOM).
        grid: where the voxels sit (the file's own grid; `pixels` are `grid.to_display` of it); None for
            2D images and files without geometry.
        window: the file's own display window as (center, width) (DICOM WindowCenter/WindowWidth).
        series_instance_uid: the DICOM SeriesInstanceUID, else empty.
        labels: (label value, name) of each segment a DICOM-SEG names, else empty.
    """

    pixels: np.ndarray
    format: str
    modality: str = ""
    lossy: bool = False
    volume: bool = False
    grid: VolumeGrid | None = None
    window: tuple[float, float] | None = None
    series_instance_uid: str = ""
    labels: tuple[tuple[int, str], ...] = ()

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
