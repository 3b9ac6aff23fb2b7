"""A batch job: every image of a ZIP or dataset segmented, written as masks.zip, results.csv, batch.json.

What it reads is batch_inputs.py's, what it writes per image batch_outputs.py's.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
import time
import zipfile
from pathlib import Path
from typing import Any

from medseg_ml.evaluation.batch_inputs import archive_items, dataset_items
from medseg_ml.evaluation.batch_outputs import image_entry, results_csv, write_masks
from medseg_ml.evaluation.process import (
    Item,
    JobEnv,
    Progress,
    finish_items,
    forward_items,
    report_header,
    score_item,
    upload_report,
)
from medseg_ml.evaluation.scoring import METRIC_NOTES, aggregate
from medseg_ml.evaluation.specs import ArchiveInput, BatchSpec
from medseg_ml.generated.medseg.v1 import job_pb2 as pb
from medseg_ml.inference.mirroring import mirrored_if
from medseg_ml.job_queue import Emit
from medseg_ml.metrics.scores import ItemScores
from medseg_ml.metrics.surface import DEFAULT_TOLERANCE
from medseg_ml.training.artifacts import Artifact, upload

REPORT_FORMAT = "medseg-batch-v2"


def run_batch(
    spec: BatchSpec, env: JobEnv, emit: Emit, cancel: threading.Event, created_ms: int
) -> pb.JobCompleted:
    """Segment every input of `spec`, then upload masks.zip, results.csv and, last, batch.json.

    Raises:
        Cancelled: `cancel` was set (nothing is written).
        JobFailedError: the ZIP is unreadable, or no image could be processed.
        StorageError: an input could not be read or an output written, after retries.
    """
    card = spec.model.card
    env.work_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f"batch-{spec.job_id[:40]}-", dir=env.work_dir))
    try:
        network = mirrored_if(env.get_model(spec.model), card.spatial_dims, spec.test_time_mirroring)
        source = spec.source
        if isinstance(source, ArchiveInput):
            progress = Progress(emit, total=0)
            items = archive_items(source, spec, card, work, cancel, progress)
        else:
            progress = Progress(emit, total=len(source.pairs))
            items = dataset_items(source, card, env, cancel, spec.limits.max_pixels_per_slice)
        masks_path = work / "masks.zip"
        rows: list[dict[str, Any]] = []
        scored: list[ItemScores] = []
        label_name = (lambda _v: "") if isinstance(source, ArchiveInput) else source.label_name
        finished: list[Item] = []
        used: set[str] = set()
        with zipfile.ZipFile(masks_path, "w", zipfile.ZIP_DEFLATED) as masks_zip:
            for item in forward_items(
                items, network, card, env.device, spec.batch_size, cancel.is_set, progress
            ):
                started = time.perf_counter()
                written: tuple[str | None, str | None] = (None, None)
                metrics = None
                if not item.error:
                    written = write_masks(masks_zip, item, card, used)
                    if item.truth is not None:
                        metrics = score_item(item, card, DEFAULT_TOLERANCE)
                        scored.append(metrics)
                write_ms = (time.perf_counter() - started) * 1000
                rows.append(image_entry(item, written, metrics, write_ms, card, label_name))
                item.release()
                finished.append(item)
        what = "ZIP" if isinstance(source, ArchiveInput) else "dataset"
        failed = finish_items(finished, what, progress, cancel.is_set)
        report: dict[str, Any] = {
            "format": REPORT_FORMAT,
            "batch_id": spec.job_id,
            "model_id": spec.model.model_id,
            "dataset_id": None if isinstance(source, ArchiveInput) else source.dataset_id,
            "source": "archive" if isinstance(source, ArchiveInput) else "dataset",
            "owner_id": spec.owner_id or None,
            "input_name": source.file_name if isinstance(source, ArchiveInput) else source.dataset_id,
            **report_header(
                card, progress, failed, len(finished), created_ms, METRIC_NOTES, spec.test_time_mirroring
            ),
            "surfaceTolerance": DEFAULT_TOLERANCE,
            "aggregate": aggregate(scored, card, label_name, DEFAULT_TOLERANCE) if scored else None,
            "images": rows,
        }
        masks = Artifact.of(masks_path.read_bytes())
        table = Artifact.of(results_csv(rows))
        upload(spec.targets.masks_url, masks, "application/zip", "the masks archive")
        upload(spec.targets.csv_url, table, "text/csv", "the results table")
        completed = upload_report(spec.targets.report_url, report, "the batch report")
        completed.masks_bytes = masks.size
        completed.csv_bytes = table.size
        return completed
    finally:
        shutil.rmtree(work, ignore_errors=True)
