"""TrainingService end to end: the real ml-service trains on shards from a local HTTP storage."""

from __future__ import annotations

import hashlib
import json
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha.proto_reflection_descriptor_database import ProtoReflectionDescriptorDatabase
from ml_process import MlService, start_ml_service
from safetensors.torch import load
from training_factory import Storage, serve_storage, shape_samples, start_request

from medseg_ml.generated.medseg.v1 import training_service_pb2 as pb
from medseg_ml.generated.medseg.v1 import training_service_pb2_grpc as pb_grpc
from medseg_ml.networks.factory import NetworkSpec, build_network

SERVICE = "medseg.v1.TrainingService"
TINY = {"batch_size": 4, "input_size": 32, "depth": 2, "base_channels": 4, "augmentation": True}


@pytest.fixture(scope="module")
def storage() -> Iterator[Storage]:
    with serve_storage() as storage:
        yield storage


@pytest.fixture
def stub(channel: grpc.Channel) -> pb_grpc.TrainingServiceStub:
    return pb_grpc.TrainingServiceStub(channel)


def start(
    stub: pb_grpc.TrainingServiceStub, storage: Storage, job_id: str, epochs: int, samples: int = 8
) -> pb.TrainingJob:
    hp = pb.Hyperparameters(epochs=epochs, **TINY)
    request = start_request(storage, job_id, shape_samples(samples, size=32), hp)
    return stub.StartTrainingJob(request, timeout=10).job


def watch(stub: pb_grpc.TrainingServiceStub, job_id: str, after: int = 0) -> list[pb.TrainingEvent]:
    return [
        r.event
        for r in stub.WatchTrainingJob(
            pb.WatchTrainingJobRequest(job_id=job_id, after_sequence=after), timeout=60
        )
    ]


def wait_for_step(stub: pb_grpc.TrainingServiceStub, job_id: str) -> list[pb.TrainingEvent]:
    """Events up to the job's first step: it is running and training."""
    seen = []
    for response in stub.WatchTrainingJob(pb.WatchTrainingJobRequest(job_id=job_id), timeout=60):
        seen.append(response.event)
        if response.event.HasField("step"):
            return seen
    raise AssertionError(f"{job_id} ended without a step: {seen}")


def states(events: list[pb.TrainingEvent]) -> list[int]:
    return [e.status.state for e in events if e.HasField("status")]


def cancel(stub: pb_grpc.TrainingServiceStub, job_id: str) -> pb.TrainingJob:
    return stub.CancelTrainingJob(pb.CancelTrainingJobRequest(job_id=job_id), timeout=10).job


def test_health_and_reflection_list_training_service(channel: grpc.Channel) -> None:
    reply = health_pb2_grpc.HealthStub(channel).Check(
        health_pb2.HealthCheckRequest(service=SERVICE), timeout=5
    )
    assert reply.status == health_pb2.HealthCheckResponse.SERVING
    assert SERVICE in ProtoReflectionDescriptorDatabase(channel).get_services()


