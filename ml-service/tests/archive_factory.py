"""Dataset archives built from scratch, good and bad, for the ml-service and gateway tests.

As a CLI, writes every case as `<case>.zip` plus `cases.json` (what each should yield) to OUT_DIR:

    .venv/bin/python ml-service/tests/archive_factory.py OUT_DIR
    cd ml-service && ../.venv/bin/python -m tests.archive_factory OUT_DIR

Over 300 lines on purpose: every case and its expectation stand in one table that the ml-service and
the gateway tests both read, so a case is added in one place.
"""

from __future__ import annotations

import gzip
import io
import json
import stat
import struct
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import nibabel as nib
import numpy as np
from PIL import Image
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, MRImageStorage, generate_uid

# Odd sizes on purpose: they catch width/height swaps and off-by-one resizing.
HEIGHT, WIDTH = 33, 35


# ---- pixel content -------------------------------------------------------------------------------


def gradient(height: int = HEIGHT, width: int = WIDTH, high: int = 255, seed: int = 0) -> np.ndarray:
    """(H, W) float64 ramp from 0 to `high` with a little noise, so no two images are equal."""
    rng = np.random.default_rng(seed)
    ramp = np.add.outer(np.arange(height) / max(height - 1, 1), np.arange(width) / max(width - 1, 1)) / 2
    return np.clip(ramp * high + rng.normal(0, high / 50, (height, width)), 0, high)


