"""A unet_3d exported as ONNX and TorchScript: checked on a (C, *patch_size) input, loaded by onnxruntime and
torch.jit alone, equal to PyTorch, and its export.json says how to run it over a volume."""

from __future__ import annotations

import dataclasses
import io
import json
import zipfile

import numpy as np
import onnxruntime
import pytest
import torch

from medseg_ml.evaluation.export import ONNX, TORCHSCRIPT, check_opset, export_model
from medseg_ml.evaluation.export_description import export_description
from medseg_ml.inference.card import CardLabel, ModelCard
from medseg_ml.networks.factory import build_network, network_spec
from medseg_ml.postprocessing import PostProcessing

PATCH = (16, 16, 16)
INTENSITY = (
    {"channel": 0, "scheme": "ct", "clip": [-100.0, 300.0], "mean": 40.0, "std": 80.0},
    {"channel": 1, "scheme": "zscore"},
)


@pytest.fixture(scope="module")
def model() -> tuple[torch.nn.Module, ModelCard]:
    torch.manual_seed(0)
    spec = network_spec("unet_3d", in_channels=2, out_channels=3, depth=2, base_channels=4)
    card = ModelCard(
        spec, (0, 1, 3), 2, 0, 3, PATCH, (2.0, 0.8, 0.8), INTENSITY, (CardLabel(3, "tumour", "#ff0000"),)
    )
    return build_network(spec).eval(), card


def exported(model: tuple[torch.nn.Module, ModelCard], fmt: str) -> tuple[dict, bytes]:
    network, card = model
    result = export_model(network, card, json.dumps({"spatial_dims": 3}), "m3d", fmt, check_opset(0))
    assert result.max_abs_difference <= 1e-4
    with zipfile.ZipFile(io.BytesIO(result.bundle)) as bundle:
        description = json.loads(bundle.read("export.json"))
        assert description == json.loads(result.export_json)
        return description, bundle.read(result.file_name)


def sample() -> torch.Tensor:
    return torch.randn((2, 2, *PATCH), generator=torch.Generator().manual_seed(7))


@pytest.mark.parametrize("fmt", [ONNX, TORCHSCRIPT])
def test_a_3d_export_loads_alone_and_matches_pytorch(
    model: tuple[torch.nn.Module, ModelCard], fmt: str
) -> None:
    description, data = exported(model, fmt)
    x = sample()
    with torch.inference_mode():
        expected = model[0](x).numpy()
    if fmt == ONNX:
        session = onnxruntime.InferenceSession(data, providers=["CPUExecutionProvider"])
        got = session.run(["logits"], {"image": x.numpy()})[0]
    else:
        with torch.inference_mode():
            got = torch.jit.load(io.BytesIO(data), map_location="cpu")(x).numpy()
    assert got.shape == (2, 3, *PATCH)
    np.testing.assert_allclose(got, expected, atol=1e-4, rtol=1e-4)
    assert description["input"]["shape"] == [1, 2, 16, 16, 16]
    assert description["output"]["shape"] == [1, 3, 16, 16, 16]


def test_a_3d_export_json_says_how_to_run_it_over_a_volume(
    model: tuple[torch.nn.Module, ModelCard],
) -> None:
    description, _ = exported(model, ONNX)
    assert description["opset_version"] == check_opset(0)
    assert "S, P, L" in description["input"]["layout"]
    run = description["volume_inference"]
    assert run["patch_size"] == [16, 16, 16] and run["target_spacing"] == [2.0, 0.8, 0.8]
    assert run["sliding_window"]["roi_size"] == [16, 16, 16]
    assert (run["sliding_window"]["overlap"], run["sliding_window"]["mode"]) == (0.5, "gaussian")
    assert run["intensity"] == [dict(rule) for rule in INTENSITY]
    assert set(run["intensity_schemes"]) == {"ct", "zscore"}
    output = description["output"]
    assert output["label_values"] == [0, 1, 3] and output["labels"] == {"3": "tumour"}


def test_export_json_states_the_post_processing_a_consumer_must_apply(
    model: tuple[torch.nn.Module, ModelCard],
) -> None:
    _, card = model
    none = export_description(card, "m3d", ONNX, "model.onnx", 17, "onnxruntime", 0.0, 1e-4)["postprocessing"]
    assert none["required"] is False and none["steps"] == [] and none["summary"].startswith("None")
    chosen = PostProcessing((2,), {"2": {"before": 0.8, "after": 0.9}}, {1: 30}, 3, "chosen on 3")
    described = export_description(
        dataclasses.replace(card, postprocessing=chosen),
        "m3d",
        ONNX,
        "model.onnx",
        17,
        "onnxruntime",
        0.0,
        1e-4,
    )
    pp = described["postprocessing"]
    assert pp["required"] is True and "whole volume" in pp["summary"]
    assert pp["steps"] == [
        "keep only the largest connected component of class 2 (tumour, label value 3), the rest of it "
        "background (class 0)",
        "set every connected component of class 1 (label value 1) smaller than 30 voxels at "
        "target_spacing to background",
    ]
    assert pp["largest_component_classes"] == [2] and pp["min_component_size"] == {"1": 30}
    assert described["volume_inference"]["steps"][-1].startswith("post-process")
