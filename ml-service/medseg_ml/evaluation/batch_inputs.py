"""What a batch job reads: the images (and masks) of a ZIP, or a dataset's pairs, as items to segment."""

from __future__ import annotations

import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from medseg_ml.datasets.archive import (
    ArchiveRefusedError,
    EntryDamagedError,
    EntryExtractor,
    entry_parts,
    open_archive,
    scan_archive,
)
from medseg_ml.datasets.download import download
from medseg_ml.datasets.limits import ArchiveLimits
from medseg_ml.datasets.normalize import normalize_image, normalize_mask
from medseg_ml.datasets.pairing import pair_files, root_depth
from medseg_ml.datasets.series_layout import split_series
from medseg_ml.evaluation.batch_outputs import Output
from medseg_ml.evaluation.batch_series import SeriesFolder, SeriesReader, series_items, with_series
from medseg_ml.evaluation.case_items import case_items
from medseg_ml.evaluation.cases import VOLUME, CaseGroup
from medseg_ml.evaluation.process import Item, JobEnv, JobFailedError, Progress
from medseg_ml.evaluation.specs import ArchiveInput, BatchSpec, DatasetInput
from medseg_ml.inference.card import ModelCard
from medseg_ml.inference.segment import InputError, check_channels
from medseg_ml.io.decode import SUPPORTED_SUFFIXES, decode_file, split_extension
from medseg_ml.io.decoded import DICOM, DecodedImage, DecodeError
from medseg_ml.job import Cancelled
from medseg_ml.metrics.scores import MM, PX
from medseg_ml.preprocessing import mask_classes
from medseg_ml.volumes.grid import VolumeGrid, display_grid


def archive_items(
    source: ArchiveInput,
    spec: BatchSpec,
    card: ModelCard,
    work: Path,
    cancel: threading.Event,
    progress: Progress,
) -> Iterator[Item]:
    """Every image of the ZIP as an item (with its mask when the ZIP has images/ and masks/); the DICOM
    files of a folder holding several as one volume per series (batch_series.py).

    Raises:
        StorageError: the ZIP cannot be downloaded.
        JobFailedError: the ZIP is not a ZIP or breaks the archive limits.
    """
    path = work / "input.zip"
    for _ in download(source.url, path):
        if cancel.is_set():
            raise Cancelled()
    limits = spec.limits
    try:
        with open_archive(path, limits) as archive:
            scan = scan_archive(archive, limits)
            inputs, mask_of, series_mask = _inputs(scan.files)
            entries = with_series(inputs)
            progress.total = len(entries)
            extractor = EntryExtractor(archive, limits)
            reader = SeriesReader(extractor, card, work, limits)
            position = 0

            def single(at: int, info: zipfile.ZipInfo) -> Item:
                return _archive_item(at, info, mask_of.get(info.filename), extractor, card, work, limits)

            for entry in entries:
                items = (
                    series_items(position, entry, reader, series_mask.get(entry.folder), single)
                    if isinstance(entry, SeriesFolder)
                    else [single(position, entry)]
                )
                for item in items:
                    if item.slices:
                        progress.total += len(item.slices) - 1
                    position += 1
                    yield item
    except ArchiveRefusedError as e:
        raise JobFailedError(f"{source.file_name} cannot be processed: {e}") from None


def _inputs(
    files: list[zipfile.ZipInfo],
) -> tuple[list[zipfile.ZipInfo], dict[str, zipfile.ZipInfo], dict[str, zipfile.ZipInfo]]:
    """Files to segment, in archive order, and, when the ZIP has images/ + masks/, the mask of each image
    (by its entry name) and of each DICOM series folder (by the folder's path, as SeriesFolder.folder)."""
    try:
        pairing = pair_files(files)
    except ArchiveRefusedError:
        return files, {}, {}
    mask_of = {p.image.filename: p.mask for p in pairing.pairs}
    masks = {p.mask.filename for p in pairing.pairs}
    inputs = [
        f
        for f in files
        if f.filename not in masks and "masks" not in (p.lower() for p in entry_parts(f.filename)[:-1])
    ]
    split = [(f, entry_parts(f.filename)) for f in files]
    series = split_series(split, root_depth(split)).cases
    series_mask = {"/".join(entry_parts(c.series[0].filename)[:-1]): c.mask for c in series if c.mask}
    return inputs, mask_of, series_mask


