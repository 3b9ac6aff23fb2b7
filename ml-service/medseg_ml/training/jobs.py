"""The training queue: the shared job queue with training's runner, reasons and messages; upload retries."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from google.protobuf.message import Message

from medseg_ml.generated.medseg.v1 import job_pb2 as pb
from medseg_ml.inference.weights import WeightsMismatchError
from medseg_ml.job import Cancellation
from medseg_ml.job_failure import FailureReasons
from medseg_ml.job_queue import Emit, JobQueue, Outcome, QueueRules
from medseg_ml.job_registry import JobNotFoundError, JobRegistry
from medseg_ml.training.data import DatasetError
from medseg_ml.training.init_from import ParentWeightsError
from medseg_ml.training.job_spec import ArtifactUrls, JobSpec
from medseg_ml.training.loop import TrainingDivergedError
from medseg_ml.training.runner import TrainingEnv, run_job

Runner = Callable[[JobSpec, TrainingEnv, Emit, Cancellation, int], pb.TrainingCompleted]

_FAILURES = FailureReasons(
    oom_advice="The device ran out of memory; lower batch_size, input_size or base_channels",
    invalid_input=(DatasetError, TrainingDivergedError, ParentWeightsError, WeightsMismatchError),
)


class UploadInProgressError(Exception):
    """RetryTrainingUpload for a job that is still queued or running."""


class NothingToUploadError(Exception):
    """RetryTrainingUpload for a job whose finished model this ml-service does not keep."""


class TrainingJobs(JobQueue[JobSpec]):
    """Queues training jobs and runs them one at a time on `env.device`.

    Args:
        registry: the process's job registry (JobService).
        env: device, scratch space and the jobs' folders.
        runner: runs one job, blocking; tests may pass their own.
    """

    def __init__(self, registry: JobRegistry, env: TrainingEnv, runner: Runner = run_job) -> None:
        self._env = env

        def run(spec: JobSpec, emit: Emit, cancel: Cancellation, created_ms: int) -> Message:
            return runner(spec, env, emit, cancel, created_ms)

        super().__init__(
            QueueRules(
                noun=lambda _spec: "training job",
                kind=lambda _spec: pb.JOB_KIND_TRAINING,
                runner=run,
                running_message=_running_message,
                failure=_FAILURES,
                completion=_completion,
            ),
            registry,
            task_name="training-jobs",
        )

    async def retry_upload(self, job_id: str, artifacts: ArtifactUrls) -> pb.TrainingCompleted:
        """Upload the finished model kept for `job_id` (after an upload that failed) to new URLs.

        Raises:
            UploadInProgressError: the job is still queued or running here.
            NothingToUploadError: no finished model is kept for the job id.
            StorageError: storage still refuses; the files stay for another try.
        """
        try:
            job = self._registry.get(job_id)
        except JobNotFoundError:
            job = None
        if job is not None and not job.finished:
            state = "queued" if job.state == pb.JOB_STATE_QUEUED else "running"
            raise UploadInProgressError(
                f"Training job {job_id} is still {state}; its model is uploaded when it completes"
            )
        files = self._env.files(job_id)
        try:
            return await asyncio.to_thread(files.upload, artifacts)
        except FileNotFoundError:
            raise NothingToUploadError(
                f"This ml-service keeps no finished model for training job {job_id}; train it again"
            ) from None


def _running_message(spec: JobSpec) -> str:
    action = "resuming" if spec.resume else "loading dataset"
    return f"{action}: {len(spec.used_pairs)} pairs from {spec.used_shard_count} shards"


def _completion(completed: Message | None) -> Outcome:
    if isinstance(completed, pb.TrainingCompleted) and completed.stopped_early:
        return (
            pb.STATUS_REASON_STOPPED_EARLY,
            f"stopped early: epoch {completed.best_epoch}, the best so far, became the model",
        )
    return pb.STATUS_REASON_UNSPECIFIED, "completed"
