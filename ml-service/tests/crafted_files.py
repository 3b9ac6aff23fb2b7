"""Small files that claim gigabytes, for the decode-budget tests and the budgets benchmark.

Each file is at most about a megabyte, and each would make a naive decoder allocate gigabytes (or
hand it to the wrong Pillow plugin). With the default limits every one is refused with `reason`.

As a CLI, writes every file, `crafted.zip` (a dataset: each file as an image beside a valid mask, plus
one valid pair so the dataset is ready), `crafted-batch.zip` (a batch: every file beside `valid.png`)
and `crafted.json` ({file name: reason}) to OUT_DIR. The ZIPs store their entries: deflating the bombs
again would shrink them past the archive's ratio limit, which refuses them before any decoder sees them.

    .venv/bin/python ml-service/tests/crafted_files.py OUT_DIR
"""

from __future__ import annotations

import gzip
import io
import json
import struct
import sys
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import nibabel as nib
import numpy as np
from PIL import Image
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.filebase import DicomBytesIO
from pydicom.filewriter import write_dataset, write_file_meta_info
from pydicom.uid import DeflatedExplicitVRLittleEndian, ExplicitVRLittleEndian, MRImageStorage, generate_uid

from medseg_ml.io.decode import split_extension

_MIB = 1024 * 1024
# What the bombs inflate to: far past the default 2 GiB volume limit.
BOMB_BYTES = 3 * 1024 * _MIB


@dataclass(frozen=True)
class CraftedFile:
    name: str
    data: bytes
    # A fragment of the reason it is refused with, under the default limits.
    reason: str


def nifti_huge_header() -> bytes:
    """A NIfTI-1 header alone (352 bytes) claiming a 4096 x 4096 x 4000 int16 volume (125 GiB)."""
    header = nib.Nifti1Header()
    header.set_data_shape((4096, 4096, 4000))
    header.set_data_dtype(np.int16)
    header["vox_offset"] = 352
    return header.binaryblock + b"\0" * 4


