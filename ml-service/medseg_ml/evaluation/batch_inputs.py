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
from medseg_ml.datasets.pairing import pair_files
from medseg_ml.evaluation.batch_outputs import Output
from medseg_ml.evaluation.batch_series import SeriesFolder, series_items, with_series
from medseg_ml.evaluation.cases import VOLUME
from medseg_ml.evaluation.process import Item, JobEnv, JobFailedError, Progress
from medseg_ml.evaluation.specs import ArchiveInput, BatchSpec, DatasetInput
from medseg_ml.inference.card import ModelCard
from medseg_ml.inference.segment import InputError, check_channels
from medseg_ml.io.budget import check_pixels
from medseg_ml.io.decode import SUPPORTED_SUFFIXES, decode_file, split_extension
from medseg_ml.io.decoded import DICOM, DecodedImage, DecodeError
from medseg_ml.job import Cancelled
from medseg_ml.metrics.scores import MM, PX
from medseg_ml.preprocessing import mask_classes
from medseg_ml.training.data import read_pairs


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
            inputs, mask_of = _inputs(scan.files)
            entries = with_series(inputs)
            progress.total = len(entries)
            extractor = EntryExtractor(archive, limits)
            position = 0

            def single(at: int, info: zipfile.ZipInfo) -> Item:
                return _archive_item(at, info, mask_of.get(info.filename), extractor, card, work, limits)

            for entry in entries:
                items = (
                    series_items(position, entry, extractor, card, work, limits, single)
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


def _inputs(files: list[zipfile.ZipInfo]) -> tuple[list[zipfile.ZipInfo], dict[str, zipfile.ZipInfo]]:
    """Files to segment, in archive order, and the mask of each image when images/ + masks/ pair them."""
    try:
        pairing = pair_files(files)
    except ArchiveRefusedError:
        return files, {}
    mask_of = {p.image.filename: p.mask for p in pairing.pairs}
    masks = {p.mask.filename for p in pairing.pairs}
    inputs = [
        f
        for f in files
        if f.filename not in masks and "masks" not in (p.lower() for p in entry_parts(f.filename)[:-1])
    ]
    return inputs, mask_of


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


def dataset_items(items: Iterator[Item]) -> Iterator[Item]:
    """Dataset pairs (pair_items) as batch items, their masks written as PNG."""
    for item in items:
        item.extra = Output(item.name, "png", pair_index=item.extra)
        yield item


def pair_items(
    dataset: DatasetInput, card: ModelCard, env: JobEnv, cancel: threading.Event, max_pixels: int | None
) -> Iterator[Item]:
    """Dataset pairs as items of one slice, their masks mapped onto the model's classes by label value
    (unlabeled pairs have no truth: segmented, never scored)."""
    # Dataset class i -> the model's class of the same label value (checked when the job was queued).
    to_model = np.array([card.label_values.index(v) for v in dataset.label_values], dtype=np.int64)
    reads = read_pairs(dataset.shards, dataset.pairs, env.work_dir, cancel)
    for position, read in enumerate(reads):
        started = time.perf_counter()
        item = Item(position, read.pair.name, extra=read.pair.index)
        if read.error or read.image is None or read.mask is None:
            item.error = read.error
        else:
            try:
                check_channels(read.image, card.channels)
                if max_pixels is not None:
                    check_pixels(read.image.shape[2], read.image.shape[1], max_pixels)
                item.slices = [np.ascontiguousarray(read.image)]
                if read.pair.index not in dataset.unlabeled:
                    classes, _ = mask_classes(read.mask, dataset.label_values)
                    item.truth = [to_model[classes]]
            except (InputError, DecodeError) as e:
                item.error = str(e)
        item.decode_ms = (time.perf_counter() - started) * 1000
        yield item
