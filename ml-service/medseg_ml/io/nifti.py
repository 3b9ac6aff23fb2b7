"""NIfTI (.nii, .nii.gz): 3D volumes become axial slices shown as a DICOM viewer shows them."""

from __future__ import annotations

from pathlib import Path

import nibabel as nib
import numpy as np

from medseg_ml.io.decoded import NIFTI, DecodedImage, DecodeError, check_pixels, native


def decode_nifti(path: Path, *, as_mask: bool, max_pixels: int) -> DecodedImage:
    """Decode a NIfTI volume into axial slices.

    The volume is reoriented to RAS+ (`as_closest_canonical`), so slices run along the last axis from
    inferior to superior. Each (X, Y) slice is transposed and flipped in both axes so anterior is up and
    the patient's right is on the left, as in a DICOM viewer; image and mask get the same transform, so
    they stay aligned. scl_slope/scl_inter are applied.

    Returns:
        pixels (Z, 1, Y, X).

    Raises:
        DecodeError: unreadable, 4D with more than one volume, colour, or slices too large.
    """
    del as_mask  # labels and intensities are read alike
    try:
        image = nib.load(path, mmap=False)
    # nibabel raises ImageFileError, OSError, EOFError, ValueError and more on damaged files.
    except Exception as e:
        raise DecodeError(f"Cannot be read as NIfTI ({e}); export it again") from None
    shape = tuple(int(n) for n in image.shape)
    if len(shape) == 4 and shape[3] == 1:
        shape = shape[:3]
    elif len(shape) > 3:
        dims = "x".join(str(n) for n in shape)
        raise DecodeError(
            f"Is {len(shape)}D ({dims}); only 3D volumes are read, so split it into one file per volume"
        )
    elif len(shape) < 2:
        raise DecodeError(f"Has {len(shape)} dimension(s); a NIfTI image needs at least 2")
    check_pixels(shape[0], shape[1], max_pixels)
    try:
        if len(shape) == 3:
            image = nib.as_closest_canonical(image)
        data = np.asarray(image.dataobj)
    except Exception as e:
        raise DecodeError(f"Its voxels cannot be read ({e}); export it again") from None
    if data.dtype.fields is not None:
        raise DecodeError("Is a colour (RGB) NIfTI; save it as a single-channel volume")
    volume = data.reshape(data.shape[0], data.shape[1], -1)
    slices = native(volume).transpose(2, 1, 0)[:, ::-1, ::-1]
    return DecodedImage(np.ascontiguousarray(slices[:, None]), NIFTI, volume=slices.shape[0] > 1)
