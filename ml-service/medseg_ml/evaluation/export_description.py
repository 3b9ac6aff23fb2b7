"""export.json: what an exported TorchScript or ONNX file takes and gives, how to prepare its input as
training did, and the post-processing training chose for its class map, so it runs without MedSeg and
gives MedSeg's masks (a 2D model per image, a unet_3d by sliding window over a volume).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import torch

from medseg_ml.inference.card import ModelCard
from medseg_ml.inference.sliding_window import OVERLAP
from medseg_ml.postprocessing import MIN_SIZE_UNIT
from medseg_ml.preprocessing import SLICE_NORMALIZATIONS, VOLUME_INPUT_NORMALIZATION
from medseg_ml.version import ONNX_VERSION, ONNXRUNTIME_VERSION

ONNX = "onnx"
INPUT_NAME = "image"
OUTPUT_NAME = "logits"
# The check input: fixed, so every export of a model is checked alike.
CHECK_SEED = 0


def export_description(
    card: ModelCard,
    model_id: str,
    fmt: str,
    file_name: str,
    opset: int,
    runtime: str,
    difference: float,
    tolerance: float,
) -> dict[str, Any]:
    """export.json of an exported model, checked by `runtime` to `difference` (at most `tolerance`)."""
    shape = list(card.spatial_shape)
    description: dict[str, Any] = {
        "format": fmt,
        "file": file_name,
        "opset_version": opset if fmt == ONNX else None,
        "input": {
            "name": INPUT_NAME,
            "shape": [1, card.channels, *shape],
            "dtype": "float32",
            "normalization": _normalization(card),
        },
        "output": {
            "name": OUTPUT_NAME,
            "shape": [1, card.class_count, *shape],
            "activation": "softmax over dim 1",
            "label_values": list(card.label_values),
            "labels": {str(label.value): label.name for label in card.label_names() if label.name},
        },
        "postprocessing": postprocessing_description(card),
        "dynamic_axes": {INPUT_NAME: {"0": "batch"}, OUTPUT_NAME: {"0": "batch"}},
        "verification": {
            "runtime": runtime,
            "max_abs_difference": difference,
            "tolerance": tolerance,
            "input": f"uniform [0, 1) from torch seed {CHECK_SEED}, batch 1 and 2",
        },
        "model_id": model_id,
        "created_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z",
        "versions": {
            "torch": str(torch.__version__),
            "onnx": ONNX_VERSION,
            "onnxruntime": ONNXRUNTIME_VERSION,
        },
    }
    if card.spatial_dims == 3:
        description["input"]["layout"] = _LAYOUT_3D
        description["volume_inference"] = _volume_inference(card)
    return description


_LAYOUT_3D = (
    "(batch, channel, slice, row, column): the volume in display order, nibabel axis codes S, P, L "
    "(nib.as_closest_canonical(img) reversed: array.transpose(2, 1, 0)[:, ::-1, ::-1])"
)


def _normalization(card: ModelCard) -> str:
    if card.spatial_dims == 3:
        return (
            "per channel as volume_inference.intensity says, at the volume's own spacing; then resample "
            "to volume_inference.target_spacing (trilinear, align_corners=False)"
        )
    n, size = SLICE_NORMALIZATIONS[card.normalization], card.input_size
    stretch = (
        f"map the image's {n['low_percentile']:g}th..{n['high_percentile']:g}th percentile to [0, 1] and clip"
    )
    scale = f"8-bit images: divide by 255; images of other types: {stretch}" if "eight_bit" in n else stretch
    return (
        f"{scale}; gray repeated to 3 channels or RGB averaged to 1 as the model needs; "
        f"resize to {size}x{size} bilinear (align_corners=False, antialias=True)"
    )


def _volume_inference(card: ModelCard) -> dict[str, Any]:
    """How a unet_3d segments a whole volume (inference/sliding_window.py), step by step."""
    spacing = [float(v) for v in card.target_spacing]
    return {
        "patch_size": list(card.spatial_shape),
        "target_spacing": spacing,
        "target_spacing_note": "mm per (slice, row, column); all zeros = keep the volume's own spacing",
        "intensity": [dict(rule) for rule in card.intensity],
        "intensity_schemes": {
            "ct": VOLUME_INPUT_NORMALIZATION["ct"] + " (clip, mean and std given in the rule)",
            "zscore": VOLUME_INPUT_NORMALIZATION["zscore"],
        },
        "sliding_window": {
            "function": "monai.inferers.sliding_window_inference",
            "roi_size": list(card.spatial_shape),
            "overlap": OVERLAP,
            "mode": "gaussian",
            "padding": "volumes smaller than the patch are padded (constant 0) by MONAI",
        },
        "steps": [
            "reorder the volume to (channel, slice, row, column) as input.layout says",
            "normalize each channel by its intensity rule",
            "resample to target_spacing (trilinear), unless it is all zeros",
            "slide the patch over it (sliding_window), softmax over dim 1, argmax: class indices",
            "resample the class map back to the volume's shape (nearest); class i is label_values[i]",
            "post-process the class map of the whole volume as postprocessing says",
        ],
    }


def postprocessing_description(card: ModelCard) -> dict[str, Any]:
    """The filters training chose on validation (postprocessing.py), which every MedSeg mask has had: for
    export.json, and for any other export that must say how to apply them."""
    chosen = card.postprocessing
    names = {i: _class_name(card, i) for i in range(1, card.class_count)}
    side = card.input_size
    unit = "voxels at target_spacing" if card.spatial_dims == 3 else f"pixels at {side}x{side}"
    where = (
        "on the class map of the whole volume"
        if card.spatial_dims == 3
        else "on each image's class map on its own (a volume's slices one by one)"
    )
    steps = [
        f"keep only the largest connected component of {names[c]}, the rest of it background (class 0)"
        for c in chosen.largest_component_classes
    ] + [
        f"set every connected component of {names[c]} smaller than {size} {unit} to background"
        for c, size in sorted(chosen.min_component_size.items())
    ]
    return {
        "required": not chosen.is_none,
        "summary": (
            f"Apply {where}, after the argmax, in this order; MedSeg applies it to every automatic mask, "
            "its evaluations score the result, and a consumer must apply it too to get the same masks."
            if steps
            else "None: no filter raised a class's validation Dice, or none was chosen (note says why)."
        ),
        "steps": steps,
        "largest_component_classes": list(chosen.largest_component_classes),
        "min_component_size": {str(c): s for c, s in sorted(chosen.min_component_size.items())},
        "min_component_size_unit": MIN_SIZE_UNIT,
        "connectivity": (
            "faces, edges and corners: scipy.ndimage.label with "
            f"generate_binary_structure({card.spatial_dims}, {card.spatial_dims}); "
            f"monai.transforms.KeepLargestConnectedComponent(connectivity={card.spatial_dims})"
        ),
        "validation_dice": {k: dict(v) for k, v in chosen.validation_dice.items()},
        "note": chosen.note,
    }


def _class_name(card: ModelCard, index: int) -> str:
    value = card.label_values[index]
    name = next((label.name for label in card.label_names() if label.value == value and label.name), "")
    return f"class {index} ({name + ', ' if name else ''}label value {value})"
