"""DICOM: monochrome and RGB, single- or multi-frame, uncompressed or any syntax a pixel plugin decodes.

Compressed syntaxes decode through pydicom's own RLE and deflate support and the pylibjpeg plugins
(JPEG baseline/extended/lossless, JPEG-LS, JPEG 2000); anything else becomes a per-file reason.
"""

from __future__ import annotations

import warnings
import zlib
from pathlib import Path

import numpy as np
import pydicom
from pydicom.dataset import FileDataset
from pydicom.filebase import DicomFileLike
from pydicom.filereader import _read_file_meta_info, read_preamble
from pydicom.filewriter import write_file_meta_info
from pydicom.uid import UID, DeflatedExplicitVRLittleEndian, ExplicitVRLittleEndian

from medseg_ml.io.budget import (
    HEADER_ALLOWANCE_BYTES,
    VOLUME_SETTING,
    BudgetError,
    CappedInflater,
    DecodeBudget,
    format_bytes,
)
from medseg_ml.io.decoded import DICOM, DecodedImage, DecodeError, native
from medseg_ml.io.dicom_geometry import single_slice_grid, window

_PIXEL_KEYWORDS = ("PixelData", "FloatPixelData", "DoubleFloatPixelData")


def is_dicom(path: Path) -> bool:
    """Whether `path` starts with the 128-byte preamble and the DICM marker of a DICOM Part 10 file."""
    with path.open("rb") as f:
        return has_dicom_marker(f.read(132))


def has_dicom_marker(head: bytes) -> bool:
    """`is_dicom` of a file's first bytes (at least 132 of them, or the whole file)."""
    return len(head) >= 132 and head[128:132] == b"DICM"


def decode_dicom(path: Path, *, as_mask: bool, budget: DecodeBudget) -> DecodedImage:
    """Decode a DICOM file.

    Rescale slope and intercept are applied (integers stay integers); MONOCHROME1 images are inverted
    within their value range so bright means dense, as with MONOCHROME2. Masks are never inverted.
    A single-frame grayscale slice with IPP, IOP and PixelSpacing gets its grid (`single_slice_grid`)
    and is shown in its display order; the window is the file's first WindowCenter/WindowWidth.

    The header (read with `stop_before_pixels`) is checked against `budget` before the pixel data is
    read; a deflated data set is first inflated next to `path` under the budget's cap, never whole.

    Returns:
        pixels (S, C, H, W): S frames, C 1 or 3 (YBR is converted to RGB).

    Raises:
        DecodeError: not DICOM, no pixel data, over the budget, or a transfer syntax we cannot decode.
    """
    pixels, dataset = decode_stored(path, as_mask=as_mask, budget=budget)
    frames, channels = pixels.shape[:2]
    # A multi-frame file's geometry lives in per-frame functional groups: it stays without a grid.
    grid = single_slice_grid(dataset) if frames == 1 and channels == 1 else None
    if grid is not None:
        # Display order of the (column, row, 1) source: the frame itself for a plain axial slice.
        pixels = grid.to_display(pixels[0, 0].T[:, :, None])[:, None]
    uid = str(dataset.get("SOPInstanceUID", "") or "")
    return DecodedImage(
        np.ascontiguousarray(pixels),
        DICOM,
        modality=str(dataset.get("Modality", "") or ""),
        lossy=is_lossy(dataset),
        volume=frames > 1,
        grid=grid,
        window=window(dataset),
        series_instance_uid=str(dataset.get("SeriesInstanceUID", "") or ""),
        sop_instance_uids=(uid,) if uid and frames == 1 else (),
    )


def decode_stored(path: Path, *, as_mask: bool, budget: DecodeBudget) -> tuple[np.ndarray, FileDataset]:
    """The pixels (S, C, H, W) as stored (frames, rows, columns), rescaled, MONOCHROME1 inverted unless
    `as_mask`, and the data set they came from; budget and deflate handled as `decode_dicom` says."""
    budget.check_file(path)
    inflated = path.with_name(f"{path.name}.inflated.dcm")
    try:
        source = inflated if _inflate_deflated(path, inflated, as_mask, budget) else path
        _check_header(source, as_mask, budget)
        dataset = _read(source)
        return _stored(dataset, as_mask), dataset
    finally:
        inflated.unlink(missing_ok=True)


def _stored(dataset: FileDataset, as_mask: bool) -> np.ndarray:
    if not any(k in dataset for k in _PIXEL_KEYWORDS):
        kind = getattr(dataset.get("SOPClassUID"), "name", "") or "non-image"
        raise DecodeError(f"Holds no pixel data (it is a {kind} object); export the image series instead")
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
            pixels = invert(pixels)
    return pixels


