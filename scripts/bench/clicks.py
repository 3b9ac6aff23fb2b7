#!/usr/bin/env python3
"""The interactive-segmentation benchmark's work (scripts/bench/clicks runs it). One piece on purpose: data,
services, training and the robot clicker are the steps of one measurement, read top to bottom.

1. The brain-mask sample (Colin27 T1 axial slices, brain = ch2bet > 0) split as scripts/bench/annotate.py
   splits it: every 8th slice with brain in it is held out; the rest train a guided U-Net through the
   real TrainingService of a real ml-service (guided: true; prompts simulated from the masks, corrective
   rounds, guidance/simulate.py).
2. Each held-out slice is opened in a session (SessionService.OpenSession, the PNG uploaded once); the
   automatic result's IoU is the baseline. The robot clicker then places each next click at the centre of
   the largest error region (guidance.simulate.corrective_click, the clicks training simulates), positive
   where the truth is brain, negative where it is not, and sends every click so far (Prompt), applying
   the returned MaskPatch to its copy of the mask, until IoU 0.90 or 20 clicks.
3. NoC@85 / NoC@90: mean clicks to reach IoU 0.85 / 0.90 (0 when the automatic result already does; 20,
   the cap, when never). Seconds per click: the client's round trip of a Prompt call, and the service's
   own total_ms.

Usage:
    .venv/bin/python scripts/bench/clicks.py [--epochs 20] [--input-size 128] [--train-every 2] [--slices N]
        [--device auto] [--json]
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import grpc
import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "ml-service"))

from medseg_ml.datasets.shards import ShardWriter
from medseg_ml.device import select_device
from medseg_ml.generated.medseg.v1 import inference_service_pb2 as inference_pb
from medseg_ml.generated.medseg.v1 import job_service_pb2 as job_pb
from medseg_ml.generated.medseg.v1 import job_service_pb2_grpc as job_grpc
from medseg_ml.generated.medseg.v1 import session_service_pb2 as pb
from medseg_ml.generated.medseg.v1 import session_service_pb2_grpc as pb_grpc
from medseg_ml.generated.medseg.v1 import sources_pb2
from medseg_ml.generated.medseg.v1 import training_service_pb2 as training_pb
from medseg_ml.generated.medseg.v1 import training_service_pb2_grpc as training_grpc
from medseg_ml.guidance.simulate import corrective_click
from medseg_ml.sessions.patch import apply_patch

TEMPLATES = Path("/usr/share/mricron/templates")
HELD_OUT_EVERY = 8
CAP = 20
TARGETS = (0.85, 0.90)
OWNER = "bench-clicks"


def _sample_data():
    """scripts/sample-data.py as a module (its name has a dash)."""
    spec = importlib.util.spec_from_file_location(
        "sample_data", ROOT / "scripts/sample-data.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def split() -> tuple[np.ndarray, np.ndarray, list[int], list[int]]:
    """T1 slices (Z, H, W) uint8, brain masks, training slices, held-out slices (as annotate.py)."""
    sample = _sample_data()
    t1 = sample.axial_slices(TEMPLATES / "ch2.nii.gz").astype(np.uint8)
    brain = (sample.axial_slices(TEMPLATES / "ch2bet.nii.gz") > 0).astype(np.uint8)
    keep = [z for z in range(t1.shape[0]) if (t1[z] > 20).mean() > 0.02]
    held_out = [z for z in keep if brain[z].any()][
        HELD_OUT_EVERY // 2 :: HELD_OUT_EVERY
    ]
    return t1, brain, [z for z in keep if z not in held_out], held_out


# ---- storage and the ml-service -----------------------------------------------------------------------


class _Objects(dict):
    base_url = ""

    def url(self, path: str) -> str:
        return f"{self.base_url}/{path}"


@contextmanager
def serve_objects() -> Iterator[_Objects]:
    """Objects by path over HTTP (GET, PUT): the storage a presigned URL would point at."""
    objects = _Objects()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            data = objects.get(self.path.lstrip("/"))
            if data is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_PUT(self) -> None:
            objects[self.path.lstrip("/")] = self.rfile.read(
                int(self.headers.get("Content-Length", 0))
            )
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    objects.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield objects
    finally:
        server.shutdown()


@contextmanager
def ml_service(work: Path, device: str) -> Iterator[str]:
    """A real ml-service (python -m medseg_ml) on a free port; its address."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("MEDSEG_ML_")}
    env |= {
        "MEDSEG_ML_HOST": "127.0.0.1",
        "MEDSEG_ML_PORT": str(port),
        "MEDSEG_ML_CACHE_DIR": str(work / "ml-cache"),
        "MEDSEG_ML_DEVICE": device,
        "PYTHONPATH": str(ROOT / "ml-service"),
    }
    log = (work / "ml-service.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "medseg_ml"], cwd=work, env=env, stdout=log, stderr=log
    )
    address = f"127.0.0.1:{port}"
    try:
        with grpc.insecure_channel(address) as channel:
            grpc.channel_ready_future(channel).result(timeout=60)
        yield address
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


