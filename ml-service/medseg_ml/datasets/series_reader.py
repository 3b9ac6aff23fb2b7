"""Decode a DICOM series case (series_layout.py): its slices grouped by SeriesInstanceUID, one case per
series, each with the folder's mask when the mask lies on that series' grid.

A folder with one series is the case `<folder>`; with several, each is `<folder>/<SeriesNumber>` (the
UID's last digits when numbers are missing or repeat), so every series has a case name of its own and
the train/validation split, which keeps a case on one side, never splits a series.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pydicom

from medseg_ml.datasets.case_files import CaseFiles
from medseg_ml.datasets.case_reader import (
    CaseSkipped,
    DecodedCase,
    Decoder,
    decode_or_skip,
    describe,
    same_grid,
)
from medseg_ml.datasets.normalize import normalize_image, normalize_mask
from medseg_ml.io.budget import DecodeBudget
from medseg_ml.io.decode import split_extension
from medseg_ml.io.decoded import DecodeError
from medseg_ml.io.dicom_headers import DicomHeader, read_header
from medseg_ml.io.dicom_series import DicomSeries, decode_series, group_series
from medseg_ml.volumes.grid import display_grid

# (entry, destination) -> the entry extracted there; raises DecodeError.
ExtractTo = Callable[..., None]
Warn = Callable[[str, str], None]


def read_series_cases(
    case: CaseFiles,
    extract_to: ExtractTo,
    decode: Decoder,
    budget: DecodeBudget,
    work_dir: Path,
    warn: Warn,
) -> Iterator[tuple[str, DecodedCase]]:
    """(case name, decoded case) of each series in the folder, one at a time.

    Raises:
        CaseSkipped: no slice can be read, or the mask fits no series.
    """
    folder = work_dir / "series"
    folder.mkdir(parents=True, exist_ok=True)
    try:
        series = _series(case, extract_to, budget, folder, warn)
        assert case.mask is not None
        mask_file = decode_or_skip(decode, case.mask, as_mask=True)
        try:
            mask, adjustment = normalize_mask(mask_file)
        except DecodeError as e:
            raise CaseSkipped(case.mask.filename, str(e)) from None
        names = _names(case.name, series)
        fitted = 0
        for name, one in zip(names, series, strict=True):
            try:
                image = decode_series(one.paths, as_mask=False, budget=budget)
                pixels = normalize_image(image.pixels)
            except DecodeError as e:
                warn(_origin(case, one), str(e))
                continue
            grid = image.grid or display_grid(pixels.shape[0:1] + pixels.shape[2:])
            shape = (pixels.shape[0], *pixels.shape[2:])
            if mask.shape != shape or not same_grid(mask_file.grid, image.grid):
                if len(series) == 1:
                    raise CaseSkipped(
                        case.mask.filename,
                        f"Mask {case.mask.filename} is {describe(mask.shape)} but its series is "
                        f"{describe(shape)} (or lies elsewhere); export the mask on the series' grid",
                    )
                warn(_origin(case, one), f"Series {name}: the mask {case.mask.filename} is not on its grid; "
                     "left out")  # fmt: skip
                continue
            fitted += 1
            yield name, DecodedCase(pixels, mask, grid, image, mask_file, adjustment)
        if not fitted and len(series) > 1:
            raise CaseSkipped(case.mask.filename, "Fits none of the series in its folder; left out")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _series(
    case: CaseFiles, extract_to: ExtractTo, budget: DecodeBudget, folder: Path, warn: Warn
) -> list[DicomSeries]:
    headers: list[DicomHeader] = []
    for n, info in enumerate(case.series):
        path = folder / f"{n:06d}{split_extension(info.filename.rsplit('/', 1)[-1])[1]}"
        try:
            extract_to(info, path)
            headers.append(read_header(path, budget))
        except DecodeError as e:
            warn(info.filename, str(e))
            path.unlink(missing_ok=True)
    series = [s for s in group_series(headers) if not s.is_segmentation]
    if not series:
        raise CaseSkipped(case.series[0].filename, f"Folder {case.name} holds no readable DICOM image slices")
    return series


def _names(folder: str, series: list[DicomSeries]) -> list[str]:
    if len(series) == 1:
        return [folder]
    numbers = [_series_number(s.headers[0].path) for s in series]
    if None in numbers or len(set(numbers)) != len(numbers):
        tails = [s.series_instance_uid.replace(".", "")[-8:] or f"{i + 1}" for i, s in enumerate(series)]
        unique = len(set(tails)) == len(tails)
        return [f"{folder}/{t if unique else i + 1}" for i, t in enumerate(tails)]
    return [f"{folder}/{n}" for n in numbers]


def _series_number(path: Path) -> int | None:
    try:
        dataset = pydicom.dcmread(path, stop_before_pixels=True, specific_tags=["SeriesNumber"])
        value = dataset.get("SeriesNumber")
        return int(value) if value is not None and str(value).strip() else None
    except Exception:
        return None


def _origin(case: CaseFiles, series: DicomSeries) -> str:
    """The archive path of a series' first slice (its temp file is named by position in case.series)."""
    index = int(series.headers[0].path.name[:6])
    return case.series[index].filename