def test_job_completes_with_ordered_events_and_artifacts(
    stub: pb_grpc.TrainingServiceStub, storage: Storage, ml_service: MlService
) -> None:
    job = start(stub, storage, "done", epochs=3)
    assert job.state == pb.JOB_STATE_QUEUED and job.queue_position == 1 and job.created_unix_ms > 0
    # Zero fields come back with the defaults in force.
    assert job.hyperparameters.epochs == 3 and job.hyperparameters.learning_rate == pytest.approx(1e-3)
    assert (
        job.hyperparameters.optimizer == pb.OPTIMIZER_ADAM
        and job.hyperparameters.loss == pb.LOSS_FUNCTION_DICE_CE
    )
    assert job.hyperparameters.architecture == pb.ARCHITECTURE_UNET and job.hyperparameters.seed == 42

    events = watch(stub, "done")
    assert [e.sequence for e in events] == list(range(1, len(events) + 1))
    assert all(a.time_unix_ms <= b.time_unix_ms for a, b in zip(events, events[1:], strict=False))
    kinds = [e.WhichOneof("kind") for e in events]
    assert kinds[:2] == ["status", "status"] and kinds[-2:] == ["completed", "status"]
    assert states(events)[:2] == [pb.JOB_STATE_QUEUED, pb.JOB_STATE_RUNNING]
    assert states(events)[-1] == pb.JOB_STATE_COMPLETED
    assert "loading dataset: 8 pairs from" in events[1].status.message
    assert [e.epoch.epoch for e in events if e.HasField("epoch")] == [1, 2, 3]
    steps = [e.step for e in events if e.HasField("step")]
    assert steps and all(s.epochs == 3 and 1 <= s.step <= s.total_steps for s in steps)
    first_epoch_at = kinds.index("epoch")
    assert "step" in kinds[:first_epoch_at]

    completed = events[-2].completed
    card = json.loads(completed.card_json)
    assert card["model_id"] == "done" and card["best_epoch"] == completed.best_epoch
    best = storage.objects["models/done/best.safetensors"]
    assert (
        hashlib.sha256(best).hexdigest() == completed.best_weights_sha256 == card["weights"]["best"]["sha256"]
    )
    assert json.loads(storage.objects["models/done/model.json"]) == card
    network = build_network(NetworkSpec.from_dict(card["network"]))
    network.load_state_dict(load(best))
    network.load_state_dict(load(storage.objects["models/done/last.safetensors"]))

    listed = {j.job_id: j for j in stub.ListTrainingJobs(pb.ListTrainingJobsRequest(), timeout=5).jobs}
    done = listed["done"]
    assert done.state == pb.JOB_STATE_COMPLETED and done.error == "" and done.queue_position == 0
    assert done.created_unix_ms <= done.started_unix_ms <= done.finished_unix_ms

    lines = [json.loads(line) for line in ml_service.logs().splitlines() if line.startswith("{")]
    mine = [e["msg"] for e in lines if e.get("job_id") == "done"]
    assert mine.count("training job queued") == mine.count("training job running") == 1
    assert mine.count("training job completed") == 1


def test_watch_after_sequence_replays_only_later_events(
    stub: pb_grpc.TrainingServiceStub, storage: Storage
) -> None:
    start(stub, storage, "replay", epochs=1)
    everything = watch(stub, "replay")
    later = watch(stub, "replay", after=3)
    assert [e.sequence for e in later] == list(range(4, len(everything) + 1))
    assert later == everything[3:]
    assert watch(stub, "replay", after=len(everything)) == []


def test_cancel_stops_a_running_job_quickly_and_writes_nothing(
    stub: pb_grpc.TrainingServiceStub, storage: Storage
) -> None:
    start(stub, storage, "cancel-me", epochs=1000, samples=16)
    wait_for_step(stub, "cancel-me")
    began = time.monotonic()
    job = cancel(stub, "cancel-me")
    assert job.state == pb.JOB_STATE_CANCELLED
    assert time.monotonic() - began < 3
    events = watch(stub, "cancel-me")
    assert events[-1].status.state == pb.JOB_STATE_CANCELLED and events[-1].status.message == "cancelled"
    assert not any(e.HasField("completed") for e in events)
    assert not [p for p in storage.puts if p.startswith("models/cancel-me/")]
    # Cancelling again is harmless: the finished job comes back unchanged.
    assert cancel(stub, "cancel-me") == job


def test_jobs_queue_in_order_and_report_their_positions(
    stub: pb_grpc.TrainingServiceStub, storage: Storage
) -> None:
    start(stub, storage, "first", epochs=1000, samples=16)
    wait_for_step(stub, "first")
    second = start(stub, storage, "second", epochs=1)
    third = start(stub, storage, "third", epochs=1)
    assert (second.state, second.queue_position) == (pb.JOB_STATE_QUEUED, 1)
    assert (third.state, third.queue_position) == (pb.JOB_STATE_QUEUED, 2)
    listed = {j.job_id: j for j in stub.ListTrainingJobs(pb.ListTrainingJobsRequest(), timeout=5).jobs}
    assert listed["first"].state == pb.JOB_STATE_RUNNING
    assert (listed["second"].state, listed["second"].queue_position) == (pb.JOB_STATE_QUEUED, 1)

    # A queued job leaves the queue at once; the one behind it moves up.
    assert cancel(stub, "second").state == pb.JOB_STATE_CANCELLED
    assert cancel(stub, "first").state == pb.JOB_STATE_CANCELLED
    first_events, third_events = watch(stub, "first"), watch(stub, "third")
    queued = [
        (e.status.state, e.status.queue_position)
        for e in third_events
        if e.status.state == pb.JOB_STATE_QUEUED
    ]
    assert queued == [(pb.JOB_STATE_QUEUED, 2), (pb.JOB_STATE_QUEUED, 1)]
    assert states(third_events)[-1] == pb.JOB_STATE_COMPLETED
    running_at = next(e.time_unix_ms for e in third_events if e.status.state == pb.JOB_STATE_RUNNING)
    assert running_at >= first_events[-1].time_unix_ms
    assert states(watch(stub, "second")) == [pb.JOB_STATE_QUEUED, pb.JOB_STATE_CANCELLED]


