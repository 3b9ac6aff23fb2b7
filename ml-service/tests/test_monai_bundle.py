"""A model exported as a MONAI Bundle runs through monai.bundle alone: its config rebuilds the network and
models/model.pt loads into it, giving the PyTorch network's output."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import torch
from monai.bundle import ConfigParser

from medseg_ml.evaluation.export import MONAI_BUNDLE, export_model
from medseg_ml.inference.card import ModelCard
from medseg_ml.networks.factory import build_network, network_spec


def test_a_monai_bundle_rebuilds_the_network_with_its_weights(tmp_path: Path) -> None:
    torch.manual_seed(0)
    spec = network_spec("unet", in_channels=1, out_channels=3, depth=3, base_channels=4)
    network = build_network(spec).eval()
    card = ModelCard(spec, (0, 1, 4), 1, 32)
    card_json = json.dumps({"network": spec.to_dict()})
    result = export_model(network, card, card_json, "m-1", MONAI_BUNDLE, 0)
    with zipfile.ZipFile(io.BytesIO(result.bundle)) as bundle:
        assert sorted(bundle.namelist()) == [
            "configs/inference.json",
            "configs/metadata.json",
            "docs/README.md",
            "models/model.json",
            "models/model.pt",
            "models/model.ts",
        ]
        bundle.extractall(tmp_path)

    metadata = json.loads((tmp_path / "configs/metadata.json").read_text())
    for key in ("version", "monai_version", "pytorch_version", "network_data_format"):
        assert key in metadata
    image = metadata["network_data_format"]["inputs"]["image"]
    assert (
        image["num_channels"] == 1 and image["spatial_shape"] == [32, 32] and image["value_range"] == [0, 1]
    )
    pred = metadata["network_data_format"]["outputs"]["pred"]
    assert pred["num_channels"] == 3 and pred["channel_def"] == {
        "0": "background",
        "1": "label 1",
        "2": "label 4",
    }

    parser = ConfigParser()
    parser.read_config(str(tmp_path / "configs/inference.json"))
    assert parser["inferer"]["_target_"] == "SimpleInferer"
    scaling = next(t for t in parser["preprocessing"]["transforms"] if "Percentiles" in t["_target_"])
    assert (scaling["lower"], scaling["upper"], scaling["b_min"], scaling["b_max"]) == (1.0, 99.0, 0.0, 1.0)
    for part in ("preprocessing", "inferer", "postprocessing"):
        assert parser.get_parsed_content(part) is not None, f"{part} instantiates from MONAI alone"
    rebuilt = parser.get_parsed_content("network_def")
    rebuilt.load_state_dict(torch.load(tmp_path / "models/model.pt", weights_only=True))
    x = torch.rand((2, 1, 32, 32), generator=torch.Generator().manual_seed(3))
    with torch.inference_mode():
        torch.testing.assert_close(rebuilt.eval()(x), network(x))
        scripted = torch.jit.load(str(tmp_path / "models/model.ts"))
        torch.testing.assert_close(scripted(x), network(x), atol=1e-5, rtol=1e-4)
    assert result.file_name == "models/model.ts" and result.max_abs_difference <= 1e-4


def test_a_3d_bundle_slides_the_card_patch_over_volumes_prepared_as_in_training(tmp_path: Path) -> None:
    torch.manual_seed(1)
    spec = network_spec("unet_3d", in_channels=1, out_channels=2, depth=2, base_channels=4)
    network = build_network(spec).eval()
    card = ModelCard(
        spec, (0, 1), 1, 0, 3, (16, 16, 8), (2.0, 1.0, 1.0), ({"channel": 0, "scheme": "zscore"},)
    )
    result = export_model(network, card, json.dumps({"network": spec.to_dict()}), "m-3", MONAI_BUNDLE, 0)
    with zipfile.ZipFile(io.BytesIO(result.bundle)) as bundle:
        bundle.extractall(tmp_path)
    parser = ConfigParser()
    parser.read_config(str(tmp_path / "configs/inference.json"))
    inferer = parser.get_parsed_content("inferer")
    assert type(inferer).__name__ == "SlidingWindowInferer" and tuple(inferer.roi_size) == (16, 16, 8)
    targets = [t["_target_"] for t in parser["preprocessing"]["transforms"]]
    assert targets[2:5] == ["Orientationd", "NormalizeIntensityd", "Spacingd"]
    assert parser["preprocessing"]["transforms"][4]["pixdim"] == [2.0, 1.0, 1.0]
    rebuilt = parser.get_parsed_content("network_def")
    rebuilt.load_state_dict(torch.load(tmp_path / "models/model.pt", weights_only=True))
    x = torch.rand((1, 1, 16, 16, 8), generator=torch.Generator().manual_seed(4))
    with torch.inference_mode():
        torch.testing.assert_close(rebuilt.eval()(x), network(x))
    metadata = json.loads((tmp_path / "configs/metadata.json").read_text())
    assert metadata["network_data_format"]["inputs"]["image"]["spatial_shape"] == [16, 16, 8]


def test_a_bundle_of_a_network_with_a_1x1_head_rebuilds_body_and_head(tmp_path: Path) -> None:
    torch.manual_seed(2)
    spec = network_spec("unet", in_channels=1, out_channels=6, depth=2, base_channels=4)
    assert spec.head is not None
    network = build_network(spec).eval()
    card = ModelCard(spec, tuple(range(6)), 1, 16)
    result = export_model(network, card, json.dumps({"network": spec.to_dict()}), "m-h", MONAI_BUNDLE, 0)
    with zipfile.ZipFile(io.BytesIO(result.bundle)) as bundle:
        bundle.extractall(tmp_path)
    parser = ConfigParser()
    parser.read_config(str(tmp_path / "configs/inference.json"))
    assert parser["network_body"]["out_channels"] == 4 and parser["network_head"]["out_channels"] == 6
    rebuilt = parser.get_parsed_content("network_def")
    rebuilt.load_state_dict(torch.load(tmp_path / "models/model.pt", weights_only=True), strict=True)
    assert parser.get_parsed_content("network") is not None, "the config's network moves it to its device"
    x = torch.rand((2, 1, 16, 16), generator=torch.Generator().manual_seed(6))
    with torch.inference_mode():
        torch.testing.assert_close(rebuilt.eval()(x), network(x))
    metadata = json.loads((tmp_path / "configs/metadata.json").read_text())
    assert metadata["description"] == "A MONAI UNet with a 1x1 output head trained with MedSeg"
    assert metadata["network_data_format"]["outputs"]["pred"]["num_channels"] == 6
