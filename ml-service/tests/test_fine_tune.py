"""Fine-tuning (StartTrainingJobRequest.init_from): the child starts from the parent's weights; a parent
whose network or classes differ is refused, naming what differs."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import grpc
import pytest
import torch
from safetensors.torch import load
from training_factory import serve_storage, shape_samples, start_request

from medseg_ml.generated.medseg.v1 import sources_pb2
from medseg_ml.generated.medseg.v1 import training_service_pb2 as pb
from medseg_ml.generated.medseg.v1 import training_service_pb2_grpc as pb_grpc
from medseg_ml.job import Cancellation, PreconditionError
from medseg_ml.training.job_spec import JobSpec
from medseg_ml.training.runner import TrainingEnv, run_job

TINY = {"batch_size": 2, "input_size": 32, "depth": 2, "base_channels": 4}


def _run(request: pb.StartTrainingJobRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    env = TrainingEnv(torch.device("cpu"), tmp_path / "training", tmp_path / "jobs")
    return run_job(JobSpec.from_request(request), env, [].append, Cancellation(), 1_700_000_000_000)


def _parent_source(storage, job_id: str) -> sources_pb2.ModelSource:  # type: ignore[no-untyped-def]
    best = storage.objects[f"models/{job_id}/best.safetensors"]
    return sources_pb2.ModelSource(
        model_id=job_id,
        card_json=storage.objects[f"models/{job_id}/model.json"].decode(),
        weights_url=storage.url(f"models/{job_id}/best.safetensors"),
        weights_sha256=hashlib.sha256(best).hexdigest(),
    )


def test_a_fine_tuned_model_starts_from_its_parents_weights(tmp_path: Path) -> None:
    samples = shape_samples(12, size=32)
    with serve_storage() as storage:
        parent = start_request(
            storage, "parent", samples, pb.Hyperparameters(epochs=2, learning_rate=0.01, seed=1, **TINY)
        )
        _run(parent, tmp_path / "p")
        # A learning rate too small to move anything: the child's weights are the parent's it loaded.
        hp = pb.Hyperparameters(epochs=1, learning_rate=1e-12, seed=2, **TINY)
        child = start_request(storage, "child", samples, hp)
        child.init_from.CopyFrom(_parent_source(storage, "parent"))
        _run(child, tmp_path / "c")
        scratch = start_request(storage, "scratch", samples, hp)
        _run(scratch, tmp_path / "s")
        parent_w = load(storage.objects["models/parent/best.safetensors"])
        child_w = load(storage.objects["models/child/last.safetensors"])
        scratch_w = load(storage.objects["models/scratch/last.safetensors"])
        card = json.loads(storage.objects["models/child/model.json"])
    assert card["parent_model_id"] == "parent" and card["dataset_version"] == 1
    for name, tensor in parent_w.items():
        torch.testing.assert_close(child_w[name], tensor, rtol=0, atol=1e-6)
    assert any(not torch.allclose(scratch_w[n], t) for n, t in parent_w.items() if t.is_floating_point())


def test_a_parent_with_another_network_is_refused_naming_the_difference(tmp_path: Path) -> None:
    samples = shape_samples(8, size=32)
    with serve_storage() as storage:
        parent = start_request(storage, "p2", samples, pb.Hyperparameters(epochs=1, **TINY))
        _run(parent, tmp_path / "p")
        child = start_request(
            storage,
            "c2",
            samples,
            pb.Hyperparameters(epochs=1, guided=True, **{**TINY, "base_channels": 8, "dropout": 0.2}),
            labels=(0, 1, 2),
        )
        child.init_from.CopyFrom(_parent_source(storage, "p2"))
        with pytest.raises(PreconditionError) as info:
            JobSpec.from_request(child)
    text = str(info.value)
    assert "label values [0, 1] vs [0, 1, 2]" in text and "channels" in text and "p2" in text
    assert "dropout 0 vs 0.2" in text, "dropout is part of the network a fine-tune must match"
    assert "automatic (not guided) vs guided" in text, "so is the guidance"


def test_the_service_answers_failed_precondition(channel: grpc.Channel) -> None:
    card = {
        "network": {
            "architecture": "unet",
            "kwargs": {
                "spatial_dims": 2,
                "in_channels": 3,
                "out_channels": 2,
                "channels": [4, 8],
                "strides": [2],
            },
        },
        "classes": {"label_values": [0, 1]},
        "channels": 3,
        "input_size": 32,
    }
    with serve_storage() as storage:
        request = start_request(
            storage, "c3", shape_samples(8, size=32), pb.Hyperparameters(epochs=1, **TINY)
        )
    request.init_from.CopyFrom(
        sources_pb2.ModelSource(
            model_id="m", card_json=json.dumps(card), weights_url="http://x/w", weights_sha256="a" * 64
        )
    )
    with pytest.raises(grpc.RpcError) as info:
        pb_grpc.TrainingServiceStub(channel).StartTrainingJob(request, timeout=30)
    assert info.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert "in_channels 3 vs 1" in info.value.details()
