#!/usr/bin/env python3
"""Peak memory of a training job's data path, in RAM vs past MEDSEG_ML_TRAINING_MEMORY_MB (memory-maps).

Generates PAIRS noisy 2D pairs of SIZE x SIZE, serves their shards over a local HTTP port (as storage
would), then in a fresh child process per mode loads them with the service's `load_training_data` and
trains EPOCHS epochs of a one-layer network through the service's loop: once with no budget (all in
RAM), once with a budget of half the prepared size (the dataset is 2x the budget). Prints one JSON
object: the prepared bytes, and per mode the peak RSS (VmHWM) above the process's RSS before loading.

Usage:
    .venv/bin/python scripts/bench/train-memory.py [--pairs 600] [--size 256] [--epochs 1]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "ml-service"))
sys.path.insert(0, str(ROOT / "ml-service" / "tests"))


def _kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field):
            return int(line.split()[1])
    raise RuntimeError(f"no {field} in /proc/self/status")


def child(
    base_url: str, pairs_file: str, size: int, epochs: int, budget: int | None
) -> None:
    import torch
    from medseg_ml.training.data import PairSource, ShardSource, load_training_data
    from medseg_ml.training.epoch_source import SliceSource
    from medseg_ml.training.hyperparameters import Hyperparameters
    from medseg_ml.training.loop import train
    from torch import nn

    described = json.loads(Path(pairs_file).read_text())
    shards = [
        ShardSource(p, f"{base_url}/{p}")
        for p in sorted({d["shard"] for d in described})
    ]
    pairs = [PairSource(d["index"], d["name"], d["shard"]) for d in described]
    before = _kb("VmRSS:")
    with tempfile.TemporaryDirectory() as work:
        data = load_training_data(
            shards, pairs, [0, 1], 1, size, Path(work), memory_budget_bytes=budget
        )
        rows = torch.arange(len(pairs))
        hp = Hyperparameters(
            epochs=epochs, batch_size=8, input_size=size, augmentation=False
        )
        train(
            nn.Conv2d(1, 2, 3, padding=1),
            SliceSource(
                data, rows[: -len(rows) // 5], rows[-len(rows) // 5 :], hp.batch_size
            ),
            hp,
            2,
            torch.device("cpu"),
            threading.Event(),
            on_step=lambda _r: None,
            on_epoch=lambda _r: None,
        )
        on_disk = data.on_disk
    print(
        json.dumps(
            {"on_disk": on_disk, "peak_above_start_mb": (_kb("VmHWM:") - before) / 1024}
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=int, default=600)
    parser.add_argument("--size", type=int, default=256)
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        base_url, pairs_file, budget = args.child
        child(base_url, pairs_file, args.size, args.epochs, int(budget) or None)
        return

    from medseg_ml.datasets.shards import SHARD_TARGET_BYTES
    from training_factory import serve_storage, shape_samples, write_shards

    shards, pairs = write_shards(
        shape_samples(args.pairs, size=args.size), SHARD_TARGET_BYTES
    )
    prepared = args.pairs * args.size * args.size * (4 + 1)
    # The pair list goes to the children in a file: as an argument it outgrows ARG_MAX.
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as listing:
        listing.write(
            json.dumps(
                [
                    {"index": p.index, "name": p.name, "shard": p.shard_path}
                    for p in pairs
                ]
            )
        )
    described = listing.name
    result: dict[str, object] = {
        "pairs": args.pairs,
        "size": args.size,
        "prepared_mb": prepared / 2**20,
    }
    with serve_storage() as storage:
        storage.objects.update(shards)
        for mode, budget in (("ram", 0), ("disk_2x_budget", prepared // 2)):
            out = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--size",
                    str(args.size),
                    "--epochs",
                    str(args.epochs),
                    "--child",
                    storage.base_url,
                    described,
                    str(budget),
                ],
                check=True,
                capture_output=True,
                text=True,
            )
            result[mode] = json.loads(out.stdout.strip().splitlines()[-1])
    Path(described).unlink()
    result["budget_mb"] = prepared / 2 / 2**20
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
