"""The job registry in-process with stand-in runners: reasons, shutdown, dropped late events, sequences."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest
import torch
from training_factory import Storage, shape_samples, start_request

from medseg_ml.generated.medseg.v1 import job_pb2 as job_pb
from medseg_ml.generated.medseg.v1 import training_service_pb2 as pb
from medseg_ml.job_queue import Emit
from medseg_ml.job_registry import JobExistsError, JobRegistry
from medseg_ml.training.job_spec import JobSpec
from medseg_ml.training.jobs import TrainingJobs
from medseg_ml.training.runner import TrainingEnv


def spec(job_id: str) -> JobSpec:
    request = start_request(
        Storage(base_url="http://127.0.0.1:1"), job_id, shape_samples(4, size=32), pb.Hyperparameters()
    )
    return JobSpec.from_request(request)


def registry_with(tmp_path: Path, runner: object) -> tuple[JobRegistry, TrainingJobs]:
    registry = JobRegistry()
    env = TrainingEnv(torch.device("cpu"), tmp_path / "training", tmp_path / "jobs")
    jobs = TrainingJobs(registry, env, runner=runner)  # type: ignore[arg-type]
    registry.start()
    return registry, jobs


async def events(registry: JobRegistry, job_id: str, after: int = 0) -> list[job_pb.JobEvent]:
    return [e async for e in registry.watch(job_id, after)]


async def test_unexpected_error_fails_the_job_as_internal_error(tmp_path: Path) -> None:
    def crash(*_: object) -> job_pb.TrainingCompleted:
        raise RuntimeError("boom")

    registry, jobs = registry_with(tmp_path, crash)
    jobs.submit(spec("crash"))
    seen = await asyncio.wait_for(events(registry, "crash"), 10)
    last = seen[-1].status
    assert (last.state, last.reason) == (job_pb.JOB_STATE_FAILED, job_pb.STATUS_REASON_INTERNAL_ERROR)
    assert last.message == "Training failed unexpectedly: RuntimeError: boom"
    job = registry.get("crash").proto()
    assert (job.kind, job.reason, job.message) == (
        job_pb.JOB_KIND_TRAINING,
        job_pb.STATUS_REASON_INTERNAL_ERROR,
        last.message,
    )
    await registry.close()


async def test_out_of_memory_is_its_own_reason_and_says_what_to_lower(tmp_path: Path) -> None:
    def oom(*_: object) -> job_pb.TrainingCompleted:
        raise torch.OutOfMemoryError("CUDA out of memory")

    registry, jobs = registry_with(tmp_path, oom)
    jobs.submit(spec("oom"))
    seen = await asyncio.wait_for(events(registry, "oom"), 10)
    assert seen[-1].status.reason == job_pb.STATUS_REASON_OUT_OF_MEMORY
    assert "lower batch_size, input_size or base_channels" in seen[-1].status.message
    await registry.close()


async def test_stopped_early_completion_has_its_reason(tmp_path: Path) -> None:
    def early(*_: object) -> job_pb.TrainingCompleted:
        return job_pb.TrainingCompleted(best_epoch=3, stopped_early=True)

    registry, jobs = registry_with(tmp_path, early)
    jobs.submit(spec("early"))
    seen = await asyncio.wait_for(events(registry, "early"), 10)
    assert seen[-2].training_completed.stopped_early
    last = seen[-1].status
    assert (last.state, last.reason) == (job_pb.JOB_STATE_COMPLETED, job_pb.STATUS_REASON_STOPPED_EARLY)
    assert "epoch 3" in last.message
    await registry.close()


async def test_a_resumed_job_continues_the_sequence_it_was_given(tmp_path: Path) -> None:
    def done(_spec: JobSpec, _env: object, emit: Emit, *_: object) -> job_pb.TrainingCompleted:
        emit(job_pb.TrainingStep(epoch=2, step=1))
        return job_pb.TrainingCompleted(best_epoch=1)

    registry, jobs = registry_with(tmp_path, done)
    jobs.submit(spec("again"), first_sequence=41)
    seen = await asyncio.wait_for(events(registry, "again"), 10)
    assert [e.sequence for e in seen] == list(range(41, 41 + len(seen)))
    assert [e.WhichOneof("kind") for e in seen] == [
        "status",
        "status",
        "step",
        "training_completed",
        "status",
    ]
    assert [e.sequence for e in await events(registry, "again", after=42)] == list(range(43, 41 + len(seen)))
    assert await events(registry, "again", after=10) == seen
    await registry.close()


async def test_job_ids_are_unique_across_queues(tmp_path: Path) -> None:
    registry, jobs = registry_with(tmp_path, lambda *_: job_pb.TrainingCompleted())
    jobs.submit(spec("one"))
    with pytest.raises(JobExistsError):
        jobs.submit(spec("one"))
    assert [j.job_id for j in registry.list(job_pb.JOB_KIND_TRAINING)] == ["one"]
    assert registry.list(job_pb.JOB_KIND_EVALUATION) == []
    await registry.close()


async def test_close_stops_queued_and_stuck_jobs_as_service_stopped_and_drops_late_events(
    tmp_path: Path,
) -> None:
    release = threading.Event()
    late_emits: list[Emit] = []

    def stuck(_spec: JobSpec, _env: object, emit: Emit, *_: object) -> job_pb.TrainingCompleted:
        emit(job_pb.TrainingStep(epoch=1, step=1))
        late_emits.append(emit)
        release.wait(10)  # ignores cancel, like a very long batch
        return job_pb.TrainingCompleted()

    registry, jobs = registry_with(tmp_path, stuck)
    jobs.submit(spec("running"))
    jobs.submit(spec("waiting"))
    watcher = asyncio.create_task(events(registry, "running"))
    async for event in registry.watch("running"):
        if event.HasField("step"):
            break
    await registry.close()
    seen = await asyncio.wait_for(watcher, 5)
    last = seen[-1].status
    assert (last.state, last.reason) == (job_pb.JOB_STATE_FAILED, job_pb.STATUS_REASON_SERVICE_STOPPED)
    waiting = registry.get("waiting")
    assert (waiting.state, waiting.reason) == (
        job_pb.JOB_STATE_CANCELLED,
        job_pb.STATUS_REASON_SERVICE_STOPPED,
    )
    count = len(registry.get("running").events)
    late_emits[0](job_pb.TrainingStep(epoch=1, step=2))
    release.set()
    await asyncio.sleep(0.2)
    assert len(registry.get("running").events) == count
