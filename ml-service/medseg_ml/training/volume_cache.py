"""A unet_3d job's volumes on disk: each case re-assembled from its slices, normalized and resampled once.

    <work_dir>/<job_id>/<case index>/image.npy   (C, Z, H, W) float32 at the target spacing
                                    mask.npy    (Z, H, W) class indices

The slices of a case arrive shard by shard (training.data.read_pairs) and are written into a raw
memory-map at the case's own spacing; once its last slice is in, that one case is read back, normalized
(preprocessing.normalize_volume), resampled (trilinear images, nearest masks) and written as above, and
the raw files go. So the RAM needed is one case, whatever the dataset's size; patches are read from
the memory-maps (patches.py).
"""

from __future__ import annotations

import logging
import shutil
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch

from medseg_ml.job import Cancelled
from medseg_ml.preprocessing import (
    mask_classes,
    match_channels,
    normalize_volume,
    resample_classes,
    resample_image,
    resampled_shape,
)
from medseg_ml.training import disk_arrays
from medseg_ml.training.data import DatasetError, PairSource, ShardSource, read_pairs
from medseg_ml.training.volume_job import CaseSource

logger = logging.getLogger(__name__)

# Foreground voxels remembered per case and class for oversampling (nnU-Net keeps 10 000).
MAX_LOCATIONS = 10_000


@dataclass
class CachedCase:
    """One prepared case.

    Attributes:
        image: (C, Z, H, W) float32 memory-map, normalized, at the target spacing.
        mask: (Z, H, W) class indices memory-map.
        locations: per foreground class present, (n, 3) voxel coordinates of it (a sample).
    """

    index: int
    name: str
    image: np.ndarray
    mask: np.ndarray
    locations: dict[int, np.ndarray] = field(default_factory=dict)

    @property
    def shape(self) -> tuple[int, int, int]:
        z, h, w = self.mask.shape
        return (int(z), int(h), int(w))

    def release(self) -> None:
        disk_arrays.release(self.image)
        disk_arrays.release(self.mask)


@dataclass
class VolumeCache:
    folder: Path
    cases: dict[int, CachedCase]
    unlisted_labels: tuple[int, ...] = ()

    def remove(self) -> None:
        self.cases.clear()
        shutil.rmtree(self.folder, ignore_errors=True)


@dataclass
class _Raw:
    image: np.ndarray
    mask: np.ndarray
    written: int = 0


def build_volume_cache(
    shards: Sequence[ShardSource],
    cases: Sequence[CaseSource],
    pairs: Sequence[PairSource],
    label_values: Sequence[int],
    channels: int,
    intensity: Sequence[Mapping[str, Any]],
    target_spacing: Sequence[float],
    folder: Path,
    cancel: threading.Event,
    seed: int = 0,
) -> VolumeCache:
    """Fetch the pairs' shards and write every case (those with at least one pair) to `folder`.

    Raises:
        DatasetError: a slice could not be read, or the slices of a case differ in shape.
        Cancelled: `cancel` was set.
    """
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    by_case: dict[int, list[PairSource]] = {}
    for pair in pairs:
        by_case.setdefault(pair.case_index, []).append(pair)
    slices = {c: sorted(members, key=lambda p: (p.slice_index, p.index)) for c, members in by_case.items()}
    position = {p.index: (c, z) for c, members in slices.items() for z, p in enumerate(members)}
    info = {case.index: case for case in cases}
    raws: dict[int, _Raw] = {}
    done: dict[int, CachedCase] = {}
    unlisted: set[int] = set()
    ordered = [p for c in sorted(slices) for p in slices[c]]
    cache = VolumeCache(folder, done)
    try:
        for read in read_pairs(shards, ordered, folder / "shards", cancel):
            if read.error:
                raise DatasetError(read.error)
            assert read.image is not None and read.mask is not None
            c, z = position[read.pair.index]
            raw = raws.get(c)
            if raw is None:
                depth, (height, width) = len(slices[c]), read.mask.shape
                raw_dir = folder / f"raw-{c}"
                image_shape = (read.image.shape[0], depth, height, width)
                raw = raws[c] = _Raw(
                    disk_arrays.create(raw_dir / "image.npy", image_shape, np.float32),
                    disk_arrays.create(raw_dir / "mask.npy", (depth, height, width), np.int64),
                )
            if read.image.shape[1:] != raw.mask.shape[1:] or read.image.shape[0] != raw.image.shape[0]:
                raise DatasetError(
                    f"Slice {read.pair.name} is {tuple(read.image.shape)} but the other slices of its volume "
                    f"are {(raw.image.shape[0], *raw.mask.shape[1:])}"
                )
            raw.image[:, z] = read.image
            classes, missing = mask_classes(read.mask, label_values)
            raw.mask[z] = classes
            unlisted |= missing
            raw.written += 1
            if raw.written == len(slices[c]):
                case = info.get(c) or CaseSource(c, read.pair.volume)
                done[c] = _finish(
                    raw, case, channels, intensity, target_spacing, len(label_values), folder, seed
                )
                del raws[c]
                shutil.rmtree(folder / f"raw-{c}", ignore_errors=True)
        if cancel.is_set():
            raise Cancelled()
    except BaseException:
        cache.remove()
        raise
    finally:
        shutil.rmtree(folder / "shards", ignore_errors=True)
    logger.info("volumes prepared", extra={"cases": len(done), "folder": str(folder)})
    cache.unlisted_labels = tuple(sorted(unlisted))
    return cache


def _finish(
    raw: _Raw,
    case: CaseSource,
    channels: int,
    intensity: Sequence[Mapping[str, Any]],
    target_spacing: Sequence[float],
    class_count: int,
    folder: Path,
    seed: int,
) -> CachedCase:
    """Normalize and resample one case (in RAM: just this one) into its final memory-maps."""
    try:
        pixels = match_channels(torch.from_numpy(np.asarray(raw.image)), channels).numpy()
    except ValueError as e:
        raise DatasetError(f"Volume {case.name}: {e}") from None
    shape = resampled_shape(raw.mask.shape, case.spacing, target_spacing)
    image = resample_image(torch.from_numpy(normalize_volume(pixels, intensity)), shape)
    dtype = torch.uint8 if class_count <= 256 else torch.int16
    mask = resample_classes(torch.from_numpy(np.asarray(raw.mask)).to(dtype), shape)
    out = folder / str(case.index)
    image_map = disk_arrays.create(out / "image.npy", image.shape, np.float32)
    image_map[:] = image.numpy()
    mask_array = mask.numpy()
    mask_map = disk_arrays.create(out / "mask.npy", mask_array.shape, mask_array.dtype)
    mask_map[:] = mask_array
    rng = np.random.default_rng(seed + case.index)
    locations: dict[int, np.ndarray] = {}
    for k in range(1, class_count):
        where = np.argwhere(mask_array == k)
        if len(where) > MAX_LOCATIONS:
            where = where[rng.choice(len(where), MAX_LOCATIONS, replace=False)]
        if len(where):
            locations[k] = where.astype(np.int64)
    cached = CachedCase(case.index, case.name, image_map, mask_map, locations)
    cached.release()
    return cached
