"""SegmentVolume's work, all of it blocking (run in a worker thread): decode the input whole, predict it,
encode the result with its timings."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import torch

from medseg_ml.datasets.limits import ArchiveLimits
from medseg_ml.generated.medseg.v1 import inference_service_pb2 as pb
from medseg_ml.inference.card import ModelCard
from medseg_ml.inference.models import LoadedModel
from medseg_ml.inference.recent_results import RecentResults, result_key
from medseg_ml.inference.segment import InputError
from medseg_ml.inference.volume_inputs import VolumeInput, case_volume, upload_volume
from medseg_ml.inference.volume_predict import Progress
from medseg_ml.inference.volume_segment import segment_volume


def run_volume(
    request: pb.SegmentVolumeRequest,
    model: LoadedModel,
    card: ModelCard,
    device: torch.device,
    work_dir: Path,
    progress: Progress,
    recent: RecentResults | None = None,
) -> pb.SegmentVolumeResult:
    """Segment the request's upload or dataset case once; its classes are left in `recent` for a
    session opened on the same image next (inference/recent_results.py).

    Raises:
        InputError: the input cannot be read or cannot go through this model.
        StorageError: a shard of the dataset case could not be fetched.
    """
    started = time.perf_counter()
    limits = ArchiveLimits.from_proto(request.limits)
    kind = request.WhichOneof("input")
    if kind not in ("upload", "dataset_case"):
        raise InputError("Set the input: upload or dataset_case")
    keep = None if recent is None else functools.partial(recent.put, result_key(request))
    if kind == "upload":
        with upload_volume(request.upload, limits, work_dir) as volume:
            return _run(volume, model, card, device, progress, started, keep)
    volume = case_volume(request.dataset_case, limits.max_pixels_per_slice, work_dir)
    return _run(volume, model, card, device, progress, started, keep)


def _run(
    volume: VolumeInput,
    model: LoadedModel,
    card: ModelCard,
    device: torch.device,
    progress: Progress,
    started: float,
    keep: Callable[[np.ndarray], None] | None,
) -> pb.SegmentVolumeResult:
    decode_ms = (time.perf_counter() - started) * 1000
    result, forward_ms, encode_ms = segment_volume(model.network, card, volume, device, progress, keep)
    result.model_was_loaded = model.was_loaded
    result.timings.CopyFrom(
        pb.SegmentTimings(
            load_ms=model.load_ms,
            decode_ms=decode_ms,
            forward_ms=forward_ms,
            encode_ms=encode_ms,
            total_ms=(time.perf_counter() - started) * 1000 + model.load_ms,
        )
    )
    return result
