"""Arrays too large for the job's RAM budget, on disk as .npy memory-maps that reading keeps out of RSS.

A read copies what it needs out of the map, then `release` drops the mapped pages from the process
(madvise DONTNEED on a shared file mapping: the data stays in the page cache and on disk), so the
resident size stays bounded by a batch, not by the dataset.
"""

from __future__ import annotations

import mmap
from collections.abc import Sequence
from pathlib import Path

import numpy as np


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