def read_header(path: Path, budget: DecodeBudget) -> FileDataset:
    """The data set of `path` without its pixel data; a deflated one is inflated under `budget` first.

    Raises:
        DecodeError: not DICOM, or its deflated stream is damaged or over the budget.
    """
    budget.check_file(path)
    inflated = path.with_name(f"{path.name}.inflated.dcm")
    try:
        source = inflated if _inflate_deflated(path, inflated, True, budget) else path
        return _read(source, stop_before_pixels=True)
    finally:
        inflated.unlink(missing_ok=True)


def is_lossy(dataset: FileDataset) -> bool:
    """The pixel data went through lossy compression."""
    transfer_syntax = _transfer_syntax(dataset)
    return bool(transfer_syntax and transfer_syntax.is_compressed and "Lossless" not in transfer_syntax.name)


def _inflate_deflated(path: Path, dest: Path, as_mask: bool, budget: DecodeBudget) -> bool:
    """Write a deflated data set to `dest` as Explicit VR Little Endian; False when it is not deflated.

    pydicom inflates a deflated data set whole into memory. Here the first HEADER_ALLOWANCE_BYTES are
    inflated, the header they hold is checked, and the rest may only be as long as its pixels: a
    deflate bomb is refused after a few megabytes, on disk, never in memory.
    """
    try:
        with path.open("rb") as f, warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if read_preamble(f, force=True) is None:
                return False
            meta = _read_file_meta_info(f)
            if str(meta.get("TransferSyntaxUID", "")) != DeflatedExplicitVRLittleEndian:
                return False
            meta.TransferSyntaxUID = ExplicitVRLittleEndian
            inflater = CappedInflater(f, wbits=-zlib.MAX_WBITS, what="its deflated data set")
            with dest.open("wb") as out:
                out.write(b"\0" * 128 + b"DICM")
                write_file_meta_info(DicomFileLike(out), meta, enforce_standard=False)
                if inflater.run(out, HEADER_ALLOWANCE_BYTES, refuse=False):
                    return True
                out.flush()
                stored = _check_header(dest, as_mask, budget, complete=False)
                inflater.run(out, budget.inflate_cap(stored), refuse=True)
    except DecodeError:
        raise
    # A damaged preamble or meta group: the full read below says what is wrong.
    except Exception:
        return False
    return True


def _check_header(path: Path, as_mask: bool, budget: DecodeBudget, *, complete: bool = True) -> int:
    """Refuse pixels the header claims beyond the budget, and a file far larger than its pixels.

    Args:
        complete: the file is whole; False while a deflated data set is still being inflated.

    Returns:
        Bytes of pixel data the header describes.
    """
    header = _read(path, stop_before_pixels=True)
    rows, columns = _int(header, "Rows"), _int(header, "Columns")
    if not rows or not columns:
        return 0  # no image; the full read reports what it is
    frames = _int(header, "NumberOfFrames") or 1
    channels = _int(header, "SamplesPerPixel") or 1
    bits = _int(header, "BitsAllocated") or 8
    slope = float(header.get("RescaleSlope", 1) or 1)
    intercept = float(header.get("RescaleIntercept", 0) or 0)
    inverted = not as_mask and header.get("PhotometricInterpretation") == "MONOCHROME1"
    # _rescale and invert widen to int64 (or float32); 1-bit pixels unpack to one byte each.
    widened = slope != 1 or intercept != 0 or inverted
    item_bytes = 8 if widened and channels == 1 else max(1, (bits + 7) // 8)
    budget.check_volume(width=columns, height=rows, slices=frames, channels=channels, item_bytes=item_bytes)
    stored = rows * columns * frames * channels * max(1, (bits + 7) // 8)
    size = path.stat().st_size
    if complete and size > stored + HEADER_ALLOWANCE_BYTES:
        raise BudgetError(
            f"Holds {format_bytes(size)}, far more than the {format_bytes(stored)} of pixels its header "
            f"describes ({columns}x{rows}, {frames} frame(s)); a file larger than its pixels plus "
            f"{format_bytes(HEADER_ALLOWANCE_BYTES)} is refused ({VOLUME_SETTING}); export it again"
        )
    return stored


def _int(dataset: FileDataset, keyword: str) -> int:
    try:
        return int(dataset.get(keyword, 0) or 0)
    except (TypeError, ValueError):
        raise DecodeError(f"Its {keyword} is not a number; export it again") from None


def _read(path: Path, *, stop_before_pixels: bool = False) -> FileDataset:
    try:
        with warnings.catch_warnings():
            # pydicom warns about every non-conformant tag; the file is either usable or a DecodeError.
            warnings.simplefilter("ignore")
            return pydicom.dcmread(path, force=True, stop_before_pixels=stop_before_pixels)
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


def invert(pixels: np.ndarray) -> np.ndarray:
    """MONOCHROME1 as MONOCHROME2: mirrored within the pixels' own range, so bright means dense."""
    wide = pixels.astype(np.float32 if pixels.dtype.kind == "f" else np.int64)
    return wide.max() + wide.min() - wide


def _first_line(error: Exception) -> str:
    text = str(error).strip().splitlines()
    return text[0][:200] if text else type(error).__name__
