"""The registry of evaluation and batch jobs: one FIFO queue of its own, beside training's."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import torch
from google.protobuf.message import Message
from torch import nn

from medseg_ml.datasets.download import DownloadError
from medseg_ml.evaluation.batch import run_batch
from medseg_ml.evaluation.evaluate import run_evaluation
from medseg_ml.evaluation.process import JobEnv, JobFailedError
from medseg_ml.evaluation.specs import BatchSpec, DatasetInput, EvaluationSpec
from medseg_ml.generated.medseg.v1 import evaluation_service_pb2 as pb
from medseg_ml.inference.models import InferenceModels, ModelLoadError, ModelRef
from medseg_ml.inference.weights import WeightsDownloadError, WeightsMismatchError
from medseg_ml.job_queue import Emit, Job, JobKind, JobQueue
from medseg_ml.model_cache import ModelTooLargeError
from medseg_ml.training.artifacts import ArtifactUploadError
from medseg_ml.training.data import DatasetError

AnySpec = EvaluationSpec | BatchSpec
EvaluationJob = Job[AnySpec, pb.JobEvent]

# Failures whose message is already written for a person.
_EXPLAINED = (
    JobFailedError,
    ArtifactUploadError,
    DatasetError,
    DownloadError,
    ModelLoadError,
    WeightsDownloadError,
    WeightsMismatchError,
    ModelTooLargeError,
)


class EvaluationJobs(JobQueue[AnySpec, pb.JobEvent]):
    """Queues evaluation and batch jobs and runs them one at a time on `device`.

    Networks come from the shared model cache, so a model used by inference stays warm for jobs too.

    Args:
        models: the service's model loader and cache.
        device: where networks run.
        work_dir: scratch space (downloaded ZIPs, masks.zip while it is written).
    """

    def __init__(self, models: InferenceModels, device: torch.device, work_dir: Path) -> None:
        self._models = models
        self._loop: asyncio.AbstractEventLoop | None = None
        env = JobEnv(device, work_dir, self._get_model)

        def run(spec: AnySpec, emit: Emit, cancel: threading.Event, created_ms: int) -> Message:
            if isinstance(spec, EvaluationSpec):
                return run_evaluation(spec, env, emit, cancel, created_ms)
            return run_batch(spec, env, emit, cancel, created_ms)

        super().__init__(
            JobKind(
                title="Job",
                noun=lambda spec: spec.noun,
                event=_event,
                runner=run,
                running_message=_running_message,
                failure_message=_failure_message,
            ),
            task_name="evaluation-jobs",
        )

    def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        super().start()

    def _get_model(self, ref: ModelRef) -> nn.Module:
        """From a job's thread: load through the cache on the event loop, where its locks live."""
        assert self._loop is not None, "start() was not called"
        return asyncio.run_coroutine_threadsafe(self._models.get(ref), self._loop).result().network


def job_proto(job: EvaluationJob) -> pb.Job:
    kind = pb.JOB_KIND_EVALUATION if isinstance(job.spec, EvaluationSpec) else pb.JOB_KIND_BATCH
    return pb.Job(
        job_id=job.job_id,
        kind=kind,
        state=job.state,  # type: ignore[arg-type]
        queue_position=job.queue_position,
        error=job.error,
        created_unix_ms=job.created_ms,
        started_unix_ms=job.started_ms,
        finished_unix_ms=job.finished_ms,
    )


def _running_message(spec: AnySpec) -> str:
    if isinstance(spec, EvaluationSpec):
        return f"evaluating {len(spec.dataset.pairs)} pairs"
    if isinstance(spec.source, DatasetInput):
        return f"segmenting {len(spec.source.pairs)} pairs"
    return f"reading {spec.source.file_name}"


def _failure_message(error: BaseException) -> str | None:
    if isinstance(error, torch.OutOfMemoryError):
        return "The device ran out of memory; lower batch_size"
    if isinstance(error, _EXPLAINED):
        return str(error)
    return None


def _event(sequence: int, time_ms: int, message: Message) -> pb.JobEvent:
    event = pb.JobEvent(sequence=sequence, time_unix_ms=time_ms)
    if isinstance(message, pb.JobProgress):
        event.progress.CopyFrom(message)
    elif isinstance(message, pb.JobCompleted):
        event.completed.CopyFrom(message)
    else:
        event.status.CopyFrom(message)
    return event
