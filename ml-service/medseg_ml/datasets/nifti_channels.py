"""MSD v1's multi-channel NIfTI: one 4D file whose 4th axis holds the channels (BRATS: FLAIR, T1w, ...).

io/nifti.py reads 3D NIfTI only (a 4D file there is a time series it refuses); in an MSD archive without
channel suffixes a 4D file with a short 4th axis is the case's channels, so it is read here.
"""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import nibabel as nib
import numpy as np

from medseg_ml.io.budget import DecodeBudget
from medseg_ml.io.decoded import DecodeError, native
from medseg_ml.volumes.grid import VolumeGrid

MAX_CHANNELS = 8
_HEADER_BYTES = 540


def nifti_channel_count(path: Path) -> int:
    """The 4th dimension of a 4D NIfTI at `path` (.nii or .nii.gz), 1 for anything else or unreadable."""
    try:
        with path.open("rb") as f:
            head = f.read(2)
        opener = gzip.open if head == b"\x1f\x8b" else open
        with opener(path, "rb") as f:
            header = nib.Nifti1Header.from_fileobj(io.BytesIO(f.read(_HEADER_BYTES)), check=False)
        shape = header.get_data_shape()
    except Exception:
        return 1
    return int(shape[3]) if len(shape) == 4 and shape[3] > 1 else 1


def decode_nifti_channels(path: Path, budget: DecodeBudget) -> tuple[np.ndarray, VolumeGrid]:
    """Read a 4D NIfTI as channels.

    Returns:
        pixels (S, C, H, W) display-ordered (see volumes/grid.py), and the file's grid.

    Raises:
        DecodeError: more than MAX_CHANNELS, unreadable, or over the budget.
    """
    budget.check_file(path)
    try:
        image = nib.load(path, mmap=False)
        shape = tuple(int(n) for n in image.shape)
        dtype = image.get_data_dtype()
    except Exception as e:
        raise DecodeError(f"Cannot be read as NIfTI ({e}); export it again") from None
    if len(shape) != 4 or not 1 < shape[3] <= MAX_CHANNELS:
        raise DecodeError(
            f"Is {'x'.join(map(str, shape))}; a multi-channel NIfTI holds 2 to {MAX_CHANNELS} channels "
            "along its 4th axis: save one file per channel (case_0000.nii.gz, case_0001.nii.gz ...)"
        )
    slope, inter = image.header.get_slope_inter()
    scaled = slope not in (None, 1.0) or inter not in (None, 0.0)
    item_bytes = 8 if scaled else dtype.itemsize
    budget.check_volume(
        width=shape[0], height=shape[1], slices=shape[2], channels=shape[3], item_bytes=item_bytes
    )
    try:
        data = np.asarray(image.dataobj)
    except Exception as e:
        raise DecodeError(f"Its voxels cannot be read ({e}); export it again") from None
    grid = VolumeGrid.create(shape[:3], image.affine)
    display = grid.to_display(native(data))  # (S, H, W, C)
    return np.ascontiguousarray(display.transpose(0, 3, 1, 2)), grid
