"""TrainingService and JobService end to end: the real ml-service trains on shards from a local HTTP storage.

Includes a training cut short by a restart that resumes on a new process, and an upload that fails and
is retried with new URLs. Over 300 lines on purpose: the cases share one module-scoped service process
and storage.
"""

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
from job_stubs import Stubs
from ml_process import MlService, start_ml_service
from safetensors.torch import load
from training_factory import Storage, serve_storage, shape_samples, start_request

from medseg_ml.generated.medseg.v1 import job_pb2 as job_pb
from medseg_ml.generated.medseg.v1 import job_service_pb2 as jobs_pb
from medseg_ml.generated.medseg.v1 import training_service_pb2 as pb
from medseg_ml.networks.factory import NetworkSpec, build_network

SERVICE = "medseg.v1.TrainingService"
TINY = {"batch_size": 4, "input_size": 32, "depth": 2, "base_channels": 4, "augmentation": True}


@pytest.fixture(scope="module")
def storage() -> Iterator[Storage]:
    with serve_storage() as storage:
        yield storage


@pytest.fixture
def stub(channel: grpc.Channel) -> Stubs:
    return Stubs(channel)


def request_for(storage: Storage, job_id: str, epochs: int, samples: int = 8) -> pb.StartTrainingJobRequest:
    hp = pb.Hyperparameters(epochs=epochs, **TINY)
    return start_request(storage, job_id, shape_samples(samples, size=32), hp)


def start(stub: Stubs, storage: Storage, job_id: str, epochs: int, samples: int = 8) -> job_pb.Job:
    return stub.training.StartTrainingJob(request_for(storage, job_id, epochs, samples), timeout=10).job


def watch(stub: Stubs, job_id: str, after: int = 0) -> list[job_pb.JobEvent]:
    request = jobs_pb.WatchJobRequest(job_id=job_id, after_sequence=after)
    return [r.event for r in stub.jobs.WatchJob(request, timeout=60)]


def wait_for(stub: Stubs, job_id: str, kind: str = "step", epoch: int = 0) -> list[job_pb.JobEvent]:
    """Events up to the job's first event of `kind` (for "epoch": the one of `epoch`)."""
    seen = []
    for response in stub.jobs.WatchJob(jobs_pb.WatchJobRequest(job_id=job_id), timeout=60):
        seen.append(response.event)
        if response.event.HasField(kind) and (kind != "epoch" or response.event.epoch.epoch == epoch):
            return seen
    raise AssertionError(f"{job_id} ended without a {kind}: {seen}")


def states(events: list[job_pb.JobEvent]) -> list[int]:
    return [e.status.state for e in events if e.HasField("status")]


def cancel(stub: Stubs, job_id: str) -> job_pb.Job:
    return stub.jobs.CancelJob(jobs_pb.CancelJobRequest(job_id=job_id), timeout=10).job


def listed(stub: Stubs) -> dict[str, job_pb.Job]:
    request = jobs_pb.ListJobsRequest(kind=job_pb.JOB_KIND_TRAINING)
    return {j.job_id: j for j in stub.jobs.ListJobs(request, timeout=5).jobs}


def test_health_and_reflection_list_training_service(channel: grpc.Channel) -> None:
    reply = health_pb2_grpc.HealthStub(channel).Check(
        health_pb2.HealthCheckRequest(service=SERVICE), timeout=5
    )
    assert reply.status == health_pb2.HealthCheckResponse.SERVING
    assert SERVICE in ProtoReflectionDescriptorDatabase(channel).get_services()


