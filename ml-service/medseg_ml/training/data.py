"""The job's dataset, prepared once: shards fetched through presigned URLs, pairs normalized and resized.

Everything an epoch reads is already a tensor of the final size, so training never waits on decoding.
The prepared tensors stay in RAM up to the job's memory budget (MEDSEG_ML_TRAINING_MEMORY_MB); beyond
it they are memory-maps in the work dir (disk_arrays.py), read a batch at a time. The preparation
itself (normalize, resize, class mapping) lives in medseg_ml.preprocessing, shared with inference and
evaluation.

One piece on purpose: fetching shards, reading a pair's image and its (possibly overridden) mask,
and filling the prepared tensors are one pass over the shards with one scratch folder and one
cancellation; PairMasks and fetch_shard are the parts other modules (evaluation, segment-case) call.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import threading
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch
from safetensors import SafetensorError, safe_open
from safetensors.numpy import load as load_safetensors

from medseg_ml import http
from medseg_ml.job import Cancelled
from medseg_ml.preprocessing import prepare_image, prepare_mask
from medseg_ml.training import disk_arrays

logger = logging.getLogger(__name__)

# A shard larger than this goes to a temp file instead of memory (shards are written at about 32 MB).
IN_MEMORY_SHARD_BYTES = 256 * 1024 * 1024
# Shards downloading ahead of the one being decoded.
PARALLEL_DOWNLOADS = 4


class DatasetError(Exception):
    """A shard does not hold what the pair list says, or is not a readable safetensors file."""


@dataclass(frozen=True)
class ShardSource:
    path: str
    url: str


@dataclass(frozen=True)
class PairSource:
    index: int
    name: str
    shard_path: str
    volume: str = ""
    slice_index: int = 0
    # The DatasetCase of a volume slice.
    case_index: int = 0
    # Set when a dataset version has a saved mask for this pair's case: its mask is mask_<index> there.
    mask_shard_path: str = ""


@dataclass
class TrainingData:
    """Pairs ready for the network.

    Attributes:
        images: (N, C, S, S) float32 in [0, 1].
        masks: (N, S, S) class indices, uint8 (int16 past 255 classes).
        pair_indices: the pair index of each row.
        unlisted_labels: mask values found that are not in label_values; they were read as background.
        backing: the memory-maps behind images and masks when they are on disk, else empty.
    """

    images: torch.Tensor
    masks: torch.Tensor
    pair_indices: tuple[int, ...]
    unlisted_labels: tuple[int, ...] = ()
    backing: tuple[np.ndarray, ...] = ()

    @property
    def on_disk(self) -> bool:
        return bool(self.backing)

    def release(self) -> None:
        """Drop the pages a batch read brought into memory (on-disk data only)."""
        for array in self.backing:
            disk_arrays.release(array)

    def rows(self, pair_indices: Sequence[int]) -> torch.Tensor:
        """Row numbers (long) of the given pairs."""
        where = {p: row for row, p in enumerate(self.pair_indices)}
        return torch.tensor([where[p] for p in pair_indices], dtype=torch.long)

    @property
    def nbytes(self) -> int:
        return self.images.nbytes + self.masks.nbytes

    def to(self, device: torch.device) -> TrainingData:
        return TrainingData(
            self.images.to(device), self.masks.to(device), self.pair_indices, self.unlisted_labels
        )


def load_training_data(
    shards: Sequence[ShardSource],
    pairs: Sequence[PairSource],
    label_values: Sequence[int],
    channels: int,
    size: int,
    spill_dir: Path,
    cancel: threading.Event | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    memory_budget_bytes: int | None = None,
) -> TrainingData:
    """Fetch the shards holding `pairs`, each once, and prepare every pair.

    Args:
        shards: every shard of the dataset; only those holding `pairs` are fetched.
        pairs: the pairs to load, in the order of the rows returned.
        spill_dir: where a shard too large for memory is downloaded (deleted afterwards), and where
            prepared tensors past the budget are memory-mapped.
        memory_budget_bytes: prepared tensors larger than this go to disk; None = always RAM.
        cancel: set to stop between chunks and pairs.
        on_progress: called with (shards done, shards total) after each shard.

    Raises:
        DatasetError: a shard could not be fetched or lacks a pair.
        Cancelled: `cancel` was set.
    """
    cancel = cancel or threading.Event()
    urls = {s.path: s.url for s in shards}
    by_shard: dict[str, list[tuple[int, PairSource]]] = {}
    for row, pair in enumerate(pairs):
        if pair.shard_path not in urls:
            raise DatasetError(f"Pair {pair.index} ({pair.name}) is in {pair.shard_path}, which has no URL")
        by_shard.setdefault(pair.shard_path, []).append((row, pair))
    spill_dir.mkdir(parents=True, exist_ok=True)
    images, masks, backing = disk_arrays.prepared_tensors(
        len(pairs), channels, size, len(label_values), spill_dir, memory_budget_bytes
    )
    unlisted: set[int] = set()

    work_dir = Path(tempfile.mkdtemp(prefix="shards-", dir=spill_dir))
    leaving = threading.Event()

    def stopped() -> bool:
        return cancel.is_set() or leaving.is_set()

    pair_masks = PairMasks(urls, work_dir, stopped)

    pending: deque[tuple[str, Future[bytes | Path]]] = deque()
    paths = iter(by_shard)
    pool = ThreadPoolExecutor(PARALLEL_DOWNLOADS, thread_name_prefix="shard-download")
    try:
        for done in range(len(by_shard)):
            while len(pending) < PARALLEL_DOWNLOADS and (path := next(paths, None)) is not None:
                pending.append((path, pool.submit(fetch_shard, path, urls[path], work_dir, stopped)))
            path, future = pending.popleft()
            data = future.result()
            tensors = open_shard(path, data)
            for row, pair in by_shard[path]:
                if cancel.is_set():
                    raise Cancelled()
                image, mask = _pair_arrays(tensors, path, pair, pair_masks)
                images[row] = prepare_image(image, channels, size)
                masks[row], missing = prepare_mask(mask, label_values, size)
                unlisted |= missing
            del tensors
            # Written pages of on-disk tensors go out of RSS shard by shard, not at the end.
            for array in backing:
                disk_arrays.release(array)
            if isinstance(data, Path):
                data.unlink(missing_ok=True)
            if on_progress is not None:
                on_progress(done + 1, len(by_shard))
    finally:
        pair_masks.close()
        # Without waiting: downloads still running stop at their next chunk, or at their read timeout.
        leaving.set()
        pool.shutdown(wait=False, cancel_futures=True)
        shutil.rmtree(work_dir, ignore_errors=True)
    if unlisted:
        logger.warning(
            "mask values outside label_values were read as background",
            extra={"values": sorted(unlisted)[:20]},
        )
    return TrainingData(images, masks, tuple(p.index for p in pairs), tuple(sorted(unlisted)), backing)


def fetch_shard(path: str, url: str, work_dir: Path, stopped: Callable[[], bool]) -> bytes | Path:
    """Download one shard: into memory, or into a file under `work_dir` when it is large.

    Raises:
        StorageError: an error answer, unreachable storage or a truncated body, after retries.
        Cancelled: `stopped()` turned true.
    """
    with http.get(url, f"shard {path}") as body:
        if body.length > IN_MEMORY_SHARD_BYTES:
            target = work_dir / Path(path).name
            with target.open("wb") as out:
                _copy(body, out.write, stopped)
            return target
        chunks: list[bytes] = []
        _copy(body, chunks.append, stopped)
        return b"".join(chunks)


def _copy(body: http.Body, write: Callable[[bytes], Any], stopped: Callable[[], bool]) -> None:
    for chunk in body.chunks():
        if stopped():
            raise Cancelled()
        write(chunk)


class _FileShard(Mapping[str, np.ndarray]):
    """Tensors of a shard on disk, read one at a time."""

    def __init__(self, path: Path) -> None:
        self._file = safe_open(str(path), framework="numpy")
        self._keys = set(self._file.keys())

    def __getitem__(self, key: str) -> np.ndarray:
        if key not in self._keys:
            raise KeyError(key)
        return self._file.get_tensor(key)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


def open_shard(path: str, data: bytes | Path) -> Mapping[str, np.ndarray]:
    try:
        return load_safetensors(data) if isinstance(data, bytes) else _FileShard(data)
    except (SafetensorError, ValueError, OSError) as e:
        raise DatasetError(f"Shard {path} is not a readable safetensors file: {e}") from None


def _pair_arrays(
    tensors: Mapping[str, np.ndarray], path: str, pair: PairSource, pair_masks: PairMasks
) -> tuple[np.ndarray, np.ndarray]:
    try:
        image = tensors[f"image_{pair.index}"]
        mask = pair_masks.mask(pair.index, pair.name, pair.mask_shard_path, tensors)
    except KeyError as e:
        raise DatasetError(f"Shard {path} has no {e.args[0]} for pair {pair.index} ({pair.name})") from None
    if image.ndim != 3 or image.shape[0] < 1 or mask.shape != image.shape[1:]:
        raise DatasetError(
            f"Pair {pair.index} ({pair.name}) in {path} has image {tuple(image.shape)} and mask "
            f"{tuple(mask.shape)}; expected (C, H, W) and an (H, W) mask"
        )
    return image, mask


@dataclass(frozen=True)
class PairRead:
    """One pair read from its shard: image (C, H, W) and mask (H, W) of label values, or why not."""

    pair: PairSource
    image: np.ndarray | None = None
    mask: np.ndarray | None = None
    error: str = ""


def read_pairs(
    shards: Sequence[ShardSource], pairs: Sequence[PairSource], work_dir: Path, cancel: threading.Event
) -> Iterator[PairRead]:
    """Each pair's arrays as stored, shard by shard (each fetched once, in order of first use).

    A shard that cannot be fetched or read fails its pairs, not the whole iteration.

    Raises:
        Cancelled: `cancel` was set.
    """
    urls = {s.path: s.url for s in shards}
    by_shard: dict[str, list[PairSource]] = {}
    for pair in pairs:
        by_shard.setdefault(pair.shard_path, []).append(pair)
    work_dir.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="shards-", dir=work_dir))
    pair_masks = PairMasks(urls, folder, cancel.is_set)
    try:
        for path, members in by_shard.items():
            try:
                if path not in urls:
                    raise DatasetError(f"Shard {path} has no URL")
                data = fetch_shard(path, urls[path], folder, cancel.is_set)
                tensors = open_shard(path, data)
            except (DatasetError, http.StorageError) as e:
                yield from (PairRead(pair, error=str(e)) for pair in members)
                continue
            for pair in members:
                if cancel.is_set():
                    raise Cancelled()
                try:
                    image, mask = _pair_arrays(tensors, path, pair, pair_masks)
                except (DatasetError, http.StorageError) as e:
                    yield PairRead(pair, error=str(e))
                    continue
                yield PairRead(pair, image, mask)
            del tensors
            if isinstance(data, Path):
                data.unlink(missing_ok=True)
    finally:
        pair_masks.close()
        shutil.rmtree(folder, ignore_errors=True)


class PairMasks:
    """Where a pair's mask comes from: the one rule every reader of dataset shards follows.

    A pair's image is always `image_<index>` of its own shard. Its mask is `mask_<index>` of its own
    shard, unless the dataset version has a saved mask for the pair's case (`mask_shard_path`, a mask
    shard PrepareAnnotation wrote): then it is `mask_<index>` of that shard. Training, evaluation, batch
    and segment-case all ask `mask`. A mask shard holds one case's masks and one is open at a time (a
    case's pairs are read together), so a case spread over two image shards fetches it at most twice.

    Args:
        urls: shard path -> presigned GET URL (the dataset's `shards`, mask shards included).
        work_dir: an existing folder where a large mask shard is downloaded while it is open.
        stopped: polled while downloading; true stops with Cancelled.
    """

    def __init__(self, urls: Mapping[str, str], work_dir: Path, stopped: Callable[[], bool]) -> None:
        self._urls = urls
        self._work_dir = work_dir
        self._stopped = stopped
        self._open: tuple[str, Mapping[str, np.ndarray], bytes | Path] | None = None

    def mask(self, index: int, name: str, mask_shard_path: str, own: Mapping[str, np.ndarray]) -> np.ndarray:
        """Pair `index`'s (H, W) mask: from its mask shard when set, else from `own` (its open shard).

        Raises:
            KeyError: `own` lacks the mask.
            DatasetError: the mask shard has no URL, is unreadable, or lacks the pair.
            StorageError, Cancelled: as fetch_shard.
        """
        if not mask_shard_path:
            return own[f"mask_{index}"]
        tensors = self._tensors(mask_shard_path)
        try:
            return tensors[f"mask_{index}"]
        except KeyError:
            raise DatasetError(
                f"Mask shard {mask_shard_path} has no mask_{index} for pair {index} ({name})"
            ) from None

    def close(self) -> None:
        if self._open is not None and isinstance(self._open[2], Path):
            self._open[2].unlink(missing_ok=True)
        self._open = None

    def _tensors(self, path: str) -> Mapping[str, np.ndarray]:
        if self._open is not None and self._open[0] == path:
            return self._open[1]
        if path not in self._urls:
            raise DatasetError(f"Mask shard {path} has no URL; list it in dataset.shards")
        self.close()
        data = fetch_shard(path, self._urls[path], self._work_dir, self._stopped)
        self._open = (path, open_shard(path, data), data)
        return self._open[1]
