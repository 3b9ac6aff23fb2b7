"""A whole job in-process (no gRPC): shards over HTTP, training, artifacts PUT back; convergence included.

Also what a job keeps on disk: the epoch checkpoint a resume continues from, and the finished model an
upload that failed leaves for a retry.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
from pathlib import Path

import pytest
import torch
from safetensors.torch import load
from training_factory import Storage, serve_flaky_proxy, serve_storage, shape_samples, start_request

from medseg_ml.generated.medseg.v1 import job_pb2 as job_pb
from medseg_ml.generated.medseg.v1 import training_service_pb2 as pb
from medseg_ml.http import StorageError
from medseg_ml.job import Cancellation, Cancelled
from medseg_ml.networks.factory import NetworkSpec, build_network
from medseg_ml.training.job_files import KEEP_S, sweep_job_folders
from medseg_ml.training.job_spec import ArtifactUrls, InvalidJobError, JobSpec
from medseg_ml.training.runner import TrainingEnv, run_job

CPU = torch.device("cpu")
TINY = {"batch_size": 2, "input_size": 32, "depth": 2, "base_channels": 4}


def env_in(tmp_path: Path) -> TrainingEnv:
    return TrainingEnv(CPU, tmp_path / "training", tmp_path / "jobs")


def run(
    storage: Storage,
    request: pb.StartTrainingJobRequest,
    tmp_path: Path,
    cancel: threading.Event | None = None,
) -> tuple[job_pb.TrainingCompleted, list[object]]:
    events: list[object] = []
    completed = run_job(
        JobSpec.from_request(request),
        env_in(tmp_path),
        events.append,
        cancel or Cancellation(),
        1_700_000_000_000,
    )
    return completed, events


def epochs_of(events: list[object]) -> list[int]:
    return [e.epoch for e in events if isinstance(e, job_pb.EpochMetrics)]


def test_short_training_on_shapes_reaches_dice_above_0_9(tmp_path: Path) -> None:
    hp = pb.Hyperparameters(
        epochs=6, learning_rate=0.01, batch_size=4, input_size=64, depth=3, base_channels=8, augmentation=True
    )
    with serve_storage() as storage:
        request = start_request(storage, "conv", shape_samples(40, size=64), hp)
        request.owner_id = "user-a"
        request.dataset.version = 3
        completed, events = run(storage, request, tmp_path)

    epochs = [e for e in events if isinstance(e, job_pb.EpochMetrics)]
    assert [e.epoch for e in epochs] == list(range(1, 7))
    assert max(e.val_dice for e in epochs) > 0.9
    # The best epoch is chosen by the moving average of validation Dice, not always the highest.
    assert completed.best_val_dice == epochs[completed.best_epoch - 1].val_dice
    assert epochs[completed.best_epoch - 1].is_best
    assert (
        isinstance(events[0], job_pb.JobStatusEvent)
        # case_000 … case_039 read as one numbered stack: a validation block with a 2-slice gap each side.
        and "training on 28 pairs, validating on 8 (a block of slices held out)" in events[0].message
    )

    assert storage.puts == [
        "models/conv/best.safetensors",
        "models/conv/last.safetensors",
        "models/conv/model.json",
    ]
    assert storage.content_types["models/conv/best.safetensors"] == "application/octet-stream"
    assert storage.content_types["models/conv/model.json"] == "application/json"
    card = json.loads(storage.objects["models/conv/model.json"])
    assert card == json.loads(completed.card_json)
    best = storage.objects["models/conv/best.safetensors"]
    assert card["weights"]["best"] == {
        "file": "best.safetensors",
        "sha256": hashlib.sha256(best).hexdigest(),
        "bytes": len(best),
    }
    assert completed.best_weights_sha256 == hashlib.sha256(best).hexdigest()
    assert completed.last_weights_bytes == len(storage.objects["models/conv/last.safetensors"])

    assert card["format"] == "medseg-model-v1" and card["model_id"] == "conv" and card["name"] == "model conv"
    assert card["owner_id"] == "user-a"
    assert card["dataset_version"] == 3 and card["parent_model_id"] is None
    assert card["hyperparameters"]["epochs"] == 6 and card["hyperparameters"]["optimizer"] == "adam"
    assert card["classes"] == {
        "label_values": [0, 1],
        "class_count": 2,
        "background": 0,
        "unlisted_labels_as_background": [],
    }
    assert card["split"]["method"] == "volume_block" and len(card["split"]["val"]) == 8
    assert card["input_normalization"]["method"] == "eight_bit_fixed"
    assert [h["epoch"] for h in card["history"]] == list(range(1, 7))
    assert card["best_epoch"] == completed.best_epoch
    assert card["versions"]["monai"] == "1.6.1" and card["versions"]["torch"].startswith("2.")
    assert card["stopped_early"] is False and not completed.stopped_early
    # Stored: nothing of the job is left in the cache dir.
    assert not (tmp_path / "jobs" / "conv").exists()

    network = build_network(NetworkSpec.from_dict(card["network"]))
    network.load_state_dict(load(best))
    network.eval()
    with torch.inference_mode():
        assert network(torch.zeros(1, 1, 64, 64)).shape == (1, 2, 64, 64)


def test_multi_class_rgb_attention_unet_completes(tmp_path: Path) -> None:
    hp = pb.Hyperparameters(
        epochs=1,
        batch_size=4,
        input_size=32,
        architecture=pb.ARCHITECTURE_ATTENTION_UNET,
        depth=2,
        base_channels=4,
    )
    samples = shape_samples(8, size=40, channels=3, labels=(10, 20, 30), volumes=2)
    with serve_storage() as storage:
        request = start_request(storage, "rgb", samples, hp, labels=(0, 10, 20, 30), channels=3)
        completed, events = run(storage, request, tmp_path)
    card = json.loads(completed.card_json)
    assert card["network"]["kwargs"]["in_channels"] == 3 and card["network"]["kwargs"]["out_channels"] == 4
    assert card["split"]["method"] == "by_volume" and len(card["split"]["validation_volumes"]) == 1
    epoch = next(e for e in events if isinstance(e, job_pb.EpochMetrics))
    assert len(epoch.val_dice_per_class) == 4


def test_cancel_before_the_first_epoch_uploads_nothing_and_keeps_nothing(tmp_path: Path) -> None:
    cancel = Cancellation()
    hp = pb.Hyperparameters(epochs=100, **TINY)
    with serve_storage() as storage:
        request = start_request(storage, "cancel", shape_samples(10, size=32), hp)

        def emit(event: object) -> None:
            if isinstance(event, job_pb.TrainingStep):
                cancel.request(job_pb.STATUS_REASON_CANCELLED_BY_USER)

        with pytest.raises(Cancelled):
            run_job(JobSpec.from_request(request), env_in(tmp_path), emit, cancel, 0)
    assert storage.puts == []
    assert not (tmp_path / "jobs" / "cancel").exists()


def test_cancel_after_an_epoch_keeps_the_best_epoch_as_a_model_stopped_early(tmp_path: Path) -> None:
    cancel = Cancellation()
    hp = pb.Hyperparameters(epochs=100, **TINY)
    with serve_storage() as storage:
        request = start_request(storage, "early", shape_samples(10, size=32), hp)

        def emit(event: object) -> None:
            if isinstance(event, job_pb.EpochMetrics) and event.epoch == 2:
                cancel.request(job_pb.STATUS_REASON_CANCELLED_BY_USER)

        completed = run_job(JobSpec.from_request(request), env_in(tmp_path), emit, cancel, 0)
    assert completed.stopped_early and completed.best_epoch in (1, 2)
    assert storage.puts == [
        "models/early/best.safetensors",
        "models/early/last.safetensors",
        "models/early/model.json",
    ]
    card = json.loads(storage.objects["models/early/model.json"])
    assert card["stopped_early"] is True and card["training"]["epochs_run"] == 2
    assert [h["epoch"] for h in card["history"]] == [1, 2]
    last = load(storage.objects["models/early/last.safetensors"])
    network = build_network(NetworkSpec.from_dict(card["network"]))
    network.load_state_dict(last)
    assert not (tmp_path / "jobs" / "early").exists()


def test_a_job_stopped_with_the_service_resumes_from_its_checkpoint(tmp_path: Path) -> None:
    hp = pb.Hyperparameters(epochs=3, **TINY)
    with serve_storage() as storage:
        request = start_request(storage, "resume", shape_samples(10, size=32), hp)
        stopping = Cancellation()

        def emit(event: object) -> None:
            if isinstance(event, job_pb.EpochMetrics) and event.epoch == 1:
                stopping.request(job_pb.STATUS_REASON_SERVICE_STOPPED)

        with pytest.raises(Cancelled):
            run_job(JobSpec.from_request(request), env_in(tmp_path), emit, stopping, 1_000)
        assert storage.puts == []
        assert (tmp_path / "jobs" / "resume" / "checkpoint.pt").exists()

        request.resume = True
        completed, events = run(storage, request, tmp_path)
    assert epochs_of(events) == [2, 3]
    assert "continuing after epoch 1 of 3" in next(
        e.message for e in events if isinstance(e, job_pb.JobStatusEvent)
    )
    card = json.loads(completed.card_json)
    assert [h["epoch"] for h in card["history"]] == [1, 2, 3] and not completed.stopped_early
    # The card keeps the first run's queue time, not the resumed run's.
    assert card["created_at"] == "1970-01-01T00:00:01.000+00:00"
    assert not (tmp_path / "jobs" / "resume").exists()


def test_resume_without_a_checkpoint_starts_from_epoch_1(tmp_path: Path) -> None:
    hp = pb.Hyperparameters(epochs=1, **TINY)
    with serve_storage() as storage:
        request = start_request(storage, "fresh", shape_samples(6, size=32), hp)
        request.resume = True
        completed, events = run(storage, request, tmp_path)
    assert epochs_of(events) == [1] and completed.best_epoch == 1


def test_upload_that_fails_twice_then_succeeds_still_completes_the_model(tmp_path: Path) -> None:
    hp = pb.Hyperparameters(epochs=1, **TINY)
    with serve_storage() as storage, serve_flaky_proxy(storage, failures=2) as proxy:
        request = start_request(storage, "flaky", shape_samples(6, size=32), hp)
        request.artifacts.best_weights_url = proxy.url("models/flaky/best.safetensors")
        request.artifacts.last_weights_url = proxy.url("models/flaky/last.safetensors")
        request.artifacts.card_url = proxy.url("models/flaky/model.json")
        completed, _ = run(storage, request, tmp_path)
    assert proxy.refused == [
        "models/flaky/best.safetensors",
        "models/flaky/best.safetensors",
        "models/flaky/last.safetensors",
        "models/flaky/last.safetensors",
        "models/flaky/model.json",
        "models/flaky/model.json",
    ]
    assert storage.puts == [
        "models/flaky/best.safetensors",
        "models/flaky/last.safetensors",
        "models/flaky/model.json",
    ]
    best = storage.objects["models/flaky/best.safetensors"]
    assert hashlib.sha256(best).hexdigest() == completed.best_weights_sha256
    assert json.loads(storage.objects["models/flaky/model.json"]) == json.loads(completed.card_json)


def test_refused_upload_keeps_the_model_for_a_retry_with_new_urls(tmp_path: Path) -> None:
    hp = pb.Hyperparameters(epochs=1, **TINY)
    with serve_storage(Storage(refuse_puts={"models/refused/last.safetensors"})) as storage:
        request = start_request(storage, "refused", shape_samples(6, size=32), hp)
        with pytest.raises(StorageError) as caught:
            run(storage, request, tmp_path)
        assert str(caught.value) == (
            "Storage answered HTTP 403 Forbidden for the upload of the last weights; "
            "the trained model is kept, so the upload can be retried"
        )
        assert "models/refused/model.json" not in storage.objects

        files = env_in(tmp_path).files("refused")
        kept = files.completed()
        assert kept is not None and kept.best_epoch == 1
        completed = files.upload(
            ArtifactUrls(
                storage.url("retry/best.safetensors"),
                storage.url("retry/last.safetensors"),
                storage.url("retry/model.json"),
            )
        )
    assert completed == kept
    assert json.loads(storage.objects["retry/model.json"]) == json.loads(completed.card_json)
    assert (
        hashlib.sha256(storage.objects["retry/last.safetensors"]).hexdigest() == completed.last_weights_sha256
    )
    assert not files.dir.exists()


def test_folders_of_jobs_nobody_came_back_for_are_swept(tmp_path: Path) -> None:
    (tmp_path / "old").mkdir()
    (tmp_path / "recent").mkdir()
    long_ago = time.time() - KEEP_S - 60
    os.utime(tmp_path / "old", (long_ago, long_ago))
    assert sweep_job_folders(tmp_path) == ["old"]
    assert [p.name for p in tmp_path.iterdir()] == ["recent"]
    assert sweep_job_folders(tmp_path / "absent") == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: setattr(r.dataset, "channels", 17), "dataset.channels must be from 1 to 16"),
        (lambda r: setattr(r.dataset, "channels", 0), "dataset.channels must be from 1 to 16"),
        (
            lambda r: setattr(r.hyperparameters, "architecture", pb.ARCHITECTURE_UNET_3D),
            "unet_3d trains on volumes, but dataset ds-bad holds only 2D images",
        ),
        (lambda r: r.dataset.label_values.pop(), "dataset.label_values must list distinct mask values"),
        (
            lambda r: setattr(r.dataset.pairs[0], "shard_path", "x"),
            "dataset.pairs[0].shard_path 'x' has no entry",
        ),
        (
            lambda r: setattr(r.artifacts, "card_url", "file:///tmp/x"),
            "artifacts.card_url must be a presigned HTTP(S) URL",
        ),
        (lambda r: setattr(r, "job_id", " "), "job_id is required"),
        (lambda r: setattr(r, "job_id", "../etc"), "job_id must be 1 to 128 letters, digits"),
        (lambda r: r.dataset.ClearField("pairs"), "dataset.pairs: Training needs at least 2 pairs"),
    ],
)
def test_malformed_request_is_refused_naming_the_field(change: object, message: str) -> None:
    request = start_request(
        Storage(base_url="http://127.0.0.1:1"), "bad", shape_samples(4, size=32), pb.Hyperparameters()
    )
    change(request)  # type: ignore[operator]
    with pytest.raises(InvalidJobError) as caught:
        JobSpec.from_request(request)
    assert message in str(caught.value)