def test_job_completes_with_ordered_events_and_artifacts(
    stub: Stubs, storage: Storage, ml_service: MlService
) -> None:
    response = stub.training.StartTrainingJob(request_for(storage, "done", epochs=3), timeout=10)
    job = response.job
    assert job.state == job_pb.JOB_STATE_QUEUED and job.queue_position == 1 and job.created_unix_ms > 0
    assert job.kind == job_pb.JOB_KIND_TRAINING
    # Zero fields come back with the defaults in force.
    hp = response.hyperparameters
    assert hp.epochs == 3 and hp.learning_rate == pytest.approx(1e-3)
    assert hp.optimizer == pb.OPTIMIZER_ADAM and hp.loss == pb.LOSS_FUNCTION_DICE_CE
    assert hp.architecture == pb.ARCHITECTURE_UNET and hp.seed == 42

    events = watch(stub, "done")
    assert [e.sequence for e in events] == list(range(1, len(events) + 1))
    assert all(a.time_unix_ms <= b.time_unix_ms for a, b in zip(events, events[1:], strict=False))
    kinds = [e.WhichOneof("kind") for e in events]
    assert kinds[:2] == ["status", "status"] and kinds[-2:] == ["training_completed", "status"]
    assert states(events)[:2] == [job_pb.JOB_STATE_QUEUED, job_pb.JOB_STATE_RUNNING]
    assert states(events)[-1] == job_pb.JOB_STATE_COMPLETED
    assert "loading dataset: 8 pairs from" in events[1].status.message
    assert [e.epoch.epoch for e in events if e.HasField("epoch")] == [1, 2, 3]
    steps = [e.step for e in events if e.HasField("step")]
    assert steps and all(s.epochs == 3 and 1 <= s.step <= s.total_steps for s in steps)
    first_epoch_at = kinds.index("epoch")
    assert "step" in kinds[:first_epoch_at]

    assert events[-1].status.reason == job_pb.STATUS_REASON_UNSPECIFIED
    completed = events[-2].training_completed
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

    done = listed(stub)["done"]
    assert (
        done.state == job_pb.JOB_STATE_COMPLETED and done.message == "completed" and done.queue_position == 0
    )
    assert done.created_unix_ms <= done.started_unix_ms <= done.finished_unix_ms

    lines = [json.loads(line) for line in ml_service.logs().splitlines() if line.startswith("{")]
    mine = [e["msg"] for e in lines if e.get("job_id") == "done"]
    assert mine.count("training job queued") == mine.count("training job running") == 1
    assert mine.count("training job completed") == 1


def test_watch_after_sequence_replays_only_later_events(stub: Stubs, storage: Storage) -> None:
    start(stub, storage, "replay", epochs=1)
    everything = watch(stub, "replay")
    later = watch(stub, "replay", after=3)
    assert [e.sequence for e in later] == list(range(4, len(everything) + 1))
    assert later == everything[3:]
    assert watch(stub, "replay", after=len(everything)) == []


def test_cancel_stops_a_running_job_quickly_and_writes_nothing(stub: Stubs, storage: Storage) -> None:
    start(stub, storage, "cancel-me", epochs=1000, samples=64)
    wait_for(stub, "cancel-me")
    began = time.monotonic()
    job = cancel(stub, "cancel-me")
    assert (job.state, job.reason) == (job_pb.JOB_STATE_CANCELLED, job_pb.STATUS_REASON_CANCELLED_BY_USER)
    assert time.monotonic() - began < 3
    events = watch(stub, "cancel-me")
    assert events[-1].status.state == job_pb.JOB_STATE_CANCELLED and events[-1].status.message == "cancelled"
    assert events[-1].status.reason == job_pb.STATUS_REASON_CANCELLED_BY_USER
    assert not any(e.HasField("training_completed") for e in events)
    assert not [p for p in storage.puts if p.startswith("models/cancel-me/")]
    # Cancelling again is harmless: the finished job comes back unchanged.
    assert cancel(stub, "cancel-me") == job


def test_jobs_queue_in_order_and_report_their_positions(stub: Stubs, storage: Storage) -> None:
    start(stub, storage, "first", epochs=1000, samples=64)
    wait_for(stub, "first")
    second = start(stub, storage, "second", epochs=1)
    third = start(stub, storage, "third", epochs=1)
    assert (second.state, second.queue_position) == (job_pb.JOB_STATE_QUEUED, 1)
    assert (third.state, third.queue_position) == (job_pb.JOB_STATE_QUEUED, 2)
    jobs = listed(stub)
    assert jobs["first"].state == job_pb.JOB_STATE_RUNNING
    assert (jobs["second"].state, jobs["second"].queue_position) == (job_pb.JOB_STATE_QUEUED, 1)

    # A queued job leaves the queue at once; the one behind it moves up.
    assert cancel(stub, "second").state == job_pb.JOB_STATE_CANCELLED
    # Cancelled before its first epoch ended: nothing to keep. A batch slower than the cancel's wait (a
    # loaded machine) answers RUNNING; the stream then ends CANCELLED all the same.
    assert cancel(stub, "first").state in (job_pb.JOB_STATE_CANCELLED, job_pb.JOB_STATE_RUNNING)
    first_events, third_events = watch(stub, "first"), watch(stub, "third")
    assert states(first_events)[-1] == job_pb.JOB_STATE_CANCELLED
    queued = [
        (e.status.state, e.status.queue_position)
        for e in third_events
        if e.status.state == job_pb.JOB_STATE_QUEUED
    ]
    assert queued == [(job_pb.JOB_STATE_QUEUED, 2), (job_pb.JOB_STATE_QUEUED, 1)]
    assert states(third_events)[-1] == job_pb.JOB_STATE_COMPLETED
    running_at = next(e.time_unix_ms for e in third_events if e.status.state == job_pb.JOB_STATE_RUNNING)
    assert running_at >= first_events[-1].time_unix_ms
    assert states(watch(stub, "second")) == [job_pb.JOB_STATE_QUEUED, job_pb.JOB_STATE_CANCELLED]


