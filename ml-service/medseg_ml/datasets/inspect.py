"""The whole inspection of one archive as a stream of responses: progress, objects, then one result.

Everything here blocks (zipfile, decoders, PNG encoding); the servicer runs it in a worker thread.
Closing the generator stops the work and deletes the temp files.
"""

from __future__ import annotations

import shutil
import tempfile
import time
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np

from medseg_ml.datasets.archive import (
    ArchiveRefusedError,
    EntryDamagedError,
    EntryExtractor,
    open_archive,
    scan_archive,
)
from medseg_ml.datasets.download import download
from medseg_ml.datasets.limits import ArchiveLimits
from medseg_ml.datasets.normalize import label_values, normalize_image, normalize_mask
from medseg_ml.datasets.pairing import FilePair, Pairing, pair_files
from medseg_ml.datasets.render import PREVIEW_SIDE, THUMBNAIL_SIDE, render_overlay, to_rgb8, window_bounds
from medseg_ml.datasets.shards import SHARD_TARGET_BYTES, ShardWriter
from medseg_ml.generated.medseg.v1 import dataset_service_pb2 as pb
from medseg_ml.io.decode import decode_file, split_extension
from medseg_ml.io.decoded import DecodedImage, DecodeError

PROGRESS_INTERVAL_S = 0.1
# The result travels in one gRPC message; a hostile archive of 100k stray files must not bloat it.
MAX_WARNINGS = 1000

_FORMATS = {
    "PNG": pb.IMAGE_FORMAT_PNG,
    "JPEG": pb.IMAGE_FORMAT_JPEG,
    "DICOM": pb.IMAGE_FORMAT_DICOM,
    "NIfTI": pb.IMAGE_FORMAT_NIFTI,
}


def inspect_dataset(
    archive_url: str, archive_size_bytes: int, limits: ArchiveLimits, work_root: Path
) -> Iterator[pb.InspectDatasetResponse]:
    """Download the archive into a temp folder under `work_root`, inspect it, and always delete the folder.

    Raises:
        StorageError: the archive could not be fetched.
    """
    work_root.mkdir(parents=True, exist_ok=True)
    work_dir = Path(tempfile.mkdtemp(prefix="inspect-", dir=work_root))
    try:
        archive_path = work_dir / "archive.zip"
        for done, total in download(archive_url, archive_path, archive_size_bytes):
            yield _progress(pb.INSPECT_PHASE_DOWNLOADING, done, total)
        yield from inspect_archive(archive_path, limits, work_dir)
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)


def inspect_archive(
    archive_path: Path,
    limits: ArchiveLimits,
    work_dir: Path,
    clock: Callable[[], float] = time.monotonic,
    shard_target_bytes: int = SHARD_TARGET_BYTES,
) -> Iterator[pb.InspectDatasetResponse]:
    """Check, pair and decode the ZIP at `archive_path`, using `work_dir` for extracted entries.

    Yields:
        SCANNING then DECODING progress, objects as they are produced, and exactly one result last.
    """
    builder = _DatasetBuilder(limits, work_dir, clock, ShardWriter(shard_target_bytes))
    try:
        with open_archive(archive_path, limits) as archive:
            entry_count = len(archive.infolist())
            yield _progress(pb.INSPECT_PHASE_SCANNING, 0, entry_count)
            scan = scan_archive(archive, limits)
            builder.stats.entry_count = scan.entry_count
            builder.stats.uncompressed_bytes = scan.uncompressed_bytes
            pairing = pair_files(scan.files)
            if too_many := limits.pairs_error(len(pairing.pairs)):
                raise ArchiveRefusedError([too_many])
            yield _progress(pb.INSPECT_PHASE_SCANNING, entry_count, entry_count)
            yield from builder.build(archive, pairing)
    except ArchiveRefusedError as e:
        yield builder.refused(e.errors)
        return
    yield builder.result(pairing)