def _archive_item(
    position: int,
    info: zipfile.ZipInfo,
    mask_info: zipfile.ZipInfo | None,
    extractor: EntryExtractor,
    card: ModelCard,
    work: Path,
    limits: ArchiveLimits,
) -> Item:
    started = time.perf_counter()
    name = "/".join(entry_parts(info.filename))
    item = Item(position, name)
    stem, suffix = split_extension(name)
    try:
        if suffix not in SUPPORTED_SUFFIXES:
            raise DecodeError(f"{suffix} files are not read; add PNG, JPEG, DICOM or NIfTI images")
        path = work / f"image{suffix}"
        try:
            extractor.extract(info, path)
            decoded = decode_file(path, suffix, as_mask=False, budget=limits.budget)
        finally:
            path.unlink(missing_ok=True)
        pixels = normalize_image(decoded.pixels)
        check_channels(pixels[0], card.channels)
        # A volume file with geometry (NIfTI, NRRD, MetaImage) gets its mask back as NIfTI on its own grid.
        grid = decoded.grid if decoded.format != DICOM else None
        frames = decoded.format == DICOM and len(pixels) > 1
        kind = "nifti" if grid is not None else "frames" if frames else "png"
        item.extra = Output(stem, kind, grid=grid)
        _as_volume(item, decoded)
        if mask_info is not None:
            item.truth = _archive_truth(mask_info, extractor, card, work, limits, pixels.shape)
        item.slices = [pixels[z] for z in range(len(pixels))]
    except (DecodeError, EntryDamagedError, InputError) as e:
        item.error = str(e)
        item.slices, item.truth = [], None
    item.decode_ms = (time.perf_counter() - started) * 1000
    return item


def _as_volume(item: Item, decoded: DecodedImage) -> None:
    """A volume file (NIfTI, NRRD, DICOM series) is predicted and scored as a whole, in mm when its
    geometry is known (DecodedImage.grid), else with spacing 1 in pixels."""
    if not decoded.volume or decoded.pixels.shape[0] < 2:
        return
    grid = decoded.grid
    item.kind = VOLUME
    if grid is not None:
        item.spacing, item.distance_unit = tuple(grid.spacing), MM
    else:
        item.spacing, item.distance_unit = (1.0, 1.0, 1.0), PX


def _archive_truth(
    info: zipfile.ZipInfo,
    extractor: EntryExtractor,
    card: ModelCard,
    work: Path,
    limits: ArchiveLimits,
    shape: tuple[int, ...],
) -> list[np.ndarray]:
    """The mask of an image as class indices per slice (label values mapped by value onto the model's)."""
    suffix = split_extension(entry_parts(info.filename)[-1])[1]
    path = work / f"mask{suffix}"
    try:
        extractor.extract(info, path)
        labels, _ = normalize_mask(decode_file(path, suffix, as_mask=True, budget=limits.budget))
    finally:
        path.unlink(missing_ok=True)
    if labels.shape != (shape[0], *shape[2:]):
        raise DecodeError(
            f"Its mask {info.filename} is {labels.shape[2]}x{labels.shape[1]} with {labels.shape[0]} "
            f"slice(s) but the image is {shape[3]}x{shape[2]} with {shape[0]}; export the mask at the "
            "image's size"
        )
    return [mask_classes(labels[z], card.label_values)[0] for z in range(len(labels))]


def dataset_items(
    dataset: DatasetInput, card: ModelCard, env: JobEnv, cancel: threading.Event, max_pixels: int | None
) -> Iterator[Item]:
    """Every case of the dataset as one volume item (an unlabeled case segmented, never scored), its mask
    written as NIfTI on the case's own grid and named after the case; every 2D pair as one PNG."""
    for item in case_items(dataset, card, env, cancel, max_pixels, dataset.batch_groups):
        group: CaseGroup = item.extra
        first = group.pairs[0].index
        if group.kind == VOLUME:
            grid = _case_grid(group, item)
            item.extra = Output(group.name, "nifti", first, grid, case_index=group.case_index)
        else:
            item.extra = Output(group.name, "png", first)
        yield item


def _case_grid(group: CaseGroup, item: Item) -> VolumeGrid | None:
    """The case's source grid when its slices fill it; else (a case stored without geometry) the grid of
    the display array itself with the case's spacing (1 = pixels). None for a failed item."""
    if not item.slices:
        return None
    shape = (len(item.slices), *item.slices[0].shape[1:])
    if group.grid is not None and group.grid.display_shape == shape:
        return group.grid
    return display_grid(shape, group.spacing if len(group.spacing) == 3 else (1.0, 1.0, 1.0))
