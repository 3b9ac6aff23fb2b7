"""Masks as numpy arrays: NIfTI through nibabel, PNG through Pillow (the optional `arrays` extra).

Imported only when an array is asked for, so the client and the CLI run without numpy.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Sequence
from typing import Any

from .errors import MissingExtra

_HINT = "Masks as arrays need numpy, nibabel and Pillow: pip install 'medseg-client[arrays]'"


def _numpy() -> Any:
    try:
        import numpy
    except ImportError as error:
        raise MissingExtra(_HINT) from error
    return numpy


def nifti_array(data: bytes) -> tuple[Any, Any]:
    """A NIfTI file's voxels and affine.

    Returns:
        (array, affine): the label values in the file's own voxel order (the input's grid, so it
        lines up with nibabel.load of the input), and the 4x4 voxel-to-world matrix.
    """
    numpy = _numpy()
    try:
        import nibabel
    except ImportError as error:
        raise MissingExtra(_HINT) from error
    # nibabel.load picks NIfTI-1 or -2 and handles the gzip, but only from a file name.
    fd, path = tempfile.mkstemp(suffix=".nii.gz" if data[:2] == b"\x1f\x8b" else ".nii")
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
        image = nibabel.load(path)
        return numpy.asarray(image.dataobj), numpy.asarray(image.affine)
    finally:
        os.unlink(path)


def png_label_array(data: bytes, label_values: Sequence[float]) -> Any:
    """A class-index PNG mask as label values, (H, W).

    The gateway's PNG holds class indices (class i is label value label_values[i]); a NIfTI mask
    holds label values, so both kinds of prediction come back in the same terms.
    """
    numpy = _numpy()
    try:
        from PIL import Image
    except ImportError as error:
        raise MissingExtra(_HINT) from error
    indices = numpy.asarray(Image.open(io.BytesIO(data)))
    if indices.ndim == 3:
        indices = indices[..., 0]
    values = numpy.asarray([int(value) for value in label_values] or [0])
    top = values.max(initial=0)
    dtype = numpy.uint8 if top < 2**8 else numpy.uint16 if top < 2**16 else numpy.int64
    return values.astype(dtype)[indices]
