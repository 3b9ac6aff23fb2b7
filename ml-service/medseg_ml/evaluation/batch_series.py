"""DICOM series in a batch ZIP: the single-file slices of a folder, grouped by SeriesInstanceUID, become one
volume item each, segmented whole and written back as NIfTI on the series' own grid.

A folder with one DICOM file keeps today's path (a 2D image, or a multi-frame file as PNG frames), and
so does every file of a folder that is not a slice of a series of two or more: an unreadable header, a
multi-frame file, the only file of its series. Each of those succeeds or fails alone, with its own reason.
"""

from __future__ import annotations

import shutil
import time
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from medseg_ml.datasets.archive import EntryDamagedError, EntryExtractor, entry_parts
from medseg_ml.datasets.limits import ArchiveLimits
from medseg_ml.datasets.normalize import normalize_image
from medseg_ml.evaluation.batch_outputs import Output
from medseg_ml.evaluation.cases import VOLUME
from medseg_ml.evaluation.process import Item
from medseg_ml.inference.card import ModelCard
from medseg_ml.inference.segment import InputError, check_channels
from medseg_ml.io.decode import split_extension
from medseg_ml.io.decoded import DecodeError
from medseg_ml.io.dicom_headers import DicomHeader, read_header
from medseg_ml.io.dicom_series import decode_series, group_series
from medseg_ml.metrics.scores import MM, PX

DICOM_SUFFIXES = frozenset({".dcm", ".dicom"})


@dataclass(frozen=True)
class SeriesFolder:
    """The DICOM files of one archive folder (two or more), in archive order."""

    folder: str
    files: tuple[zipfile.ZipInfo, ...]


def with_series(inputs: Sequence[zipfile.ZipInfo]) -> list[zipfile.ZipInfo | SeriesFolder]:
    """`inputs` with the DICOM files of each folder holding several gathered into one SeriesFolder, at
    the place of the folder's first file."""
    by_folder: dict[str, list[zipfile.ZipInfo]] = {}
    for info in inputs:
        parts = entry_parts(info.filename)
        if split_extension(parts[-1])[1] in DICOM_SUFFIXES:
            by_folder.setdefault("/".join(parts[:-1]), []).append(info)
    folders = {folder: files for folder, files in by_folder.items() if len(files) > 1}
    placed: set[str] = set()
    entries: list[zipfile.ZipInfo | SeriesFolder] = []
    for info in inputs:
        parts = entry_parts(info.filename)
        folder = "/".join(parts[:-1])
        if folder not in folders or split_extension(parts[-1])[1] not in DICOM_SUFFIXES:
            entries.append(info)
        elif folder not in placed:
            placed.add(folder)
            entries.append(SeriesFolder(folder, tuple(folders[folder])))
    return entries


def series_items(
    position: int,
    entry: SeriesFolder,
    extractor: EntryExtractor,
    card: ModelCard,
    work: Path,
    limits: ArchiveLimits,
    single: Callable[[int, zipfile.ZipInfo], Item],
) -> Iterator[Item]:
    """One item per series of two or more slices in the folder (normally one), then one per file that is
    not part of such a series (through `single`, the one-file path), positions from `position` on."""
    started = time.perf_counter()
    folder = work / "series"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    try:
        headers: list[DicomHeader] = []
        info_of: dict[Path, zipfile.ZipInfo] = {}
        alone: list[zipfile.ZipInfo] = []
        for n, info in enumerate(entry.files):
            path = folder / f"{n:05d}.dcm"
            try:
                extractor.extract(info, path)
                header = read_header(path, limits.budget)
            except (DecodeError, EntryDamagedError):
                alone.append(info)
                continue
            if header.frames > 1 or header.is_segmentation:
                alone.append(info)
                continue
            headers.append(header)
            info_of[path] = info
        groups = group_series(headers)
        series = [g for g in groups if len(g.paths) > 1]
        alone.extend(info_of[p] for g in groups if len(g.paths) == 1 for p in g.paths)
        for n, group in enumerate(series):
            name = entry.folder if len(series) == 1 else f"{entry.folder}/series_{n + 1}"
            yield _series_item(position, name or "series", list(group.paths), card, limits, started)
            position += 1
            started = time.perf_counter()
        for info in sorted(alone, key=lambda i: entry.files.index(i)):
            yield single(position, info)
            position += 1
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _series_item(
    position: int, name: str, paths: list[Path], card: ModelCard, limits: ArchiveLimits, started: float
) -> Item:
    item = Item(position, name)
    try:
        decoded = decode_series(paths, as_mask=False, budget=limits.budget)
        pixels = normalize_image(decoded.pixels)
        check_channels(pixels[0], card.channels)
        grid = decoded.grid
        item.kind = VOLUME
        item.spacing = tuple(grid.spacing) if grid is not None else (1.0, 1.0, 1.0)
        item.distance_unit = MM if grid is not None else PX
        item.extra = Output(name, "nifti" if grid is not None else "frames", grid=grid)
        item.slices = [pixels[z] for z in range(len(pixels))]
    except (DecodeError, InputError) as e:
        item.error = str(e)
        item.slices = []
    item.decode_ms = (time.perf_counter() - started) * 1000
    return item