def test_unreachable_shard_fails_the_job_with_a_reason(stub: Stubs, storage: Storage) -> None:
    hp = pb.Hyperparameters(epochs=1, **TINY)
    request = start_request(storage, "broken", shape_samples(4, size=32), hp)
    request.dataset.shards[0].url = storage.url("missing.safetensors")
    stub.training.StartTrainingJob(request, timeout=10)
    events = watch(stub, "broken")
    assert events[-1].status.state == job_pb.JOB_STATE_FAILED
    assert events[-1].status.reason == job_pb.STATUS_REASON_STORAGE_ERROR
    assert "HTTP 404" in events[-1].status.message and "secret" not in events[-1].status.message
    job = listed(stub)["broken"]
    assert job.state == job_pb.JOB_STATE_FAILED and job.message == events[-1].status.message
    assert not [p for p in storage.puts if p.startswith("models/broken/")]


def test_unknown_job_is_not_found(stub: Stubs) -> None:
    for call in (
        lambda: watch(stub, "nope"),
        lambda: cancel(stub, "nope"),
    ):
        with pytest.raises(grpc.RpcError) as caught:
            call()
        assert caught.value.code() == grpc.StatusCode.NOT_FOUND
        assert "Job nope is not known" in caught.value.details()


def test_out_of_range_hyperparameter_is_invalid_argument(stub: Stubs, storage: Storage) -> None:
    request = start_request(storage, "bad-hp", shape_samples(4, size=32), pb.Hyperparameters(epochs=5000))
    with pytest.raises(grpc.RpcError) as caught:
        stub.training.StartTrainingJob(request, timeout=10)
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert caught.value.details() == "hyperparameters.epochs must be from 1 to 1000, got 5000"


def test_job_id_in_use_is_already_exists(stub: Stubs, storage: Storage) -> None:
    start(stub, storage, "twice", epochs=1)
    with pytest.raises(grpc.RpcError) as caught:
        start(stub, storage, "twice", epochs=1)
    assert caught.value.code() == grpc.StatusCode.ALREADY_EXISTS
    watch(stub, "twice")


def test_cancel_after_an_epoch_completes_the_model_stopped_early(stub: Stubs, storage: Storage) -> None:
    start(stub, storage, "early", epochs=1000, samples=16)
    wait_for(stub, "early", "epoch", epoch=1)
    cancel(stub, "early")
    events = watch(stub, "early")
    last = events[-1].status
    assert (last.state, last.reason) == (job_pb.JOB_STATE_COMPLETED, job_pb.STATUS_REASON_STOPPED_EARLY)
    completed = events[-2].training_completed
    assert completed.stopped_early
    card = json.loads(storage.objects["models/early/model.json"])
    assert card["stopped_early"] is True and card["best_epoch"] == completed.best_epoch
    epochs = [e.epoch.epoch for e in events if e.HasField("epoch")]
    assert [h["epoch"] for h in card["history"]] == epochs and epochs[0] == 1
    assert hashlib.sha256(storage.objects["models/early/best.safetensors"]).hexdigest() == (
        completed.best_weights_sha256
    )