def label_mask(height: int = HEIGHT, width: int = WIDTH, labels: tuple[int, ...] = (1,)) -> np.ndarray:
    """(H, W) uint8 mask: label[0] in a centre block, label[1] (if any) in the top-left corner."""
    mask = np.zeros((height, width), dtype=np.uint8)
    mask[height // 4 : 3 * height // 4, width // 4 : 3 * width // 4] = labels[0]
    if len(labels) > 1:
        mask[: height // 5, : width // 5] = labels[1]
    return mask


# ---- file encoders ---------------------------------------------------------------------------------


def png_bytes(array: np.ndarray) -> bytes:
    """PNG of (H, W) uint8/uint16 or (H, W, 3|4) uint8."""
    buffer = io.BytesIO()
    Image.fromarray(array).save(buffer, format="PNG")
    return buffer.getvalue()


def palette_png_bytes(indices: np.ndarray) -> bytes:
    """Palette PNG whose indices are `indices` (H, W) uint8."""
    image = Image.fromarray(indices, mode="P")
    image.putpalette([0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 255] + [0] * (256 * 3 - 12))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg_bytes(array: np.ndarray, quality: int = 90) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(array).save(buffer, format="JPEG", quality=quality)
    return buffer.getvalue()


def dicom_bytes(
    pixels: np.ndarray,
    *,
    modality: str = "MR",
    photometric: str | None = None,
    slope: float | None = None,
    intercept: float | None = None,
) -> bytes:
    """Uncompressed DICOM Part 10 file of (H, W), (F, H, W) frames, or (H, W, 3) RGB uint8."""
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = MRImageStorage
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.SOPClassUID = MRImageStorage
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.Modality = modality
    ds.PatientName = "Test^Phantom"
    rgb = pixels.ndim == 3 and pixels.shape[-1] == 3
    bits = pixels.dtype.itemsize * 8
    ds.set_pixel_data(pixels, photometric or ("RGB" if rgb else "MONOCHROME2"), bits)
    if slope is not None:
        ds.RescaleSlope = slope
        ds.RescaleIntercept = intercept or 0
        ds.RescaleType = "US"
    buffer = io.BytesIO()
    ds.save_as(buffer, enforce_file_format=True)
    return buffer.getvalue()


def nifti_bytes(volume: np.ndarray, *, gz: bool = True, affine: np.ndarray | None = None) -> bytes:
    """NIfTI-1 single file of `volume` (X, Y, Z[, T]); gzipped for .nii.gz."""
    image = nib.Nifti1Image(volume, np.eye(4) if affine is None else affine)
    data = image.to_bytes()
    return gzip.compress(data, mtime=0) if gz else data


def volume_of(slices: np.ndarray) -> np.ndarray:
    """Turn display slices (Z, H, W) into the (X, Y, Z) RAS volume the NIfTI decoder shows as them."""
    return np.ascontiguousarray(slices[:, ::-1, ::-1].transpose(2, 1, 0))


# ---- zip writers ---------------------------------------------------------------------------------


def zip_bytes(files: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def encrypted_zip_bytes(files: dict[str, bytes], encrypted: str) -> bytes:
    """A zip whose entry `encrypted` has the "encrypted" flag bit set in both of its headers.

    Python cannot write encrypted zips, so we set the flag by hand: the scanner must refuse the entry
    from the central directory alone, before trying to read it.
    """
    data = bytearray(zip_bytes(files, zipfile.ZIP_STORED))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo(encrypted)
        central_offset = archive.start_dir
    local = info.header_offset
    _set_flag(data, local + 6, b"PK\x03\x04", local)
    position = data.index(b"PK\x01\x02", central_offset)
    while position >= 0:
        name_length = struct.unpack_from("<H", data, position + 28)[0]
        if data[position + 46 : position + 46 + name_length].decode() == encrypted:
            _set_flag(data, position + 8, b"PK\x01\x02", position)
            break
        position = data.find(b"PK\x01\x02", position + 46)
    return bytes(data)


def _set_flag(data: bytearray, flag_offset: int, signature: bytes, header: int) -> None:
    assert data[header : header + 4] == signature
    flags = struct.unpack_from("<H", data, flag_offset)[0]
    struct.pack_into("<H", data, flag_offset, flags | 0x1)


def symlink_zip_bytes(files: dict[str, bytes], link: str, target: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
        info = zipfile.ZipInfo(link)
        info.create_system = 3  # Unix, whose mode bits carry S_IFLNK
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(info, target)
    return buffer.getvalue()


# ---- cases ---------------------------------------------------------------------------------------


def png_pairs(count: int = 3, prefix: str = "", labels: tuple[int, ...] = (1,)) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for i in range(count):
        image = gradient(seed=i).astype(np.uint8)
        files[f"{prefix}images/case_{i:03d}.png"] = png_bytes(image)
        files[f"{prefix}masks/case_{i:03d}.png"] = png_bytes(label_mask(labels=labels))
    return files


def case_png_8bit() -> bytes:
    return zip_bytes(png_pairs(3))


def case_png_16bit() -> bytes:
    files: dict[str, bytes] = {}
    for i in range(2):
        files[f"images/scan{i}.png"] = png_bytes(gradient(high=4000, seed=i).astype(np.uint16))
        files[f"masks/scan{i}.png"] = png_bytes(label_mask() * 255)  # 0/255 reads as 0/1
    return zip_bytes(files)


def case_png_rgb() -> bytes:
    files: dict[str, bytes] = {}
    for i in range(2):
        rgb = np.stack([gradient(seed=i), gradient(seed=i + 10), gradient(seed=i + 20)], -1)
        files[f"images/photo{i}.png"] = png_bytes(rgb.astype(np.uint8))
        files[f"masks/photo{i}_mask.png"] = png_bytes(label_mask(labels=(1, 2)))
    return zip_bytes(files)


def case_jpeg() -> bytes:
    files: dict[str, bytes] = {}
    for i in range(2):
        files[f"images/img{i}.jpg"] = jpeg_bytes(gradient(seed=i).astype(np.uint8))
        files[f"masks/img{i}.png"] = png_bytes(label_mask())
    return zip_bytes(files)


def case_dicom() -> bytes:
    image = gradient(high=1000, seed=3).astype(np.uint16)
    return zip_bytes(
        {
            "images/ct1.dcm": dicom_bytes(image, modality="CT", slope=1, intercept=-1024),
            "masks/ct1.png": png_bytes(label_mask()),
            # DICOM exports often have no extension; the DICM marker tells.
            "images/IM0002": dicom_bytes(image, modality="MR"),
            "masks/IM0002.png": png_bytes(label_mask(labels=(2,))),
        }
    )


def case_dicom_multiframe() -> bytes:
    frames = np.stack([gradient(seed=s) for s in range(5)]).astype(np.uint16)
    masks = np.stack([label_mask(labels=(s % 2 + 1,)) for s in range(5)])
    return zip_bytes(
        {
            "images/cine.dcm": dicom_bytes(frames, modality="MR"),
            "masks/cine.dcm": dicom_bytes(masks, modality="SEG"),
        }
    )


def case_nifti() -> bytes:
    slices = np.stack([gradient(seed=s, high=800) for s in range(4)]).astype(np.int16)
    masks = np.stack(
        [label_mask(labels=(1, 3)) if s else np.zeros((HEIGHT, WIDTH), np.uint8) for s in range(4)]
    )
    return zip_bytes(
        {
            "images/brain.nii.gz": nifti_bytes(volume_of(slices)),
            "masks/brain_seg.nii.gz": nifti_bytes(volume_of(masks)),
        }
    )


def case_wrapped() -> bytes:
    files = png_pairs(2, prefix="MyData/")
    files = {k.replace("images/", "Images/").replace("masks/", "MASKS/"): v for k, v in files.items()}
    files["__MACOSX/MyData/images/._case_000.png"] = b"\x00\x05\x16\x07junk"
    files["MyData/.DS_Store"] = b"junk"
    files["MyData/images/Thumbs.db"] = b"junk"
    return zip_bytes(files)


def case_mixed() -> bytes:
    slices = np.stack([gradient(seed=s) for s in range(3)]).astype(np.uint8)
    files = {
        "images/p1/a.png": png_bytes(gradient(seed=1).astype(np.uint8)),
        "masks/p1/a.png": png_bytes(label_mask()),
        "images/p2/a.jpeg": jpeg_bytes(gradient(seed=2).astype(np.uint8)),
        "masks/p2/a.png": png_bytes(label_mask(labels=(2,))),
        "images/b.dcm": dicom_bytes(gradient(seed=4).astype(np.uint16), modality="CT"),
        "masks/b.nii": nifti_bytes(volume_of(label_mask()[None]), gz=False),
        "images/vol.nii.gz": nifti_bytes(volume_of(slices)),
        "masks/vol.nii.gz": nifti_bytes(volume_of(np.stack([label_mask()] * 3))),
        "README.txt": b"not part of the dataset",
    }
    return zip_bytes(files)


def case_traversal() -> bytes:
    files = png_pairs(1)
    files["../evil.png"] = png_bytes(gradient().astype(np.uint8))
    return zip_bytes(files)


def case_zip_bomb() -> bytes:
    files = png_pairs(1)
    files["images/bomb.dcm"] = bytes(64 * 1024 * 1024)  # 64 MiB of zeros deflate to about 64 KiB
    return zip_bytes(files)


def case_mismatched_shapes() -> bytes:
    files = png_pairs(1)
    files["images/case_007.png"] = png_bytes(gradient(64, 64).astype(np.uint8))
    files["masks/case_007.png"] = png_bytes(label_mask(64, 32))
    return zip_bytes(files)


def case_unpaired() -> bytes:
    files = png_pairs(1)
    files["images/lonely_image.png"] = png_bytes(gradient().astype(np.uint8))
    files["masks/lonely_mask.png"] = png_bytes(label_mask())
    return zip_bytes(files)


def case_no_pairs() -> bytes:
    return zip_bytes(
        {
            "images/a.png": png_bytes(gradient().astype(np.uint8)),
            "masks/b.png": png_bytes(label_mask()),
        }
    )


def case_corrupt_file() -> bytes:
    files = png_pairs(1)
    files["images/broken.png"] = png_bytes(gradient().astype(np.uint8))[:60]
    files["masks/broken.png"] = png_bytes(label_mask())
    return zip_bytes(files)


def case_mask_problems() -> bytes:
    image = png_bytes(gradient().astype(np.uint8))
    colour = np.stack([label_mask() * 200, label_mask() * 50, np.zeros((HEIGHT, WIDTH), np.uint8)], -1)
    fractions = volume_of(label_mask()[None].astype(np.float32) * 0.5)
    four_d = np.zeros((WIDTH, HEIGHT, 2, 3), dtype=np.int16)
    files = png_pairs(1)
    files |= {
        "images/colour.png": image,
        "masks/colour.png": png_bytes(colour),
        "images/fraction.png": image,
        "masks/fraction.nii": nifti_bytes(fractions, gz=False),
        "images/four_d.nii.gz": nifti_bytes(four_d),
        "masks/four_d.nii.gz": nifti_bytes(four_d),
        "images/lossy.png": image,
        "masks/lossy.jpg": jpeg_bytes(label_mask() * 255, quality=30),
        "images/palette.png": image,
        "masks/palette.png": palette_png_bytes(label_mask(labels=(2, 3))),
    }
    return zip_bytes(files)


def case_not_a_zip() -> bytes:
    return b"This is a text file renamed to .zip\n" * 10


def case_empty() -> bytes:
    return zip_bytes({})


def case_encrypted() -> bytes:
    return encrypted_zip_bytes(png_pairs(1), "images/case_000.png")


def case_symlink() -> bytes:
    return symlink_zip_bytes(png_pairs(1), "images/link.png", "/etc/passwd")


def case_nested_zip() -> bytes:
    files = png_pairs(1)
    files["images/more.zip"] = zip_bytes(png_pairs(1))
    return zip_bytes(files)


def case_duplicate_stems() -> bytes:
    files = png_pairs(1)
    files["images/case_000.dcm"] = dicom_bytes(gradient().astype(np.uint16))
    return zip_bytes(files)


def case_missing_masks() -> bytes:
    files = {k: v for k, v in png_pairs(1).items() if k.startswith("images/")}
    files["labels/case_000.png"] = png_bytes(label_mask())
    return zip_bytes(files)


@dataclass(frozen=True)
class ArchiveCase:
    """One archive and what inspecting it should give: `pairs` valid pairs, `refused` when errors."""

    name: str
    build: Callable[[], bytes]
    pairs: int
    refused: bool
    description: str


CASES: tuple[ArchiveCase, ...] = (
    ArchiveCase("png_8bit", case_png_8bit, 3, False, "3 gray 8-bit PNG pairs, 35x33"),
    ArchiveCase("png_16bit", case_png_16bit, 2, False, "2 16-bit PNG images, 0/255 masks"),
    ArchiveCase("png_rgb", case_png_rgb, 2, False, "2 RGB PNG images, masks named <stem>_mask, labels 1,2"),
    ArchiveCase("jpeg", case_jpeg, 2, False, "2 JPEG images with PNG masks"),
    ArchiveCase("dicom", case_dicom, 2, False, "CT .dcm with rescale, MR DICOM without extension"),
    ArchiveCase("dicom_multiframe", case_dicom_multiframe, 5, False, "5-frame DICOM image and mask"),
    ArchiveCase("nifti", case_nifti, 4, False, "4-slice .nii.gz volume, mask named <stem>_seg"),
    ArchiveCase("wrapped", case_wrapped, 2, False, "MyData/Images, MyData/MASKS plus macOS clutter"),
    ArchiveCase("mixed", case_mixed, 6, False, "PNG, JPEG, DICOM, NIfTI in subfolders, stray README"),
    ArchiveCase("mask_problems", case_mask_problems, 3, False, "colour, fractional, 4D, JPEG, palette"),
    ArchiveCase("mismatched_shapes", case_mismatched_shapes, 1, False, "mask 32x64 for a 64x64 image"),
    # The image without a mask is kept as an unlabeled case.
    ArchiveCase("unpaired", case_unpaired, 2, False, "an image without mask and a mask without image"),
    ArchiveCase("corrupt_file", case_corrupt_file, 1, False, "a truncated PNG beside a good pair"),
    ArchiveCase("no_pairs", case_no_pairs, 1, True, "image a.png (unlabeled), mask b.png"),
    ArchiveCase("traversal", case_traversal, 0, True, "entry ../evil.png"),
    ArchiveCase("zip_bomb", case_zip_bomb, 0, True, "64 MiB of zeros deflated about 1000x"),
    ArchiveCase("not_a_zip", case_not_a_zip, 0, True, "a text file"),
    ArchiveCase("empty", case_empty, 0, True, "a zip with no entries"),
    ArchiveCase("encrypted", case_encrypted, 0, True, "an entry flagged encrypted"),
    ArchiveCase("symlink", case_symlink, 0, True, "a symbolic link entry"),
    ArchiveCase("nested_zip", case_nested_zip, 0, True, "a .zip inside images/"),
    ArchiveCase("duplicate_stems", case_duplicate_stems, 0, True, "images/case_000.png and .dcm"),
    ArchiveCase("missing_masks", case_missing_masks, 0, True, "images/ and labels/, no masks/"),
)


def write_all(out_dir: Path) -> list[Path]:
    """Write every case as `<name>.zip` and a `cases.json` describing them; return the zip paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for case in CASES:
        path = out_dir / f"{case.name}.zip"
        path.write_bytes(case.build())
        paths.append(path)
    manifest = {c.name: {"pairs": c.pairs, "refused": c.refused, "description": c.description} for c in CASES}
    (out_dir / "cases.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return paths


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: archive_factory.py OUT_DIR", file=sys.stderr)
        return 2
    for path in write_all(Path(argv[0])):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
