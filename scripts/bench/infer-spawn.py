#!/usr/bin/env python3
"""The "spawn per request" design: one process imports torch, builds the model, segments one image, exits.

The lead's benchmark times whole runs of this script (wall clock from spawn to exit) against warm
InferenceService.Segment calls; the JSON it prints splits its own time into phases.

Usage:
    .venv/bin/python scripts/bench/infer-spawn.py MODEL_DIR IMAGE [--slice 0] [--device auto] [--mirror] [--out MASK.png]

MODEL_DIR holds model.json and best.safetensors.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import argparse  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

import torch  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "ml-service"))

from medseg_ml.device import select_device  # noqa: E402
from medseg_ml.inference.card import ModelCard  # noqa: E402
from medseg_ml.inference.inputs import decode_upload  # noqa: E402
from medseg_ml.inference.mirroring import mirrored_if  # noqa: E402
from medseg_ml.inference.models import load_network  # noqa: E402
from medseg_ml.inference.segment import mask_png, segment  # noqa: E402
from medseg_ml.io.budget import DecodeBudget  # noqa: E402

IMPORTED = time.perf_counter()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("model_dir", type=Path)
    parser.add_argument("image", type=Path)
    parser.add_argument("--slice", type=int, default=0)
    parser.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda"])
    parser.add_argument("--out", type=Path, help="write the class mask PNG here")
    parser.add_argument("--mirror", action="store_true", help="test-time mirroring (inference/mirroring.py)")
    args = parser.parse_args()
    device = select_device(args.device)
    use_cuda = device.type == "cuda"

    card = ModelCard.from_json((args.model_dir / "model.json").read_text(encoding="utf-8"))
    network = load_network(card, args.model_dir / "best.safetensors", device)
    network = mirrored_if(network, card.spatial_dims, args.mirror)
    loaded = time.perf_counter()
    image = decode_upload(
        args.image.read_bytes(),
        args.image.name,
        args.slice,
        DecodeBudget(),
        Path(tempfile.gettempdir()),
    )
    decoded = time.perf_counter()
    result = segment(network, image.pixels, card, device)
    png = mask_png(result.mask, card.class_count)
    done = time.perf_counter()
    if args.out:
        args.out.write_bytes(png)
    print(
        json.dumps(
            {
                "import_ms": (IMPORTED - STARTED) * 1000,
                "load_ms": (loaded - IMPORTED) * 1000,
                "decode_ms": (decoded - loaded) * 1000,
                "forward_and_encode_ms": (done - decoded) * 1000,
                "total_in_process_ms": (done - STARTED) * 1000,
                "width": image.width,
                "height": image.height,
                "device": torch.cuda.get_device_name(device) if use_cuda else "cpu",
            }
        )
    )


if __name__ == "__main__":
    main()
