"""Decode a DICOM series case (series_layout.py): its slices grouped by SeriesInstanceUID, one case per
series, each with the folder's mask when the mask lies on that series' grid, or unlabeled (all-zero
labels) when the folder has no mask (MSD imagesTs/).

The mask is a label volume (NIfTI, NRRD ...) on the series' grid, or a DICOM-SEG (io/dicom_seg.py)
matched to the series by the slices it references. A folder with one series is the case `<folder>`;
with several, each is `<folder>/<SeriesNumber>` (the UID's last digits when numbers are missing or
repeat), so every series has a case name of its own and the train/validation split, which keeps a
case on one side, never splits a series.
"""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pydicom

from medseg_ml.datasets.case_files import CaseFiles
from medseg_ml.datasets.case_reader import CaseSkipped, DecodedCase, describe, same_grid
from medseg_ml.datasets.entry_files import EntryFiles
from medseg_ml.datasets.normalize import normalize_image, normalize_mask
from medseg_ml.datasets.series_layout import DICOM_SUFFIXES
from medseg_ml.io.budget import DecodeBudget
from medseg_ml.io.decode import decode_file, split_extension
from medseg_ml.io.decoded import DecodedImage, DecodeError
from medseg_ml.io.dicom_headers import DicomHeader, read_header
from medseg_ml.io.dicom_seg import decode_dicom_seg
from medseg_ml.io.dicom_series import DicomSeries, decode_series, group_series
from medseg_ml.volumes.grid import display_grid

Warn = Callable[[str, str], None]


def read_series_cases(
    case: CaseFiles, entries: EntryFiles, budget: DecodeBudget, work_dir: Path, warn: Warn
) -> Iterator[tuple[str, DecodedCase]]:
    """(case name, decoded case) of each series in the folder, one at a time.

    Raises:
        CaseSkipped: no slice can be read, or the mask fits no series.
    """
    folder = work_dir / "series"
    folder.mkdir(parents=True, exist_ok=True)
    try:
        series = _series(case, entries, budget, folder, warn)
        mask = None if case.mask is None else _SeriesMask(case.mask, entries, folder, budget)
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
            if mask is None:
                labels, mask_file, adjustment = _unlabeled(pixels.shape), None, None
            else:
                try:
                    labels, mask_file, adjustment = mask.on(image, pixels.shape)
                except DecodeError as e:
                    if len(series) == 1:
                        raise CaseSkipped(mask.archive_path, str(e)) from None
                    warn(_origin(case, one), f"Series {name}: {e}; left out")
                    continue
            fitted += 1
            yield name, DecodedCase(pixels, labels, grid, image, mask_file, adjustment)
            del image, pixels, labels  # before the next series is decoded
        if mask is not None and not fitted and len(series) > 1:
            raise CaseSkipped(mask.archive_path, "Fits none of the series in its folder; left out")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _unlabeled(shape: tuple[int, ...]) -> np.ndarray:
    """The all-zero labels (S, H, W) of an unlabeled series of pixels `shape` (S, C, H, W)."""
    return np.zeros((shape[0], *shape[2:]), dtype=np.uint8)


class _SeriesMask:
    """The folder's mask: a label volume decoded once, or a DICOM-SEG decoded onto each series."""

    def __init__(self, info: zipfile.ZipInfo, entries: EntryFiles, folder: Path, budget: DecodeBudget):
        self._info = info
        self.archive_path = info.filename  # for warnings
        self._budget = budget
        self._suffix = split_extension(info.filename.rsplit("/", 1)[-1])[1]
        self._volume: tuple[np.ndarray, DecodedImage, str | None] | None = None
        try:
            self._path = entries.extract(info, folder / f"mask{self._suffix}")
            self._seg = self._suffix in DICOM_SUFFIXES and read_header(self._path, budget).is_segmentation
            if not self._seg:
                decoded = decode_file(self._path, self._suffix, as_mask=True, budget=budget)
                labels, adjustment = normalize_mask(decoded)
                self._volume = (labels, decoded, adjustment)
        except DecodeError as e:
            raise CaseSkipped(info.filename, str(e)) from None

    def on(self, image: DecodedImage, shape: tuple[int, ...]) -> tuple[np.ndarray, DecodedImage, str | None]:
        """(labels (S, H, W), decoded mask, adjustment warning) on the grid of `image`.

        Raises:
            DecodeError: the mask does not lie on that series' grid.
        """
        want = (shape[0], *shape[2:])
        if self._volume is None:
            decoded = decode_dicom_seg(self._path, image, budget=self._budget)
            labels, adjustment = normalize_mask(decoded)
        else:
            labels, decoded, adjustment = self._volume
            if labels.shape != want or not same_grid(decoded.grid, image.grid):
                raise DecodeError(
                    f"Mask {self._info.filename} is {describe(labels.shape)} but its series is "
                    f"{describe(want)} (or lies elsewhere); export the mask on the series' grid"
                )
        return labels, decoded, adjustment


def _series(
    case: CaseFiles, entries: EntryFiles, budget: DecodeBudget, folder: Path, warn: Warn
) -> list[DicomSeries]:
    headers: list[DicomHeader] = []
    for n, info in enumerate(case.series):
        path = folder / f"{n:06d}{split_extension(info.filename.rsplit('/', 1)[-1])[1]}"
        try:
            entries.extract(info, path)
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