# ---- training -----------------------------------------------------------------------------------------


def train(
    channel: grpc.Channel,
    objects: _Objects,
    t1: np.ndarray,
    brain: np.ndarray,
    slices: list[int],
    args,
) -> sources_pb2.ModelSource:
    writer = ShardWriter()
    shards: dict[str, bytes] = {}
    pairs = []
    for index, z in enumerate(slices):
        path = writer.add(index, t1[z][None], brain[z])
        pairs.append(
            sources_pb2.DatasetSourcePair(
                index=index, name=f"colin27_z{z:03d}", shard_path=path
            )
        )
        if writer.full():
            shard_path, data = writer.flush()  # type: ignore[misc]
            shards[shard_path] = data
    if (last := writer.flush()) is not None:
        shards[last[0]] = last[1]
    for path, data in shards.items():
        objects[f"dataset/{path}"] = data
    hp = training_pb.Hyperparameters(
        epochs=args.epochs,
        batch_size=8,
        input_size=args.input_size,
        depth=4,
        base_channels=args.base_channels,
        augmentation=True,
        seed=1,
        guided=True,
    )
    request = training_pb.StartTrainingJobRequest(
        job_id="clicks",
        model_name="guided brain",
        hyperparameters=hp,
        dataset=sources_pb2.DatasetSource(
            dataset_id="colin27-brain",
            shards=[
                sources_pb2.ShardSource(path=p, url=objects.url(f"dataset/{p}"))
                for p in shards
            ],
            pairs=pairs,
            label_values=[0, 1],
            channels=1,
        ),
        artifacts=training_pb.ArtifactTargets(
            best_weights_url=objects.url("models/clicks/best.safetensors"),
            last_weights_url=objects.url("models/clicks/last.safetensors"),
            card_url=objects.url("models/clicks/model.json"),
        ),
    )
    training_grpc.TrainingServiceStub(channel).StartTrainingJob(request, timeout=30)
    for response in job_grpc.JobServiceStub(channel).WatchJob(
        job_pb.WatchJobRequest(job_id="clicks")
    ):
        event = response.event
        if event.HasField("epoch") and not args.json:
            print(
                f"  epoch {event.epoch.epoch}/{args.epochs}",
                file=sys.stderr,
                flush=True,
            )
        if event.HasField("training_completed"):
            done = event.training_completed
            return sources_pb2.ModelSource(
                model_id="clicks",
                card_json=done.card_json,
                weights_url=objects.url("models/clicks/best.safetensors"),
                weights_sha256=done.best_weights_sha256,
            )
    raise SystemExit(
        "the training job ended without completing; see its ml-service.log"
    )


# ---- the robot clicker --------------------------------------------------------------------------------


def iou(predicted: np.ndarray, truth: np.ndarray) -> float:
    union = np.logical_or(predicted == 1, truth == 1).sum()
    return (
        float(np.logical_and(predicted == 1, truth == 1).sum() / union)
        if union
        else 1.0
    )


def click_slice(
    stub: pb_grpc.SessionServiceStub,
    model: sources_pb2.ModelSource,
    image: np.ndarray,
    truth: np.ndarray,
):
    """IoU after 0..CAP clicks on one slice, round-trip and service seconds per click."""
    buffer = io.BytesIO()
    Image.fromarray(image).save(buffer, format="PNG")
    upload = inference_pb.UploadedImage(data=buffer.getvalue(), file_name="slice.png")
    opened = stub.OpenSession(
        pb.OpenSessionRequest(model=model, upload=upload, owner=OWNER), timeout=120
    )
    mask = np.zeros((opened.grid.size_x, opened.grid.size_y, 1), dtype=np.uint8)
    apply_patch(mask, opened.mask)
    # The session grid of a 2D image is x = column, y = row: the (row, column) mask is its transpose.
    scores = [iou(mask[:, :, 0].T, truth)]
    prompts: list[pb.GuidancePrompt] = []
    round_trips, served = [], []
    while len(prompts) < CAP and scores[-1] < max(TARGETS):
        click = corrective_click(
            mask[:, :, 0].T.astype(np.int64), truth.astype(np.int64)
        )
        if click is None:
            break
        row, column = click.points[0]
        prompts.append(
            pb.GuidancePrompt(
                kind=pb.PROMPT_KIND_POINT,
                class_index=click.class_index,
                points=[column, row, 0],
            )
        )
        started = time.perf_counter()
        response = stub.Prompt(
            pb.PromptRequest(
                session_id=opened.session_id, owner=OWNER, prompts=prompts
            ),
            timeout=60,
        )
        round_trips.append(time.perf_counter() - started)
        served.append(response.timings.total_ms / 1000)
        apply_patch(mask, response.changed)
        scores.append(iou(mask[:, :, 0].T, truth))
    stub.CloseSession(
        pb.CloseSessionRequest(session_id=opened.session_id, owner=OWNER), timeout=10
    )
    return scores, round_trips, served


