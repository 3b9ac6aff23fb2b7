#!/usr/bin/env python3
"""Bare inference latency: the ml-service's own decoding, preprocessing and network in a plain loop.

No gRPC and no cache: one model loaded once, then the same image segmented `--n` times (after
`--warmup` untimed runs), to set beside what InferenceService.Segment reports.

Usage:
    .venv/bin/python scripts/bench/infer-bare.py MODEL_DIR IMAGE [--n 50] [--warmup 3] [--slice 0]
        [--device auto] [--batch 8]

`--batch B` also times B decodes and one forward of all B (segment_many, as the micro-batcher runs
them): the throughput that concurrent clients are held against.

MODEL_DIR holds model.json and best.safetensors. Prints one JSON object with p50/p95 in ms.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "ml-service"))

from medseg_ml.device import select_device  # noqa: E402
from medseg_ml.inference.card import ModelCard  # noqa: E402
from medseg_ml.inference.inputs import decode_upload  # noqa: E402
from medseg_ml.inference.models import load_network  # noqa: E402
from medseg_ml.inference.segment import segment, segment_many  # noqa: E402
from medseg_ml.io.budget import DecodeBudget  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("model_dir", type=Path)
    parser.add_argument("image", type=Path)
    parser.add_argument("--n", type=int, default=50, help="timed runs")
    parser.add_argument("--warmup", type=int, default=3, help="untimed runs first")
    parser.add_argument("--slice", type=int, default=0, help="slice of a volume")
    parser.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda"])
    parser.add_argument("--batch", type=int, default=8, help="images per batched forward")
    args = parser.parse_args()
    device = select_device(args.device)
    use_cuda = device.type == "cuda"

    card = ModelCard.from_json((args.model_dir / "model.json").read_text(encoding="utf-8"))
    load_started = time.perf_counter()
    network = load_network(card, args.model_dir / "best.safetensors", device)
    load_ms = (time.perf_counter() - load_started) * 1000
    data = args.image.read_bytes()
    work_dir = Path(tempfile.gettempdir())
    image = decode_upload(data, args.image.name, args.slice, DecodeBudget(), work_dir)

    for _ in range(args.warmup):
        segment(network, image.pixels, card, device)
    forward, end_to_end = [], []
    for _ in range(args.n):
        started = time.perf_counter()
        decoded = decode_upload(data, args.image.name, args.slice, DecodeBudget(), work_dir)
        decoded_at = time.perf_counter()
        segment(network, decoded.pixels, card, device)  # ends with a .cpu() copy, so the GPU is synced
        done = time.perf_counter()
        forward.append((done - decoded_at) * 1000)
        end_to_end.append((done - started) * 1000)
    batched = []
    for i in range(args.warmup + max(5, args.n // 5)):
        started = time.perf_counter()
        decoded = [
            decode_upload(data, args.image.name, args.slice, DecodeBudget(), work_dir).pixels
            for _ in range(args.batch)
        ]
        segment_many(network, decoded, card, device)
        if i >= args.warmup:
            batched.append((time.perf_counter() - started) * 1000)
    batched_p50 = _percentile(batched, 50)
    print(
        json.dumps(
            {
                "batch": args.batch,
                "batched_decode_and_forward_p50_ms": batched_p50,
                "batched_images_per_s": args.batch / (batched_p50 / 1000),
                "p50_ms": _percentile(forward, 50),
                "p95_ms": _percentile(forward, 95),
                "decode_and_forward_p50_ms": _percentile(end_to_end, 50),
                "decode_and_forward_p95_ms": _percentile(end_to_end, 95),
                "n": args.n,
                "load_ms": load_ms,
                "width": image.width,
                "height": image.height,
                "input_size": card.input_size,
                "architecture": card.network.architecture,
                "device": torch.cuda.get_device_name(device) if use_cuda else "cpu",
                "torch": str(torch.__version__),
            }
        )
    )


def _percentile(values: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q))


if __name__ == "__main__":
    main()
