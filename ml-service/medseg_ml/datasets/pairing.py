"""Find images/ and masks/ in an archive and pair their files by name.

Layout: `images/` and `masks/` at the top level or inside exactly one wrapping folder, folder names in
any case. Files may sit in subfolders: a file's stem is its path relative to images/ (or masks/) without
the extension, so `images/p1/slice01.png` pairs with `masks/p1/slice01.nii` and never with
`masks/p2/slice01.png`. Stems match case-insensitively; a mask stem may also carry `_mask` or `_seg`.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field

from medseg_ml.datasets.archive import ArchiveRefusedError, entry_parts
from medseg_ml.datasets.messages import not_read_reason
from medseg_ml.generated.medseg.v1 import dataset_service_pb2 as pb
from medseg_ml.io.decode import SUPPORTED_SUFFIXES, split_extension

MASK_NAME_SUFFIXES = ("_mask", "_seg")
_FOLDERS = ("images", "masks")
_LISTED_TOP_LEVEL = 10


@dataclass(frozen=True)
class FilePair:
    """An image file and its mask file; `stem` is the image's path below images/ without extension."""

    stem: str
    image: zipfile.ZipInfo
    mask: zipfile.ZipInfo


@dataclass
class Pairing:
    pairs: list[FilePair] = field(default_factory=list)
    warnings: list[pb.FileIssue] = field(default_factory=list)
    # Images without a mask, (stem, entry): kept as unlabeled cases, to annotate in MedSeg.
    unlabeled: list[tuple[str, zipfile.ZipInfo]] = field(default_factory=list)
    image_count: int = 0
    mask_count: int = 0


def natural_key(text: str) -> list[int | str]:
    """Sort key that puts case_2 before case_10."""
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", text.lower())]


def pair_files(files: list[zipfile.ZipInfo], depth: int | None = None) -> Pairing:
    """Pair image and mask entries (folders and junk already removed).

    Args:
        depth: where images/ and masks/ are (`root_depth` of the whole archive), when some of their
            files were taken out first (DICOM series); None to find them in `files`.

    Returns:
        Pairs sorted naturally by stem, the images without a mask, and a warning for every file left out.

    Raises:
        ArchiveRefusedError: images/ or masks/ is missing, or two files in one folder share a stem.
    """
    split = [(info, entry_parts(info.filename)) for info in files]
    depth = root_depth(split) if depth is None else depth
    pairing = Pairing()
    images: dict[str, tuple[str, zipfile.ZipInfo]] = {}
    masks: dict[str, tuple[str, zipfile.ZipInfo]] = {}
    duplicates: list[str] = []
    for info, parts in split:
        folder = parts[depth].lower() if len(parts) > depth + 1 else ""
        if folder not in _FOLDERS:
            pairing.warnings.append(
                pb.FileIssue(path=info.filename, reason="Not inside images/ or masks/; ignored")
            )
            continue
        rel = parts[depth + 1 :]
        stem, ext = split_extension(rel[-1])
        if ext not in SUPPORTED_SUFFIXES:
            pairing.warnings.append(pb.FileIssue(path=info.filename, reason=not_read_reason(ext)))
            continue
        name = "/".join([*rel[:-1], stem])
        table = images if folder == "images" else masks
        key = name.lower()
        if key in table:
            duplicates.append(
                f"{folder}/ holds two files named {name} ({table[key][1].filename}, {info.filename}); "
                "keep one file per name and zip the folder again"
            )
            continue
        table[key] = (name, info)
    if duplicates:
        raise ArchiveRefusedError(duplicates)
    pairing.image_count = len(images)
    pairing.mask_count = len(masks)
    _match(images, masks, pairing)
    pairing.pairs.sort(key=lambda p: natural_key(p.stem))
    return pairing


def _match(
    images: dict[str, tuple[str, zipfile.ZipInfo]],
    masks: dict[str, tuple[str, zipfile.ZipInfo]],
    pairing: Pairing,
) -> None:
    mask_of: dict[str, zipfile.ZipInfo] = {}
    leftover: list[tuple[str, zipfile.ZipInfo]] = []
    for key, (_, mask) in masks.items():
        if key in images:
            mask_of[key] = mask
        else:
            leftover.append((key, mask))
    for key, mask in leftover:
        base = next((key[: -len(s)] for s in MASK_NAME_SUFFIXES if key.endswith(s)), None)
        if base is None or base not in images:
            reason = "Has no image with the same name in images/; ignored"
        elif base in mask_of:
            reason = (
                f"Its image {images[base][1].filename} already has mask {mask_of[base].filename}; ignored"
            )
        else:
            mask_of[base] = mask
            continue
        pairing.warnings.append(pb.FileIssue(path=mask.filename, reason=reason))
    for key, (name, image) in images.items():
        mask = mask_of.get(key)
        if mask is None:
            pairing.unlabeled.append((name, image))
        else:
            pairing.pairs.append(FilePair(name, image, mask))


def root_depth(split: list[tuple[zipfile.ZipInfo, list[str]]]) -> int:
    """0 when images/ and masks/ are at the top level, 1 when inside one wrapping folder."""
    for depth in (0, 1):
        if depth == 1 and len({parts[0] for _, parts in split}) != 1:
            break
        found = {parts[depth].lower() for _, parts in split if len(parts) > depth + 1}
        if "images" in found and "masks" in found:
            return depth
        missing = [f for f in _FOLDERS if f not in found]
        if len(missing) == 1:
            raise ArchiveRefusedError([_missing_message(split, depth, missing[0])])
    raise ArchiveRefusedError([_missing_message(split, 0, "images/ and masks")])


def _missing_message(split: list[tuple[zipfile.ZipInfo, list[str]]], depth: int, missing: str) -> str:
    top: set[str] = set()
    for _, parts in split:
        if len(parts) > depth:
            top.add(parts[depth] + ("/" if len(parts) > depth + 1 else ""))
    listed = sorted(top, key=natural_key)
    shown = ", ".join(listed[:_LISTED_TOP_LEVEL]) + (" ..." if len(listed) > _LISTED_TOP_LEVEL else "")
    where = "its top level" if depth == 0 else f"folder {split[0][1][0]}/"
    return (
        f"The archive has no {missing}/ folder ({where} holds: {shown or 'nothing'}); put the images in "
        "images/ and one mask per image with the same name in masks/, at the top level or inside one "
        "folder, and zip again"
    )
