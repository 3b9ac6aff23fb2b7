"""A batch job: every image of a ZIP or dataset segmented, written as masks.zip, results.csv, batch.json."""

from __future__ import annotations

import csv
import io
import json
import shutil
import tempfile
import threading
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

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
from medseg_ml.evaluation.evaluate import pair_items
from medseg_ml.evaluation.metrics import METRICS, ImageMetrics, aggregate, image_metrics, mean_metrics
from medseg_ml.evaluation.process import (
    REPORT_CONTENT_TYPE,
    Item,
    JobEnv,
    JobFailedError,
    Progress,
    check_not_empty,
    forward_items,
    iso_ms,
    metric_fields,
    ms,
    report_header,
)
from medseg_ml.evaluation.specs import ArchiveInput, BatchSpec
from medseg_ml.generated.medseg.v1 import job_pb2 as pb
from medseg_ml.inference.card import ModelCard
from medseg_ml.inference.nifti_mask import nifti_volume_mask
from medseg_ml.inference.segment import InputError, check_channels
from medseg_ml.io.decode import SUPPORTED_SUFFIXES, decode_file, split_extension
from medseg_ml.io.decoded import DICOM, NIFTI, DecodeError
from medseg_ml.job import Cancelled
from medseg_ml.job_queue import Emit
from medseg_ml.training.artifacts import Artifact, upload
from medseg_ml.training.data import mask_classes

REPORT_FORMAT = "medseg-batch-v1"
CSV_HEADER = (
    "input_name",
    "output_name",
    "width",
    "height",
    "slice_count",
    "decode_ms",
    "forward_ms",
    "total_ms",
    *METRICS,
    "error",
)


@dataclass(frozen=True)
class Output:
    """How an item's masks are written: one PNG, PNG per frame, or NIfTI on the input's grid."""

    stem: str
    kind: str  # "png", "frames" or "nifti"
    nifti: bytes = b""
    pair_index: int | None = None

    def names(self, count: int) -> list[str]:
        if self.kind == "nifti":
            return [f"{self.stem}.nii.gz"]
        if self.kind == "frames":
            return [f"{self.stem}_frame{z:04d}.png" for z in range(count)]
        return [f"{self.stem}.png"]


