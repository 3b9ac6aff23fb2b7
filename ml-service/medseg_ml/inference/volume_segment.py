"""One volume through a model, and the SegmentVolumeResult other tools open: NIfTI on the input's own
grid, DICOM-SEG for a DICOM series, label volumes and, for a dataset case, its scores."""

from __future__ import annotations

import math
import time
from collections.abc import Callable

import numpy as np
import torch
from torch import nn

from medseg_ml.generated.medseg.v1 import inference_service_pb2 as pb
from medseg_ml.generated.medseg.v1 import volume_pb2
from medseg_ml.inference.card import ModelCard
from medseg_ml.inference.volume_inputs import CASE_FORMAT, VolumeInput, truth_classes
from medseg_ml.inference.volume_predict import Progress, predict_volume
from medseg_ml.metrics.scores import volume_scores
from medseg_ml.metrics.surface import DEFAULT_TOLERANCE
from medseg_ml.volumes.nifti_out import display_to_nifti

# Normalized surface Dice tolerance: evaluation's default, in mm (px for a 2D image).
SURFACE_TOLERANCE = DEFAULT_TOLERANCE
# NIfTI's RGB24 voxel (datatype 128), which NiiVue shows in colour.
RGB24 = np.dtype([("R", "u1"), ("G", "u1"), ("B", "u1")])


def segment_volume(
    network: nn.Module,
    card: ModelCard,
    volume: VolumeInput,
    device: torch.device,
    progress: Progress,
    keep: Callable[[np.ndarray], None] | None = None,
) -> tuple[pb.SegmentVolumeResult, float, float]:
    """Predict `volume` and encode the result; `keep` is handed the (Z, H, W) display-ordered classes.

    Returns:
        The result (timings and model_was_loaded left for the caller), forward ms and encode ms.
    """
    started = time.perf_counter()
    classes = predict_volume(network, card, volume.pixels, volume.spacing, device, progress)
    forward_ms = _ms_since(started)
    if keep is not None:
        keep(classes)
    started = time.perf_counter()
    values = np.asarray(card.label_values, dtype=np.int64)[classes]
    channels, depth, height, width = volume.pixels.shape
    result = pb.SegmentVolumeResult(
        depth=depth,
        height=height,
        width=width,
        channels=channels,
        geometry=volume.grid.to_proto(),
        image_nifti=volume.source_nifti or image_nifti(volume),
        mask_nifti=display_to_nifti(values, volume.grid, is_label=True),
        label_values=card.label_values,
        labels=card.label_names(),
        window_center=volume.window[0],
        window_width=volume.window[1],
        label_voxels=label_voxels(classes, card, volume),
    )
    if volume.is_dicom_series:
        result.dicom_seg = _dicom_seg(values, volume, result.labels)
    if volume.truth is not None:
        result.ground_truth_nifti = display_to_nifti(volume.truth, volume.grid, is_label=True)
        truth = truth_classes(volume.truth, card.label_values)
        result.scores.CopyFrom(scores(classes, truth, card.class_count, volume))
    return result, forward_ms, _ms_since(started)


def image_nifti(volume: VolumeInput) -> bytes:
    """The viewer's image: a colour 2D picture as RGB24, so it looks like itself; else channel 0 (a dataset
    case's other channels are the dataset's own per-channel NIfTIs)."""
    channels, depth = volume.pixels.shape[:2]
    if channels != 3 or depth != 1 or volume.format == CASE_FORMAT:
        return display_to_nifti(volume.pixels[0], volume.grid, is_label=False)
    pixels = volume.pixels
    if pixels.dtype != np.uint8:
        # 16-bit or float colour: one scale for all three channels keeps the hues.
        low, high = float(pixels.min()), float(pixels.max())
        pixels = np.round((pixels - low) * (255 / max(high - low, 1e-12))).astype(np.uint8)
    rgb = np.empty(pixels.shape[1:], dtype=RGB24)
    for c, name in enumerate("RGB"):
        rgb[name] = pixels[c]
    return display_to_nifti(rgb, volume.grid, is_label=False)


def label_voxels(classes: np.ndarray, card: ModelCard, volume: VolumeInput) -> list[volume_pb2.LabelVoxels]:
    """Predicted voxels per foreground label value, and their volume in ml (0 without a spacing)."""
    counts = np.bincount(classes.ravel(), minlength=card.class_count)
    voxel_ml = math.prod(volume.spacing) / 1000 if volume.physical else 0.0
    return [
        volume_pb2.LabelVoxels(value=int(value), voxels=int(counts[i]), volume_ml=float(counts[i]) * voxel_ml)
        for i, value in enumerate(card.label_values)
        if i > 0
    ]


def scores(
    predicted: np.ndarray, truth: np.ndarray, class_count: int, volume: VolumeInput
) -> pb.VolumeScores:
    """The volume's scores by medseg_ml.metrics: surface distances in mm (px for a 2D image)."""
    if volume.physical:
        return volume_scores(predicted, truth, class_count, volume.spacing, SURFACE_TOLERANCE, "mm")
    return volume_scores(predicted, truth, class_count, (1.0, 1.0, 1.0), SURFACE_TOLERANCE, "px")


def _dicom_seg(values: np.ndarray, volume: VolumeInput, labels: list[volume_pb2.LabelName]) -> bytes:
    from medseg_ml.volumes.dicom_seg_out import dicom_seg_bytes

    names = {int(label.value): label.name for label in labels if label.name}
    return dicom_seg_bytes(list(volume.series_files), values, volume.grid, names)


def _ms_since(started: float) -> float:
    return (time.perf_counter() - started) * 1000
