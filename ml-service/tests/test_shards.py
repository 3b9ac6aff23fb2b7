"""Shards: tensor names, shapes, dtypes and size-based cutting."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from safetensors import safe_open
from safetensors.numpy import load

from medseg_ml.datasets.shards import SHARD_FORMAT, ShardWriter


def test_pairs_go_into_one_shard_until_it_is_full(tmp_path: Path) -> None:
    writer = ShardWriter(target_bytes=2 * 33 * 35 * 3)
    image = np.zeros((1, 33, 35), np.uint16)
    mask = np.ones((33, 35), np.uint8)
    assert writer.add(0, image, mask) == "data/shard-00000.safetensors"
    assert not writer.full()
    writer.add(1, image, mask)
    assert writer.full()
    path, data = writer.flush()
    assert path == "data/shard-00000.safetensors"
    assert writer.add(2, image, mask) == "data/shard-00001.safetensors"
    tensors = load(data)
    assert sorted(tensors) == ["image_0", "image_1", "mask_0", "mask_1"]
    assert tensors["image_1"].shape == (1, 33, 35) and tensors["image_1"].dtype == np.uint16
    assert tensors["mask_0"].shape == (33, 35) and tensors["mask_0"].dtype == np.uint8
    (tmp_path / "s.safetensors").write_bytes(data)
    with safe_open(tmp_path / "s.safetensors", "np") as f:
        assert f.metadata() == {"format": SHARD_FORMAT}


def test_flush_with_nothing_pending_returns_none() -> None:
    assert ShardWriter().flush() is None
