"""The evaluation queue: evaluation and batch jobs in one FIFO queue of its own, beside training's."""

from __future__ import annotations

import asyncio
from pathlib import Path

import torch
from google.protobuf.message import Message
from torch import nn

from medseg_ml.evaluation.batch import run_batch
from medseg_ml.evaluation.evaluate import run_evaluation
from medseg_ml.evaluation.process import JobEnv, JobFailedError
from medseg_ml.evaluation.specs import BatchSpec, DatasetInput, EvaluationSpec
from medseg_ml.generated.medseg.v1 import job_pb2 as pb
from medseg_ml.inference.models import InferenceModels, ModelLoadError, ModelRef
from medseg_ml.inference.weights import WeightsMismatchError
from medseg_ml.job import Cancellation
from medseg_ml.job_failure import FailureReasons
from medseg_ml.job_queue import Emit, JobQueue, QueueRules
from medseg_ml.job_registry import JobRegistry
from medseg_ml.model_cache import ModelTooLargeError
from medseg_ml.training.data import DatasetError

AnySpec = EvaluationSpec | BatchSpec

_FAILURES = FailureReasons(
    oom_advice="The device ran out of memory; lower batch_size",
    # Failures of the input (model, dataset, archive) whose message is already written for a person.
    invalid_input=(JobFailedError, DatasetError, ModelLoadError, WeightsMismatchError),
    out_of_memory=(ModelTooLargeError,),
)


class EvaluationJobs(JobQueue[AnySpec]):
    """Queues evaluation and batch jobs and runs them one at a time on `device`.

    Networks come from the shared model cache, so a model used by inference stays warm for jobs too.

    Args:
        registry: the process's job registry (JobService).
        models: the service's model loader and cache.
        device: where networks run.
        work_dir: scratch space (downloaded ZIPs, masks.zip while it is written).
    """

    def __init__(
        self, registry: JobRegistry, models: InferenceModels, device: torch.device, work_dir: Path
    ) -> None:
        self._models = models
        self._loop: asyncio.AbstractEventLoop | None = None
        env = JobEnv(device, work_dir, self._get_model)

        def run(spec: AnySpec, emit: Emit, cancel: Cancellation, created_ms: int) -> Message:
            if isinstance(spec, EvaluationSpec):
                return run_evaluation(spec, env, emit, cancel, created_ms)
            return run_batch(spec, env, emit, cancel, created_ms)

        super().__init__(
            QueueRules(
                noun=lambda spec: spec.noun,
                kind=_kind,
                runner=run,
                running_message=_running_message,
                failure=_FAILURES,
            ),
            registry,
            task_name="evaluation-jobs",
        )

    def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        super().start()

    def _get_model(self, ref: ModelRef) -> nn.Module:
        """From a job's thread: load through the cache on the event loop, where its locks live."""
        assert self._loop is not None, "start() was not called"
        return asyncio.run_coroutine_threadsafe(self._models.get(ref), self._loop).result().network


def _kind(spec: AnySpec) -> int:
    return pb.JOB_KIND_EVALUATION if isinstance(spec, EvaluationSpec) else pb.JOB_KIND_BATCH


def _running_message(spec: AnySpec) -> str:
    if isinstance(spec, EvaluationSpec):
        return f"evaluating {len(spec.dataset.pairs)} pairs"
    if isinstance(spec.source, DatasetInput):
        return f"segmenting {len(spec.source.pairs)} pairs"
    return f"reading {spec.source.file_name}"
