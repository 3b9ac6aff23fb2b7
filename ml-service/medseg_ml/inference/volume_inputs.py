"""The volume SegmentVolume segments: an uploaded file (or a ZIP of one series) decoded whole, or a stored
dataset case re-assembled from its slices' shards.

Every input comes out the same way: display-ordered, dataset-normalized pixels (C, Z, H, W) and the grid
they came from, so outputs can be written back on the input's own grid (volumes/grid.py).
"""

from __future__ import annotations

import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
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
from medseg_ml.datasets.limits import ArchiveLimits
from medseg_ml.datasets.normalize import normalize_image
from medseg_ml.generated.medseg.v1 import inference_service_pb2 as pb
from medseg_ml.generated.medseg.v1 import sources_pb2
from medseg_ml.inference.inputs import read_shard_pair, upload_suffix
from medseg_ml.inference.segment import InputError
from medseg_ml.io.decode import decode_file, split_extension
from medseg_ml.io.decoded import DICOM, NIFTI, DecodedImage, DecodeError
from medseg_ml.io.dicom_series import decode_series
from medseg_ml.preprocessing import mask_classes
from medseg_ml.training.data import DatasetError, PairMasks, fetch_shard
from medseg_ml.volumes.grid import VolumeGrid, display_grid

# Intensity percentiles of the display window of a file that names none (DICOM's own wins).
WINDOW_PERCENTILES = (0.5, 99.5)
# VolumeInput.format of a stored dataset case.
CASE_FORMAT = "dataset"
_ZIP_MAGIC = b"PK\x03\x04"
_META_HEADERS = (".mhd",)


@dataclass(frozen=True)
class VolumeInput:
    """A whole volume ready for `predict_volume`.

    Attributes:
        pixels: (C, Z, H, W) display-ordered, as a dataset stores them (compact dtype, equal RGB made gray).
        grid: the input's own grid; a 2D image is one slice of spacing 1 (pixels).
        window: display window as (center, width).
        format: the decoder's format name (NIfTI, DICOM, NRRD, MetaImage, PNG, JPEG).
        source_nifti: a NIfTI upload as given (passed through as the image output), else None.
        series_files: a DICOM series' files (alive while the input is), for the DICOM-SEG; else empty.
        truth: (Z, H, W) label values of a labelled dataset case, else None.
        physical: the grid is in millimetres (a file with geometry), not pixels of a 2D image.
    """

    pixels: np.ndarray
    grid: VolumeGrid
    window: tuple[float, float]
    format: str
    source_nifti: bytes | None = None
    series_files: tuple[Path, ...] = ()
    truth: np.ndarray | None = None
    name: str = ""
    physical: bool = True

    @property
    def spacing(self) -> tuple[float, float, float]:
        return self.grid.spacing

    @property
    def is_dicom_series(self) -> bool:
        return bool(self.series_files)


def percentile_window(channel: np.ndarray) -> tuple[float, float]:
    """(center, width) from the 0.5 and 99.5 intensity percentiles; width at least 1."""
    low, high = (float(v) for v in np.percentile(channel, WINDOW_PERCENTILES))
    return ((low + high) / 2, max(high - low, 1.0))


