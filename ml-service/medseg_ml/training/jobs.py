"""The registry of training jobs: the shared job queue with training's runner, events and failure messages."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import torch
from google.protobuf.message import Message

from medseg_ml.generated.medseg.v1 import training_service_pb2 as pb
from medseg_ml.job_queue import Job, JobExistsError, JobKind, JobNotFoundError, JobQueue
from medseg_ml.training.artifacts import ArtifactUploadError
from medseg_ml.training.data import DatasetError
from medseg_ml.training.job_spec import JobSpec
from medseg_ml.training.loop import TrainingDivergedError
from medseg_ml.training.runner import Emit, run_job

__all__ = ["JobExistsError", "JobNotFoundError", "TrainingJob", "TrainingJobs", "job_proto"]

Runner = Callable[[JobSpec, torch.device, Path, Emit, threading.Event, int], pb.TrainingCompleted]
TrainingJob = Job[JobSpec, pb.TrainingEvent]

# Failures whose message is already written for a person.
_EXPLAINED = (DatasetError, ArtifactUploadError, TrainingDivergedError)


class TrainingJobs(JobQueue[JobSpec, pb.TrainingEvent]):
    """Queues training jobs and runs them one at a time on `device`.

    Args:
        device: where jobs train.
        work_dir: scratch space for jobs (shards too large for memory).
        runner: runs one job, blocking; tests may pass their own.
    """

    def __init__(self, device: torch.device, work_dir: Path, runner: Runner = run_job) -> None:
        def run(spec: JobSpec, emit: Emit, cancel: threading.Event, created_ms: int) -> Message:
            return runner(spec, device, work_dir, emit, cancel, created_ms)

        super().__init__(
            JobKind(
                title="Training job",
                noun=lambda _spec: "training job",
                event=_event,
                runner=run,
                running_message=lambda spec: (
                    f"loading dataset: {len(spec.used_pairs)} pairs from {spec.used_shard_count} shards"
                ),
                failure_message=_failure_message,
            ),
            task_name="training-jobs",
        )


def job_proto(job: TrainingJob) -> pb.TrainingJob:
    return pb.TrainingJob(
        job_id=job.job_id,
        state=job.state,  # type: ignore[arg-type]
        queue_position=job.queue_position,
        error=job.error,
        created_unix_ms=job.created_ms,
        started_unix_ms=job.started_ms,
        finished_unix_ms=job.finished_ms,
        hyperparameters=job.spec.hyperparameters.to_proto(),
    )


def _failure_message(error: BaseException) -> str | None:
    if isinstance(error, torch.OutOfMemoryError):
        return "The device ran out of memory; lower batch_size, input_size or base_channels"
    if isinstance(error, _EXPLAINED):
        return str(error)
    return None


def _event(sequence: int, time_ms: int, message: Message) -> pb.TrainingEvent:
    event = pb.TrainingEvent(sequence=sequence, time_unix_ms=time_ms)
    if isinstance(message, pb.JobStatusEvent):
        event.status.CopyFrom(message)
    elif isinstance(message, pb.StepProgress):
        event.step.CopyFrom(message)
    elif isinstance(message, pb.EpochMetrics):
        event.epoch.CopyFrom(message)
    else:
        event.completed.CopyFrom(message)
    return event