def test_failed_upload_is_storage_error_and_retry_uploads_to_new_urls(stub: Stubs, storage: Storage) -> None:
    storage.refuse_puts.add("models/unstored/model.json")
    start(stub, storage, "unstored", epochs=1)
    events = watch(stub, "unstored")
    last = events[-1].status
    assert (last.state, last.reason) == (job_pb.JOB_STATE_FAILED, job_pb.STATUS_REASON_STORAGE_ERROR)
    assert "HTTP 403" in last.message and "model card" in last.message and "secret" not in last.message

    targets = pb.ArtifactTargets(
        best_weights_url=storage.url("retried/best.safetensors"),
        last_weights_url=storage.url("retried/last.safetensors"),
        card_url=storage.url("retried/model.json"),
    )
    retry = pb.RetryTrainingUploadRequest(job_id="unstored", artifacts=targets)
    completed = stub.training.RetryTrainingUpload(retry, timeout=30).completed
    card = json.loads(storage.objects["retried/model.json"])
    assert card == json.loads(completed.card_json) and card["model_id"] == "unstored"
    assert hashlib.sha256(storage.objects["retried/best.safetensors"]).hexdigest() == (
        completed.best_weights_sha256
    )
    # Uploaded: nothing is kept any more.
    with pytest.raises(grpc.RpcError) as caught:
        stub.training.RetryTrainingUpload(retry, timeout=30)
    assert caught.value.code() == grpc.StatusCode.NOT_FOUND


def test_a_training_cut_short_by_a_restart_resumes_on_the_next_ml_service(
    tmp_path: Path, storage: Storage
) -> None:
    request = request_for(storage, "restarted", epochs=1000, samples=64)
    service = start_ml_service(tmp_path)
    try:
        with grpc.insecure_channel(service.address) as channel:
            stub = Stubs(channel)
            stub.training.StartTrainingJob(request, timeout=10)
            calls = stub.jobs.WatchJob(jobs_pb.WatchJobRequest(job_id="restarted"), timeout=60)
            events = []
            for response in calls:
                events.append(response.event)
                if response.event.HasField("epoch"):
                    service.process.send_signal(signal.SIGTERM)
                    break
            events += [r.event for r in calls]
        assert service.process.wait(timeout=5) == 0
    finally:
        service.stop()
    last = events[-1].status
    assert (last.state, last.reason) == (job_pb.JOB_STATE_FAILED, job_pb.STATUS_REASON_SERVICE_STOPPED)
    assert [e.epoch.epoch for e in events if e.HasField("epoch")] == [1]
    assert "training job failed" in service.logs()
    assert not [p for p in storage.puts if p.startswith("models/restarted/")]

    # A new process on the same cache dir: the gateway asks it to resume, continuing the sequence.
    service = start_ml_service(tmp_path)
    try:
        with grpc.insecure_channel(service.address) as channel:
            stub = Stubs(channel)
            request.resume = True
            request.first_sequence = events[-1].sequence + 1
            job = stub.training.StartTrainingJob(request, timeout=10).job
            assert job.state == job_pb.JOB_STATE_QUEUED
            resumed = wait_for(stub, "restarted", "epoch", epoch=2)
            assert resumed[0].sequence == events[-1].sequence + 1
            assert [e.sequence for e in resumed] == list(range(resumed[0].sequence, resumed[-1].sequence + 1))
            assert [e.epoch.epoch for e in resumed if e.HasField("epoch")] == [2]
            assert any("continuing after epoch 1 of 1000" in e.status.message for e in resumed)
            cancel(stub, "restarted")
            rest = watch(stub, "restarted", after=resumed[-1].sequence)
    finally:
        service.stop()
    assert rest[-1].status.reason == job_pb.STATUS_REASON_STOPPED_EARLY
    card = json.loads(rest[-2].training_completed.card_json)
    assert [h["epoch"] for h in card["history"]][:2] == [1, 2]
    assert json.loads(storage.objects["models/restarted/model.json"]) == card


def test_training_defaults_are_the_rules_start_enforces(stub: Stubs) -> None:
    answer = stub.training.GetTrainingDefaults(pb.GetTrainingDefaultsRequest(), timeout=10)
    assert answer.defaults.epochs == 30
    resunet = [r for r in answer.input_size_rules if r.architecture == pb.ARCHITECTURE_RESUNET]
    assert [(r.depth, r.multiple) for r in resunet] == [(0, 32)]