def test_unreachable_shard_fails_the_job_with_a_reason(
    stub: pb_grpc.TrainingServiceStub, storage: Storage
) -> None:
    hp = pb.Hyperparameters(epochs=1, **TINY)
    request = start_request(storage, "broken", shape_samples(4, size=32), hp)
    request.dataset.shards[0].url = storage.url("missing.safetensors")
    stub.StartTrainingJob(request, timeout=10)
    events = watch(stub, "broken")
    assert events[-1].status.state == pb.JOB_STATE_FAILED
    assert "HTTP 404" in events[-1].status.message and "secret" not in events[-1].status.message
    job = next(
        j for j in stub.ListTrainingJobs(pb.ListTrainingJobsRequest(), timeout=5).jobs if j.job_id == "broken"
    )
    assert job.state == pb.JOB_STATE_FAILED and job.error == events[-1].status.message
    assert not [p for p in storage.puts if p.startswith("models/broken/")]


def test_unknown_job_is_not_found(stub: pb_grpc.TrainingServiceStub) -> None:
    for call in (
        lambda: watch(stub, "nope"),
        lambda: cancel(stub, "nope"),
    ):
        with pytest.raises(grpc.RpcError) as caught:
            call()
        assert caught.value.code() == grpc.StatusCode.NOT_FOUND
        assert "Training job nope is not known" in caught.value.details()


def test_out_of_range_hyperparameter_is_invalid_argument(
    stub: pb_grpc.TrainingServiceStub, storage: Storage
) -> None:
    request = start_request(storage, "bad-hp", shape_samples(4, size=32), pb.Hyperparameters(epochs=5000))
    with pytest.raises(grpc.RpcError) as caught:
        stub.StartTrainingJob(request, timeout=10)
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert caught.value.details() == "hyperparameters.epochs must be from 1 to 1000, got 5000"


def test_job_id_in_use_is_already_exists(stub: pb_grpc.TrainingServiceStub, storage: Storage) -> None:
    start(stub, storage, "twice", epochs=1)
    with pytest.raises(grpc.RpcError) as caught:
        start(stub, storage, "twice", epochs=1)
    assert caught.value.code() == grpc.StatusCode.ALREADY_EXISTS
    watch(stub, "twice")


def test_sigterm_cancels_the_running_job_and_exits_promptly(tmp_path: Path, storage: Storage) -> None:
    service = start_ml_service(tmp_path)
    try:
        with grpc.insecure_channel(service.address) as channel:
            stub = pb_grpc.TrainingServiceStub(channel)
            start(stub, storage, "interrupted", epochs=1000, samples=16)
            calls = stub.WatchTrainingJob(pb.WatchTrainingJobRequest(job_id="interrupted"), timeout=30)
            events = []
            for response in calls:
                events.append(response.event)
                if response.event.HasField("step"):
                    service.process.send_signal(signal.SIGTERM)
                    break
            events += [r.event for r in calls]
        assert service.process.wait(timeout=5) == 0
    finally:
        service.stop()
    assert events[-1].status.state == pb.JOB_STATE_CANCELLED
    assert "training job cancelled" in service.logs()
    assert not [p for p in storage.puts if p.startswith("models/interrupted/")]


def test_training_defaults_are_the_rules_start_enforces(stub: pb_grpc.TrainingServiceStub) -> None:
    answer = stub.GetTrainingDefaults(pb.GetTrainingDefaultsRequest(), timeout=10)
    assert answer.defaults.epochs == 30
    resunet = [r for r in answer.input_size_rules if r.architecture == pb.ARCHITECTURE_RESUNET]
    assert [(r.depth, r.multiple) for r in resunet] == [(0, 32)]
