"""unet_3d end to end: volumes re-assembled from their slices, patch training through the real runner, the
card, and a whole volume of another size predicted by sliding window; the refusals and the card checks."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch
from safetensors.torch import load
from training_factory import Sample, Storage, serve_storage, start_request
from volume_factory import anisotropic_volume

from medseg_ml.generated.medseg.v1 import job_pb2 as job_pb
from medseg_ml.generated.medseg.v1 import training_service_pb2 as pb
from medseg_ml.generated.medseg.v1 import volume_pb2
from medseg_ml.generated.medseg.v1.dataset_service_pb2 import DatasetCase
from medseg_ml.inference.card import CardError, ModelCard
from medseg_ml.inference.volume_predict import predict_volume
from medseg_ml.job import Cancellation, Cancelled
from medseg_ml.networks.factory import build_network
from medseg_ml.training.job_spec import InvalidJobError, JobSpec
from medseg_ml.training.runner import TrainingEnv, run_job

CPU = torch.device("cpu")
# volume_factory's anisotropic volumes: (12, 40, 48) at 2.5 x 0.8 x 0.8 mm, labels 1 and 2.
SHAPE = (12, 40, 48)
SPACING = (2.5, 0.8, 0.8)


def volume_request(
    storage: Storage, job_id: str, cases: int, hp: pb.Hyperparameters, *, channels: int = 1
) -> pb.StartTrainingJobRequest:
    samples = []
    for c in range(cases):
        image, mask, _ = anisotropic_volume(SHAPE, SPACING, seed=c)
        image = np.repeat(image[None], channels, axis=0)
        samples += [Sample(image[:, z], mask[z], f"case{c}", z) for z in range(mask.shape[0])]
    request = start_request(storage, job_id, samples, hp, labels=(0, 1, 2), channels=channels)
    for pair in request.dataset.pairs:
        pair.case_index = int(pair.volume[4:])
    depth, height, width = SHAPE
    for c in range(cases):
        case = DatasetCase(
            index=c, name=f"case{c}", depth=depth, height=height, width=width, channels=channels
        )
        case.modality = "CT"
        case.first_pair = c * depth
        case.geometry.spacing.extend(SPACING)
        request.dataset.cases.append(case)
    fingerprint = request.dataset.fingerprint
    fingerprint.case_count = cases
    fingerprint.median_shape.extend(SHAPE)
    fingerprint.median_spacing.extend(SPACING)
    fingerprint.channel_names.extend(["CT"] + ["T2"] * (channels - 1))
    fingerprint.intensities.add(channel=0, mean=200, std=30, p005=100, p995=300)
    request.dataset.labels.add(value=1, name="liver", color="#ff0000")
    request.dataset.labels.add(value=2, name="tumour")
    return request


def test_a_3d_unet_trains_on_patches_and_predicts_a_volume_of_another_size(tmp_path: Path) -> None:
    hp = pb.Hyperparameters(
        epochs=2,
        learning_rate=0.01,
        architecture=pb.ARCHITECTURE_UNET_3D,
        depth=2,
        base_channels=4,
        patch_size=[16, 16, 16],
        augmentation=True,
    )
    env = TrainingEnv(CPU, tmp_path / "training", tmp_path / "jobs")
    events: list[object] = []
    with serve_storage() as storage:
        request = volume_request(storage, "vol3d", 2, hp)
        spec = JobSpec.from_request(request)
        completed = run_job(spec, env, events.append, Cancellation(), 0)
        best = storage.objects["models/vol3d/best.safetensors"]

    status = next(e for e in events if isinstance(e, job_pb.JobStatusEvent))
    assert "training on 1 volumes (12 slices) in 16x16x16 patches, validating on 1" in status.message
    epochs = [e for e in events if isinstance(e, job_pb.EpochMetrics)]
    assert [e.epoch for e in epochs] == [1, 2] and all(len(e.val_dice_per_class) == 3 for e in epochs)
    steps = [e for e in events if isinstance(e, job_pb.TrainingStep)]
    assert steps[-1].total_steps == 2  # 1 training volume x 4 patches / batch 2
    # The volume cache is gone with the job.
    assert not (tmp_path / "training" / "vol3d").exists()

    card = json.loads(completed.card_json)
    assert card["architecture"] == "unet_3d" and card["spatial_dims"] == 3
    assert card["network"]["kwargs"]["spatial_dims"] == 3
    assert card["patch_size"] == [16, 16, 16] and card["target_spacing"] == list(SPACING)
    assert card["foreground_oversampling"] == pytest.approx(0.33)
    assert card["labels"] == [
        {"value": 1, "name": "liver", "color": "#ff0000"},
        {"value": 2, "name": "tumour", "color": ""},
    ]
    assert card["intensity"] == [
        {"channel": 0, "scheme": "ct", "clip": [100.0, 300.0], "mean": 200.0, "std": 30.0}
    ]
    assert card["input_normalization"]["method"] == "per_channel_intensity"
    assert card["hyperparameters"]["batch_size"] == 2
    # Chosen on the held-out volume by sliding window, with the best weights, after the last epoch.
    assert [e.message for e in events if isinstance(e, job_pb.JobStatusEvent)][-1] == (
        "choosing post-processing on 1 validation volume"
    )
    assert card["postprocessing"]["note"] == "chosen on 1 validation volume at the training spacing"

    model = ModelCard.from_json(completed.card_json)
    assert (model.spatial_dims, model.patch_size, model.target_spacing) == (3, (16, 16, 16), SPACING)
    assert [label.name for label in model.labels] == ["liver", "tumour"]
    network = build_network(model.network)
    network.load_state_dict(load(best))
    network.eval()
    image, _, _ = anisotropic_volume((20, 40, 36), (2.0, 1.0, 1.0), seed=7)
    seen: list[tuple[int, int]] = []
    mask = predict_volume(network, model, image[None], (2.0, 1.0, 1.0), CPU, lambda d, t: seen.append((d, t)))
    assert mask.shape == (20, 40, 36) and mask.dtype == np.int64
    assert set(np.unique(mask)) <= {0, 1, 2}
    # Resampled to (16, 50, 45) at 2.5 x 0.8 x 0.8 mm: 1 x 6 x 5 windows at half-patch overlap, 2 a pass.
    assert seen[-1] == (30, 30) and len(seen) == 15


def test_a_3d_job_stopped_with_the_service_resumes_where_it_stopped(tmp_path: Path) -> None:
    hp = pb.Hyperparameters(
        epochs=2, architecture=pb.ARCHITECTURE_UNET_3D, depth=2, base_channels=4, patch_size=[16, 16, 16]
    )
    with serve_storage() as storage:
        request = volume_request(storage, "whole", 2, hp)
        env = TrainingEnv(CPU, tmp_path / "a" / "training", tmp_path / "a" / "jobs")
        whole = run_job(JobSpec.from_request(request), env, lambda _e: None, Cancellation(), 0)

        request = volume_request(storage, "cut", 2, hp)
        env = TrainingEnv(CPU, tmp_path / "b" / "training", tmp_path / "b" / "jobs")
        stopping = Cancellation()

        def emit(event: object) -> None:
            if isinstance(event, job_pb.EpochMetrics) and event.epoch == 1:
                stopping.request(job_pb.STATUS_REASON_SERVICE_STOPPED)

        with pytest.raises(Cancelled):
            run_job(JobSpec.from_request(request), env, emit, stopping, 0)
        assert (tmp_path / "b" / "jobs" / "cut" / "checkpoint.pt").exists()
        request.resume = True
        events: list[object] = []
        resumed = run_job(JobSpec.from_request(request), env, events.append, Cancellation(), 0)
        whole_weights = load(storage.objects["models/whole/last.safetensors"])
        resumed_weights = load(storage.objects["models/cut/last.safetensors"])
    assert [e.epoch for e in events if isinstance(e, job_pb.EpochMetrics)] == [2]
    history = [json.loads(c.card_json)["history"] for c in (whole, resumed)]
    assert [h["train_loss"] for h in history[0]] == pytest.approx([h["train_loss"] for h in history[1]])
    assert all(torch.allclose(whole_weights[k], resumed_weights[k], atol=1e-5) for k in whole_weights)


def test_multi_channel_volumes_train_a_model_of_that_many_channels(tmp_path: Path) -> None:
    hp = pb.Hyperparameters(
        epochs=1, architecture=pb.ARCHITECTURE_UNET_3D, depth=2, base_channels=4, patch_size=[16, 16, 16]
    )
    env = TrainingEnv(CPU, tmp_path / "training", tmp_path / "jobs")
    with serve_storage() as storage:
        request = volume_request(storage, "two", 2, hp, channels=2)
        completed = run_job(JobSpec.from_request(request), env, lambda _e: None, Cancellation(), 0)
    card = json.loads(completed.card_json)
    assert card["channels"] == 2 and card["network"]["kwargs"]["in_channels"] == 2
    assert [rule["scheme"] for rule in card["intensity"]] == ["ct", "zscore"]
    model = ModelCard.from_json(completed.card_json)
    network = build_network(model.network).eval()
    image = np.repeat(anisotropic_volume(SHAPE, SPACING, seed=3)[0][None], 2, axis=0)
    assert predict_volume(network, model, image, SPACING, CPU).shape == SHAPE


def test_unet_3d_needs_two_labelled_volumes() -> None:
    hp = pb.Hyperparameters(architecture=pb.ARCHITECTURE_UNET_3D, depth=2)
    request = volume_request(Storage(base_url="http://127.0.0.1:1"), "one", 1, hp)
    with pytest.raises(InvalidJobError, match="at least 2 labelled volumes"):
        JobSpec.from_request(request)


def test_unet_3d_defaults_come_from_the_fingerprint_and_unlabeled_slices_are_left_out() -> None:
    hp = pb.Hyperparameters(architecture=pb.ARCHITECTURE_UNET_3D, depth=2)
    request = volume_request(Storage(base_url="http://127.0.0.1:1"), "fp", 3, hp)
    for pair in request.dataset.pairs:
        pair.unlabeled = pair.case_index == 2
    spec = JobSpec.from_request(request)
    assert spec.hyperparameters.patch_size == (12, 40, 48)
    assert spec.hyperparameters.target_spacing == SPACING
    assert {p.case_index for p in spec.pairs} == {0, 1} and [c.index for c in spec.cases] == [0, 1]


def test_without_a_fingerprint_the_plan_comes_from_the_cases_geometry() -> None:
    hp = pb.Hyperparameters(architecture=pb.ARCHITECTURE_UNET_3D, depth=2)
    request = volume_request(Storage(base_url="http://127.0.0.1:1"), "nofp", 2, hp)
    request.dataset.ClearField("fingerprint")
    spec = JobSpec.from_request(request)
    assert spec.hyperparameters.patch_size == (12, 40, 48)
    assert spec.hyperparameters.target_spacing == SPACING
    # Without channel names the cases' modality (CT) stands for the channel, but no statistics: z-score.
    assert spec.intensity == ({"channel": 0, "scheme": "zscore"},)


def card_dict(**changes: object) -> dict[str, object]:
    card: dict[str, object] = {
        "network": {
            "architecture": "unet_3d",
            "kwargs": {
                "spatial_dims": 3,
                "in_channels": 1,
                "out_channels": 2,
                "channels": [4, 8],
                "strides": [2],
                "num_res_units": 2,
            },
        },
        "classes": {"label_values": [0, 1]},
        "channels": 1,
        "input_size": 256,
        "spatial_dims": 3,
        "patch_size": [16, 16, 16],
        "target_spacing": [0, 0, 0],
        "intensity": [{"channel": 0, "scheme": "zscore"}],
        "input_normalization": {"method": "per_channel_intensity"},
    }
    card.update(changes)
    return card


def test_a_3d_card_is_checked_field_by_field() -> None:
    assert ModelCard.from_json(json.dumps(card_dict())).target_spacing == (0.0, 0.0, 0.0)
    for changes, message in [
        ({"patch_size": [16, 16]}, "patch_size must be 3 positive sides"),
        ({"intensity": []}, "intensity must give one rule"),
        ({"spatial_dims": 2}, "spatial_dims 2 does not fit its network (3D)"),
        ({"input_normalization": {"method": "percentile"}}, "'percentile' is not supported"),
    ]:
        with pytest.raises(CardError, match=message.replace("(", r"\(").replace(")", r"\)")):
            ModelCard.from_json(json.dumps(card_dict(**changes)))


def test_an_old_2d_card_reads_as_spatial_dims_2() -> None:
    card = card_dict(intensity=None, patch_size=None, target_spacing=None, input_normalization=None)
    card.pop("spatial_dims")
    kwargs = card["network"]["kwargs"]  # type: ignore[index]
    kwargs["spatial_dims"] = 2  # type: ignore[index]
    card["network"]["architecture"] = "unet"  # type: ignore[index]
    model = ModelCard.from_json(json.dumps(card))
    assert model.spatial_dims == 2 and model.patch_size == () and model.labels == ()


def test_fingerprint_without_geometry_still_gives_a_plan() -> None:
    from medseg_ml.training.volume_plan import plan_volume

    plan = plan_volume(volume_pb2.DatasetFingerprint(), depth=4)
    assert plan.target_spacing == (1.0, 1.0, 1.0) and plan.patch_size == (64, 64, 64)
