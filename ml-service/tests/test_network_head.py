"""A U-Net with more classes than base channels ends in a 1x1 head: it builds, gives logits per class,
round-trips through the card, takes guidance, exports, and cards from before heads build as they did."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import numpy as np
import onnxruntime
import pytest
import torch
from monai.networks.nets import UNet
from safetensors.torch import load
from training_factory import serve_storage, shape_samples, start_request

from medseg_ml.evaluation.export import ONNX, TORCHSCRIPT, check_opset, export_model
from medseg_ml.generated.medseg.v1 import sources_pb2
from medseg_ml.generated.medseg.v1 import training_service_pb2 as pb
from medseg_ml.inference.card import ModelCard
from medseg_ml.job import Cancellation, PreconditionError
from medseg_ml.networks.factory import NetworkSpec, build_network, network_spec
from medseg_ml.training.init_from import check_parent, parent_has_head
from medseg_ml.training.job_spec import JobSpec
from medseg_ml.training.runner import TrainingEnv, run_job

CLASSES = 9
BASE = 4


def headed(architecture: str = "unet", **options: object) -> NetworkSpec:
    return network_spec(architecture, 1, CLASSES, depth=2, base_channels=BASE, **options)  # type: ignore[arg-type]


@pytest.mark.parametrize(("architecture", "shape"), [("unet", (34, 18)), ("unet_3d", (6, 10, 8))])
def test_more_classes_than_base_channels_end_in_a_1x1_head(architecture: str, shape: tuple[int, ...]) -> None:
    spec = headed(architecture)
    assert spec.head == {"in_channels": BASE, "out_channels": CLASSES}
    assert spec.kwargs["out_channels"] == BASE and spec.class_count == CLASSES
    network = build_network(spec)
    head = network.head
    assert isinstance(head, torch.nn.Conv2d if len(shape) == 2 else torch.nn.Conv3d)
    assert head.kernel_size == (1,) * len(shape)
    logits = network(torch.randn(2, 1, *shape))
    assert logits.shape == (2, CLASSES, *shape)
    logits.mean().backward()
    assert all(p.grad is not None for p in network.parameters())


@pytest.mark.parametrize("architecture", ["attention_unet", "resunet"])
def test_networks_that_end_in_their_own_segmentation_head_get_none(architecture: str) -> None:
    # AttentionUnet ends in a 1x1 convolution from channels[0], FlexibleUNet in a 3x3 one from its
    # last decoder channels: neither runs a classes-to-classes convolution.
    spec = headed(architecture)
    assert spec.head is None and spec.kwargs["out_channels"] == CLASSES == spec.class_count
    size = spec.size_multiple * 2
    assert build_network(spec)(torch.zeros(1, 1, size, size)).shape == (1, CLASSES, size, size)


def test_a_card_without_a_head_builds_the_monai_network_it_built_before() -> None:
    old = {
        "architecture": "unet",
        "class": "monai.networks.nets.unet.UNet",
        "kwargs": {
            "spatial_dims": 2,
            "in_channels": 1,
            "out_channels": CLASSES,
            "channels": [BASE, 2 * BASE],
            "strides": [2],
            "num_res_units": 2,
        },
    }
    spec = NetworkSpec.from_dict(old)
    assert spec.head is None and spec.class_count == CLASSES and spec.to_dict() == old
    network = build_network(spec)
    assert type(network) is UNet
    assert list(network.state_dict()) == list(UNet(**old["kwargs"]).state_dict())


def test_few_classes_keep_the_kwargs_and_network_of_before() -> None:
    spec = network_spec("unet", 1, BASE, depth=2, base_channels=BASE)
    assert spec.head is None and "head" not in spec.to_dict() and spec.kwargs["out_channels"] == BASE
    assert type(build_network(spec)) is UNet


def test_the_head_round_trips_through_the_card_and_the_weights_fit() -> None:
    spec = headed("unet_3d", dropout=0.1)
    described = json.loads(json.dumps(spec.to_dict()))
    assert described["head"] == {"in_channels": BASE, "out_channels": CLASSES}
    rebuilt = NetworkSpec.from_dict(described)
    assert rebuilt == spec
    trained = build_network(spec)
    keys = list(trained.state_dict())
    assert keys[0].startswith("body.model.") and keys[-2:] == ["head.weight", "head.bias"]
    build_network(rebuilt).load_state_dict(trained.state_dict(), strict=True)


def test_a_guided_network_with_a_head_takes_guidance_and_runs_without_it() -> None:
    spec = headed(guided=True, input_size=32)
    assert spec.guided and spec.head is not None and spec.class_count == CLASSES
    assert spec.guidance is not None and spec.kwargs["in_channels"] == 1 + spec.guidance["channels"]
    network = build_network(spec).eval()
    assert list(network.state_dict())[-2:] == ["inner.head.weight", "inner.head.bias"]
    image = torch.randn(2, 1, 32, 32)
    guidance = torch.zeros(2, spec.guidance["channels"], 32, 32)
    with torch.no_grad():
        automatic = network(image)
        assert automatic.shape == (2, CLASSES, 32, 32)
        torch.testing.assert_close(network(image, guidance), automatic)
        guidance[:, 0, 10, 10] = 1.0
        assert not torch.equal(network(image, guidance), automatic), "the guidance reaches the body"


def _card_json(spec: NetworkSpec) -> str:
    labels = list(range(CLASSES))
    return json.dumps(
        {"network": spec.to_dict(), "classes": {"label_values": labels}, "channels": 1, "input_size": 32}
    )


def test_fine_tuning_a_parent_from_before_heads_is_refused_naming_the_head() -> None:
    job = headed()
    parent = NetworkSpec("unet", {**job.kwargs, "out_channels": CLASSES})
    source = sources_pb2.ModelSource(model_id="old", card_json=_card_json(parent), weights_sha256="a" * 64)
    with pytest.raises(PreconditionError) as info:
        check_parent(source, job, tuple(range(CLASSES)), 32, ())
    text = str(info.value)
    assert f"no 1x1 head vs a 1x1 head {BASE}->{CLASSES} channels" in text
    assert f"out_channels {CLASSES} vs {BASE}" in text
    same = sources_pb2.ModelSource(model_id="new", card_json=_card_json(job), weights_sha256="a" * 64)
    assert check_parent(same, job, tuple(range(CLASSES)), 32, ()).model_id == "new"


def test_a_fine_tune_of_a_parent_from_before_heads_builds_the_network_without_one() -> None:
    old = NetworkSpec("unet", {**headed().kwargs, "out_channels": CLASSES})
    source = sources_pb2.ModelSource(model_id="old", card_json=_card_json(old), weights_sha256="a" * 64)
    assert not parent_has_head(source)
    assert parent_has_head(
        sources_pb2.ModelSource(model_id="new", card_json=_card_json(headed()), weights_sha256="a" * 64)
    )
    job = headed(output_head=False)
    assert job.head is None and job.class_count == CLASSES
    assert check_parent(source, job, tuple(range(CLASSES)), 32, ()).model_id == "old"


@pytest.mark.parametrize("fmt", [ONNX, TORCHSCRIPT])
def test_a_network_with_a_head_exports_and_matches_pytorch(fmt: str) -> None:
    torch.manual_seed(0)
    spec = headed()
    network = build_network(spec).eval()
    card = ModelCard(spec, tuple(range(CLASSES)), 1, 16)
    result = export_model(network, card, _card_json(spec), "m-head", fmt, check_opset(0))
    assert result.max_abs_difference <= 1e-4
    with zipfile.ZipFile(io.BytesIO(result.bundle)) as bundle:
        data = bundle.read(result.file_name)
    x = torch.rand((3, 1, 16, 16), generator=torch.Generator().manual_seed(5))
    with torch.inference_mode():
        expected = network(x).numpy()
        if fmt == ONNX:
            session = onnxruntime.InferenceSession(data, providers=["CPUExecutionProvider"])
            got = session.run(None, {session.get_inputs()[0].name: x.numpy()})[0]
        else:
            got = torch.jit.load(io.BytesIO(data))(x).numpy()
    assert got.shape == (3, CLASSES, 16, 16)
    np.testing.assert_allclose(got, expected, atol=1e-4)


def test_a_trained_model_with_a_head_is_carded_and_its_weights_load_from_the_card(tmp_path: Path) -> None:
    labels = (0, 1, 2, 3, 4, 5)
    hp = pb.Hyperparameters(epochs=1, batch_size=2, input_size=32, depth=2, base_channels=BASE)
    with serve_storage() as storage:
        request = start_request(
            storage, "many", shape_samples(10, size=32, labels=labels[1:]), hp, labels=labels
        )
        env = TrainingEnv(torch.device("cpu"), tmp_path / "training", tmp_path / "jobs")
        run_job(JobSpec.from_request(request), env, [].append, Cancellation(), 1_700_000_000_000)
        card = ModelCard.from_json(storage.objects["models/many/model.json"].decode())
        weights = load(storage.objects["models/many/best.safetensors"])
    assert card.network.head == {"in_channels": BASE, "out_channels": len(labels)}
    network = build_network(card.network)
    network.load_state_dict(weights, strict=True)
    assert network(torch.zeros(1, 1, 32, 32)).shape == (1, len(labels), 32, 32)
