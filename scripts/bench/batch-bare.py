#!/usr/bin/env python3
"""Bare batch inference: the ml-service's decoding, preprocessing and network in a plain loop.

No gRPC, no job queue, no outputs: the ZIP is unpacked before the clock starts, then every image is
decoded and normalized as datasets are, prepared as training prepared its images, pushed through the
network `--batch-size` at a time, and its probabilities resized back to its size for the argmax mask.
The best case to set beside a batch job over the same ZIP (which also unpacks and writes outputs).

Usage:
    .venv/bin/python scripts/bench/batch-bare.py MODEL_DIR ARCHIVE.zip [--batch-size 8] [--device auto]

MODEL_DIR holds model.json and best.safetensors. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import torch
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "ml-service"))

from medseg_ml.datasets.normalize import normalize_image  # noqa: E402
from medseg_ml.device import select_device  # noqa: E402
from medseg_ml.inference.card import ModelCard  # noqa: E402
from medseg_ml.inference.models import load_network  # noqa: E402
from medseg_ml.io.budget import DecodeBudget  # noqa: E402
from medseg_ml.io.decode import decode_file, split_extension  # noqa: E402
from medseg_ml.preprocessing import prepare_image  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("model_dir", type=Path)
    parser.add_argument("archive", type=Path)
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda"])
    args = parser.parse_args()
    device = select_device(args.device)
    use_cuda = device.type == "cuda"

    card = ModelCard.from_json((args.model_dir / "model.json").read_text(encoding="utf-8"))
    network = load_network(card, args.model_dir / "best.safetensors", device)
    unpacked = Path(tempfile.mkdtemp(prefix="medseg-batch-bare-"))
    with zipfile.ZipFile(args.archive) as archive:
        archive.extractall(unpacked)
        files = [unpacked / i.filename for i in archive.infolist() if not i.is_dir()]

    def run() -> int:
        pending: list[tuple[torch.Tensor, tuple[int, int]]] = []
        done = 0
        for path in files:
            decoded = decode_file(path, split_extension(path.name)[1], as_mask=False, budget=DecodeBudget())
            pixels = normalize_image(decoded.pixels)[0]
            pending.append((prepare_image(pixels, card.channels, card.input_size), pixels.shape[-2:]))
            if len(pending) == args.batch_size:
                done += forward(pending)
                pending = []
        if pending:
            done += forward(pending)
        return done

    def forward(pending: list[tuple[torch.Tensor, tuple[int, int]]]) -> int:
        x = torch.stack([p[0] for p in pending]).to(device)
        with torch.inference_mode(), torch.autocast(device.type, dtype=torch.float16, enabled=use_cuda):
            logits = network(x)
        probabilities = torch.softmax(logits.float(), dim=1)
        for i, (_, size) in enumerate(pending):
            p = F.interpolate(
                probabilities[i : i + 1], size=tuple(size), mode="bilinear", align_corners=False
            )
            p.max(dim=1).indices.cpu()  # argmax; see medseg_ml.training.data.class_indices
        return len(pending)

    run()  # warm-up: first-call allocations, kernel selection, files in the page cache
    started = time.perf_counter()
    count = run()
    seconds = time.perf_counter() - started
    shutil.rmtree(unpacked, ignore_errors=True)
    print(
        json.dumps(
            {
                "images": count,
                "seconds": seconds,
                "images_per_second": count / seconds,
                "batch_size": args.batch_size,
                "input_size": card.input_size,
                "device": torch.cuda.get_device_name(device) if use_cuda else "cpu",
            }
        )
    )


if __name__ == "__main__":
    main()
