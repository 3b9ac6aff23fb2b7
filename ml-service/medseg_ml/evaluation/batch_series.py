"""DICOM series in a batch ZIP: the single-file slices of a folder, grouped by SeriesInstanceUID, become one
volume item each, segmented whole and written back as NIfTI on the series' own grid with a DICOM-SEG
referencing the series beside it. When the ZIP has images/ + masks/, the folder's mask (found as the
dataset inspection finds it: datasets/series_layout.py) scores the series in mm: a label volume on the
series' grid or a DICOM-SEG of it. A folder holding several series scores the ones its mask fits.

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

import numpy as np

from medseg_ml.datasets.archive import EntryDamagedError, EntryExtractor, entry_parts
from medseg_ml.datasets.case_reader import describe, same_grid
from medseg_ml.datasets.limits import ArchiveLimits
from medseg_ml.datasets.normalize import normalize_image, normalize_mask
from medseg_ml.evaluation.batch_outputs import Output
from medseg_ml.evaluation.cases import VOLUME
from medseg_ml.evaluation.process import Item
from medseg_ml.inference.card import ModelCard
from medseg_ml.inference.segment import InputError, check_channels
from medseg_ml.io import dicom
from medseg_ml.io.decode import decode_file, split_extension
from medseg_ml.io.decoded import DecodedImage, DecodeError
from medseg_ml.io.dicom_headers import DicomHeader, read_header
from medseg_ml.io.dicom_seg import decode_dicom_seg
from medseg_ml.io.dicom_series import decode_series, group_series
from medseg_ml.metrics.scores import MM, PX
from medseg_ml.preprocessing import mask_classes

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


@dataclass(frozen=True)
class SeriesReader:
    """What reading a series needs: the archive's extractor, the model, scratch space and limits."""

    extractor: EntryExtractor
    card: ModelCard
    work: Path
    limits: ArchiveLimits


def series_items(
    position: int,
    entry: SeriesFolder,
    reader: SeriesReader,
    mask: zipfile.ZipInfo | None,
    single: Callable[[int, zipfile.ZipInfo], Item],
) -> Iterator[Item]:
    """One item per series of two or more slices in the folder (normally one), then one per file that is
    not part of such a series (through `single`, the one-file path), positions from `position` on.
    `mask` is the folder's mask (masks/<folder>.nii.gz, a DICOM-SEG ...), None without one."""
    extractor, limits, work = reader.extractor, reader.limits, reader.work
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
            paths = list(group.paths)
            yield _series_item(position, name or "series", paths, reader, (mask, len(series) > 1), started)
            position += 1
            started = time.perf_counter()
        for info in sorted(alone, key=lambda i: entry.files.index(i)):
            yield single(position, info)
            position += 1
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _series_item(
    position: int,
    name: str,
    paths: list[Path],
    reader: SeriesReader,
    mask: tuple[zipfile.ZipInfo | None, bool],
    started: float,
) -> Item:
    """The series at `paths` as a volume item; `mask` is the folder's mask and whether the folder holds
    several series (then a mask that does not fit this one leaves it unscored instead of failing it)."""
    item = Item(position, name)
    budget = reader.limits.budget
    try:
        decoded = decode_series(paths, as_mask=False, budget=budget)
        pixels = normalize_image(decoded.pixels)
        check_channels(pixels[0], reader.card.channels)
        grid = decoded.grid
        item.kind = VOLUME
        item.spacing = tuple(grid.spacing) if grid is not None else (1.0, 1.0, 1.0)
        item.distance_unit = MM if grid is not None else PX
        # Headers only (no pixels): what the DICOM-SEG written after the forward references.
        sources = tuple(dicom.read_header(path, budget) for path in paths)
        kind = "nifti" if grid is not None else "frames"
        item.extra = Output(name, kind, grid=grid, dicom_sources=sources)
        info, several = mask
        if info is not None:
            try:
                item.truth = _series_truth(info, decoded, pixels.shape, reader)
            except DecodeError:
                if not several:
                    raise
        item.slices = [pixels[z] for z in range(len(pixels))]
    except (DecodeError, EntryDamagedError, InputError) as e:
        item.error = str(e)
        item.slices, item.truth = [], None
    item.decode_ms = (time.perf_counter() - started) * 1000
    return item


def _series_truth(
    info: zipfile.ZipInfo, image: DecodedImage, shape: tuple[int, ...], reader: SeriesReader
) -> list[np.ndarray]:
    """The folder's mask on the series' grid as the model's class indices per slice.

    Raises:
        DecodeError: the mask cannot be read or does not lie on the series' grid.
        EntryDamagedError: the mask cannot be read from the archive.
    """
    budget = reader.limits.budget
    suffix = split_extension(entry_parts(info.filename)[-1])[1]
    path = reader.work / f"series-mask{suffix}"
    want = (shape[0], *shape[2:])
    try:
        reader.extractor.extract(info, path)
        if suffix in DICOM_SUFFIXES and read_header(path, budget).is_segmentation:
            decoded = decode_dicom_seg(path, image, budget=budget)
        else:
            decoded = decode_file(path, suffix, as_mask=True, budget=budget)
        labels, _ = normalize_mask(decoded)
    finally:
        path.unlink(missing_ok=True)
    if labels.shape != want or not same_grid(decoded.grid, image.grid):
        raise DecodeError(
            f"Its mask {info.filename} is {describe(labels.shape)} but the series is {describe(want)} "
            "(or lies elsewhere); export the mask on the series' grid"
        )
    return [mask_classes(labels[z], reader.card.label_values)[0] for z in range(len(labels))]