@contextmanager
def upload_volume(upload: pb.UploadedImage, limits: ArchiveLimits, work_dir: Path) -> Iterator[VolumeInput]:
    """Decode an uploaded NIfTI, NRRD, MHA, PNG, JPEG or DICOM file, or a ZIP of one DICOM series or of an
    .mhd with its .raw; the input (and its scratch files) lives for the block.

    Raises:
        InputError: not a supported file, unreadable, over `limits`, or a ZIP holding anything else.
    """
    name = Path(upload.file_name).name or "the upload"
    if not upload.data:
        raise InputError(
            f"{name} is empty; upload a NIfTI, NRRD, MHA, a ZIP of one DICOM series or a 2D image"
        )
    work_dir.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="volume-", dir=work_dir))
    try:
        if upload.data.startswith(_ZIP_MAGIC) or name.lower().endswith(".zip"):
            yield _zip_volume(upload.data, name, limits, folder)
        else:
            suffix = upload_suffix(upload.data, name, volumes=True)
            path = folder / f"image{suffix}"
            path.write_bytes(upload.data)
            decoded = _decode(path, suffix, limits, name)
            source = upload.data if decoded.format == NIFTI and decoded.grid is not None else None
            yield _volume(decoded, name, source_nifti=source)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _zip_volume(data: bytes, name: str, limits: ArchiveLimits, folder: Path) -> VolumeInput:
    archive_path = folder / "upload.zip"
    archive_path.write_bytes(data)
    files = folder / "files"
    files.mkdir()
    try:
        with open_archive(archive_path, limits) as archive:
            scan = scan_archive(archive, limits)
            extractor = EntryExtractor(archive, limits)
            paths = []
            for i, info in enumerate(scan.files):
                # Flat, numbered names: entry names never become paths here; the extension is kept.
                _, suffix = split_extension(entry_parts(info.filename)[-1])
                dest = files / f"{i:06d}{suffix}"
                extractor.extract(info, dest)
                paths.append((entry_parts(info.filename)[-1], dest))
    except (ArchiveRefusedError, EntryDamagedError) as e:
        raise InputError(f"{name}: {e}") from None
    finally:
        archive_path.unlink(missing_ok=True)
    if not paths:
        raise InputError(
            f"{name} holds no files; zip the folder of one DICOM series (or an .mhd with its .raw)"
        )
    headers = [p for original, p in paths if split_extension(original)[1] in _META_HEADERS]
    if headers:
        return _meta_image(headers, paths, name, limits)
    return _dicom_series([p for _, p in paths], name, limits)


def _meta_image(
    headers: list[Path], paths: list[tuple[str, Path]], name: str, limits: ArchiveLimits
) -> VolumeInput:
    if len(headers) > 1:
        raise InputError(f"{name} holds {len(headers)} .mhd files; zip one volume (.mhd with its .raw)")
    # The header names its data file: give every file its own name back, side by side.
    renamed = {path: path.rename(path.with_name(original)) for original, path in paths}
    return _volume(_decode(renamed[headers[0]], ".mhd", limits, name), name)


def _dicom_series(paths: list[Path], name: str, limits: ArchiveLimits) -> VolumeInput:
    try:
        decoded = decode_series(paths, as_mask=False, budget=limits.budget)
    except DecodeError as e:
        raise InputError(f"{name}: {e}") from None
    return _volume(decoded, name, series_files=tuple(paths))


def _decode(path: Path, suffix: str, limits: ArchiveLimits, name: str) -> DecodedImage:
    try:
        return decode_file(path, suffix, as_mask=False, budget=limits.budget)
    except DecodeError as e:
        raise InputError(f"{name}: {e}") from None


def _volume(
    decoded: DecodedImage,
    name: str,
    *,
    source_nifti: bytes | None = None,
    series_files: tuple[Path, ...] = (),
) -> VolumeInput:
    try:
        slices = normalize_image(decoded.pixels)
    except DecodeError as e:
        raise InputError(f"{name}: {e}") from None
    pixels = np.ascontiguousarray(slices.transpose(1, 0, 2, 3))
    grid = decoded.grid if decoded.grid is not None else display_grid(pixels.shape[1:])
    if grid.display_shape != pixels.shape[1:]:
        raise InputError(
            f"{name}: its geometry is {grid.display_shape} but its pixels are {pixels.shape[1:]}"
        )
    window = decoded.window if decoded.window is not None and decoded.window[1] > 0 else None
    return VolumeInput(
        pixels,
        grid,
        window or percentile_window(pixels[0]),
        decoded.format or DICOM,
        source_nifti=source_nifti,
        series_files=series_files,
        name=name,
        physical=decoded.grid is not None,
    )