def clicks_to(scores: list[float], target: float) -> int:
    return next((n for n, s in enumerate(scores) if s >= target), CAP)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--input-size", type=int, default=128)
    parser.add_argument("--base-channels", type=int, default=16)
    parser.add_argument(
        "--train-every", type=int, default=2, help="train on every n-th training slice"
    )
    parser.add_argument(
        "--slices", type=int, default=0, help="held-out slices to click (0 = all)"
    )
    parser.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda"])
    parser.add_argument(
        "--json", action="store_true", help="print one JSON document only"
    )
    args = parser.parse_args()

    t1, brain, training, held_out = split()
    training = training[:: args.train_every]
    held_out = held_out[: args.slices] if args.slices else held_out
    with (
        tempfile.TemporaryDirectory(prefix="bench-clicks-") as work,
        serve_objects() as objects,
        ml_service(Path(work), args.device) as address,
        grpc.insecure_channel(address) as channel,
    ):
        started = time.perf_counter()
        if not args.json:
            print(
                f"training a guided U-Net on {len(training)} slices ...",
                file=sys.stderr,
                flush=True,
            )
        model = train(channel, objects, t1, brain, training, args)
        train_s = time.perf_counter() - started
        stub = pb_grpc.SessionServiceStub(channel)
        per_slice = []
        for z in held_out:
            scores, round_trips, served = click_slice(stub, model, t1[z], brain[z])
            per_slice.append(
                {
                    "slice": z,
                    "iou": scores,
                    "roundTripS": round_trips,
                    "serviceS": served,
                }
            )
            if not args.json:
                print(
                    f"  z={z}: automatic IoU {scores[0]:.3f}, {len(scores) - 1} clicks -> {scores[-1]:.3f}",
                    file=sys.stderr,
                    flush=True,
                )
    device = str(select_device(args.device))
    round_trips = [t for s in per_slice for t in s["roundTripS"]]
    served = [t for s in per_slice for t in s["serviceS"]]
    report = {
        "device": device,
        "trainingSlices": len(training),
        "heldOutSlices": len(held_out),
        "epochs": args.epochs,
        "inputSize": args.input_size,
        "trainSeconds": round(train_s, 1),
        "automaticIoU": float(np.mean([s["iou"][0] for s in per_slice])),
        "noc85": float(np.mean([clicks_to(s["iou"], 0.85) for s in per_slice])),
        "noc90": float(np.mean([clicks_to(s["iou"], 0.90) for s in per_slice])),
        "reached90": sum(clicks_to(s["iou"], 0.90) < CAP for s in per_slice),
        "clicks": len(round_trips),
        "secondsPerClickP50": float(np.median(round_trips)) if round_trips else None,
        "serviceSecondsPerClickP50": float(np.median(served)) if served else None,
        "slices": per_slice,
    }
    if args.json:
        print(json.dumps(report))
        return
    print(
        f"\nguided U-Net on Colin27 brain, {len(held_out)} held-out slices ({report['device']}, "
        f"{len(training)} training slices, {args.epochs} epochs at {args.input_size}, trained in {train_s:.0f} s)"
    )
    rows = [
        ("automatic IoU (no clicks)", f"{report['automaticIoU']:.3f}"),
        (f"NoC@85 (cap {CAP})", f"{report['noc85']:.2f}"),
        (f"NoC@90 (cap {CAP})", f"{report['noc90']:.2f}"),
        ("slices reaching 0.90", f"{report['reached90']}/{len(held_out)}"),
        (
            "s per click, round trip p50",
            f"{report['secondsPerClickP50']:.4f}" if round_trips else "-",
        ),
        (
            "s per click, service p50",
            f"{report['serviceSecondsPerClickP50']:.4f}" if served else "-",
        ),
    ]
    width = max(len(name) for name, _ in rows)
    print(f"| {'metric'.ljust(width)} | value |\n|{'-' * (width + 2)}|-------|")
    for name, value in rows:
        print(f"| {name.ljust(width)} | {value} |")


if __name__ == "__main__":
    main()
