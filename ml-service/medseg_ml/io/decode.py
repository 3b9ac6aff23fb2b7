"""Pick the decoder for a file from its extension and first bytes."""

from __future__ import annotations

from pathlib import Path

from medseg_ml.io.budget import DecodeBudget
from medseg_ml.io.decoded import DecodedImage, DecodeError
from medseg_ml.io.dicom import decode_dicom, is_dicom
from medseg_ml.io.itk import decode_itk
from medseg_ml.io.jpeg import decode_jpeg
from medseg_ml.io.nifti import decode_nifti
from medseg_ml.io.png import decode_png

# "" is a file without extension, which DICOM exports often are. A .mhd needs its voxel file (.raw)
# beside it, under the name its header gives.
SUPPORTED_SUFFIXES = frozenset(
    {".png", ".jpg", ".jpeg", ".dcm", ".dicom", ".nii", ".nii.gz", ".nrrd", ".mha", ".mhd", ""}
)
ITK_SUFFIXES = frozenset({".nrrd", ".mha", ".mhd"})
# Decoded by Pillow, from a file or from bytes in memory.
RASTER_SUFFIXES = frozenset({".png", ".jpg", ".jpeg"})
# What users are told the decoders read, in every "not read" message.
READ_FORMATS = "PNG, JPEG, DICOM, NIfTI, NRRD and MetaImage (.mha, or .mhd with its .raw)"

_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_JPEG_MAGIC = b"\xff\xd8\xff"


def split_extension(filename: str) -> tuple[str, str]:
    """Split a file name into stem and lower-case extension; `.nii.gz` is one extension.

    DICOM files often have no extension or a numeric tail (`1.2.840.113619.2.55`), which belongs to the
    name, not an extension.
    """
    if filename.lower().endswith(".nii.gz"):
        return filename[: -len(".nii.gz")], ".nii.gz"
    stem, dot, ext = filename.rpartition(".")
    if not dot or not stem or ext.isdigit():
        return filename, ""
    return stem, "." + ext.lower()


def decode_file(path: Path, suffix: str, *, as_mask: bool, budget: DecodeBudget) -> DecodedImage:
    """Decode `path`, whose name in the archive had extension `suffix` (one of SUPPORTED_SUFFIXES).

    The name decides the decoder: Pillow is only ever asked for the format the name claims, so a file
    whose content is another format is refused rather than handed to whichever plugin recognises it.

    Args:
        as_mask: the file is a label mask (palette PNGs keep indices, DICOM is not inverted).
        budget: what decoding this file may cost, checked before pixels are allocated.

    Returns:
        The decoded pixels (S, C, H, W).

    Raises:
        DecodeError: the reason this file cannot be used.
    """
    try:
        return _decode(path, suffix, as_mask=as_mask, budget=budget)
    except DecodeError as e:
        # Decoders quote the file they were given, which is our scratch copy: a path that means
        # nothing to the person who uploaded it and should not leak.
        text = str(e)
        if str(path) not in text:
            raise
        text = text.replace(f" '{path}'", "").replace(f"'{path}'", "the file").replace(str(path), "the file")
        raise DecodeError(text) from None


def _decode(path: Path, suffix: str, *, as_mask: bool, budget: DecodeBudget) -> DecodedImage:
    if suffix in (".nii", ".nii.gz"):
        return decode_nifti(path, as_mask=as_mask, budget=budget)
    if suffix in ITK_SUFFIXES:
        return decode_itk(path, suffix, as_mask=as_mask, budget=budget)
    if suffix in (".dcm", ".dicom") or is_dicom(path):
        return decode_dicom(path, as_mask=as_mask, budget=budget)
    if suffix == "":
        raise DecodeError(
            "Has no extension and is not DICOM (no DICM marker at byte 128); "
            "name it .png, .jpg, .dcm, .nii, .nrrd, .mha or .mhd"
        )
    with path.open("rb") as f:
        head = f.read(8)
    return _decode_raster(path, head, suffix, as_mask=as_mask, budget=budget)


def decode_raster_bytes(data: bytes, suffix: str, *, as_mask: bool, budget: DecodeBudget) -> DecodedImage:
    """`decode_file` of a PNG or JPEG (`suffix` .png, .jpg or .jpeg) held in memory: no scratch file."""
    return _decode_raster(data, data[:8], suffix, as_mask=as_mask, budget=budget)


def _decode_raster(
    source: Path | bytes, head: bytes, suffix: str, *, as_mask: bool, budget: DecodeBudget
) -> DecodedImage:
    claimed = "PNG" if suffix == ".png" else "JPEG"
    actual = "PNG" if head.startswith(_PNG_MAGIC) else "JPEG" if head.startswith(_JPEG_MAGIC) else None
    if actual is not None and actual != claimed:
        right = ".png" if actual == "PNG" else ".jpg"
        raise DecodeError(
            f"Is a {actual} file named {suffix}; rename it to {right} or export it again as {claimed}"
        )
    if claimed == "PNG":
        return decode_png(source, as_mask=as_mask, budget=budget)
    return decode_jpeg(source, as_mask=as_mask, budget=budget)
