"""DICOM: monochrome and RGB, single- or multi-frame, uncompressed or any syntax a pixel plugin decodes.

Compressed syntaxes decode through pydicom's own RLE and deflate support and the pylibjpeg plugins
(JPEG baseline/extended/lossless, JPEG-LS, JPEG 2000); anything else becomes a per-file reason.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pydicom
from pydicom.dataset import FileDataset
from pydicom.uid import UID

from medseg_ml.io.decoded import DICOM, DecodedImage, DecodeError, check_pixels, native

_PIXEL_KEYWORDS = ("PixelData", "FloatPixelData", "DoubleFloatPixelData")


def is_dicom(path: Path) -> bool:
    """Whether `path` starts with the 128-byte preamble and the DICM marker of a DICOM Part 10 file."""
    with path.open("rb") as f:
        head = f.read(132)
    return len(head) == 132 and head[128:] == b"DICM"


def decode_dicom(path: Path, *, as_mask: bool, max_pixels: int) -> DecodedImage:
    """Decode a DICOM file.

    Rescale slope and intercept are applied (integers stay integers); MONOCHROME1 images are inverted
    within their value range so bright means dense, as with MONOCHROME2. Masks are never inverted.

    Returns:
        pixels (S, C, H, W): S frames, C 1 or 3 (YBR is converted to RGB).

    Raises:
        DecodeError: not DICOM, no pixel data, too large, or a transfer syntax we cannot decode.
    """
    dataset = _read(path)
    if not any(k in dataset for k in _PIXEL_KEYWORDS):
        kind = getattr(dataset.get("SOPClassUID"), "name", "") or "non-image"
        raise DecodeError(f"Holds no pixel data (it is a {kind} object); export the image series instead")
    check_pixels(int(dataset.get("Columns", 0)), int(dataset.get("Rows", 0)), max_pixels)
    array = _pixels(dataset)
    frames = int(dataset.get("NumberOfFrames", 1) or 1)
    channels = int(dataset.get("SamplesPerPixel", 1) or 1)
    if frames == 1:
        array = array[None]
    if channels == 1:
        array = array[..., None]
    pixels = array.transpose(0, 3, 1, 2)
    if channels == 1:
        pixels = _rescale(pixels, dataset)
        if not as_mask and dataset.get("PhotometricInterpretation") == "MONOCHROME1":
            pixels = _invert(pixels)
    transfer_syntax = _transfer_syntax(dataset)
    return DecodedImage(
        np.ascontiguousarray(pixels),
        DICOM,
        modality=str(dataset.get("Modality", "") or ""),
        lossy=bool(
            transfer_syntax and transfer_syntax.is_compressed and "Lossless" not in transfer_syntax.name
        ),
        volume=frames > 1,
    )


def _read(path: Path) -> FileDataset:
    try:
        with warnings.catch_warnings():
            # pydicom warns about every non-conformant tag; the file is either usable or a DecodeError.
            warnings.simplefilter("ignore")
            return pydicom.dcmread(path, force=True)
    # pydicom raises InvalidDicomError, OSError, ValueError, KeyError and more on damaged files.
    except Exception as e:
        raise DecodeError(f"Cannot be read as DICOM ({_first_line(e)}); export it again") from None


def _pixels(dataset: FileDataset) -> np.ndarray:
    transfer_syntax = _transfer_syntax(dataset)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return native(dataset.pixel_array)
    # Pixel handlers raise RuntimeError, ValueError, AttributeError, NotImplementedError and more.
    except Exception as e:
        if transfer_syntax is None:
            raise DecodeError(
                "Has no transfer syntax in its file meta information; export it again as DICOM Part 10"
            ) from None
        if transfer_syntax.is_compressed:
            raise DecodeError(
                f"Its pixel data is compressed as {transfer_syntax.name}, which cannot be decoded here "
                f"({_first_line(e)}); export it uncompressed (Explicit VR Little Endian)"
            ) from None
        raise DecodeError(f"Its pixel data cannot be read ({_first_line(e)}); export it again") from None


def _transfer_syntax(dataset: FileDataset) -> UID | None:
    meta = getattr(dataset, "file_meta", None)
    uid = meta.get("TransferSyntaxUID") if meta is not None else None
    return UID(str(uid)) if uid else None


def _rescale(pixels: np.ndarray, dataset: FileDataset) -> np.ndarray:
    """Apply RescaleSlope/RescaleIntercept (Hounsfield units for CT)."""
    slope = float(dataset.get("RescaleSlope", 1) or 1)
    intercept = float(dataset.get("RescaleIntercept", 0) or 0)
    if slope == 1 and intercept == 0:
        return pixels
    if slope.is_integer() and intercept.is_integer():
        return pixels.astype(np.int64) * int(slope) + int(intercept)
    return pixels.astype(np.float32) * np.float32(slope) + np.float32(intercept)


def _invert(pixels: np.ndarray) -> np.ndarray:
    wide = pixels.astype(np.float32 if pixels.dtype.kind == "f" else np.int64)
    return wide.max() + wide.min() - wide


def _first_line(error: Exception) -> str:
    text = str(error).strip().splitlines()
    return text[0][:200] if text else type(error).__name__
