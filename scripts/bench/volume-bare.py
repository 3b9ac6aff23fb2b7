#!/usr/bin/env python3
"""The bare side of scripts/bench/volume, and the files it needs.

    volume-bare.py dataset OUT.zip            Colin27 as an images/ + masks/ dataset (brain = ch2bet > 0)
    volume-bare.py model-3d TEMPLATE_DIR OUT_DIR MODEL_ID
                                              a unet_3d with random weights, its card made from the 2D
                                              model's card in TEMPLATE_DIR (same dataset, owner, classes)
    volume-bare.py serve MODEL_DIR VOLUME      decode + predict_volume in a plain loop (the ml-service's
                                              own code, no gRPC, no cache): loads the model, warms up,
                                              prints "ready", then times one run per line read from
                                              stdin and prints it as one JSON object, so the caller can
                                              interleave these runs with its REST runs

MODEL_DIR holds model.json and best.safetensors.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import nibabel as nib
import numpy as np
import torch
from safetensors.torch import save

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "ml-service"))

from medseg_ml.datasets.normalize import normalize_image  # noqa: E402
from medseg_ml.device import select_device  # noqa: E402
from medseg_ml.inference.card import ModelCard  # noqa: E402
from medseg_ml.inference.models import load_network  # noqa: E402
from medseg_ml.inference.volume_predict import predict_volume  # noqa: E402
from medseg_ml.io.budget import DecodeBudget  # noqa: E402
from medseg_ml.io.decode import decode_file  # noqa: E402
from medseg_ml.networks.factory import build_network, network_spec  # noqa: E402
from medseg_ml.preprocessing import VOLUME_INPUT_NORMALIZATION  # noqa: E402

TEMPLATES = Path("/usr/share/mricron/templates")
PATCH = (64, 64, 64)


def dataset(out: Path) -> None:
    head = nib.load(TEMPLATES / "ch2.nii.gz")
    brain = nib.load(TEMPLATES / "ch2bet.nii.gz")
    mask = nib.Nifti1Image(
        (np.asarray(brain.dataobj) > 0).astype(np.uint8), head.affine, head.header
    )
    mask.set_data_dtype(np.uint8)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(TEMPLATES / "ch2.nii.gz", "images/colin27.nii.gz")
        archive.writestr("masks/colin27.nii.gz", _gz(mask.to_bytes()))


def _gz(data: bytes) -> bytes:
    import gzip

    return gzip.compress(data, compresslevel=6)


def model_3d(template: Path, out: Path, model_id: str) -> None:
    card = json.loads((template / "model.json").read_text(encoding="utf-8"))
    classes = card["classes"]["label_values"]
    spec = network_spec(
        "unet_3d", in_channels=1, out_channels=len(classes), depth=4, base_channels=16
    )
    torch.manual_seed(0)
    weights = save(build_network(spec).state_dict())
    (out / "best.safetensors").write_bytes(weights)
    sha = hashlib.sha256(weights).hexdigest()
    card.update(
        model_id=model_id,
        job_id=model_id,
        name="bench unet_3d (random weights)",
        architecture="unet_3d",
        network=spec.to_dict(),
        spatial_dims=3,
        input_normalization=VOLUME_INPUT_NORMALIZATION,
        patch_size=list(PATCH),
        target_spacing=[0.0, 0.0, 0.0],
        intensity=[{"channel": 0, "scheme": "zscore"}],
    )
    card["hyperparameters"] = {
        **card.get("hyperparameters", {}),
        "architecture": "unet_3d",
        "patchSize": list(PATCH),
    }
    entry = {"file": "best.safetensors", "bytes": len(weights), "sha256": sha}
    card["weights"] = {
        "format": "safetensors",
        "best": entry,
        "last": {**entry, "file": "last.safetensors"},
    }
    (out / "model.json").write_text(json.dumps(card), encoding="utf-8")
    ModelCard.from_json(
        (out / "model.json").read_text(encoding="utf-8")
    )  # the service must accept it
    print(json.dumps({"sha256": sha, "bytes": len(weights)}))


def serve(model_dir: Path, volume_path: Path, device_name: str) -> None:
    device = select_device(device_name)
    card = ModelCard.from_json((model_dir / "model.json").read_text(encoding="utf-8"))
    network = load_network(card, model_dir / "best.safetensors", device)
    suffix = ".nii.gz" if volume_path.name.endswith(".nii.gz") else volume_path.suffix
    work = Path(tempfile.mkdtemp(prefix="volume-bare-"))

    def once() -> dict[str, object]:
        started = time.perf_counter()
        # The upload as the service gets it: bytes written to a scratch file, decoded whole.
        path = work / f"input{suffix}"
        path.write_bytes(volume_path.read_bytes())
        decoded = decode_file(path, suffix, as_mask=False, budget=DecodeBudget())
        pixels = normalize_image(decoded.pixels).transpose(1, 0, 2, 3)
        spacing = decoded.grid.spacing if decoded.grid is not None else (1.0, 1.0, 1.0)
        predicted = time.perf_counter()
        classes = predict_volume(network, card, pixels, spacing, device)
        done = time.perf_counter()
        return {
            "seconds": done - started,
            "forward_seconds": done - predicted,
            "shape": list(classes.shape),
            "device": torch.cuda.get_device_name(device) if device.type == "cuda" else "cpu",
        }

    once()  # warm-up: kernels, allocator
    print("ready", flush=True)
    for _ in sys.stdin:
        print(json.dumps(once()), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("dataset").add_argument("out", type=Path)
    make = sub.add_parser("model-3d")
    make.add_argument("template", type=Path)
    make.add_argument("out", type=Path)
    make.add_argument("model_id")
    timed = sub.add_parser("serve")
    timed.add_argument("model_dir", type=Path)
    timed.add_argument("volume", type=Path)
    timed.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda"])
    args = parser.parse_args()
    if args.command == "dataset":
        dataset(args.out)
    elif args.command == "model-3d":
        model_3d(args.template, args.out, args.model_id)
    else:
        serve(args.model_dir, args.volume, args.device)


if __name__ == "__main__":
    main()
