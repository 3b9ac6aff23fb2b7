"""A model as a MONAI Bundle (https://docs.monai.io/en/stable/mb_specification.html), which MONAI Label and
MONAI Deploy load: configs/metadata.json, configs/inference.json, models/model.pt (state_dict),
models/model.ts (TorchScript) and docs/README.md.

One piece on purpose: metadata, inference.json and the README describe one network and one preprocessing,
and each must say what the others do; split, they would be kept in step by hand. The post-processing,
which only adds to them, has its own module.

inference.json rebuilds the network from the same MONAI class and arguments the card names (and its 1x1
head: networks/factory.py), and prepares images as training did (medseg_ml/preprocessing.py: 8-bit 2D
images divided by 255, or each image's 1st..99th percentile to [0, 1], as the card says; 2D images
resized to the input size), so `monai.bundle` runs the model without MedSeg's code.

Its postprocessing applies the card's learned post-processing after the argmax
(monai_bundle_postprocessing.py).
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Mapping
from datetime import UTC, datetime
from importlib.metadata import version
from typing import Any

import numpy as np
import torch
from torch import nn

from medseg_ml.evaluation.monai_bundle_postprocessing import (
    component_helpers,
    learned_postprocessing,
    postprocessing_packages,
    readme_postprocessing,
)
from medseg_ml.inference.card import ModelCard
from medseg_ml.preprocessing import SLICE_NORMALIZATIONS
from medseg_ml.version import MONAI_VERSION

BUNDLE_VERSION = "0.1.0"
METADATA_SCHEMA = (
    "https://github.com/Project-MONAI/MONAI-extra-test-data/releases/download/0.8.1/meta_schema_20220324.json"
)
FILE_NAME = "monai_bundle.zip"
NIBABEL_VERSION = version("nibabel")


def bundle_zip(
    network: nn.Module, card: ModelCard, card_json: str, model_id: str, torchscript: bytes
) -> bytes:
    """The bundle's files, zipped with configs/, models/ and docs/ at the top.

    Args:
        network: a CPU float copy in eval mode; its state_dict becomes models/model.pt.
        torchscript: the verified TorchScript of the same network (models/model.ts).
    """
    weights = io.BytesIO()
    torch.save({k: v.detach().cpu() for k, v in network.state_dict().items()}, weights)
    files = {
        "configs/metadata.json": json.dumps(metadata(card, model_id), indent=2),
        "configs/inference.json": json.dumps(inference_config(card), indent=2),
        "models/model.pt": weights.getvalue(),
        "models/model.ts": torchscript,
        "models/model.json": card_json,
        "docs/README.md": _readme(card, model_id),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        for path, data in files.items():
            bundle.writestr(path, data)
    return buffer.getvalue()


def _label_names(card: ModelCard) -> dict[str, str]:
    """Class index -> name; "label <value>" where the model names none."""
    names = {"0": "background"}
    for i, label in enumerate(card.label_names(), start=1):
        names[str(i)] = label.name or f"label {label.value}"
    return names


def metadata(card: ModelCard, model_id: str) -> dict[str, Any]:
    """configs/metadata.json, with the fields the MONAI bundle schema requires."""
    dims, shape = card.spatial_dims, list(card.spatial_shape)
    channel = {"is_patch_data": dims == 3, "spatial_shape": shape, "dtype": "float32"}
    return {
        "schema": METADATA_SCHEMA,
        "version": BUNDLE_VERSION,
        "changelog": {BUNDLE_VERSION: f"exported by MedSeg from model {model_id}"},
        "monai_version": MONAI_VERSION,
        "pytorch_version": str(torch.__version__).split("+")[0],
        "numpy_version": np.__version__,
        # LoadImaged reads NIfTI with nibabel, which is not one of MONAI's own requirements.
        "optional_packages_version": {"nibabel": NIBABEL_VERSION} | postprocessing_packages(card),
        "name": f"MedSeg model {model_id}",
        "task": f"{dims}D segmentation",
        "description": f"A MONAI {_class_words(card, short=True)} trained with MedSeg",
        "authors": "MedSeg",
        "copyright": "The model's owner",
        "network_data_format": {
            "inputs": {
                "image": {
                    **channel,
                    "type": "image",
                    "format": "magnitude",
                    "modality": "unknown",
                    "num_channels": card.channels,
                    "value_range": [0, 1],
                    "channel_def": {str(c): f"channel {c}" for c in range(card.channels)},
                }
            },
            "outputs": {
                "pred": {
                    **channel,
                    "type": "image",
                    "format": "segmentation",
                    "num_channels": card.class_count,
                    "value_range": [0, 1],
                    "channel_def": _label_names(card),
                }
            },
        },
        "labels": _label_names(card),
        "label_values": list(card.label_values),
    }


def inference_config(card: ModelCard) -> dict[str, Any]:
    """configs/inference.json: `python -m monai.bundle run --config_file configs/inference.json` segments
    every NIfTI in `dataset_dir` into `output_dir` (class indices; `label_values` in metadata.json maps
    them back to label values)."""
    dims, shape = card.spatial_dims, list(card.spatial_shape)
    n = SLICE_NORMALIZATIONS[card.normalization]
    image = ["image"]
    transforms: list[dict[str, Any] | None] = [
        {"_target_": "LoadImaged", "keys": image},
        {"_target_": "EnsureChannelFirstd", "keys": image},
    ]
    if dims == 3:
        # MedSeg's display order (slice, row, column) is nibabel's S, P, L: the order the network saw.
        transforms.append({"_target_": "Orientationd", "keys": image, "axcodes": "SPL"})
        # Normalized at the case's own spacing, then resampled: the order training used (preprocessing.py).
        transforms += [*_volume_intensity(card), _spacing(card)]
    else:
        transforms += [
            _slice_intensity(n),
            {"_target_": "RepeatChanneld", "keys": image, "repeats": 3} if card.channels == 3 else None,
            {
                "_target_": "Resized",
                "keys": image,
                "spatial_size": shape,
                "mode": "bilinear",
                "anti_aliasing": True,
            },
        ]
    transforms.append({"_target_": "EnsureTyped", "keys": image, "dtype": "$torch.float32"})
    inferer: dict[str, Any] = (
        {
            "_target_": "SlidingWindowInferer",
            "roi_size": shape,
            "sw_batch_size": 1,
            "overlap": 0.5,
            "mode": "gaussian",
        }
        if dims == 3
        else {"_target_": "SimpleInferer"}
    )
    imports = ["$import collections", "$import glob", "$import os"]
    helpers = component_helpers(card)
    if helpers:
        imports.append("$from scipy import ndimage")
    return {
        "imports": imports,
        "bundle_root": ".",
        "output_dir": "$@bundle_root + '/eval'",
        "dataset_dir": "/workspace/data",
        "datalist": "$list(sorted(glob.glob(@dataset_dir + '/*.nii*')))",
        "device": "$torch.device('cuda:0' if torch.cuda.is_available() else 'cpu')",
        **_network_def(card),
        "network": "$@network_def.to(@device)",
        "preprocessing": {"_target_": "Compose", "transforms": [t for t in transforms if t is not None]},
        **helpers,
        "dataset": {
            "_target_": "Dataset",
            "data": "$[{'image': i} for i in @datalist]",
            "transform": "@preprocessing",
        },
        "dataloader": {"_target_": "DataLoader", "dataset": "@dataset", "batch_size": 1, "num_workers": 0},
        "inferer": inferer,
        "postprocessing": {
            "_target_": "Compose",
            "transforms": [
                {"_target_": "Activationsd", "keys": "pred", "softmax": True},
                {
                    "_target_": "Invertd",
                    "keys": "pred",
                    "transform": "@preprocessing",
                    "orig_keys": "image",
                    "nearest_interp": False,
                    "to_tensor": True,
                },
                {"_target_": "AsDiscreted", "keys": "pred", "argmax": True},
                *learned_postprocessing(card),
                {
                    "_target_": "SaveImaged",
                    "keys": "pred",
                    "output_dir": "@output_dir",
                    "separate_folder": False,
                },
            ],
        },
        "handlers": [
            {
                "_target_": "CheckpointLoader",
                "load_path": "$@bundle_root + '/models/model.pt'",
                "load_dict": {"model": "@network"},
            },
        ],
        "evaluator": {
            "_target_": "SupervisedEvaluator",
            "device": "@device",
            "val_data_loader": "@dataloader",
            "network": "@network",
            "inferer": "@inferer",
            "postprocessing": "@postprocessing",
            "val_handlers": "@handlers",
        },
        "initialize": ["$monai.utils.set_determinism(seed=0)"],
        "run": ["$@evaluator.run()"],
    }


def _network_def(card: ModelCard) -> dict[str, Any]:
    """`network_def` builds the module whose state_dict is models/model.pt (build_network's names)."""
    spec = card.network
    body = {"_target_": spec.class_name, **spec.kwargs}
    if spec.head is None:
        return {"network_def": body}
    # nn.Sequential takes its modules positionally, ConfigParser gives keywords only: an expression builds it.
    head = {"_target_": spec.head_class_name, **spec.head, "kernel_size": 1}
    sequential = "$torch.nn.Sequential(collections.OrderedDict(body=@network_body, head=@network_head))"
    return {"network_body": body, "network_head": head, "network_def": sequential}


def _class_words(card: ModelCard, short: bool = False) -> str:
    name = card.network.class_name.rsplit(".", 1)[-1] if short else f"`{card.network.class_name}`"
    return name + (" with a 1x1 output head" if card.network.head is not None else "")


def _spacing(card: ModelCard) -> dict[str, Any] | None:
    """Resampling to the card's target spacing (Orientationd "SPL" made the axes (slice, row, column))."""
    target = card.target_spacing
    if not target or not any(target):
        return None
    return {
        "_target_": "Spacingd",
        "keys": ["image"],
        "pixdim": [float(v) for v in target],
        "mode": "bilinear",
    }


def _volume_intensity(card: ModelCard) -> list[dict[str, Any]]:
    """unet_3d's per-channel normalization (preprocessing.intensity_plan) as MONAI transforms: a CT channel
    is clipped to its foreground percentiles and standardized (one linear map), others z-scored."""
    rules = list(card.intensity)
    if len(rules) == 1 and rules[0].get("scheme") == "ct":
        low, high = (float(v) for v in rules[0]["clip"])
        mean, std = float(rules[0]["mean"]), float(rules[0]["std"])
        return [
            {
                "_target_": "ScaleIntensityRanged",
                "keys": ["image"],
                "a_min": low,
                "a_max": high,
                "b_min": (low - mean) / std,
                "b_max": (high - mean) / std,
                "clip": True,
            }
        ]
    # z-score per channel over the whole case (a multi-channel case with CT channels is z-scored too).
    return [{"_target_": "NormalizeIntensityd", "keys": ["image"], "channel_wise": True}]


def _readme(card: ModelCard, model_id: str) -> str:
    dims, shape = card.spatial_dims, list(card.spatial_shape)
    names = _label_names(card)
    pairs = zip(names.items(), card.label_values, strict=True)
    labels = "\n".join(f"- class {i}: {name} (label value {v})" for (i, name), v in pairs)
    return (
        f"# MedSeg model {model_id}\n\n"
        f"A {dims}D MONAI {_class_words(card)} exported by MedSeg on "
        f"{datetime.now(UTC).strftime('%Y-%m-%d')}.\n\n"
        "## Files\n\n"
        "- `configs/inference.json`: the network, preprocessing as in training, the inferer "
        f"({'SlidingWindowInferer, Gaussian, overlap 0.5' if dims == 3 else 'SimpleInferer'}).\n"
        "- `models/model.pt`: the weights (a state_dict); `models/model.ts`: TorchScript.\n"
        "- `models/model.json`: MedSeg's model card.\n\n"
        "## Input and output\n\n"
        f"Input: {card.channels} channel(s), {'x'.join(map(str, shape))}, float32 {_readme_scaling(card)}. "
        "Output: the network's softmax over the classes; the bundle saves each voxel's class index "
        "(the argmax, post-processed as below):\n\n"
        f"{labels}\n\n"
        f"{readme_postprocessing(card)}"
        "Run: `python -m monai.bundle run --config_file configs/inference.json --dataset_dir <folder>` "
        "(with `pip install 'monai[fire,ignite,nibabel]'`: the command line, its evaluator and NIfTI).\n"
    )


def _readme_scaling(card: ModelCard) -> str:
    if card.spatial_dims == 3:
        return (
            "patches of the volume resampled to the target spacing, each channel normalized as in "
            "training (see the preprocessing in configs/inference.json and models/model.json)"
        )
    if "eight_bit" in SLICE_NORMALIZATIONS[card.normalization]:
        return "in [0, 1]: 8-bit images divided by 255"
    return "in [0, 1] after the per-image 1st..99th percentile scaling"


def _slice_intensity(n: Mapping[str, Any]) -> dict[str, Any]:
    """A 2D card's normalization as one MONAI transform; a bundle takes the images its model was trained
    on, so an 8-bit model's inputs are taken to be 8-bit (0..255)."""
    if "eight_bit" in n:
        return {
            "_target_": "ScaleIntensityRanged",
            "keys": ["image"],
            "a_min": 0.0,
            "a_max": 255.0,
            "b_min": n["range"][0],
            "b_max": n["range"][1],
            "clip": n["clip"],
        }
    return {
        "_target_": "ScaleIntensityRangePercentilesd",
        "keys": ["image"],
        "lower": n["low_percentile"],
        "upper": n["high_percentile"],
        "b_min": n["range"][0],
        "b_max": n["range"][1],
        "clip": n["clip"],
    }
