"""The post-processing a trained model keeps: its best weights predict the held-out validation cases once
more, and postprocessing.choose_postprocessing keeps what raises their Dice.

A 2D model decides per validation slice at input_size, each slice a case whether it is a 2D image or a
slice of a volume, because inference post-processes a 2D model's every slice on its own. Its training
slices join the decision (evenly spaced ones, up to TRAINING_CASE_PIXELS), so that the slices without
foreground a held-out block may lack are seen; validation keeps its veto (postprocessing.py). unet_3d
decides per validation volume at the training spacing, stitched by the sliding window its validation
and inference use; sliding over every training volume as well would cost as much as an epoch.
"""

from __future__ import annotations

import threading

import numpy as np
import torch
from torch import nn

from medseg_ml.inference.sliding_window import window_logits
from medseg_ml.job import Cancelled
from medseg_ml.postprocessing import PostProcessing, choose_postprocessing
from medseg_ml.preprocessing import class_indices
from medseg_ml.training.batches import batch_bounds, take_batch
from medseg_ml.training.epoch_source import EpochSource, SliceSource
from medseg_ml.training.records import StateDict
from medseg_ml.training.volume_source import VolumeSource

# Predicted and true masks of the training slices that join the decision are held at once (uint8 below
# 256 classes): at most this many pixels of each, 64 MiB at one byte per pixel.
TRAINING_CASE_PIXELS = 64 * 2**20


def validation_cases(source: EpochSource) -> tuple[int, str]:
    """How many validation cases the choice is made on, and what they are ("slices", "volume", ...)."""
    if isinstance(source, VolumeSource):
        count, what = len(source.val), "volume"
    elif isinstance(source, SliceSource):
        count, what = len(source.val_rows), "slice"
    else:
        raise TypeError(f"no validation cases for post-processing in a {type(source).__name__}")
    return count, what if count == 1 else f"{what}s"


def choose_on_validation(
    network: nn.Module,
    weights: StateDict,
    source: EpochSource,
    class_count: int,
    device: torch.device,
    cancel: threading.Event,
) -> PostProcessing:
    """Load `weights` (the best epoch's) into `network` and choose its post-processing on the source's
    validation cases; none, saying why, when there are none.

    Raises:
        Cancelled: `cancel` was set; checked between batches, volumes and classes.
    """
    count, what = validation_cases(source)
    if count == 0:
        return PostProcessing.none("not chosen: there are no validation cases")
    network.load_state_dict(weights)
    network.to(device).eval()
    with torch.inference_mode():
        if isinstance(source, VolumeSource):
            predictions, references = _volumes(network, source, device, cancel)
            note = f"chosen on {count} validation {what} at the training spacing"
            return choose_postprocessing(predictions, references, class_count, note=note, cancel=cancel)
        assert isinstance(source, SliceSource)
        predictions, references = _slices(network, source, source.val_rows, device, cancel)
        rows = training_rows(source)
        training_predictions, training_references = _slices(network, source, rows, device, cancel)
    size = source.data.images.shape[-1]
    note = f"chosen on {count} validation {what} at {size}x{size}, each on its own"
    if len(rows):
        note += f", with {len(rows)} training slice{'s' if len(rows) != 1 else ''} as further evidence"
    return choose_postprocessing(
        predictions,
        references,
        class_count,
        note=note,
        cancel=cancel,
        training_predictions=training_predictions,
        training_references=training_references,
    )


def training_rows(source: SliceSource) -> torch.Tensor:
    """The training rows that join the decision: all of them, or evenly spaced ones within
    TRAINING_CASE_PIXELS."""
    rows = source.train_rows
    side = source.data.images.shape[-1]
    most = max(1, TRAINING_CASE_PIXELS // (side * side))
    if len(rows) <= most:
        return rows
    picks = torch.linspace(0, len(rows) - 1, most).round().long()
    return rows[picks]


def _slices(
    network: nn.Module, source: SliceSource, rows: torch.Tensor, device: torch.device, cancel: threading.Event
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Predicted and true (S, S) classes of each row, as validation predicts them."""
    amp = device.type == "cuda"
    predictions: list[np.ndarray] = []
    references: list[np.ndarray] = []
    # The dataset's own mask dtype (uint8 below 256 classes): every slice is held at once.
    dtype = source.data.masks.dtype
    for start, end in batch_bounds(len(rows), source.batch_size):
        if cancel.is_set():
            raise Cancelled()
        images, masks = take_batch(source.data, rows[start:end], device)
        with torch.autocast(device.type, dtype=torch.float16, enabled=amp):
            logits = network(images)
        predictions.extend(class_indices(logits).to(dtype).cpu().numpy())
        references.extend(masks.to(dtype).cpu().numpy())
    return predictions, references


def _volumes(
    network: nn.Module, source: VolumeSource, device: torch.device, cancel: threading.Event
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Predicted classes of each validation volume at the training spacing, and its cached true mask."""
    predictions: list[np.ndarray] = []
    references: list[np.ndarray] = []
    for case in source.val:
        if cancel.is_set():
            raise Cancelled()
        x = torch.from_numpy(np.array(case.image))
        case.release()
        logits = window_logits(network, x, source.patch_size, device)
        classes = class_indices(logits[None])[0].cpu().numpy()
        predictions.append(classes.astype(case.mask.dtype))
        # The cache's memory-map: read while choosing, without a copy in RAM per volume.
        references.append(case.mask)
    return predictions, references
