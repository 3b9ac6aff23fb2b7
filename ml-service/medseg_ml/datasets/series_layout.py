"""DICOM series in an archive: a folder of DICOM slices below images/ with one mask for the whole folder.

`images/case1/*.dcm` with `masks/case1.nii.gz` (a label volume on the series' grid), `masks/case1.dcm`
or `masks/case1/seg.dcm` (a DICOM-SEG) is one case named `case1`; the files are grouped by
SeriesInstanceUID and ordered by position only when decoded (series_reader.py). A folder whose slices
have masks of their own (`masks/case1/slice01.png`) stays a set of 2D pairs, as before. A folder in
the unlabeled images folder (MSD `imagesTs/case1/`) is an unlabeled case; a folder in images/ with no
mask at all is left out with one warning for the folder (`maskless`), not one per slice.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field

from medseg_ml.datasets.case_files import CaseFiles
from medseg_ml.datasets.pairing import natural_key
from medseg_ml.io.decode import SUPPORTED_SUFFIXES, split_extension

DICOM_SUFFIXES = frozenset({".dcm", ".dicom", ""})

Entry = tuple[zipfile.ZipInfo, list[str]]


@dataclass
class SeriesSplit:
    """Attributes:
    cases: series folders with their mask.
    unlabeled: series folders of the unlabeled folder (mask None).
    maskless: series folders of the images folder without any mask (mask None), to be warned about.
    rest: every entry that is not part of one of those.
    """

    cases: list[CaseFiles] = field(default_factory=list)
    unlabeled: list[CaseFiles] = field(default_factory=list)
    maskless: list[CaseFiles] = field(default_factory=list)
    rest: list[Entry] = field(default_factory=list)


def split_series(
    split: Sequence[Entry],
    depth: int,
    images: str = "images",
    masks: str = "masks",
    unlabeled: str | None = None,
) -> SeriesSplit:
    """The series folders among `split` (folders `images`, `masks` and `unlabeled` at `depth`, matched
    in any case). A folder is a series when it holds at least two DICOM files (.dcm, .dicom or no
    extension).
    """
    folders: dict[tuple[str, str], list[zipfile.ZipInfo]] = {}
    names: dict[tuple[str, str], str] = {}
    mask_files: dict[str, list[zipfile.ZipInfo]] = {}
    mask_names: dict[str, zipfile.ZipInfo] = {}
    for info, parts in split:
        if len(parts) <= depth + 1:
            continue
        folder, rel = parts[depth].lower(), parts[depth + 1 :]
        stem, ext = split_extension(rel[-1])
        if folder in (images, unlabeled) and len(rel) > 1 and ext in DICOM_SUFFIXES:
            key = (folder, "/".join(rel[:-1]).lower())
            folders.setdefault(key, []).append(info)
            names.setdefault(key, "/".join(rel[:-1]))
        elif folder == masks and ext in SUPPORTED_SUFFIXES:
            mask_names["/".join([*rel[:-1], stem]).lower()] = info
            if len(rel) > 1:
                mask_files.setdefault("/".join(rel[:-1]).lower(), []).append(info)
    out = SeriesSplit()
    used: set[int] = set()
    for key in sorted(folders, key=lambda k: natural_key(k[1])):
        folder, name = key
        files = sorted(folders[key], key=lambda i: natural_key(i.filename))
        if len(files) < 2:
            continue
        if folder == unlabeled:
            out.unlabeled.append(CaseFiles(names[key], (files[0],), None, series=tuple(files)))
        elif mask := mask_names.get(name) or _folder_mask(mask_files.get(name, []), files):
            out.cases.append(CaseFiles(names[key], (files[0],), mask, series=tuple(files)))
            used.add(id(mask))
        elif name not in mask_files:
            out.maskless.append(CaseFiles(names[key], (files[0],), None, series=tuple(files)))
        else:
            continue  # per-slice masks: 2D pairs
        used.update(id(i) for i in files)
    out.rest = [(info, parts) for info, parts in split if id(info) not in used]
    return out


def series_folder(case: CaseFiles) -> str:
    """The archive path of a series case's folder, with a trailing slash."""
    return case.series[0].filename.rsplit("/", 1)[0] + "/"


def _folder_mask(candidates: list[zipfile.ZipInfo], images: list[zipfile.ZipInfo]) -> zipfile.ZipInfo | None:
    """The one file of masks/<folder>/ when it is not a per-slice mask (no slice shares its name)."""
    if len(candidates) != 1:
        return None
    stem = split_extension(candidates[0].filename.rsplit("/", 1)[-1])[0].lower()
    slice_stems = {split_extension(i.filename.rsplit("/", 1)[-1])[0].lower() for i in images}
    return None if stem in slice_stems else candidates[0]
