"""Safetensors shards of normalized pairs, about 32 MB each, for the trainer to stream."""

from __future__ import annotations

import numpy as np
from safetensors.numpy import save

SHARD_TARGET_BYTES = 32 * 1024 * 1024
SHARD_FORMAT = "medseg-shard-v1"


class ShardWriter:
    """Collects pairs and cuts a shard once it holds `target_bytes` of tensors.

    Each pair is stored as "image_<index>" (C, H, W) and "mask_<index>" (H, W); the metadata holds
    {"format": SHARD_FORMAT}.
    """

    def __init__(self, target_bytes: int = SHARD_TARGET_BYTES) -> None:
        self._target_bytes = target_bytes
        self._tensors: dict[str, np.ndarray] = {}
        self._bytes = 0
        self._number = 0

    @property
    def path(self) -> str:
        """Object path of the shard being filled."""
        return f"data/shard-{self._number:05d}.safetensors"

    def add(self, index: int, image: np.ndarray, mask: np.ndarray) -> str:
        """Add pair `index`: image (C, H, W) and mask (H, W); return the path of the shard holding it."""
        self._tensors[f"image_{index}"] = np.ascontiguousarray(image)
        self._tensors[f"mask_{index}"] = np.ascontiguousarray(mask)
        self._bytes += image.nbytes + mask.nbytes
        return self.path

    def full(self) -> bool:
        return self._bytes >= self._target_bytes

    def flush(self) -> tuple[str, bytes] | None:
        """Serialize the pending pairs; return (path, bytes), or None when there are none."""
        if not self._tensors:
            return None
        result = (self.path, save(self._tensors, metadata={"format": SHARD_FORMAT}))
        self._tensors = {}
        self._bytes = 0
        self._number += 1
        return result
