"""nnU-Net's foreground oversampling for the 2D networks: the last places of each batch hold slices of a
class drawn uniformly, reproducibly by seed, and p = 0 or a dataset without foreground keeps the shuffle."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from medseg_ml.training import disk_arrays, foreground_rows
from medseg_ml.training.batches import batch_bounds
from medseg_ml.training.data import TrainingData
from medseg_ml.training.epoch_source import SliceSource
from medseg_ml.training.foreground_rows import ForegroundRows, forced_positions

SIDE = 9
ROWS = 40
# Class 1 in rows 0-9; class 2, the rare one, only in row 17; the other 29 rows are background.
COMMON, RARE = range(10), 17


def _masks() -> torch.Tensor:
    masks = torch.zeros((ROWS, SIDE, SIDE), dtype=torch.uint8)
    for row in COMMON:
        masks[row, 2:5, 3:6] = 1
    masks[RARE, 7, 7] = 2
    return masks


def _data(masks: torch.Tensor) -> TrainingData:
    # Each image holds its own row number, so a batch says which rows it was taken from.
    images = torch.arange(len(masks), dtype=torch.float32).view(-1, 1, 1, 1).expand(-1, 1, SIDE, SIDE)
    return TrainingData(images.contiguous(), masks, tuple(range(len(masks))))


def _epochs(source: SliceSource, seed: int, epochs: int) -> list[list[list[int]]]:
    """The rows of each batch, epoch by epoch, from a generator seeded with `seed`."""
    generator = torch.Generator().manual_seed(seed)
    return [
        [
            images[:, 0, 0, 0].long().tolist()
            for images, _ in source.batches(generator, torch.device("cpu"), None)
        ]
        for _ in range(epochs)
    ]


def _shuffled(train_rows: torch.Tensor, batch_size: int, seed: int, epochs: int) -> list[list[list[int]]]:
    """What SliceSource drew before oversampling: one permutation per epoch, cut into batches."""
    generator = torch.Generator().manual_seed(seed)
    bounds = batch_bounds(len(train_rows), batch_size)
    out = []
    for _ in range(epochs):
        order = train_rows[torch.randperm(len(train_rows), generator=generator)]
        out.append([order[start:end].tolist() for start, end in bounds])
    return out


@pytest.mark.parametrize(
    ("bounds", "share", "forced"),
    [
        ([(0, 8), (8, 16)], 0.33, [5, 6, 7, 13, 14, 15]),  # round(8 * 0.67) = 5: the last 3 of 8
        ([(0, 9)], 0.33, [6, 7, 8]),  # a last batch that took in a lone sample
        ([(0, 2)], 0.33, [1]),
        ([(0, 1)], 0.33, []),
        ([(0, 4)], 1.0, [0, 1, 2, 3]),
        ([(0, 8)], 0.0, []),
    ],
)
def test_forced_positions_follow_nnunets_rule(
    bounds: list[tuple[int, int]], share: float, forced: list[int]
) -> None:
    assert forced_positions(bounds, share).tolist() == forced


def test_the_index_lists_the_training_rows_of_each_class(monkeypatch: pytest.MonkeyPatch) -> None:
    data = _data(_masks())
    train = torch.arange(5, 35)
    whole = ForegroundRows.index(data, train)
    # One row per chunk reads the same index as one chunk for all.
    monkeypatch.setattr(foreground_rows, "CHUNK_PIXELS", SIDE * SIDE)
    chunked = ForegroundRows.index(data, train)
    for index in (whole, chunked):
        assert index.classes.tolist() == [1, 2]
        assert index.rows[index.offsets[0] : index.offsets[1]].tolist() == [5, 6, 7, 8, 9]
        assert index.rows[index.offsets[1] : index.offsets[2]].tolist() == [RARE]


def test_an_on_disk_dataset_is_indexed_from_its_memory_maps(tmp_path: Path) -> None:
    images, masks, backing = disk_arrays.prepared_tensors(ROWS, 1, SIDE, 3, tmp_path, budget=0)
    assert backing, "a zero budget keeps the arrays on disk"
    masks[:] = _masks()
    index = ForegroundRows.index(
        TrainingData(images, masks, tuple(range(ROWS)), (), backing), torch.arange(ROWS)
    )
    assert index.classes.tolist() == [1, 2] and len(index.rows) == len(COMMON) + 1


def test_the_last_third_of_every_batch_holds_foreground() -> None:
    source = SliceSource(
        _data(_masks()), torch.arange(ROWS), torch.arange(0), 8, foreground_oversampling=0.33
    )
    masks = _masks()
    batches = [rows for epoch in _epochs(source, seed=3, epochs=50) for rows in epoch]
    assert len(batches) == 250 and all(len(rows) == 8 for rows in batches)
    for rows in batches:
        assert all(masks[row].any() for row in rows[5:]), rows


def test_a_rare_class_fills_about_half_the_forced_places() -> None:
    source = SliceSource(
        _data(_masks()), torch.arange(ROWS), torch.arange(0), 8, foreground_oversampling=0.33
    )
    forced = [row for epoch in _epochs(source, seed=5, epochs=200) for rows in epoch for row in rows[5:]]
    share = forced.count(RARE) / len(forced)
    # Uniform over the 2 classes: about 1/2, where drawing a foreground row uniformly would give 1/11
    # and the plain shuffle 1/40.
    assert len(forced) == 3000
    assert 0.4 < share < 0.6


def test_the_same_seed_draws_the_same_batches() -> None:
    source = SliceSource(
        _data(_masks()), torch.arange(ROWS), torch.arange(0), 8, foreground_oversampling=0.33
    )
    assert _epochs(source, seed=11, epochs=3) == _epochs(source, seed=11, epochs=3)
    assert _epochs(source, seed=11, epochs=3) != _epochs(source, seed=12, epochs=3)


@pytest.mark.parametrize("share", [None, 0.0])
def test_no_oversampling_keeps_the_shuffled_batches(share: float | None) -> None:
    train = torch.arange(3, 38)  # 35 rows: batches of 8, 8, 8, 11
    data = _data(_masks())
    source = (
        SliceSource(data, train, torch.arange(0), 8)
        if share is None
        else SliceSource(data, train, torch.arange(0), 8, foreground_oversampling=share)
    )
    assert _epochs(source, seed=7, epochs=4) == _shuffled(train, 8, seed=7, epochs=4)


def test_training_rows_without_foreground_keep_the_shuffled_batches() -> None:
    masks = _masks()
    masks[:] = 0
    source = SliceSource(_data(masks), torch.arange(ROWS), torch.arange(0), 8, foreground_oversampling=0.33)
    assert _epochs(source, seed=9, epochs=3) == _shuffled(torch.arange(ROWS), 8, seed=9, epochs=3)


def test_a_smaller_batch_after_running_out_of_memory_forces_its_own_last_third() -> None:
    source = SliceSource(
        _data(_masks()), torch.arange(ROWS), torch.arange(0), 8, foreground_oversampling=0.33
    )
    source.set_batch_size(4)  # round(4 * 0.67) = 3: the last one of each 4
    masks = _masks()
    for epoch in _epochs(source, seed=1, epochs=20):
        assert all(len(rows) == 4 and masks[rows[3]].any() for rows in epoch)
