"""One training job from start to finish, blocking: load data, train, choose the post-processing on the
validation cases, keep the model on disk, upload it.

Runs in the job's worker thread. Progress goes out through `emit`; the return value is the completion
event. Every epoch leaves a checkpoint in the job's folder (job_files.py), from which a job resumed after
a restart continues. The finished model is written to that folder first and uploaded from there, so an
upload that fails loses nothing. A person's cancel after at least one finished epoch keeps the best
epoch as the model (stopped early); before that, nothing is written. Once the model is on disk the job
runs to the end.

The post-processing is chosen once the last epoch is done (training/postprocessing_choice.py). A person's
cancel skips it and the card records none: whether it comes before the last epoch (stopped early) or
while the choice runs, the person asked to stop, and the choice can take a validation pass's time. The
service stopping during the choice keeps the checkpoint, and the resumed job, with no epoch left to run,
chooses again.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import torch

from medseg_ml.generated.medseg.v1 import job_pb2 as pb
from medseg_ml.http import StorageError
from medseg_ml.job import Cancellation, Cancelled
from medseg_ml.networks.factory import build_network
from medseg_ml.postprocessing import PostProcessing
from medseg_ml.training.artifacts import weights_artifact
from medseg_ml.training.card import CARD_FORMAT, build_card
from medseg_ml.training.guided_batches import GuidanceSimulator
from medseg_ml.training.init_from import load_parent
from medseg_ml.training.job_data import JobData, load_job_data
from medseg_ml.training.job_files import JobFiles, SavedCheckpoint
from medseg_ml.training.job_spec import JobSpec
from medseg_ml.training.loop import train
from medseg_ml.training.postprocessing_choice import choose_on_validation, validation_cases
from medseg_ml.training.records import Checkpoint, TrainingResult

logger = logging.getLogger(__name__)

Emit = Callable[[pb.JobStatusEvent | pb.TrainingStep | pb.EpochMetrics], None]


@dataclass(frozen=True)
class TrainingEnv:
    """Where training jobs run and keep their files.

    Attributes:
        work_dir: scratch space for shards too large to hold in memory, prepared pairs past the memory
            budget and unet_3d's volume cache.
        jobs_dir: one folder per job (checkpoints, finished models awaiting upload).
        memory_budget_bytes: prepared 2D pairs larger than this are memory-mapped from work_dir.
    """

    device: torch.device
    work_dir: Path
    jobs_dir: Path
    memory_budget_bytes: int = 2048 * 1024 * 1024

    def files(self, job_id: str) -> JobFiles:
        return JobFiles(self.jobs_dir, job_id)


@dataclass(frozen=True)
class _Trained:
    result: TrainingResult
    unlisted_labels: tuple[int, ...]
    stopped_early: bool
    postprocessing: PostProcessing
    # When the job was first queued and first started (Unix ms): a resumed job keeps its original ones.
    created_ms: int
    started_ms: int


def run_job(
    spec: JobSpec, env: TrainingEnv, emit: Emit, cancel: threading.Event, created_ms: int
) -> pb.TrainingCompleted:
    """Train `spec` on `env.device` and upload its model.

    Args:
        emit: receives RUNNING status details, step progress and epoch metrics, in order.
        cancel: set to stop; checked between batches and download chunks. A Cancellation tells a
            person's cancel (keep the best epoch) from the service stopping (keep the checkpoint).
        created_ms: when the job was queued (Unix ms), for the card.

    Raises:
        Cancelled: `cancel` was set before the first finished epoch, or by the service stopping.
        StorageError: shards could not be read, or the model could not be uploaded (it stays on disk).
        DatasetError, TrainingDivergedError: the job failed; the message says why.
    """
    files = env.files(spec.job_id)
    if not spec.resume:
        files.remove()  # an earlier run's leftovers under the same id
    elif files.completed() is not None:
        emit(pb.JobStatusEvent(state=pb.JOB_STATE_RUNNING, message="uploading the finished model"))
        return _upload(files, spec)
    saved = files.load_checkpoint(spec.fingerprint) if spec.resume else None
    try:
        trained = _train(spec, env, files, saved, emit, cancel, created_ms)
    except Cancelled:
        if _by_user(cancel):
            files.remove()
        raise
    except BaseException:
        files.remove()
        raise
    return _store(spec, env, files, trained)


def _train(
    spec: JobSpec,
    env: TrainingEnv,
    files: JobFiles,
    saved: SavedCheckpoint | None,
    emit: Emit,
    cancel: threading.Event,
    created_ms: int,
) -> _Trained:
    hp = spec.hyperparameters
    if saved is not None:
        created_ms, started_ms = saved.created_ms, saved.started_ms
    else:
        started_ms = _now_ms()
    latest: list[Checkpoint] = [saved.checkpoint] if saved else []
    unlisted: tuple[int, ...] = ()

    def keep(checkpoint: Checkpoint) -> None:
        files.save_checkpoint(checkpoint, spec.fingerprint, created_ms, started_ms)
        latest[:] = [checkpoint]

    data: JobData | None = None
    try:
        data = load_job_data(spec, env.work_dir, env.memory_budget_bytes, cancel)
        unlisted = data.unlisted_labels
        resumed = f"; continuing after epoch {saved.checkpoint.epoch} of {hp.epochs}" if saved else ""
        emit(pb.JobStatusEvent(state=pb.JOB_STATE_RUNNING, message=f"{data.summary}{resumed}"))
        # The seed fixes the initial weights without disturbing the process-wide generator.
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(hp.seed)
            network = build_network(spec.network)
        if spec.parent is not None and saved is None:
            # Fine-tuning: the parent's weights, before epoch 1 (a resumed job has its own checkpoint).
            load_parent(network, spec.parent, env.work_dir / "parents")
        result = train(
            network,
            data.source,
            hp,
            spec.class_count,
            env.device,
            cancel,
            on_step=lambda record: emit(record.to_proto()),
            on_epoch=lambda record: emit(record.to_proto()),
            start=saved.checkpoint if saved else None,
            on_checkpoint=keep,
            guidance=GuidanceSimulator.for_network(spec.network, spec.class_count),
            on_notice=lambda message: emit(pb.JobStatusEvent(state=pb.JOB_STATE_RUNNING, message=message)),
        )
        postprocessing = _choose_postprocessing(spec, network, data, result, env.device, emit, cancel)
    except Cancelled:
        if not (_by_user(cancel) and latest):
            raise
        last = latest[0]
        result = last.result(hp, env.device)
        if len(result.history) < hp.epochs:
            logger.info(
                "training stopped early: its best epoch becomes the model",
                extra={"job_id": spec.job_id, "epochs_run": last.epoch, "best_epoch": last.best_epoch},
            )
            postprocessing = PostProcessing.none("not chosen: the training was stopped early")
        else:
            logger.info("post-processing choice cancelled: none is applied", extra={"job_id": spec.job_id})
            postprocessing = PostProcessing.none("not chosen: cancelled while it was being chosen")
    finally:
        if data is not None:
            data.cleanup()
    stopped_early = len(result.history) < hp.epochs
    return _Trained(result, unlisted, stopped_early, postprocessing, created_ms, started_ms)


def _choose_postprocessing(
    spec: JobSpec,
    network: torch.nn.Module,
    data: JobData,
    result: TrainingResult,
    device: torch.device,
    emit: Emit,
    cancel: threading.Event,
) -> PostProcessing:
    count, what = validation_cases(data.source)
    if count:
        emit(
            pb.JobStatusEvent(
                state=pb.JOB_STATE_RUNNING, message=f"choosing post-processing on {count} validation {what}"
            )
        )
    chosen = choose_on_validation(network, result.best_state, data.source, spec.class_count, device, cancel)
    logger.info(
        "post-processing chosen on validation",
        extra={
            "job_id": spec.job_id,
            "largest_component_classes": list(chosen.largest_component_classes),
            "min_component_size": {str(c): s for c, s in chosen.min_component_size.items()},
        },
    )
    return chosen


def _store(spec: JobSpec, env: TrainingEnv, files: JobFiles, trained: _Trained) -> pb.TrainingCompleted:
    """Write the model to the job's folder, then upload it from there."""
    hp = spec.hyperparameters
    result = trained.result
    meta = {"format": CARD_FORMAT, "job_id": spec.job_id, "architecture": hp.architecture}
    best = weights_artifact(result.best_state, {**meta, "epoch": str(result.best_epoch)})
    last = weights_artifact(result.last_state, {**meta, "epoch": str(len(result.history))})
    card = build_card(
        spec,
        spec.network,
        result,
        best,
        last,
        device=_device_name(env.device),
        unlisted_labels=trained.unlisted_labels,
        created_ms=trained.created_ms,
        started_ms=trained.started_ms,
        finished_ms=_now_ms(),
        stopped_early=trained.stopped_early,
        postprocessing=trained.postprocessing,
    )
    card_json = json.dumps(card, indent=2)
    completed = pb.TrainingCompleted(
        best_epoch=result.best_epoch,
        best_val_dice=result.best_val_dice,
        card_json=card_json,
        best_weights_sha256=best.sha256,
        last_weights_sha256=last.sha256,
        best_weights_bytes=best.size,
        last_weights_bytes=last.size,
        stopped_early=trained.stopped_early,
    )
    files.write_artifacts(best, last, card_json, completed)
    return _upload(files, spec)


def _upload(files: JobFiles, spec: JobSpec) -> pb.TrainingCompleted:
    try:
        return files.upload(spec.artifacts)
    except StorageError as e:
        raise StorageError(f"{e}; the trained model is kept, so the upload can be retried") from None


def _by_user(cancel: threading.Event) -> bool:
    # A plain Event (tests, tools) counts as a person's cancel.
    return cancel.by_user if isinstance(cancel, Cancellation) else cancel.is_set()


def _device_name(device: torch.device) -> str:
    if device.type == "cuda":
        return f"cuda ({torch.cuda.get_device_name(device)})"
    return "cpu"


def _now_ms() -> int:
    return round(time.time() * 1000)
