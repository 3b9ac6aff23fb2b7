"""The training memory budget: prepared pairs past it are memory-mapped from disk, train exactly as in RAM,
and reading them keeps the resident size down."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import torch
from torch import nn
from training_factory import Storage, serve_storage, shape_samples, write_shards

from medseg_ml.config import Settings
from medseg_ml.training import disk_arrays
from medseg_ml.training.data import PairSource, ShardSource, TrainingData, load_training_data
from medseg_ml.training.epoch_source import SliceSource
from medseg_ml.training.hyperparameters import Hyperparameters
from medseg_ml.training.loop import train

SIZE = 32


def load(tmp_path: Path, budget: int | None) -> TrainingData:
    samples = shape_samples(12, size=40, labels=(1, 2))
    shards, pairs = write_shards(samples, target_bytes=4000)
    with serve_storage(Storage(objects=dict(shards))) as storage:
        sources = [ShardSource(path, storage.url(path)) for path in shards]
        wanted = [PairSource(p.index, p.name, p.shard_path) for p in pairs]
        return load_training_data(sources, wanted, [0, 1, 2], 1, SIZE, tmp_path, memory_budget_bytes=budget)


def fit(data: TrainingData) -> tuple[list[float], dict[str, torch.Tensor]]:
    hp = Hyperparameters(epochs=2, batch_size=4, input_size=SIZE, seed=3)
    torch.manual_seed(0)
    network = nn.Conv2d(1, 3, 3, padding=1)
    result = train(
        network,
        SliceSource(data, torch.arange(9), torch.arange(9, 12), hp.batch_size),
        hp,
        3,
        torch.device("cpu"),
        threading.Event(),
        on_step=lambda _r: None,
        on_epoch=lambda _r: None,
    )
    return [r.train_loss for r in result.history], result.last_state


def test_pairs_past_the_budget_are_on_disk_and_train_exactly_as_in_ram(tmp_path: Path) -> None:
    in_ram = load(tmp_path / "ram", None)
    needed = in_ram.nbytes
    on_disk = load(tmp_path / "disk", needed // 2)
    assert not in_ram.on_disk and on_disk.on_disk
    assert all(isinstance(a, np.memmap) for a in on_disk.backing)
    assert torch.equal(in_ram.images, on_disk.images) and torch.equal(in_ram.masks, on_disk.masks)
    # The maps' files are unlinked at once: nothing is left behind in the work dir.
    assert list((tmp_path / "disk").iterdir()) == []
    assert not load(tmp_path / "fits", needed).on_disk

    losses_ram, state_ram = fit(in_ram)
    losses_disk, state_disk = fit(on_disk)
    assert losses_ram == losses_disk
    assert all(torch.equal(state_ram[k], state_disk[k]) for k in state_ram)


def resident_file_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("RssFile:"):
            return int(line.split()[1])
    raise AssertionError("no RssFile in /proc/self/status")


def test_reading_a_memory_map_then_releasing_it_keeps_its_pages_out_of_the_process(tmp_path: Path) -> None:
    array = disk_arrays.create(tmp_path / "big.npy", (64, 1024, 1024), np.uint8)
    array[:] = 7
    disk_arrays.release(array)
    before = resident_file_kb()
    assert int(array[::8, ::512, ::512].sum()) > 0 and array.sum(dtype=np.int64) == 7 * array.size
    touched = resident_file_kb()
    disk_arrays.release(array)
    released = resident_file_kb()
    assert touched - before > 48 * 1024  # reading all 64 MiB mapped it in
    assert touched - released > 48 * 1024  # and releasing dropped it again


def test_the_budget_is_a_setting() -> None:
    assert Settings.from_env({}).training_memory_mb == 2048
    settings = Settings.from_env({"MEDSEG_ML_TRAINING_MEMORY_MB": "64"})
    assert settings.training_memory_bytes == 64 * 1024 * 1024
