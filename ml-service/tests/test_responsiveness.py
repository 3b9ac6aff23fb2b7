"""The ml-service keeps answering while a job runs: health, GetInfo, Segment and cancel within deadlines.

A 120-class training on small synthetic data runs in the real ml-service; meanwhile a client calls the
health check, SystemService.GetInfo (what the gateway's /api/health asks) and InferenceService.Segment
over and over, each within the deadline the gateway gives it, then cancels. The latencies are printed
(pytest -s). A cancel must also answer in time when the job cannot stop at once (a slow batch or
download): the job ends later and the watch stream says so.
"""

from __future__ import annotations

import statistics
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest
from archive_factory import png_bytes
from grpc_health.v1 import health_pb2, health_pb2_grpc
from ml_process import MlService, start_ml_service
from model_factory import train_model
from training_factory import Storage, serve_storage, shape_samples, start_request

from medseg_ml.generated.medseg.v1 import inference_service_pb2 as inference_pb
from medseg_ml.generated.medseg.v1 import inference_service_pb2_grpc as inference_pb_grpc
from medseg_ml.generated.medseg.v1 import job_pb2 as job_pb
from medseg_ml.generated.medseg.v1 import job_service_pb2 as jobs_pb
from medseg_ml.generated.medseg.v1 import job_service_pb2_grpc as jobs_pb_grpc
from medseg_ml.generated.medseg.v1 import system_service_pb2 as system_pb
from medseg_ml.generated.medseg.v1 import system_service_pb2_grpc as system_pb_grpc
from medseg_ml.generated.medseg.v1 import training_service_pb2 as training_pb
from medseg_ml.generated.medseg.v1 import training_service_pb2_grpc as training_pb_grpc

CLASSES = 120
# How long the probes run while the training does, and the most they wait for a first validation.
PROBE_S = 20.0
MAX_PROBE_S = 120.0
# Deadlines: health as a load balancer would give it, GetInfo as the gateway's /api/health (2 s),
# Segment far below the gateway's 60 s so a starved loop shows, cancel the gateway's default 5 s.
HEALTH_DEADLINE_S = 1.0
INFO_DEADLINE_S = 2.0
SEGMENT_DEADLINE_S = 10.0
CANCEL_DEADLINE_S = 5.0


@pytest.fixture(scope="module")
def storage() -> Iterator[Storage]:
    with serve_storage() as storage:
        yield storage


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MlService]:
    service = start_ml_service(tmp_path_factory.mktemp("ml-service"))
    yield service
    service.stop()


def many_class_request(storage: Storage) -> training_pb.StartTrainingJobRequest:
    labels = list(range(1, CLASSES))
    samples = shape_samples(2 * CLASSES, size=64, labels=labels, seed=5)
    hp = training_pb.Hyperparameters(
        epochs=1000, batch_size=8, input_size=64, depth=3, base_channels=8, validation_fraction=0.25
    )
    return start_request(storage, "many-classes", samples, hp, labels=[0, *labels])


def timed(call: object) -> float:
    started = time.perf_counter()
    call()  # type: ignore[operator]
    return time.perf_counter() - started


def summary(name: str, seconds: list[float], deadline: float) -> str:
    ms = sorted(s * 1000 for s in seconds)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    return (
        f"{name:<10} n={len(ms):>4}  median={statistics.median(ms):7.1f} ms  p95={p95:7.1f} ms  "
        f"max={ms[-1]:7.1f} ms  deadline={deadline * 1000:.0f} ms"
    )


