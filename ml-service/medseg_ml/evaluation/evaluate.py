"""An evaluation job: a model's predictions on dataset pairs scored against their masks, as one report."""

from __future__ import annotations

import threading
from typing import Any

from medseg_ml.evaluation.case_items import case_items
from medseg_ml.evaluation.cases import CaseGroup
from medseg_ml.evaluation.process import (
    Item,
    JobEnv,
    Progress,
    finish_items,
    forward_items,
    ms,
    report_header,
    score_item,
    upload_report,
)
from medseg_ml.evaluation.scoring import METRIC_NOTES, aggregate, score_fields
from medseg_ml.evaluation.specs import DatasetInput, EvaluationSpec
from medseg_ml.generated.medseg.v1 import job_pb2 as pb
from medseg_ml.inference.card import ModelCard
from medseg_ml.inference.mirroring import mirrored_if
from medseg_ml.job_queue import Emit
from medseg_ml.metrics.scores import ItemScores

REPORT_FORMAT = "medseg-evaluation-v2"


def run_evaluation(
    spec: EvaluationSpec, env: JobEnv, emit: Emit, cancel: threading.Event, created_ms: int
) -> pb.JobCompleted:
    """Score the model on every labelled case and 2D image of `spec`, then upload the report.

    Raises:
        Cancelled: `cancel` was set (nothing is written).
        JobFailedError: no item could be scored.
        StorageError: a shard could not be read or the report written, after retries.
    """
    card = spec.model.card
    network = mirrored_if(env.get_model(spec.model), card.spatial_dims, spec.test_time_mirroring)
    dataset = spec.dataset
    progress = Progress(emit, total=sum(len(g.pairs) for g in dataset.groups))
    scored: list[ItemScores] = []
    entries = []
    items = []
    for item in forward_items(
        case_items(dataset, card, env, cancel, max_pixels=None),
        network,
        card,
        env.device,
        spec.batch_size,
        cancel.is_set,
        progress,
    ):
        scores = None
        if not item.error and item.truth is not None:
            scores = score_item(item, card, spec.surface_tolerance)
            scored.append(scores)
        entries.append(item_entry(item, scores, card, dataset))
        item.release()
        items.append(item)
    failed = finish_items(items, "evaluation", progress, cancel.is_set)
    report: dict[str, Any] = {
        "format": REPORT_FORMAT,
        "evaluation_id": spec.job_id,
        "model_id": spec.model.model_id,
        "dataset_id": dataset.dataset_id,
        "subset": spec.subset,
        "owner_id": spec.owner_id or None,
        **report_header(
            card, progress, failed, len(items), created_ms, METRIC_NOTES, spec.test_time_mirroring
        ),
        "surfaceTolerance": spec.surface_tolerance,
        "aggregate": aggregate(scored, card, dataset.label_name, spec.surface_tolerance),
        "images": entries,
    }
    return upload_report(spec.report_url, report, "the evaluation report")


def item_entry(
    item: Item, scores: ItemScores | None, card: ModelCard, dataset: DatasetInput
) -> dict[str, Any]:
    """One report item: a case (kind "volume") or a 2D image, its shape, spacing, unit and scores."""
    group: CaseGroup = item.extra
    depth = len(item.slices) if item.slices else len(group.pairs)
    return {
        "position": item.position,
        "pair_index": group.pairs[0].index,
        "name": item.name,
        "kind": group.kind,
        "caseIndex": group.case_index,
        "shape": [depth, item.height, item.width] if group.kind == "volume" else [item.height, item.width],
        "spacing": list(group.spacing),
        "distanceUnit": group.distance_unit,
        "sliceCount": len(group.pairs),
        "width": item.width,
        "height": item.height,
        **score_fields(scores, card, dataset.label_name),
        "forward_ms": ms(item.forward_ms),
        "error": item.error or None,
    }