def case_volume(case_image: pb.DatasetCaseImage, max_pixels: int, work_dir: Path) -> VolumeInput:
    """Re-assemble a stored case from its slices (consecutive pairs, in slice order) and their shards.

    Raises:
        InputError: the case or its pairs are not in the request, or the pairs disagree with the case.
        StorageError: a shard could not be fetched.
    """
    dataset = case_image.dataset
    index = case_image.case_index
    case = next((c for c in dataset.cases if c.index == index), None)
    if case is None:
        raise InputError(f"dataset_case.dataset.cases has no case {index}; send the case with its geometry")
    # A volume's slices name it; a 2D image is a one-slice case whose pair names no volume, found by
    # the case's pair range instead.
    last = case.first_pair + case.depth
    pairs = sorted(
        (
            p
            for p in dataset.pairs
            if p.case_index == index and (p.volume or case.first_pair <= p.index < last)
        ),
        key=lambda p: p.slice_index,
    )
    if not pairs:
        raise InputError(f"dataset_case.dataset.pairs has no slice of case {index} ({case.name})")
    urls = {s.path: s.url for s in dataset.shards}
    missing = sorted({p.shard_path for p in pairs} - urls.keys())
    if missing:
        raise InputError(f"dataset_case.dataset.shards lacks {', '.join(missing)}, which hold case {index}")
    work_dir.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="case-", dir=work_dir))
    pair_masks = PairMasks(urls, folder, threading.Event().is_set)
    try:
        images, masks = [], []
        for shard_path in dict.fromkeys(p.shard_path for p in pairs):
            data = fetch_shard(shard_path, urls[shard_path], folder, threading.Event().is_set)
            for pair in (p for p in pairs if p.shard_path == shard_path):
                image, mask = read_shard_pair(data, pair.index, max_pixels)
                if pair.mask_shard_path:
                    # This version's saved mask for the case (the truth scored against).
                    mask = _saved_mask(pair_masks, pair, image)
                images.append((pair.slice_index, image))
                masks.append((pair.slice_index, mask))
    finally:
        pair_masks.close()
        shutil.rmtree(folder, ignore_errors=True)
    images.sort(key=lambda t: t[0])
    masks.sort(key=lambda t: t[0])
    pixels = np.ascontiguousarray(np.stack([i for _, i in images], axis=1))
    shape = pixels.shape[1:]
    if case.geometry.source_affine:
        grid = VolumeGrid.from_proto(case.geometry)
    else:
        grid = display_grid(shape, tuple(case.geometry.spacing) or (1.0, 1.0, 1.0))
    if grid.display_shape != shape:
        raise InputError(
            f"Case {index} ({case.name}) has {shape[0]} slices of {shape[1]}x{shape[2]} in its shards but "
            f"its geometry says {grid.display_shape}; inspect the dataset again"
        )
    window = (
        (case.window_center, case.window_width) if case.window_width > 0 else percentile_window(pixels[0])
    )
    # A case unlabeled as uploaded is labelled in a version that saved a mask for it.
    labelled = not case.unlabeled or any(p.mask_shard_path for p in pairs)
    truth = np.stack([m for _, m in masks]) if labelled else None
    physical = bool(case.geometry.source_affine or case.geometry.spacing)
    return VolumeInput(pixels, grid, window, CASE_FORMAT, truth=truth, name=case.name, physical=physical)


def _saved_mask(pair_masks: PairMasks, pair: sources_pb2.DatasetSourcePair, image: np.ndarray) -> np.ndarray:
    try:
        mask = pair_masks.mask(pair.index, pair.name, pair.mask_shard_path, {})
    except DatasetError as e:
        raise InputError(str(e)) from None
    if mask.shape != image.shape[1:]:
        raise InputError(
            f"Pair {pair.index}'s saved mask is {tuple(mask.shape)} but its image is {tuple(image.shape[1:])}"
        )
    return mask


def truth_classes(truth: np.ndarray, label_values: tuple[int, ...]) -> np.ndarray:
    """(Z, H, W) label values as the model's class indices; values the model lacks become background."""
    classes, _ = mask_classes(truth, label_values)
    return classes