class _DatasetBuilder:
    """Decodes pairs one at a time, streaming their objects and collecting pairs, warnings and stats."""

    def __init__(
        self, limits: ArchiveLimits, work_dir: Path, clock: Callable[[], float], shards: ShardWriter
    ) -> None:
        self._limits = limits
        self._work_dir = work_dir
        self._clock = clock
        self._shards = shards
        self._pairs: list[pb.DatasetPair] = []
        self._warnings: list[pb.FileIssue] = []
        self._labels: set[int] = set()
        self._volumes: set[str] = set()
        self._sizes: Counter[tuple[int, int]] = Counter()
        self._formats: Counter[str] = Counter()
        self._modalities: Counter[str] = Counter()
        self.stats = pb.DatasetStats()

    def build(self, archive: zipfile.ZipFile, pairing: Pairing) -> Iterator[pb.InspectDatasetResponse]:
        extractor = EntryExtractor(archive, self._limits)
        for issue in pairing.warnings:
            self._warn(issue.path, issue.reason)
        total = len(pairing.pairs)
        yield _progress(pb.INSPECT_PHASE_DECODING, 0, total)
        last = self._clock()
        for done, file_pair in enumerate(pairing.pairs, start=1):
            yield from self._add_pair(extractor, file_pair)
            now = self._clock()
            if now - last >= PROGRESS_INTERVAL_S or done == total:
                last = now
                yield _progress(pb.INSPECT_PHASE_DECODING, done, total)
        yield from self._flush_shard()

    def _add_pair(
        self, extractor: EntryExtractor, file_pair: FilePair
    ) -> Iterator[pb.InspectDatasetResponse]:
        image_path, mask_path = file_pair.image.filename, file_pair.mask.filename
        image = self._decode(extractor, file_pair.image, as_mask=False)
        if image is None:
            return
        mask_file = self._decode(extractor, file_pair.mask, as_mask=True)
        if mask_file is None:
            return
        try:
            pixels = normalize_image(image.pixels)
        except DecodeError as e:
            self._warn(image_path, str(e))
            return
        try:
            mask, adjustment = normalize_mask(mask_file)
        except DecodeError as e:
            self._warn(mask_path, str(e))
            return
        if mask.shape != (pixels.shape[0], *pixels.shape[2:]):
            self._warn(
                mask_path,
                f"Mask {mask_path} is {_describe(mask.shape)} but its image is "
                f"{_describe((pixels.shape[0], *pixels.shape[2:]))}; export the mask at the image's size",
            )
            return
        if adjustment:
            self._warn(mask_path, adjustment)
        if too_many := self._limits.classes_error(len(label_values(mask)), "Has"):
            self._warn(mask_path, too_many)
            return
        if too_many := self._limits.pairs_error(len(self._pairs) + pixels.shape[0]):
            raise ArchiveRefusedError([too_many])
        yield from self._emit_slices(file_pair, image, mask_file, pixels, mask)

    def _emit_slices(
        self,
        file_pair: FilePair,
        image: DecodedImage,
        mask_file: DecodedImage,
        pixels: np.ndarray,
        mask: np.ndarray,
    ) -> Iterator[pb.InspectDatasetResponse]:
        """Store each slice: pixels (S, C, H, W) and mask (S, H, W)."""
        window = window_bounds(pixels)
        slice_count, channels, height, width = pixels.shape
        is_volume = image.volume or mask_file.volume or slice_count > 1
        volume = file_pair.stem if is_volume else ""
        modality = image.modality or mask_file.modality
        if volume:
            self._volumes.add(volume.lower())
        for z in range(slice_count):
            index = len(self._pairs)
            shard_path = self._shards.add(index, pixels[z], mask[z])
            labels = label_values(mask[z])
            rgb = to_rgb8(pixels[z], window)
            thumbnail_path, preview_path = f"thumbs/{index:05d}.png", f"previews/{index:05d}.png"
            yield _object(thumbnail_path, "image/png", render_overlay(rgb, mask[z], THUMBNAIL_SIDE))
            yield _object(preview_path, "image/png", render_overlay(rgb, mask[z], PREVIEW_SIDE))
            self._pairs.append(
                pb.DatasetPair(
                    index=index,
                    name=f"{file_pair.stem}#z{z:03d}" if volume else file_pair.stem,
                    image_path=file_pair.image.filename,
                    mask_path=file_pair.mask.filename,
                    image_format=_FORMATS[image.format],
                    mask_format=_FORMATS[mask_file.format],
                    width=width,
                    height=height,
                    channels=channels,
                    volume=volume,
                    slice_index=z,
                    slice_count=slice_count,
                    labels=labels,
                    modality=modality,
                    shard_path=shard_path,
                    thumbnail_path=thumbnail_path,
                    preview_path=preview_path,
                )
            )
            self._labels.update(labels)
            self._sizes[(width, height)] += 1
            self._formats[image.format] += 1
            if modality:
                self._modalities[modality] += 1
            if self._shards.full():
                yield from self._flush_shard()

    def _decode(
        self, extractor: EntryExtractor, info: zipfile.ZipInfo, *, as_mask: bool
    ) -> DecodedImage | None:
        """Extract and decode one entry; None (with a warning) when it cannot be used."""
        suffix = split_extension(info.filename.rsplit("/", 1)[-1])[1]
        path = self._work_dir / f"{'mask' if as_mask else 'image'}{suffix}"
        try:
            extractor.extract(info, path)
            return decode_file(path, suffix, as_mask=as_mask, budget=self._limits.budget)
        except (DecodeError, EntryDamagedError) as e:
            self._warn(info.filename, str(e))
            return None
        finally:
            path.unlink(missing_ok=True)

    def _flush_shard(self) -> Iterator[pb.InspectDatasetResponse]:
        shard = self._shards.flush()
        if shard is not None:
            path, data = shard
            self.stats.normalized_bytes += len(data)
            yield _object(path, "application/octet-stream", data)

    def _warn(self, path: str, reason: str) -> None:
        self._warnings.append(pb.FileIssue(path=path, reason=reason))

    def _capped_warnings(self) -> list[pb.FileIssue]:
        if len(self._warnings) <= MAX_WARNINGS:
            return self._warnings
        more = len(self._warnings) - MAX_WARNINGS
        return [
            *self._warnings[:MAX_WARNINGS],
            pb.FileIssue(path="", reason=f"... and {more} more files skipped or adjusted"),
        ]

    def refused(self, errors: list[str]) -> pb.InspectDatasetResponse:
        """The result for an archive refused as a whole: errors, no pairs."""
        return pb.InspectDatasetResponse(
            result=pb.InspectResult(errors=errors, warnings=self._capped_warnings(), stats=self.stats)
        )

    def result(self, pairing: Pairing) -> pb.InspectDatasetResponse:
        stats = self.stats
        stats.pair_count = len(self._pairs)
        stats.volume_count = len(self._volumes)
        stats.channels = 3 if any(p.channels == 3 for p in self._pairs) else 1
        stats.label_values[:] = sorted(self._labels)
        stats.class_count = len(self._labels)
        stats.sizes.extend(
            pb.SizeCount(width=w, height=h, count=n) for (w, h), n in self._sizes.most_common()
        )
        stats.modalities.extend(pb.NameCount(name=k, count=n) for k, n in self._modalities.most_common())
        stats.formats.extend(pb.NameCount(name=k, count=n) for k, n in self._formats.most_common())
        errors = (
            []
            if self._pairs
            else [f"No valid image/mask pair: {_summary(pairing)}; see the warnings for each file"]
        )
        if too_many := self._limits.classes_error(len(self._labels), "The masks hold"):
            errors.append(too_many)
        return pb.InspectDatasetResponse(
            result=pb.InspectResult(
                errors=errors, warnings=self._capped_warnings(), pairs=self._pairs, stats=stats
            )
        )


def _summary(pairing: Pairing) -> str:
    if pairing.image_count == 0:
        return "images/ holds no image files"
    if pairing.mask_count == 0:
        return "masks/ holds no mask files"
    if not pairing.pairs:
        return f"none of the {pairing.image_count} images has a mask with the same name in masks/"
    return f"all {len(pairing.pairs)} image/mask pairs failed to decode or did not match"


def _describe(shape: tuple[int, ...]) -> str:
    """'64x32' (width x height) for one slice, '64x32 with 20 slices' for a volume; shape is (S, H, W)."""
    slices, height, width = shape
    return f"{width}x{height}" if slices == 1 else f"{width}x{height} with {slices} slices"


def _progress(phase: int, done: int, total: int) -> pb.InspectDatasetResponse:
    return pb.InspectDatasetResponse(progress=pb.InspectProgress(phase=phase, done=done, total=total))


def _object(path: str, content_type: str, data: bytes) -> pb.InspectDatasetResponse:
    return pb.InspectDatasetResponse(object=pb.DatasetObject(path=path, content_type=content_type, data=data))
