"""A training job chooses its post-processing with the best weights after the last epoch and records it in
the card; a person's cancel records none, the service stopping during the choice leaves a checkpoint the
resumed job chooses again from."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch
from training_factory import serve_storage, shape_samples, start_request

from medseg_ml.generated.medseg.v1 import job_pb2 as job_pb
from medseg_ml.generated.medseg.v1 import training_service_pb2 as pb
from medseg_ml.inference.card import ModelCard
from medseg_ml.job import Cancellation, Cancelled
from medseg_ml.postprocessing import PostProcessing
from medseg_ml.training.job_spec import JobSpec
from medseg_ml.training.runner import TrainingEnv, run_job

CPU = torch.device("cpu")
TINY = {"batch_size": 2, "input_size": 32, "depth": 2, "base_channels": 4}
CHOOSING = "choosing post-processing on "


def env_in(tmp_path: Path) -> TrainingEnv:
    return TrainingEnv(CPU, tmp_path / "training", tmp_path / "jobs")


def statuses(events: list[object]) -> list[str]:
    return [e.message for e in events if isinstance(e, job_pb.JobStatusEvent)]


def test_the_card_records_the_choice_made_on_every_validation_slice(tmp_path: Path) -> None:
    hp = pb.Hyperparameters(epochs=1, **TINY)
    events: list[object] = []
    with serve_storage() as storage:
        request = start_request(storage, "pp", shape_samples(10, size=32), hp)
        completed = run_job(JobSpec.from_request(request), env_in(tmp_path), events.append, Cancellation(), 0)
    card = json.loads(completed.card_json)
    val = len(card["split"]["val"])
    assert statuses(events)[-1] == f"{CHOOSING}{val} validation slices"
    record = card["postprocessing"]
    assert record["validation_cases"] == val
    trained = len(card["split"]["train"])
    assert record["training_cases"] == trained
    assert record["note"] == (
        f"chosen on {val} validation slices at 32x32, each on its own, with {trained} training slices as "
        "further evidence"
    )
    assert set(record) >= {"largest_component_classes", "min_component_size", "validation_dice"}
    # What inference reads back is what training chose.
    assert ModelCard.from_json(completed.card_json).postprocessing == PostProcessing.from_dict(record)


def test_a_model_stopped_early_records_no_post_processing(tmp_path: Path) -> None:
    cancel = Cancellation()
    hp = pb.Hyperparameters(epochs=100, **TINY)
    events: list[object] = []

    def emit(event: object) -> None:
        events.append(event)
        if isinstance(event, job_pb.EpochMetrics):
            cancel.request(job_pb.STATUS_REASON_CANCELLED_BY_USER)

    with serve_storage() as storage:
        request = start_request(storage, "early-pp", shape_samples(10, size=32), hp)
        completed = run_job(JobSpec.from_request(request), env_in(tmp_path), emit, cancel, 0)
    card = json.loads(completed.card_json)
    assert completed.stopped_early
    assert card["postprocessing"]["note"] == "not chosen: the training was stopped early"
    assert PostProcessing.from_dict(card["postprocessing"]).is_none
    assert not any(m.startswith(CHOOSING) for m in statuses(events))


def test_a_cancel_during_the_choice_keeps_the_model_without_post_processing(tmp_path: Path) -> None:
    cancel = Cancellation()
    hp = pb.Hyperparameters(epochs=1, **TINY)

    def emit(event: object) -> None:
        if isinstance(event, job_pb.JobStatusEvent) and event.message.startswith(CHOOSING):
            cancel.request(job_pb.STATUS_REASON_CANCELLED_BY_USER)

    with serve_storage() as storage:
        request = start_request(storage, "cancel-pp", shape_samples(10, size=32), hp)
        completed = run_job(JobSpec.from_request(request), env_in(tmp_path), emit, cancel, 0)
    card = json.loads(completed.card_json)
    assert not completed.stopped_early and completed.best_epoch == 1
    assert card["postprocessing"]["note"] == "not chosen: cancelled while it was being chosen"


def test_the_service_stopping_during_the_choice_resumes_into_the_choice(tmp_path: Path) -> None:
    hp = pb.Hyperparameters(epochs=1, **TINY)
    stopping = Cancellation()

    def emit(event: object) -> None:
        if isinstance(event, job_pb.JobStatusEvent) and event.message.startswith(CHOOSING):
            stopping.request(job_pb.STATUS_REASON_SERVICE_STOPPED)

    with serve_storage() as storage:
        request = start_request(storage, "resume-pp", shape_samples(10, size=32), hp)
        with pytest.raises(Cancelled):
            run_job(JobSpec.from_request(request), env_in(tmp_path), emit, stopping, 0)
        assert storage.puts == []
        assert (tmp_path / "jobs" / "resume-pp" / "checkpoint.pt").exists()
        request.resume = True
        events: list[object] = []
        completed = run_job(JobSpec.from_request(request), env_in(tmp_path), events.append, Cancellation(), 0)
    assert not any(isinstance(e, job_pb.EpochMetrics) for e in events), "no epoch was left to run"
    assert statuses(events)[-1].startswith(CHOOSING)
    assert json.loads(completed.card_json)["postprocessing"]["note"].startswith("chosen on ")