def test_health_info_segment_and_cancel_answer_in_time_during_a_120_class_training(
    service: MlService, storage: Storage, tmp_path: Path
) -> None:
    model = train_model(storage, "probe-model", tmp_path / "train", epochs=1)
    image = png_bytes(shape_samples(1, size=64, seed=3)[0].image[0])
    segment_request = inference_pb.SegmentRequest(
        model=model, upload=inference_pb.UploadedImage(data=image, file_name="probe.png")
    )
    with grpc.insecure_channel(service.address) as channel:
        health = health_pb2_grpc.HealthStub(channel)
        system = system_pb_grpc.SystemServiceStub(channel)
        inference = inference_pb_grpc.InferenceServiceStub(channel)
        training = training_pb_grpc.TrainingServiceStub(channel)
        jobs = jobs_pb_grpc.JobServiceStub(channel)
        inference.Segment(segment_request, timeout=60)  # the model is warm before the training starts

        training.StartTrainingJob(many_class_request(storage), timeout=10)
        for response in jobs.WatchJob(jobs_pb.WatchJobRequest(job_id="many-classes"), timeout=120):
            if response.event.HasField("step"):
                break
        latencies: dict[str, list[float]] = {"health": [], "get_info": [], "segment": []}
        validated = threading.Event()

        def follow() -> None:
            for response in jobs.WatchJob(jobs_pb.WatchJobRequest(job_id="many-classes"), timeout=300):
                if response.event.HasField("epoch"):
                    validated.set()

        follower = threading.Thread(target=follow, daemon=True)
        follower.start()
        # At least PROBE_S, and across at least one validation (a loaded machine may need longer).
        started = time.monotonic()
        while time.monotonic() - started < PROBE_S or (
            not validated.is_set() and time.monotonic() - started < MAX_PROBE_S
        ):
            latencies["health"].append(
                timed(lambda: health.Check(health_pb2.HealthCheckRequest(), timeout=HEALTH_DEADLINE_S))
            )
            latencies["get_info"].append(
                timed(lambda: system.GetInfo(system_pb.GetInfoRequest(), timeout=INFO_DEADLINE_S))
            )
            latencies["segment"].append(
                timed(lambda: inference.Segment(segment_request, timeout=SEGMENT_DEADLINE_S))
            )
            time.sleep(0.05)
        listed = jobs.ListJobs(jobs_pb.ListJobsRequest(kind=job_pb.JOB_KIND_TRAINING), timeout=5).jobs
        job = next(j for j in listed if j.job_id == "many-classes")
        assert job.state == job_pb.JOB_STATE_RUNNING, "the training ended before the probes did"
        cancel_s = timed(
            lambda: jobs.CancelJob(jobs_pb.CancelJobRequest(job_id="many-classes"), timeout=CANCEL_DEADLINE_S)
        )
        follower.join(timeout=60)
        epochs_seen = sum(
            r.event.HasField("epoch")
            for r in jobs.WatchJob(jobs_pb.WatchJobRequest(job_id="many-classes"), timeout=10)
        )
    print()
    print(f"while a {CLASSES}-class training ran ({epochs_seen} epochs validated):")
    print(summary("health", latencies["health"], HEALTH_DEADLINE_S))
    print(summary("get_info", latencies["get_info"], INFO_DEADLINE_S))
    print(summary("segment", latencies["segment"], SEGMENT_DEADLINE_S))
    print(f"cancel     {cancel_s * 1000:.1f} ms  deadline={CANCEL_DEADLINE_S * 1000:.0f} ms")
    assert epochs_seen >= 1, "validation never ran while the probes did"
    # The gRPC deadlines already failed any late call; these say which.
    assert max(latencies["health"]) < HEALTH_DEADLINE_S
    assert max(latencies["get_info"]) < INFO_DEADLINE_S
    assert max(latencies["segment"]) < SEGMENT_DEADLINE_S


def test_cancel_answers_in_time_while_the_job_cannot_stop_yet(service: MlService) -> None:
    # Storage takes longer than the gateway's cancel deadline to answer the shard download, so the job
    # can only see the cancel once the download returns.
    slow = Storage(get_delay_s=CANCEL_DEADLINE_S + 2)
    with serve_storage(slow) as storage, grpc.insecure_channel(service.address) as channel:
        training = training_pb_grpc.TrainingServiceStub(channel)
        jobs = jobs_pb_grpc.JobServiceStub(channel)
        hp = training_pb.Hyperparameters(epochs=1, batch_size=4, input_size=32, depth=2, base_channels=4)
        request = start_request(storage, "slow-download", shape_samples(8, size=32), hp)
        training.StartTrainingJob(request, timeout=10)
        for response in jobs.WatchJob(jobs_pb.WatchJobRequest(job_id="slow-download"), timeout=10):
            if response.event.status.state == job_pb.JOB_STATE_RUNNING:
                break
        started = time.perf_counter()
        job = jobs.CancelJob(jobs_pb.CancelJobRequest(job_id="slow-download"), timeout=CANCEL_DEADLINE_S).job
        cancel_s = time.perf_counter() - started
        print(f"\ncancel during a {slow.get_delay_s:.0f} s download: {cancel_s * 1000:.1f} ms ({job.state})")
        assert cancel_s < CANCEL_DEADLINE_S / 2
        assert job.state == job_pb.JOB_STATE_RUNNING  # still waiting for the download
        last = list(jobs.WatchJob(jobs_pb.WatchJobRequest(job_id="slow-download"), timeout=30))[-1]
        assert last.event.status.state == job_pb.JOB_STATE_CANCELLED
