"""One training job from start to finish, blocking: load data, train, then write the artifacts.

Runs in the job's worker thread. Progress goes out through `emit`; the return value is the completion
event. Nothing is uploaded unless training finished and the job was not cancelled before the uploads
began; once the first upload starts the job runs to the end.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path

import torch

from medseg_ml.generated.medseg.v1 import training_service_pb2 as pb
from medseg_ml.networks.factory import build_network, network_spec
from medseg_ml.training.artifacts import (
    CARD_CONTENT_TYPE,
    WEIGHTS_CONTENT_TYPE,
    Artifact,
    upload,
    weights_artifact,
)
from medseg_ml.training.card import CARD_FORMAT, build_card
from medseg_ml.training.data import Cancelled, load_training_data
from medseg_ml.training.job_spec import JobSpec
from medseg_ml.training.loop import train

logger = logging.getLogger(__name__)

Emit = Callable[[pb.JobStatusEvent | pb.StepProgress | pb.EpochMetrics], None]

_SPLIT_WORDS = {
    "by_volume": "whole volumes held out",
    "volume_block": "a block of slices held out",
    "random_pairs": "random pairs held out",
}


def run_job(
    spec: JobSpec,
    device: torch.device,
    work_dir: Path,
    emit: Emit,
    cancel: threading.Event,
    created_ms: int,
) -> pb.TrainingCompleted:
    """Train `spec` on `device` and upload its artifacts.

    Args:
        work_dir: for shards too large to hold in memory; cleaned up before returning.
        emit: receives RUNNING status details, step progress and epoch metrics, in order.
        cancel: set to stop; checked between batches and download chunks.
        created_ms: when the job was queued (Unix ms), for the card.

    Raises:
        Cancelled: `cancel` was set before the uploads began.
        DatasetError, ArtifactUploadError, TrainingDivergedError: the job failed; the message says why.
    """
    hp = spec.hyperparameters
    started_ms = _now_ms()
    used = spec.used_pairs
    data = load_training_data(
        spec.shards, used, spec.label_values, spec.channels, hp.input_size, work_dir, cancel
    )
    emit(
        pb.JobStatusEvent(
            state=pb.JOB_STATE_RUNNING,
            message=(
                f"training on {len(spec.split.train)} pairs, validating on {len(spec.split.val)} "
                f"({_SPLIT_WORDS[spec.split.method]})"
            ),
        )
    )
    net_spec = network_spec(
        hp.architecture,
        spec.channels,
        spec.class_count,
        depth=hp.depth,
        base_channels=hp.base_channels,
        encoder_depth=hp.encoder_depth,
    )
    # The seed fixes the initial weights without disturbing the process-wide generator.
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(hp.seed)
        network = build_network(net_spec)
    result = train(
        network,
        data,
        data.rows(spec.split.train),
        data.rows(spec.split.val),
        hp,
        spec.class_count,
        device,
        cancel,
        on_step=lambda record: emit(record.to_proto()),
        on_epoch=lambda record: emit(record.to_proto()),
    )
    unlisted = data.unlisted_labels
    del data, network
    meta = {"format": CARD_FORMAT, "job_id": spec.job_id, "architecture": hp.architecture}
    best = weights_artifact(result.best_state, {**meta, "epoch": str(result.best_epoch)})
    last = weights_artifact(result.last_state, {**meta, "epoch": str(len(result.history))})
    card = build_card(
        spec,
        net_spec,
        result,
        best,
        last,
        device=_device_name(device),
        unlisted_labels=unlisted,
        created_ms=created_ms,
        started_ms=started_ms,
        finished_ms=_now_ms(),
    )
    card_json = json.dumps(card, indent=2)
    if cancel.is_set():
        raise Cancelled()
    # The card last: a card in storage means both weight files are there too.
    upload(spec.artifacts.best_weights, best, WEIGHTS_CONTENT_TYPE, "best weights")
    upload(spec.artifacts.last_weights, last, WEIGHTS_CONTENT_TYPE, "last weights")
    upload(spec.artifacts.card, Artifact.of(card_json.encode()), CARD_CONTENT_TYPE, "model card")
    return pb.TrainingCompleted(
        best_epoch=result.best_epoch,
        best_val_dice=result.best_val_dice,
        card_json=card_json,
        best_weights_sha256=best.sha256,
        last_weights_sha256=last.sha256,
        best_weights_bytes=best.size,
        last_weights_bytes=last.size,
    )


def _device_name(device: torch.device) -> str:
    if device.type == "cuda":
        return f"cuda ({torch.cuda.get_device_name(device)})"
    return "cpu"


def _now_ms() -> int:
    return round(time.time() * 1000)
