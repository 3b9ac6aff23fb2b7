#!/usr/bin/env python3
"""Bare training throughput: the ml-service's own data and network code in a plain PyTorch loop.

No gRPC, no job queue, no validation, no progress events: what the hardware gives for the same model,
batch size and input size, to set beside what a TrainingService job reports. Each step is the service's
own `train_step`, so the two measure the same step.

Usage:
    .venv/bin/python scripts/bench/train-bare.py SHARD_DIR [--architecture unet] [--batch-size 8]
        [--input-size 256] [--epochs 3] [--warmup-epochs 1] [--augmentation] [--device auto] ...

SHARD_DIR holds a dataset's `shard-*.safetensors` files (searched recursively; served to the loader over a
local HTTP port, as storage would). Prints one JSON object.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
import torch
from safetensors import safe_open

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "ml-service"))

from medseg_ml.device import select_device  # noqa: E402
from medseg_ml.networks.factory import ARCHITECTURES, build_network, network_spec  # noqa: E402
from medseg_ml.training.augmenters import augmenter_for  # noqa: E402
from medseg_ml.training.batches import batch_bounds, place_data, take_batch  # noqa: E402
from medseg_ml.training.data import PairSource, ShardSource, load_training_data  # noqa: E402
from medseg_ml.training.hyperparameters import Hyperparameters  # noqa: E402
from medseg_ml.training.optimization import (  # noqa: E402
    build_loss,
    build_optimizer,
    grad_scaler,
    train_step,
)


def main() -> None:
    defaults = Hyperparameters()
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("shard_dir", type=Path)
    parser.add_argument("--architecture", choices=ARCHITECTURES, default=defaults.architecture)
    parser.add_argument("--batch-size", type=int, default=defaults.batch_size)
    parser.add_argument("--input-size", type=int, default=defaults.input_size)
    parser.add_argument("--depth", type=int, default=defaults.depth)
    parser.add_argument("--base-channels", type=int, default=defaults.base_channels)
    parser.add_argument("--encoder-depth", type=int, default=defaults.encoder_depth)
    parser.add_argument("--learning-rate", type=float, default=defaults.learning_rate)
    parser.add_argument("--loss", default=defaults.loss, choices=["dice_ce", "dice", "cross_entropy"])
    parser.add_argument("--optimizer", default=defaults.optimizer, choices=["adam", "adamw", "sgd"])
    parser.add_argument("--epochs", type=int, default=3, help="timed epochs")
    parser.add_argument(
        "--warmup-epochs",
        type=int,
        default=1,
        help="untimed epochs first (cuDNN autotune)",
    )
    parser.add_argument("--augmentation", action="store_true")
    parser.add_argument("--augmentation-preset", default="nnunet", choices=["nnunet", "light"])
    parser.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda"])
    args = parser.parse_args()

    hp = Hyperparameters(
        architecture=args.architecture,
        batch_size=args.batch_size,
        input_size=args.input_size,
        depth=args.depth,
        base_channels=args.base_channels,
        encoder_depth=args.encoder_depth,
        learning_rate=args.learning_rate,
        loss=args.loss,
        optimizer=args.optimizer,
        augmentation=args.augmentation,
        augmentation_preset=args.augmentation_preset,
        epochs=args.epochs,
    )
    hp.validate()
    device = select_device(args.device)

    with serve_folder(args.shard_dir) as base_url:
        shards, pairs, label_values, channels = describe_shards(args.shard_dir, base_url)
        load_started = time.perf_counter()
        data = load_training_data(
            shards,
            pairs,
            label_values,
            channels,
            hp.input_size,
            Path(tempfile.gettempdir()),
            threading.Event(),
        )
        load_seconds = time.perf_counter() - load_started

    spec = network_spec(
        hp.architecture,
        channels,
        len(label_values),
        depth=hp.depth,
        base_channels=hp.base_channels,
        encoder_depth=hp.encoder_depth,
    )
    torch.manual_seed(hp.seed)
    network = build_network(spec).to(device)
    data = place_data(data, device)
    loss_fn = build_loss(hp.loss)
    optimizer = build_optimizer(hp, network.parameters())
    scaler = grad_scaler(device)
    amp = scaler.is_enabled()
    generator = torch.Generator().manual_seed(hp.seed)
    augmenter = augmenter_for(hp)
    rows = torch.arange(len(pairs))
    bounds = batch_bounds(len(rows), hp.batch_size)

    def epoch() -> int:
        network.train()
        order = rows[torch.randperm(len(rows), generator=generator)]
        for start, end in bounds:
            images, masks = take_batch(data, order[start:end], device)
            if augmenter is not None:
                images, masks = augmenter(images, masks, generator)
            train_step(network, images, masks, loss_fn, optimizer, scaler)
        return len(rows)

    for _ in range(args.warmup_epochs):
        epoch()
    _sync(device)
    started = time.perf_counter()
    samples = sum(epoch() for _ in range(args.epochs))
    _sync(device)
    seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "samples_per_second": samples / seconds,
                "samples": samples,
                "seconds": seconds,
                "epochs": args.epochs,
                "warmup_epochs": args.warmup_epochs,
                "pairs": len(pairs),
                "load_seconds": load_seconds,
                "device": torch.cuda.get_device_name(device) if amp else "cpu",
                "mixed_precision": "float16" if amp else "none",
                "torch": str(torch.__version__),
                "hyperparameters": hp.to_dict(),
                "class_count": len(label_values),
                "channels": channels,
            }
        )
    )


@contextlib.contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """The folder over HTTP on a free local port (the service's shard reader speaks HTTP(S) only)."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the base class's name)
        pass


def describe_shards(
    folder: Path, base_url: str
) -> tuple[list[ShardSource], list[PairSource], list[int], int]:
    """Shards as URLs under base_url, every pair in them, the labels their masks use, the channel count."""
    files = sorted(folder.rglob("shard-*.safetensors"))
    if not files:
        raise SystemExit(f"No shard-*.safetensors files under {folder}")
    shards, pairs, labels, channels = [], [], {0}, 1
    for file in files:
        path = str(file.relative_to(folder))
        shards.append(ShardSource(path, f"{base_url}/{file.relative_to(folder).as_posix()}"))
        with safe_open(str(file), framework="numpy") as tensors:
            for key in tensors.keys():
                if key.startswith("image_"):
                    index = int(key.removeprefix("image_"))
                    pairs.append(PairSource(index, key, path))
                    channels = max(channels, tensors.get_slice(key).get_shape()[0])
                elif key.startswith("mask_"):
                    labels.update(int(v) for v in np.unique(tensors.get_tensor(key)))
    return shards, sorted(pairs, key=lambda p: p.index), sorted(labels), channels


def _sync(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)


if __name__ == "__main__":
    main()
