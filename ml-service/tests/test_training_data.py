"""Loading data for training: normalization, channels, resizing, label mapping, shards over HTTP."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest
import torch
from training_factory import Storage, serve_storage, shape_samples, write_shards

from medseg_ml.http import StorageError
from medseg_ml.job import Cancelled
from medseg_ml.preprocessing import normalize_intensity, prepare_image, prepare_mask
from medseg_ml.training import data as data_module
from medseg_ml.training.augment import augment
from medseg_ml.training.data import (
    DatasetError,
    PairSource,
    ShardSource,
    load_training_data,
)


def test_normalize_maps_percentiles_to_unit_range() -> None:
    image = np.arange(10_000, dtype=np.int16).reshape(1, 100, 100) - 5000
    out = normalize_intensity(image)
    assert out.dtype == np.float32 and out.min() == 0.0 and out.max() == 1.0
    assert out[0, 50, 0] == pytest.approx((0 - (-5000 + 99.99)) / (9899.01 - 99.99), abs=1e-3)


def test_normalize_handles_flat_and_sparse_images() -> None:
    assert not normalize_intensity(np.full((1, 8, 8), 7, np.uint8), "percentile").any()
    sparse = np.zeros((1, 100, 100), np.uint16)
    sparse[0, 0, 0] = 1000
    assert normalize_intensity(sparse)[0, 0, 0] == 1.0


@pytest.mark.parametrize(("height", "width"), [(33, 35), (64, 64), (300, 17)])
@pytest.mark.parametrize(("source", "channels"), [(1, 1), (1, 3), (3, 3), (3, 1)])
def test_prepare_image_resizes_odd_sizes_and_matches_channels(
    height: int, width: int, source: int, channels: int
) -> None:
    image = np.random.default_rng(0).integers(0, 4000, (source, height, width)).astype(np.uint16)
    x = prepare_image(image, channels, 64)
    assert x.shape == (channels, 64, 64) and x.dtype == torch.float32
    assert 0.0 <= float(x.min()) and float(x.max()) <= 1.0
    if source == 1 and channels == 3:
        assert torch.equal(x[0], x[1]) and torch.equal(x[1], x[2])


def test_prepare_mask_maps_label_values_to_classes_and_stays_exact_when_resized() -> None:
    mask = np.zeros((33, 35), np.uint16)
    mask[:10] = 5
    mask[20:] = 2
    mask[0, 0] = 9  # not listed: background
    classes, unlisted = prepare_mask(mask, [0, 5, 2], 66)
    assert classes.dtype == torch.uint8 and classes.shape == (66, 66)
    assert set(torch.unique(classes).tolist()) == {0, 1, 2}
    assert unlisted == {9}
    same, _ = prepare_mask(mask, [0, 5, 2], 33)
    assert same[5, 5] == 1 and same[25, 5] == 2 and same[15, 5] == 0


def test_loads_pairs_from_shards_over_http_in_the_requested_order(tmp_path: Path) -> None:
    samples = shape_samples(12, size=40, labels=(3, 7))
    shards, pairs = write_shards(samples, target_bytes=4000)
    assert len(shards) > 2
    with serve_storage(Storage(objects=dict(shards))) as storage:
        sources = [ShardSource(path, storage.url(path)) for path in shards]
        wanted = [PairSource(p.index, p.name, p.shard_path) for p in reversed(pairs)]
        progress: list[tuple[int, int]] = []
        data = load_training_data(
            sources, wanted, [0, 3, 7], 3, 32, tmp_path, on_progress=lambda *a: progress.append(a)
        )
    assert data.images.shape == (12, 3, 32, 32) and data.masks.shape == (12, 32, 32)
    assert data.pair_indices == tuple(range(11, -1, -1))
    assert progress[-1] == (len(shards), len(shards))
    # Pair 11 was labelled 7 (class 2); pair 0 was labelled 3 (class 1).
    assert set(data.masks[0].unique().tolist()) == {0, 2}
    assert set(data.masks[11].unique().tolist()) == {0, 1}
    assert data.rows([0, 11]).tolist() == [11, 0]
    assert list(tmp_path.iterdir()) == []


def test_large_shards_go_through_a_temp_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(data_module, "IN_MEMORY_SHARD_BYTES", 0)
    samples = shape_samples(4, size=32)
    shards, pairs = write_shards(samples)
    with serve_storage(Storage(objects=dict(shards))) as storage:
        sources = [ShardSource(path, storage.url(path)) for path in shards]
        wanted = [PairSource(p.index, p.name, p.shard_path) for p in pairs]
        data = load_training_data(sources, wanted, [0, 1], 1, 32, tmp_path)
    assert data.masks.sum() > 0
    assert list(tmp_path.iterdir()) == []


def test_missing_shard_fails_without_the_signed_url(tmp_path: Path) -> None:
    with serve_storage() as storage:
        sources = [ShardSource("data/shard-00000.safetensors", storage.url("nope"))]
        with pytest.raises(StorageError) as caught:
            load_training_data(sources, [PairSource(0, "a", sources[0].path)], [0, 1], 1, 32, tmp_path)
    assert "HTTP 404" in str(caught.value) and "data/shard-00000.safetensors" in str(caught.value)
    assert "secret" not in str(caught.value)


def test_pair_missing_from_its_shard_is_named(tmp_path: Path) -> None:
    shards, _ = write_shards(shape_samples(2, size=32))
    with serve_storage(Storage(objects=dict(shards))) as storage:
        path = next(iter(shards))
        with pytest.raises(DatasetError, match="has no image_5 for pair 5 \\(ghost\\)"):
            load_training_data(
                [ShardSource(path, storage.url(path))],
                [PairSource(5, "ghost", path)],
                [0, 1],
                1,
                32,
                tmp_path,
            )


def test_garbage_shard_is_reported(tmp_path: Path) -> None:
    with serve_storage(Storage(objects={"s": b"not safetensors"})) as storage:
        with pytest.raises(DatasetError, match="Shard s is not a readable safetensors file"):
            load_training_data(
                [ShardSource("s", storage.url("s"))], [PairSource(0, "a", "s")], [0, 1], 1, 32, tmp_path
            )


def test_cancel_stops_loading(tmp_path: Path) -> None:
    shards, pairs = write_shards(shape_samples(4, size=32))
    cancel = threading.Event()
    cancel.set()
    with serve_storage(Storage(objects=dict(shards))) as storage:
        sources = [ShardSource(path, storage.url(path)) for path in shards]
        with pytest.raises(Cancelled):
            load_training_data(
                sources,
                [PairSource(p.index, p.name, p.shard_path) for p in pairs],
                [0, 1],
                1,
                32,
                tmp_path,
                cancel,
            )


def test_augment_moves_images_and_masks_together() -> None:
    masks = (torch.rand(16, 24, 24, generator=torch.Generator().manual_seed(0)) > 0.5).long()
    images = masks[:, None].float().repeat(1, 3, 1, 1)
    out_images, out_masks = augment(images, masks, torch.Generator().manual_seed(1))
    assert out_images.shape == images.shape and out_masks.shape == masks.shape
    # Intensity jitter is small: thresholding the image still gives its mask back.
    assert torch.equal((out_images[:, 0] > 0.5).long(), out_masks)
    assert not torch.equal(out_masks, masks)
    changed = out_images[:, 0][out_masks == 1]
    assert changed.min() >= 0.8 and changed.max() <= 1.2


def test_augment_is_deterministic_by_generator_seed() -> None:
    images, masks = torch.rand(4, 1, 8, 8), torch.randint(0, 2, (4, 8, 8))
    first = augment(images, masks, torch.Generator().manual_seed(5))
    second = augment(images, masks, torch.Generator().manual_seed(5))
    assert torch.equal(first[0], second[0]) and torch.equal(first[1], second[1])


def _override_shard(masks: dict[int, np.ndarray]) -> bytes:
    """A mask shard as PrepareAnnotation writes it: mask_<index> only."""
    from safetensors.numpy import save

    return save({f"mask_{i}": m for i, m in masks.items()}, metadata={"format": "medseg-shard-v1"})


def test_a_pairs_saved_mask_replaces_its_shards_mask(tmp_path: Path) -> None:
    samples = shape_samples(4, size=32, labels=(3, 7))
    shards, pairs = write_shards(samples)
    saved = np.zeros((32, 32), dtype=np.uint8)
    saved[:16] = 7  # pair 1's saved mask: the top half is class 7
    objects = {**shards, "annotations/a1/mask-shard.safetensors": _override_shard({1: saved})}
    with serve_storage(Storage(objects=objects)) as storage:
        sources = [ShardSource(path, storage.url(path)) for path in objects]
        wanted = [
            PairSource(
                p.index,
                p.name,
                p.shard_path,
                mask_shard_path="annotations/a1/mask-shard.safetensors" if p.index == 1 else "",
            )
            for p in pairs
        ]
        data = load_training_data(sources, wanted, [0, 3, 7], 3, 32, tmp_path)
        reads = list(data_module.read_pairs(sources, wanted, tmp_path / "reads", threading.Event()))
    # What the trainer read for pair 1 is the saved mask (class 2 = label 7), the others their own.
    assert torch.equal(
        data.masks[1], torch.from_numpy((saved == 7).astype(np.uint8) * 2).to(data.masks.dtype)
    )
    np.testing.assert_array_equal(reads[1].mask, saved)
    np.testing.assert_array_equal(reads[0].mask, samples[0].mask)
    assert list(tmp_path.iterdir()) == [tmp_path / "reads"] and list((tmp_path / "reads").iterdir()) == []


def test_a_missing_mask_shard_fails_the_pair(tmp_path: Path) -> None:
    samples = shape_samples(2, size=32)
    shards, pairs = write_shards(samples)
    with serve_storage(Storage(objects=dict(shards))) as storage:
        sources = [ShardSource(path, storage.url(path)) for path in shards]
        wanted = [
            PairSource(p.index, p.name, p.shard_path, mask_shard_path="annotations/x/mask-shard.safetensors")
            for p in pairs
        ]
        with pytest.raises(DatasetError, match="Mask shard annotations/x/mask-shard.safetensors has no URL"):
            load_training_data(sources, wanted, [0, 1], 1, 32, tmp_path)
