"""DICOM series in an archive: a folder of DICOM slices below images/ with one mask for the whole folder.

`images/case1/*.dcm` with `masks/case1.nii.gz` (a label volume on the series' grid), `masks/case1.dcm`
or `masks/case1/seg.dcm` (a DICOM-SEG) is one case named `case1`; the files are grouped by
SeriesInstanceUID and ordered by position only when decoded (series_reader.py). A folder whose slices
have masks of their own (`masks/case1/slice01.png`) stays a set of 2D pairs, as before.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence

from medseg_ml.datasets.case_files import CaseFiles
from medseg_ml.datasets.pairing import natural_key
from medseg_ml.io.decode import SUPPORTED_SUFFIXES, split_extension

DICOM_SUFFIXES = frozenset({".dcm", ".dicom", ""})

Entry = tuple[zipfile.ZipInfo, list[str]]


def split_series(
    split: Sequence[Entry], depth: int, images: str = "images", masks: str = "masks"
) -> tuple[list[CaseFiles], list[Entry]]:
    """The series cases among `split` (folders `images` and `masks` at `depth`, matched in any case),
    and every entry that is not part of one.
    """
    folders: dict[str, list[zipfile.ZipInfo]] = {}
    names: dict[str, str] = {}
    mask_files: dict[str, list[zipfile.ZipInfo]] = {}
    mask_names: dict[str, zipfile.ZipInfo] = {}
    for info, parts in split:
        if len(parts) <= depth + 1:
            continue
        folder, rel = parts[depth].lower(), parts[depth + 1 :]
        stem, ext = split_extension(rel[-1])
        if folder == images and len(rel) > 1 and ext in DICOM_SUFFIXES:
            key = "/".join(rel[:-1]).lower()
            folders.setdefault(key, []).append(info)
            names.setdefault(key, "/".join(rel[:-1]))
        elif folder == masks and ext in SUPPORTED_SUFFIXES:
            mask_names["/".join([*rel[:-1], stem]).lower()] = info
            if len(rel) > 1:
                mask_files.setdefault("/".join(rel[:-1]).lower(), []).append(info)
    cases: list[CaseFiles] = []
    used: set[int] = set()
    for key in sorted(folders, key=natural_key):
        files = sorted(folders[key], key=lambda i: natural_key(i.filename))
        mask = mask_names.get(key) or _folder_mask(mask_files.get(key, []), files)
        if mask is None or len(files) < 2:
            continue
        cases.append(CaseFiles(names[key], (files[0],), mask, series=tuple(files)))
        used.update(id(i) for i in (*files, mask))
    return cases, [(info, parts) for info, parts in split if id(info) not in used]


def _folder_mask(candidates: list[zipfile.ZipInfo], images: list[zipfile.ZipInfo]) -> zipfile.ZipInfo | None:
    """The one file of masks/<folder>/ when it is not a per-slice mask (no slice shares its name)."""
    if len(candidates) != 1:
        return None
    stem = split_extension(candidates[0].filename.rsplit("/", 1)[-1])[0].lower()
    slice_stems = {split_extension(i.filename.rsplit("/", 1)[-1])[0].lower() for i in images}
    return None if stem in slice_stems else candidates[0]
