"""A model exported as a MONAI Bundle runs through monai.bundle alone: its config rebuilds the network and
models/model.pt loads into it, giving the PyTorch network's output, and its postprocessing gives MedSeg's
post-processed masks."""

from __future__ import annotations

import dataclasses
import io
import json
import math
import zipfile
from pathlib import Path

import numpy as np
import pytest
import torch
from monai.bundle import ConfigParser
from monai.data import MetaTensor

from medseg_ml.evaluation import monai_bundle
from medseg_ml.evaluation.export import MONAI_BUNDLE, export_model
from medseg_ml.inference.card import ModelCard
from medseg_ml.networks.factory import NetworkSpec, build_network, network_spec
from medseg_ml.postprocessing import PostProcessing

# Largest component of classes 1 and 3, class 2's components under 5 network voxels dropped.
POSTPROCESSING = PostProcessing((1, 3), {}, {2: 5})


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


def planted_mask(shape: tuple[int, ...], scale: float) -> np.ndarray:
    """Class indices of `shape`: class 1 as a cube with a voxel touching only its corner and a far speck,
    class 2 as two lines, one just under the scaled minimum size (5 * scale) and one just over it, class 3
    as two single voxels (equally large components) in opposite corners."""
    mask = np.zeros(shape, dtype=np.int64)
    mask[(0,) * (len(shape) - 1) + (-1,)] = 3
    mask[(-1,) + (0,) * (len(shape) - 1)] = 3
    mask[(slice(1, 5),) * len(shape)] = 1
    mask[(5,) * len(shape)] = 1
    mask[tuple(n - 2 for n in shape)] = 1
    below = int(5 * scale)
    middle = (8,) * (len(shape) - 2)
    mask[(8, *middle, slice(0, below))] = 2
    mask[(10, *middle, slice(0, below + 1))] = 2
    return mask


@pytest.mark.parametrize(
    ("spec", "grid", "shape"),
    [
        (network_spec("unet", in_channels=1, out_channels=4, depth=2, base_channels=4), (32, 32), (45, 51)),
        (
            network_spec("unet_3d", in_channels=1, out_channels=4, depth=2, base_channels=4),
            (9, 11, 13),
            (11, 13, 17),
        ),
    ],
    ids=["2d", "3d"],
)
def test_a_bundle_post_processes_the_class_map_as_medseg_does(
    tmp_path: Path, spec: NetworkSpec, grid: tuple[int, ...], shape: tuple[int, ...]
) -> None:
    network = build_network(spec).eval()
    dims = len(grid)
    card = (
        ModelCard(spec, (0, 1, 2, 3), 1, 32, postprocessing=POSTPROCESSING)
        if dims == 2
        else ModelCard(
            spec,
            (0, 1, 2, 3),
            1,
            0,
            spatial_dims=3,
            patch_size=(16, 16, 8),
            target_spacing=(2.0, 1.0, 1.0),
            intensity=({"channel": 0, "scheme": "zscore"},),
            postprocessing=POSTPROCESSING,
        )
    )
    result = export_model(network, card, json.dumps({"network": spec.to_dict()}), "m-p", MONAI_BUNDLE, 0)
    with zipfile.ZipFile(io.BytesIO(result.bundle)) as bundle:
        bundle.extractall(tmp_path)
    metadata_json = json.loads((tmp_path / "configs/metadata.json").read_text())
    assert set(metadata_json["optional_packages_version"]) == {"nibabel", "scipy"}
    parser = ConfigParser()
    parser.read_config(str(tmp_path / "configs/inference.json"))
    transforms = parser.get_parsed_content("postprocessing").transforms
    names = [type(t).__name__ for t in transforms]
    assert names == ["Activationsd", "Invertd", "AsDiscreted", "Lambda", "Lambda", "Lambda", "SaveImaged"]

    # After Invertd the argmax is at the case's own grid (`shape`); `image` is still on the network's.
    scale = math.prod(shape) / math.prod(grid)
    mask = planted_mask(shape, scale)
    item = {
        "image": MetaTensor(torch.zeros((1, *grid))),
        "pred": MetaTensor(torch.as_tensor(mask[None], dtype=torch.float32)),
    }
    for transform in transforms[3:-1]:
        item = transform(item)
    assert isinstance(item["pred"], MetaTensor), "SaveImaged still finds the case's metadata"
    bundled = item["pred"][0].numpy().astype(np.int64)

    expected = POSTPROCESSING.apply(mask, mask.size / math.prod(grid))
    np.testing.assert_array_equal(bundled, expected)
    # Not vacuous: the far speck and the short line went, the corner voxel (full connectivity) stayed, the
    # first of class 3's equal components stayed, and the sizes were scaled (unscaled, both lines are over 5).
    assert expected[tuple(n - 2 for n in shape)] == 0 and expected[(5,) * dims] == 1
    assert expected[(0,) * (dims - 1) + (-1,)] == 3 and (expected == 3).sum() == 1
    assert (expected == 2).sum() == int(5 * scale) + 1
    assert not np.array_equal(expected, POSTPROCESSING.apply(mask))


def test_a_card_without_post_processing_gives_the_config_it_gave_before() -> None:
    spec = network_spec("unet", in_channels=1, out_channels=4, depth=2, base_channels=4)
    plain = ModelCard(spec, (0, 1, 2, 3), 1, 32)
    processed = dataclasses.replace(plain, postprocessing=POSTPROCESSING)
    before, after = monai_bundle.inference_config(plain), monai_bundle.inference_config(processed)
    assert [t["_target_"] for t in before["postprocessing"]["transforms"]] == [
        "Activationsd",
        "Invertd",
        "AsDiscreted",
        "SaveImaged",
    ]
    assert before["imports"] == ["$import collections", "$import glob", "$import os"]
    assert "class_components" not in before
    assert set(monai_bundle.metadata(plain, "m")["optional_packages_version"]) == {"nibabel"}
    # The post-processing only adds: its import, its helpers and its three steps.
    for helper in ("class_components", "drop_voxels", "keep_largest_component", "remove_small_components"):
        del after[helper]
    del after["postprocessing"]["transforms"][3:6]
    after["imports"].pop()
    assert after == before