def nifti_gzip_bomb() -> bytes:
    """A valid 8 x 8 x 2 .nii.gz whose gzip stream goes on with BOMB_BYTES of zeros (about 3 MB)."""
    valid = nib.Nifti1Image(np.arange(128, dtype=np.uint8).reshape(8, 8, 2), np.eye(4)).to_bytes()
    zeros = gzip.compress(b"\0" * (64 * _MIB), mtime=0)
    # Concatenated gzip members are one stream to every reader: 64 MiB per ~64 KB member.
    return gzip.compress(valid, mtime=0) + zeros * (BOMB_BYTES // (64 * _MIB))


def _image_dataset(rows: int, columns: int, frames: int) -> Dataset:
    ds = Dataset()
    ds.SOPClassUID = MRImageStorage
    ds.SOPInstanceUID = generate_uid()
    ds.Modality = "MR"
    ds.Rows, ds.Columns, ds.SamplesPerPixel = rows, columns, 1
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 16, 15, 0
    ds.PhotometricInterpretation = "MONOCHROME2"
    if frames > 1:
        ds.NumberOfFrames = frames
    return ds


def _part10(ds: Dataset, transfer_syntax: str, body: bytes | None = None) -> bytes:
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = ds.SOPClassUID
    meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    meta.TransferSyntaxUID = transfer_syntax
    out = DicomBytesIO()
    out.write(b"\0" * 128 + b"DICM")
    write_file_meta_info(out, meta)
    if body is None:
        out.is_little_endian, out.is_implicit_VR = True, False
        write_dataset(out, ds)
    else:
        out.write(body)
    return out.getvalue()


def dicom_many_frames() -> bytes:
    """A DICOM header claiming 100000 frames of 512 x 512 x 16 bits (50 GiB), with 2 bytes of pixels."""
    ds = _image_dataset(512, 512, 100_000)
    ds.PixelData = b"\0\0"
    return _part10(ds, ExplicitVRLittleEndian)


def dicom_deflate_bomb() -> bytes:
    """A deflated DICOM of 8 x 8 pixels whose data set inflates on into BOMB_BYTES of padding."""
    ds = _image_dataset(8, 8, 1)
    ds.PixelData = bytes(128)
    plain = DicomBytesIO()
    plain.is_little_endian, plain.is_implicit_VR = True, False
    write_dataset(plain, ds)
    # A full flush resets the compressor, so every 64 MiB of zeros compresses to the same bytes.
    deflate = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    body = deflate.compress(plain.getvalue()) + deflate.flush(zlib.Z_FULL_FLUSH)
    block = deflate.compress(b"\0" * (64 * _MIB)) + deflate.flush(zlib.Z_FULL_FLUSH)
    body += block * (BOMB_BYTES // (64 * _MIB)) + deflate.flush()
    return _part10(ds, DeflatedExplicitVRLittleEndian, body)


def png_huge_header() -> bytes:
    """A PNG whose IHDR claims 100000 x 100000 RGB pixels, with one empty IDAT (under 100 bytes)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")
    )


def jpeg_named_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("L", (35, 33), 128).save(buffer, format="JPEG")
    return buffer.getvalue()


def bmp_named_jpg() -> bytes:
    buffer = io.BytesIO()
    Image.new("L", (35, 33), 128).save(buffer, format="BMP")
    return buffer.getvalue()


def crafted_files() -> list[CraftedFile]:
    return [
        CraftedFile(
            "huge_volume.nii", nifti_huge_header(), "over the 2.0 GiB limit (MEDSEG_DATASET_MAX_VOLUME_MB)"
        ),
        CraftedFile("gzip_bomb.nii.gz", nifti_gzip_bomb(), "Its gzip stream inflates to more than"),
        CraftedFile(
            "many_frames.dcm",
            dicom_many_frames(),
            "over the limit of 4096 (MEDSEG_DATASET_MAX_SLICES_PER_FILE)",
        ),
        CraftedFile("deflate_bomb.dcm", dicom_deflate_bomb(), "Its deflated data set inflates to more than"),
        CraftedFile(
            "huge_image.png",
            png_huge_header(),
            "Has 10000000000 pixels per slice (its header says), over the limit of 67108864 "
            "(MEDSEG_DATASET_MAX_PIXELS_PER_SLICE)",
        ),
        CraftedFile("renamed.png", jpeg_named_png(), "Is a JPEG file named .png; rename it to .jpg"),
        CraftedFile("bitmap.jpg", bmp_named_jpg(), "Cannot be read as JPEG"),
    ]


def valid_mask_png() -> bytes:
    buffer = io.BytesIO()
    mask = np.zeros((33, 35), np.uint8)
    mask[8:24, 8:24] = 1
    Image.fromarray(mask).save(buffer, format="PNG")
    return buffer.getvalue()


def valid_image_png() -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(np.tile(np.arange(35, dtype=np.uint8) * 7, (33, 1))).save(buffer, format="PNG")
    return buffer.getvalue()


def crafted_archive() -> bytes:
    """A dataset ZIP: every crafted file as images/<file> beside masks/<stem>.png, and one valid pair."""
    files = {"images/valid.png": valid_image_png(), "masks/valid.png": valid_mask_png()}
    for crafted in crafted_files():
        files[f"images/{crafted.name}"] = crafted.data
        files[f"masks/{split_extension(crafted.name)[0]}.png"] = valid_mask_png()
    return _stored_zip(files)


def crafted_batch() -> bytes:
    """A batch ZIP: every crafted file beside one valid image."""
    return _stored_zip({"valid.png": valid_image_png(), **{c.name: c.data for c in crafted_files()}})


def _stored_zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    out = Path(argv[1])
    out.mkdir(parents=True, exist_ok=True)
    files = crafted_files()
    for crafted in files:
        (out / crafted.name).write_bytes(crafted.data)
    (out / "crafted.zip").write_bytes(crafted_archive())
    (out / "crafted-batch.zip").write_bytes(crafted_batch())
    (out / "crafted.json").write_text(
        json.dumps({c.name: c.reason for c in files}, indent=2), encoding="utf-8"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
