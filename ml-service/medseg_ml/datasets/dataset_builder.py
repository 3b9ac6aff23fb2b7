"""Decode the cases of an archive one at a time, streaming their objects and collecting the result.

Memory: one case's voxels (its channels, mask and their normalized copies) plus the shard being filled
are held at a time; each case leaves only its messages and a small intensity sample behind.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

from medseg_ml.datasets.archive import ArchiveRefusedError, EntryExtractor
from medseg_ml.datasets.case_files import LAYOUT_MSD, CaseFiles, Layout
from medseg_ml.datasets.case_reader import CaseSkipped, DecodedCase, read_case
from medseg_ml.datasets.case_stats import case_stats
from medseg_ml.datasets.entry_files import EntryFiles
from medseg_ml.datasets.fingerprint import FingerprintBuilder
from medseg_ml.datasets.limits import ArchiveLimits
from medseg_ml.datasets.messages import object_message, progress_message
from medseg_ml.datasets.normalize import label_values
from medseg_ml.datasets.render import PREVIEW_SIDE, THUMBNAIL_SIDE, render_overlay, to_rgb8, window_bounds
from medseg_ml.datasets.result import ResultBuilder
from medseg_ml.datasets.series_layout import series_folder
from medseg_ml.datasets.series_reader import read_series_cases
from medseg_ml.datasets.shards import ShardWriter
from medseg_ml.datasets.viewer_objects import NIFTI_CONTENT_TYPE, viewer_objects
from medseg_ml.generated.medseg.v1 import dataset_service_pb2 as pb
from medseg_ml.io.decode import decode_file, split_extension
from medseg_ml.io.decoded import DecodedImage

PROGRESS_INTERVAL_S = 0.1

FORMATS = {
    "PNG": pb.IMAGE_FORMAT_PNG,
    "JPEG": pb.IMAGE_FORMAT_JPEG,
    "DICOM": pb.IMAGE_FORMAT_DICOM,
    "NIfTI": pb.IMAGE_FORMAT_NIFTI,
    "NRRD": pb.IMAGE_FORMAT_NRRD,
    "MetaImage": pb.IMAGE_FORMAT_META_IMAGE,
    "DICOM-SEG": pb.IMAGE_FORMAT_DICOM_SEG,
}


class DatasetBuilder:
    def __init__(
        self, limits: ArchiveLimits, work_dir: Path, clock: Callable[[], float], shards: ShardWriter
    ) -> None:
        self._limits = limits
        self._work_dir = work_dir
        self._clock = clock
        self._shards = shards
        self._fingerprint = FingerprintBuilder()
        self._channels: int | None = None
        self._channel_names: list[str] = []
        self.result = ResultBuilder(limits)

    @property
    def stats(self) -> pb.DatasetStats:
        return self.result.stats

    def build(self, archive: zipfile.ZipFile, layout: Layout) -> Iterator[pb.InspectDatasetResponse]:
        self._channel_names = layout.metadata.channel_names
        extractor = EntryFiles(EntryExtractor(archive, self._limits), layout.data_files)
        self.result.warnings.extend(layout.warnings)
        total = len(layout.cases)
        yield progress_message(pb.INSPECT_PHASE_DECODING, 0, total)
        last = self._clock()
        for done, case in enumerate(layout.cases, start=1):
            yield from self._add_case(extractor, layout, case)
            now = self._clock()
            if now - last >= PROGRESS_INTERVAL_S or done == total:
                last = now
                yield progress_message(pb.INSPECT_PHASE_DECODING, done, total)
        yield from self._flush_shard()
        self.result.fingerprint = self._fingerprint.build(layout.metadata.channel_names)

    def _add_case(
        self, extractor: EntryFiles, layout: Layout, files: CaseFiles
    ) -> Iterator[pb.InspectDatasetResponse]:
        def decode(info: zipfile.ZipInfo, as_mask: bool) -> DecodedImage:
            return self._decode(extractor, info, as_mask=as_mask)

        try:
            if files.series:
                yield from self._add_series(extractor, layout, files)
                return
            case = read_case(
                files,
                decode,
                lambda info: self._extract(extractor, info),
                self._limits.budget,
                msd_single_file=layout.kind == LAYOUT_MSD and layout.channels is None,
            )
        except CaseSkipped as e:
            self.result.warn(e.path, e.reason)
            return
        yield from self._add_decoded(layout, files, case)

    def _add_series(
        self, extractor: EntryFiles, layout: Layout, files: CaseFiles
    ) -> Iterator[pb.InspectDatasetResponse]:
        for name, case in read_series_cases(
            files, extractor, self._limits.budget, self._work_dir, self.result.warn
        ):
            yield from self._add_decoded(layout, replace(files, name=name), case)
            del case  # before the next series is decoded: one case's voxels at a time

    def _add_decoded(
        self, layout: Layout, files: CaseFiles, case: DecodedCase
    ) -> Iterator[pb.InspectDatasetResponse]:
        if layout.kind == LAYOUT_MSD:
            self._check_channels(files, case, layout.metadata.channel_names)
        for value, name in case.mask_file.labels if case.mask_file else ():
            self.result.segment_labels.setdefault(value, name)
        if case.mask_adjustment and files.mask is not None:
            self.result.warn(files.mask.filename, case.mask_adjustment)
        if files.mask is not None:
            if too_many := self._limits.classes_error(len(label_values(case.mask)), "Has"):
                self.result.warn(files.mask.filename, too_many)
                return
        if too_many := self._limits.pairs_error(len(self.result.pairs) + case.pixels.shape[0]):
            raise ArchiveRefusedError([too_many])
        yield from self._emit(files, case)

    def _check_channels(self, files: CaseFiles, case: DecodedCase, named: list[str]) -> None:
        """Every MSD case has the channels dataset.json names, and as many as the others."""
        count = case.pixels.shape[1]
        if named and count != len(named):
            raise ArchiveRefusedError(
                [f"Case {files.name} ({files.images[0].filename}) has {count} channel(s) but dataset.json "
                 f"names {len(named)} ({', '.join(named)}); fix dataset.json or the case and zip again"]
            )  # fmt: skip
        if self._channels is not None and count != self._channels:
            raise ArchiveRefusedError(
                [f"Case {files.name} ({files.images[0].filename}) has {count} channel(s) where other cases "
                 f"have {self._channels}; every case needs the same channels"]
            )  # fmt: skip
        self._channels = count

    def _emit(self, files: CaseFiles, case: DecodedCase) -> Iterator[pb.InspectDatasetResponse]:
        """Store each slice (shard tensors, thumbnail, preview, pair), then the case and its NIfTIs."""
        pixels, mask = case.pixels, case.mask
        shown = pixels if pixels.shape[1] in (1, 3) else pixels[:, :1]
        window = window_bounds(shown)
        slice_count, channels, height, width = pixels.shape
        volume = files.name if case.is_volume else ""
        # Every input is a case: a volume, or a 2D image as a one-slice case (its pairs keep volume "").
        case_index = len(self.result.cases)
        mask_file = case.mask_file
        modality = case.image.modality or (mask_file.modality if mask_file else "")
        first_pair = len(self.result.pairs)
        for z in range(slice_count):
            index = len(self.result.pairs)
            shard_path = self._shards.add(index, pixels[z], mask[z])
            labels = [] if files.unlabeled else label_values(mask[z])
            rgb = to_rgb8(shown[z], window)
            thumbnail_path, preview_path = f"thumbs/{index:05d}.png", f"previews/{index:05d}.png"
            yield object_message(thumbnail_path, "image/png", render_overlay(rgb, mask[z], THUMBNAIL_SIDE))
            yield object_message(preview_path, "image/png", render_overlay(rgb, mask[z], PREVIEW_SIDE))
            self.result.add_pair(
                pb.DatasetPair(
                    index=index,
                    name=f"{files.name}#z{z:03d}" if volume else files.name,
                    image_path=files.images[0].filename,
                    mask_path=files.mask.filename if files.mask else "",
                    image_format=_format(case.image),
                    mask_format=_format(mask_file),
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
                    case_index=case_index,
                    unlabeled=files.unlabeled,
                ),
                case.image.format,
            )
            if self._shards.full():
                yield from self._flush_shard()
        if volume:
            # nnU-Net's channel_names say "CT" or "T2" where a NIfTI has no DICOM Modality.
            modality = modality or (self._channel_names[0] if self._channel_names else "")
        yield from self._emit_case(files, case, case_index, first_pair, modality)

    def _emit_case(
        self, files: CaseFiles, case: DecodedCase, index: int, first_pair: int, modality: str
    ) -> Iterator[pb.InspectDatasetResponse]:
        stats = case_stats(case.pixels, case.mask, case.grid.spacing, labelled=not files.unlabeled)
        window = case.image.window or (0.0, 0.0)
        slice_count, channels, height, width = case.pixels.shape
        message = pb.DatasetCase(
            index=index,
            name=files.name,
            image_paths=[series_folder(files)] if files.series else [i.filename for i in files.images],
            mask_path=files.mask.filename if files.mask else "",
            image_format=_format(case.image),
            mask_format=_format(case.mask_file),
            depth=slice_count,
            height=height,
            width=width,
            channels=channels,
            # A 2D image has no geometry: pixels, not millimetres (and no place in the 3D fingerprint).
            geometry=case.grid.to_proto() if case.is_volume else None,
            modality=modality,
            first_pair=first_pair,
            label_voxels=stats.label_voxels,
            intensities=stats.intensities,
            series_instance_uid=case.image.series_instance_uid,
            window_center=window[0],
            window_width=window[1],
            unlabeled=files.unlabeled,
        )
        self.result.cases.append(message)
        if case.is_volume:
            self._fingerprint.add(message, stats.pool)
        mask = None if files.unlabeled else case.mask
        rgb = not case.is_volume and channels == 3
        for path, data in viewer_objects(index, case.pixels, mask, case.grid, rgb=rgb):
            yield object_message(path, NIFTI_CONTENT_TYPE, data)

    def _decode(self, extractor: EntryFiles, info: zipfile.ZipInfo, *, as_mask: bool) -> DecodedImage:
        suffix = split_extension(info.filename.rsplit("/", 1)[-1])[1]
        path = self._extract(extractor, info, "mask" if as_mask else "image")
        try:
            return decode_file(path, suffix, as_mask=as_mask, budget=self._limits.budget)
        finally:
            extractor.remove(path)

    def _extract(self, extractor: EntryFiles, info: zipfile.ZipInfo, role: str = "entry") -> Path:
        """Extract `info` to a temp file named by its extension; the caller removes it."""
        suffix = split_extension(info.filename.rsplit("/", 1)[-1])[1]
        return extractor.extract(info, self._work_dir / f"{role}{suffix}")

    def _flush_shard(self) -> Iterator[pb.InspectDatasetResponse]:
        shard = self._shards.flush()
        if shard is not None:
            path, data = shard
            self.stats.normalized_bytes += len(data)
            yield object_message(path, "application/octet-stream", data)


def _format(decoded: DecodedImage | None) -> int:
    """The ImageFormat of a decoded file; unspecified for none (an unlabeled case's mask)."""
    if decoded is None:
        return pb.IMAGE_FORMAT_UNSPECIFIED
    return FORMATS.get(decoded.format, pb.IMAGE_FORMAT_UNSPECIFIED)
