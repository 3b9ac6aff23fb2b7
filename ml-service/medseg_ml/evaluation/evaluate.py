"""An evaluation job: a model's predictions on dataset pairs scored against their masks, as one report."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import numpy as np

from medseg_ml.evaluation.metrics import ImageMetrics, aggregate
from medseg_ml.evaluation.process import (
    Item,
    JobEnv,
    Progress,
    finish_items,
    forward_items,
    item_metrics,
    metric_fields,
    ms,
    report_header,
    upload_report,
)
from medseg_ml.evaluation.specs import DatasetInput, EvaluationSpec
from medseg_ml.generated.medseg.v1 import job_pb2 as pb
from medseg_ml.inference.card import ModelCard
from medseg_ml.inference.segment import InputError, check_channels
from medseg_ml.io.decoded import DecodeError, check_pixels
from medseg_ml.job_queue import Emit
from medseg_ml.preprocessing import mask_classes
from medseg_ml.training.data import read_pairs

REPORT_FORMAT = "medseg-evaluation-v1"


def run_evaluation(
    spec: EvaluationSpec, env: JobEnv, emit: Emit, cancel: threading.Event, created_ms: int
) -> pb.JobCompleted:
    """Score the model on every pair of `spec`, then upload the report.

    Raises:
        Cancelled: `cancel` was set (nothing is written).
        JobFailedError: no pair could be scored.
        StorageError: a shard could not be read or the report written, after retries.
    """
    network = env.get_model(spec.model)
    card = spec.model.card
    progress = Progress(emit, total=len(spec.dataset.pairs))
    scored: list[ImageMetrics] = []
    images = []
    items = []
    for item in forward_items(
        pair_items(spec.dataset, card, env, cancel, max_pixels=None),
        network,
        card,
        env.device,
        spec.batch_size,
        cancel.is_set,
        progress,
    ):
        metrics = None
        if not item.error and item.truth is not None:
            metrics = item_metrics(item, card)
            scored.append(metrics)
        images.append(
            {
                "position": item.position,
                "pair_index": item.extra,
                "name": item.name,
                "width": item.width,
                "height": item.height,
                **metric_fields(metrics),
                "forward_ms": ms(item.forward_ms),
                "error": item.error or None,
            }
        )
        item.release()
        items.append(item)
    failed = finish_items(items, "evaluation", progress, cancel.is_set)
    report: dict[str, Any] = {
        "format": REPORT_FORMAT,
        "evaluation_id": spec.job_id,
        "model_id": spec.model.model_id,
        "dataset_id": spec.dataset.dataset_id,
        "subset": spec.subset,
        "owner_id": spec.owner_id or None,
        **report_header(card, progress, failed, len(items), created_ms),
        "aggregate": aggregate(scored, card.label_values),
        "images": images,
    }
    return upload_report(spec.report_url, report, "the evaluation report")


def pair_items(
    dataset: DatasetInput, card: ModelCard, env: JobEnv, cancel: threading.Event, max_pixels: int | None
) -> Iterator[Item]:
    """Dataset pairs as items of one slice, their masks mapped onto the model's classes by label value."""
    # Dataset class i -> the model's class of the same label value (checked when the job was queued).
    to_model = np.array([card.label_values.index(v) for v in dataset.label_values], dtype=np.int64)
    reads = read_pairs(dataset.shards, dataset.pairs, env.work_dir, cancel)
    for position, read in enumerate(reads):
        started = time.perf_counter()
        item = Item(position, read.pair.name, extra=read.pair.index)
        if read.error or read.image is None or read.mask is None:
            item.error = read.error
        else:
            try:
                check_channels(read.image, card.channels)
                if max_pixels is not None:
                    check_pixels(read.image.shape[2], read.image.shape[1], max_pixels)
                classes, _ = mask_classes(read.mask, dataset.label_values)
                item.slices = [np.ascontiguousarray(read.image)]
                item.truth = [to_model[classes]]
            except (InputError, DecodeError) as e:
                item.error = str(e)
        item.decode_ms = (time.perf_counter() - started) * 1000
        yield item
