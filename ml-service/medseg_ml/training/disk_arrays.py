"""Arrays too large for the job's RAM budget, on disk as .npy memory-maps that reading keeps out of RSS.

A read copies what it needs out of the map, then `release` drops the mapped pages from the process
(madvise DONTNEED on a shared file mapping: the data stays in the page cache and on disk), so the
resident size stays bounded by a batch, not by the dataset.
"""

from __future__ import annotations

import logging
import mmap
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch

logger = logging.getLogger(__name__)


def create(path: Path, shape: Sequence[int], dtype: np.dtype | type) -> np.memmap:
    """A new zero-filled .npy memory-map at `path` (its folder is created), writable."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return np.lib.format.open_memmap(path, mode="w+", dtype=np.dtype(dtype), shape=tuple(shape))


def open_read(path: Path) -> np.memmap:
    return np.load(path, mmap_mode="r")


def release(array: np.ndarray) -> None:
    """Drop the resident pages of a memory-mapped array (nothing for an in-RAM one)."""
    base = getattr(array, "_mmap", None)
    if isinstance(base, mmap.mmap) and hasattr(mmap, "MADV_DONTNEED"):
        if isinstance(array, np.memmap):
            array.flush()
        base.madvise(mmap.MADV_DONTNEED)


def prepared_tensors(
    count: int, channels: int, size: int, classes: int, spill_dir: Path, budget: int | None
) -> tuple[torch.Tensor, torch.Tensor, tuple[np.ndarray, ...]]:
    """Empty images (N, C, S, S) float32 and masks (N, S, S): in RAM, or memory-mapped past `budget`."""
    mask_dtype = np.uint8 if classes <= 256 else np.int16
    needed = count * size * size * (channels * 4 + np.dtype(mask_dtype).itemsize)
    if budget is None or needed <= budget:
        images = torch.empty((count, channels, size, size), dtype=torch.float32)
        masks = torch.empty((count, size, size), dtype=torch.uint8 if classes <= 256 else torch.int16)
        return images, masks, ()
    folder = Path(tempfile.mkdtemp(prefix="prepared-", dir=spill_dir))
    image_map = create(folder / "images.npy", (count, channels, size, size), np.float32)
    mask_map = create(folder / "masks.npy", (count, size, size), mask_dtype)
    # The maps outlive their names: unlinked now, the files go when the job drops the arrays.
    shutil.rmtree(folder, ignore_errors=True)
    logger.info(
        "prepared pairs exceed the training memory budget: kept on disk",
        extra={"bytes": needed, "budget_bytes": budget},
    )
    return torch.from_numpy(image_map), torch.from_numpy(mask_map), (image_map, mask_map)
