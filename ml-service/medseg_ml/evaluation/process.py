"""What evaluation and batch jobs share: inputs as items of slices, batched forwards, progress, the report.

One piece on purpose: an Item, the forwards that fill its masks (post-processed as the card says, by
segment_batch and predict_volume), the progress they report and the report header that records how the
masks were made are one contract between evaluate.py and batch.py; split, each part would be read
without the others.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from medseg_ml.evaluation.cases import IMAGE, VOLUME
from medseg_ml.generated.medseg.v1 import job_pb2 as pb
from medseg_ml.inference.card import ModelCard
from medseg_ml.inference.models import ModelRef
from medseg_ml.inference.segment import segment_batch
from medseg_ml.inference.volume_predict import predict_volume
from medseg_ml.job import Cancelled
from medseg_ml.job_queue import Emit
from medseg_ml.metrics.scores import PX, ItemScores, item_scores
from medseg_ml.training.artifacts import Artifact, upload

# JobProgress events are sent at most this often (and after the last batch).
PROGRESS_INTERVAL_S = 0.25
REPORT_CONTENT_TYPE = "application/json"


class JobFailedError(Exception):
    """The job as a whole cannot go on; the message is written for a person."""


@dataclass(frozen=True)
class JobEnv:
    """What a job needs beyond its spec.

    Attributes:
        get_model: the network of a model, in eval mode on `device` (from the warm model cache).
    """

    device: torch.device
    work_dir: Path
    get_model: Callable[[ModelRef], nn.Module]


@dataclass
class Item:
    """One input: a 2D image (one slice) or a volume (many), with its masks once forwarded.

    Attributes:
        kind: "volume" (predicted as a whole by predict_volume, scored in 3D) or "image" (each slice
            on its own, batched with other items' slices: 2D images, frames of a multi-frame file).
        spacing: mm per (slice, row, column) of a volume, (1, 1) for images.
        slices: (C, H, W) dataset-normalized pixels per slice.
        truth: (H, W) ground-truth class indices per slice, or None without a mask.
        masks: (H, W) predicted class indices per slice, filled by `forward_items`.
        extra: whatever the job needs to finish the item (pair index, output naming).
    """

    position: int
    name: str
    slices: list[np.ndarray] = field(default_factory=list)
    truth: list[np.ndarray] | None = None
    error: str = ""
    decode_ms: float = 0.0
    forward_ms: float = 0.0
    masks: list[np.ndarray] = field(default_factory=list)
    extra: Any = None
    size: tuple[int | None, int | None] = (None, None)
    slice_count: int = 0
    kind: str = IMAGE
    spacing: tuple[float, ...] = (1.0, 1.0)
    distance_unit: str = PX

    @property
    def width(self) -> int | None:
        return int(self.slices[0].shape[2]) if self.slices else self.size[0]

    @property
    def height(self) -> int | None:
        return int(self.slices[0].shape[1]) if self.slices else self.size[1]

    def release(self) -> None:
        """Drop the pixels, masks and `extra` (a DICOM series' headers) once the item is finished and
        its report entry written; its size stays known."""
        self.size = (self.width, self.height)
        self.slice_count = len(self.slices)
        self.slices, self.truth, self.masks, self.extra = [], None, [], None


class Progress:
    """Counts images (2D images and slices) and emits JobProgress after batches, a few times a second."""

    def __init__(self, emit: Emit, total: int, clock: Callable[[], float] = time.monotonic) -> None:
        self._emit = emit
        self._clock = clock
        self.total = total
        self.done = 0
        self.failed = 0
        self.started = clock()
        self._last = 0.0

    @property
    def elapsed(self) -> float:
        return self._clock() - self.started

    def advance(self, done: int, failed: int = 0, *, force: bool = False) -> None:
        self.done += done
        self.failed += failed
        now = self._clock()
        if force or now - self._last >= PROGRESS_INTERVAL_S:
            self._last = now
            self._emit(self.message())

    def message(self) -> pb.JobProgress:
        elapsed = self.elapsed
        rate = self.done / elapsed if elapsed > 0 else 0.0
        total = max(self.total, self.done)
        eta = (total - self.done) / rate if rate > 0 else 0.0
        return pb.JobProgress(
            done=self.done,
            total=total,
            failed=self.failed,
            images_per_second=rate,
            elapsed_seconds=elapsed,
            eta_seconds=eta,
        )


def forward_items(
    items: Iterable[Item],
    network: nn.Module,
    card: ModelCard,
    device: torch.device,
    batch_size: int,
    cancel: Callable[[], bool],
    progress: Progress,
) -> Iterator[Item]:
    """Segment every slice of every item in forwards of `batch_size` slices; items come back in order.

    Items are gathered until they hold a batch of slices, so 2D images share forwards and a volume's
    slices fill several. Failed items pass through untouched.

    Raises:
        Cancelled: `cancel()` turned true between batches.
    """

    def forward(group: list[Item]) -> Iterator[Item]:
        failed = sum(1 for item in group if item.error)
        if failed:
            progress.advance(failed, failed)
        for item in group:
            if item.kind == VOLUME and not item.error:
                _forward_volume(item, network, card, device, cancel, progress)
        work = [
            (item, z)
            for item in group
            if not item.error and item.kind != VOLUME
            for z in range(len(item.slices))
        ]
        for item in group:
            if item.kind != VOLUME:
                item.masks = [np.empty(0)] * (0 if item.error else len(item.slices))
        for start in range(0, len(work), batch_size):
            if cancel():
                raise Cancelled()
            chunk = work[start : start + batch_size]
            started = time.perf_counter()
            masks = segment_batch(network, [item.slices[z] for item, z in chunk], card, device)
            share = (time.perf_counter() - started) * 1000 / len(chunk)
            for (item, z), mask in zip(chunk, masks, strict=True):
                item.masks[z] = mask
                item.forward_ms += share
            progress.advance(len(chunk))
        yield from group

    group: list[Item] = []
    pending = 0
    for item in items:
        if cancel():
            raise Cancelled()
        group.append(item)
        if not item.error:
            pending += len(item.slices)
        if pending >= batch_size:
            yield from forward(group)
            group, pending = [], 0
    if group:
        yield from forward(group)


def _forward_volume(
    item: Item,
    network: nn.Module,
    card: ModelCard,
    device: torch.device,
    cancel: Callable[[], bool],
    progress: Progress,
) -> None:
    """A whole volume through predict_volume (2D models slice by slice, 3D by sliding window)."""
    if cancel():
        raise Cancelled()
    started = time.perf_counter()
    done = 0

    def advance(now: int, _total: int) -> None:
        nonlocal done
        # predict_volume counts slices (2D) or patches (3D); progress counts the volume's slices.
        slices = now * len(item.slices) // max(_total, 1)
        progress.advance(slices - done)
        done = slices
        if cancel():
            raise Cancelled()

    volume = np.stack(item.slices, axis=1)
    classes = predict_volume(network, card, volume, tuple(item.spacing), device, advance)  # type: ignore[arg-type]
    del volume
    item.masks = list(classes)
    item.forward_ms += (time.perf_counter() - started) * 1000
    if done < len(item.slices):
        progress.advance(len(item.slices) - done)


def report_header(
    card: ModelCard,
    progress: Progress,
    failed: int,
    count: int,
    created_ms: int,
    notes: str,
    test_time_mirroring: bool = False,
) -> dict[str, Any]:
    """The fields both reports share after the ids: times, classes, notes, counts and speed."""
    finished_at = iso_ms(time.time())
    seconds = progress.elapsed
    return {
        "created_at": iso_ms(created_ms / 1000),
        "finished_at": finished_at,
        "classes": {"label_values": list(card.label_values), "class_count": card.class_count},
        # What predict_volume and segment_batch applied to every mask scored and written.
        "postprocessing": card.postprocessing.to_dict(),
        # Logits averaged over every mirror image of each input (inference/mirroring.py).
        "test_time_mirroring": test_time_mirroring,
        "metric_notes": notes,
        "image_count": count,
        "failed_count": failed,
        "seconds": round(seconds, 3),
        "images_per_second": round(progress.done / seconds, 3) if seconds > 0 else 0.0,
    }


def finish_items(items: Sequence[Item], what: str, progress: Progress, cancel: Callable[[], bool]) -> int:
    """After the last forward: the final progress event, then the checks; returns how many items failed.

    Raises:
        JobFailedError: no item at all succeeded (`what` names the input: "ZIP", "dataset", ...).
        Cancelled: `cancel()` turned true during the last forwards.
    """
    progress.advance(0, force=True)
    _check_not_empty(items, what)
    if cancel():
        raise Cancelled()
    return sum(1 for item in items if item.error)


def upload_report(url: str, report: dict[str, Any], what: str) -> pb.JobCompleted:
    """Upload a job's JSON report; call it after the job's other outputs: the gateway trusts the report
    as the mark that everything is stored.

    Returns:
        The completion with the report's counts, size and aggregate (the caller adds other outputs' sizes).
    """
    data = json.dumps(report, ensure_ascii=False).encode()
    upload(url, Artifact.of(data), REPORT_CONTENT_TYPE, what)
    return pb.JobCompleted(
        image_count=report["image_count"],
        failed_count=report["failed_count"],
        report_bytes=len(data),
        aggregate_json=json.dumps(report["aggregate"]),
    )


def score_item(item: Item, card: ModelCard, tolerance: float) -> ItemScores:
    """The scores of a forwarded item with truth: a volume in 3D with its spacing, an image in pixels
    (a multi-frame image: its frames stacked and scored in pixels)."""
    assert item.truth is not None
    if item.kind == VOLUME:
        predicted, truth = np.stack(item.masks), np.stack(item.truth)
        return item_scores(predicted, truth, card.class_count, item.spacing, tolerance, item.distance_unit)
    if len(item.masks) == 1:
        return item_scores(item.masks[0], item.truth[0], card.class_count, (1.0, 1.0), tolerance, PX)
    predicted, truth = np.stack(item.masks), np.stack(item.truth)
    return item_scores(predicted, truth, card.class_count, (1.0, 1.0, 1.0), tolerance, PX)


def _check_not_empty(items: Sequence[Item], what: str) -> None:
    """Raises: JobFailedError when no item at all succeeded."""
    if not items:
        raise JobFailedError(f"The {what} holds no images to process")
    if all(item.error for item in items):
        raise JobFailedError(
            f"None of the {len(items)} {'image' if len(items) == 1 else 'images'} of the {what} could be "
            f"processed; the first failed with: {items[0].error}"
        )


def iso_ms(unix_s: float) -> str:
    """2026-11-25T19:00:00.000Z."""
    return (
        datetime.fromtimestamp(unix_s, UTC).strftime("%Y-%m-%dT%H:%M:%S.")
        + f"{int(unix_s * 1000) % 1000:03d}Z"
    )


def ms(value: float) -> float:
    return round(value, 3)