def run_batch(
    spec: BatchSpec, env: JobEnv, emit: Emit, cancel: threading.Event, created_ms: int
) -> pb.JobCompleted:
    """Segment every input of `spec`, then upload masks.zip, results.csv and, last, batch.json.

    Raises:
        Cancelled: `cancel` was set (nothing is written).
        JobFailedError: the ZIP is unreadable, or no image could be processed.
        StorageError: an input could not be read or an output written, after retries.
    """
    created = created_ms / 1000
    card = spec.model.card
    env.work_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f"batch-{spec.job_id[:40]}-", dir=env.work_dir))
    try:
        network = env.get_model(spec.model)
        source = spec.source
        if isinstance(source, ArchiveInput):
            progress = Progress(emit, total=0)
            items = archive_items(source, spec, card, work, cancel, progress)
        else:
            progress = Progress(emit, total=len(source.pairs))
            items = _dataset_items(pair_items(source, card, env, cancel, spec.max_pixels))
        masks_path = work / "masks.zip"
        rows: list[dict[str, Any]] = []
        scored: list[ImageMetrics] = []
        finished: list[Item] = []
        used: set[str] = set()
        with zipfile.ZipFile(masks_path, "w", zipfile.ZIP_DEFLATED) as masks_zip:
            for item in forward_items(
                items, network, card, env.device, spec.batch_size, cancel.is_set, progress
            ):
                started = time.perf_counter()
                output_name, metrics = None, None
                if not item.error:
                    output_name = _write_masks(masks_zip, item, card, used)
                    if item.truth is not None:
                        metrics = _item_metrics(item, card)
                        scored.append(metrics)
                write_ms = (time.perf_counter() - started) * 1000
                rows.append(_image_entry(item, output_name, metrics, write_ms))
                item.release()
                finished.append(item)
        progress.advance(0, force=True)
        check_not_empty(finished, "ZIP" if isinstance(source, ArchiveInput) else "dataset")
        if cancel.is_set():
            raise Cancelled()
        failed = sum(1 for item in finished if item.error)
        report: dict[str, Any] = {
            "format": REPORT_FORMAT,
            "batch_id": spec.job_id,
            "model_id": spec.model.model_id,
            "dataset_id": None if isinstance(source, ArchiveInput) else source.dataset_id,
            "source": "archive" if isinstance(source, ArchiveInput) else "dataset",
            "input_name": source.file_name if isinstance(source, ArchiveInput) else source.dataset_id,
            "created_at": iso_ms(created),
            "finished_at": iso_ms(time.time()),
            **report_header(card, progress, failed, len(finished)),
            "aggregate": aggregate(scored, card.label_values) if scored else None,
            "images": rows,
        }
        masks = Artifact.of(masks_path.read_bytes())
        table = Artifact.of(_csv(rows))
        data = json.dumps(report, ensure_ascii=False).encode()
        upload(spec.targets.masks_url, masks, "application/zip", "the masks archive")
        upload(spec.targets.csv_url, table, "text/csv", "the results table")
        # The report last: it is the commit marker the gateway trusts.
        upload(spec.targets.report_url, Artifact.of(data), REPORT_CONTENT_TYPE, "the batch report")
        return pb.JobCompleted(
            image_count=len(finished),
            failed_count=failed,
            report_bytes=len(data),
            masks_bytes=masks.size,
            csv_bytes=table.size,
            aggregate_json=json.dumps(report["aggregate"]),
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


def archive_items(
    source: ArchiveInput,
    spec: BatchSpec,
    card: ModelCard,
    work: Path,
    cancel: threading.Event,
    progress: Progress,
) -> Iterator[Item]:
    """Every image of the ZIP as an item (with its mask when the ZIP has images/ and masks/).

    Raises:
        StorageError: the ZIP cannot be downloaded.
        JobFailedError: the ZIP is not a ZIP or breaks the archive limits.
    """
    path = work / "input.zip"
    for _ in download(source.url, path):
        if cancel.is_set():
            raise Cancelled()
    limits = ArchiveLimits(max_pixels_per_slice=spec.max_pixels)
    try:
        with open_archive(path, limits) as archive:
            scan = scan_archive(archive, limits)
            inputs, mask_of = _inputs(scan.files)
            progress.total = len(inputs)
            extractor = EntryExtractor(archive, limits)
            for position, info in enumerate(inputs):
                item = _archive_item(
                    position, info, mask_of.get(info.filename), extractor, card, work, limits
                )
                if item.slices:
                    progress.total += len(item.slices) - 1
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
            decoded = decode_file(path, suffix, as_mask=False, max_pixels=limits.max_pixels_per_slice)
            nifti = path.read_bytes() if decoded.format == NIFTI else b""
        finally:
            path.unlink(missing_ok=True)
        pixels = normalize_image(decoded.pixels)
        check_channels(pixels[0], card.channels)
        kind = (
            "nifti"
            if decoded.format == NIFTI
            else "frames"
            if decoded.format == DICOM and len(pixels) > 1
            else "png"
        )
        item.extra = Output(stem, kind, nifti)
        if mask_info is not None:
            item.truth = _archive_truth(mask_info, extractor, card, work, limits, pixels.shape)
        item.slices = [pixels[z] for z in range(len(pixels))]
    except (DecodeError, EntryDamagedError, InputError) as e:
        item.error = str(e)
        item.slices, item.truth = [], None
    item.decode_ms = (time.perf_counter() - started) * 1000
    return item


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
        labels, _ = normalize_mask(
            decode_file(path, suffix, as_mask=True, max_pixels=limits.max_pixels_per_slice)
        )
    finally:
        path.unlink(missing_ok=True)
    if labels.shape != (shape[0], *shape[2:]):
        raise DecodeError(
            f"Its mask {info.filename} is {labels.shape[2]}x{labels.shape[1]} with {labels.shape[0]} "
            f"slice(s) but the image is {shape[3]}x{shape[2]} with {shape[0]}; export the mask at the "
            "image's size"
        )
    return [mask_classes(labels[z], card.label_values)[0] for z in range(len(labels))]


def _dataset_items(items: Iterator[Item]) -> Iterator[Item]:
    for item in items:
        item.extra = Output(item.name, "png", pair_index=item.extra)
        yield item


def _write_masks(masks_zip: zipfile.ZipFile, item: Item, card: ModelCard, used: set[str]) -> str:
    """Write the item's masks as label values; returns the (first) name written."""
    output: Output = item.extra
    names = [_unique(n, used) for n in output.names(len(item.masks))]
    if output.kind == "nifti":
        masks_zip.writestr(
            names[0],
            nifti_volume_mask(output.nifti, dict(enumerate(item.masks)), card.label_values),
            compress_type=zipfile.ZIP_STORED,
        )
        return names[0]
    values = np.asarray(card.label_values, dtype=np.int64)
    dtype = np.uint16 if values.max() > 255 else np.uint8
    for name, mask in zip(names, item.masks, strict=False):
        buffer = io.BytesIO()
        Image.fromarray(np.ascontiguousarray(values[mask].astype(dtype))).save(buffer, format="PNG")
        # PNG is compressed already; deflating it again costs time and saves nothing.
        masks_zip.writestr(name, buffer.getvalue(), compress_type=zipfile.ZIP_STORED)
    return names[0]


def _unique(name: str, used: set[str]) -> str:
    candidate, n = name, 1
    while candidate.lower() in used:
        stem, ext = split_extension(name)
        candidate = f"{stem}_{n}{ext}"
        n += 1
    used.add(candidate.lower())
    return candidate


def _item_metrics(item: Item, card: ModelCard) -> ImageMetrics:
    assert item.truth is not None
    slices = [
        image_metrics(mask, truth, card.label_values)
        for mask, truth in zip(item.masks, item.truth, strict=True)
    ]
    return slices[0] if len(slices) == 1 else mean_metrics(slices, card.label_values)


def _image_entry(
    item: Item, output_name: str | None, metrics: ImageMetrics | None, write_ms: float
) -> dict[str, Any]:
    output: Output | None = item.extra
    return {
        "position": item.position,
        "pair_index": output.pair_index if output is not None else None,
        "name": item.name,
        "input_name": item.name,
        "output_name": output_name,
        "width": item.width,
        "height": item.height,
        "slice_count": len(item.slices),
        **metric_fields(metrics),
        "decode_ms": ms(item.decode_ms),
        "forward_ms": ms(item.forward_ms),
        "total_ms": ms(item.decode_ms + item.forward_ms + write_ms),
        "has_truth": item.truth is not None and not item.error,
        "error": item.error or None,
    }


def _csv(rows: list[dict[str, Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for row in rows:
        writer.writerow(["" if row[name] is None else row[name] for name in CSV_HEADER])
    return buffer.getvalue().encode()
