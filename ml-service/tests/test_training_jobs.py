"""The job registry in-process with stand-in runners: failures, shutdown, and dropped late events."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import torch
from training_factory import Storage, shape_samples, start_request

from medseg_ml.generated.medseg.v1 import training_service_pb2 as pb
from medseg_ml.training.job_spec import JobSpec
from medseg_ml.training.jobs import TrainingJobs
from medseg_ml.training.runner import Emit


def spec(job_id: str) -> JobSpec:
    request = start_request(
        Storage(base_url="http://127.0.0.1:1"), job_id, shape_samples(4, size=32), pb.Hyperparameters()
    )
    return JobSpec.from_request(request)


async def events(jobs: TrainingJobs, job_id: str) -> list[pb.TrainingEvent]:
    return [e async for e in jobs.watch(job_id)]


async def test_unexpected_error_fails_the_job_with_its_message(tmp_path: Path) -> None:
    def crash(*_: object) -> pb.TrainingCompleted:
        raise RuntimeError("boom")

    jobs = TrainingJobs(torch.device("cpu"), tmp_path, runner=crash)
    jobs.start()
    jobs.submit(spec("crash"))
    seen = await asyncio.wait_for(events(jobs, "crash"), 10)
    assert seen[-1].status.state == pb.JOB_STATE_FAILED
    assert seen[-1].status.message == "Training failed unexpectedly: RuntimeError: boom"
    assert jobs.get("crash").error == seen[-1].status.message
    await jobs.close()


async def test_out_of_memory_says_what_to_lower(tmp_path: Path) -> None:
    def oom(*_: object) -> pb.TrainingCompleted:
        raise torch.OutOfMemoryError("CUDA out of memory")

    jobs = TrainingJobs(torch.device("cpu"), tmp_path, runner=oom)
    jobs.start()
    jobs.submit(spec("oom"))
    seen = await asyncio.wait_for(events(jobs, "oom"), 10)
    assert "lower batch_size, input_size or base_channels" in seen[-1].status.message
    await jobs.close()


async def test_close_cancels_queued_and_stuck_jobs_and_drops_their_late_events(tmp_path: Path) -> None:
    release = threading.Event()
    late_emits: list[Emit] = []

    def stuck(
        _spec: JobSpec, _d: object, _w: object, emit: Emit, _c: threading.Event, _t: int
    ) -> pb.TrainingCompleted:
        emit(pb.StepProgress(epoch=1, step=1))
        late_emits.append(emit)
        release.wait(10)  # ignores cancel, like a very long batch
        return pb.TrainingCompleted()

    jobs = TrainingJobs(torch.device("cpu"), tmp_path, runner=stuck)
    jobs.start()
    jobs.submit(spec("running"))
    jobs.submit(spec("waiting"))
    watcher = asyncio.create_task(events(jobs, "running"))
    async for event in jobs.watch("running"):
        if event.HasField("step"):
            break
    await jobs.close()
    seen = await asyncio.wait_for(watcher, 5)
    assert seen[-1].status.state == pb.JOB_STATE_CANCELLED
    assert seen[-1].status.message == "cancelled: the ml-service is stopping"
    assert jobs.get("waiting").state == pb.JOB_STATE_CANCELLED
    count = len(jobs.get("running").events)
    late_emits[0](pb.StepProgress(epoch=1, step=2))
    release.set()
    await asyncio.sleep(0.2)
    assert len(jobs.get("running").events) == count
