"""A dataset's scoring items read from its shards: a case's slices re-assembled in slice order, or one image.

Memory: an item is yielded as soon as its last slice is read, and read_pairs reads pairs in order, so only
one case's voxels are held at a time (pairs of a case are consecutive in a dataset).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Sequence

import numpy as np

from medseg_ml.evaluation.cases import CaseGroup
from medseg_ml.evaluation.process import Item, JobEnv
from medseg_ml.evaluation.specs import DatasetInput
from medseg_ml.inference.card import ModelCard
from medseg_ml.inference.segment import InputError, check_channels
from medseg_ml.io.budget import check_pixels
from medseg_ml.io.decoded import DecodeError
from medseg_ml.preprocessing import mask_classes
from medseg_ml.training.data import PairRead, read_pairs


def case_items(
    dataset: DatasetInput,
    card: ModelCard,
    env: JobEnv,
    cancel: threading.Event,
    max_pixels: int | None,
    groups: Sequence[CaseGroup] | None = None,
) -> Iterator[Item]:
    """The dataset's groups (`groups`, else `dataset.groups`) as items, masks mapped onto the model's
    classes by label value; an unlabeled group's item has no truth (segmented, never scored)."""
    groups = dataset.groups if groups is None else groups
    # Dataset class i -> the model's class of the same label value (checked when the job was queued).
    to_model = np.array([card.label_values.index(v) for v in dataset.label_values], dtype=np.int64)
    group_of = {pair.index: g for g, group in enumerate(groups) for pair in group.pairs}
    pending: dict[int, dict[int, PairRead]] = {}
    started: dict[int, float] = {}
    ordered = [pair for group in groups for pair in group.pairs]
    for read in read_pairs(dataset.shards, ordered, env.work_dir, cancel):
        g = group_of[read.pair.index]
        started.setdefault(g, time.perf_counter())
        reads = pending.setdefault(g, {})
        reads[read.pair.index] = read
        group = groups[g]
        if len(reads) == len(group.pairs):
            del pending[g]
            reads_in_order = [reads[p.index] for p in group.pairs]
            item = _item(g, group, reads_in_order, dataset, card, to_model, max_pixels)
            item.decode_ms = (time.perf_counter() - started.pop(g)) * 1000
            yield item


def _item(
    position: int,
    group: CaseGroup,
    reads: list[PairRead],
    dataset: DatasetInput,
    card: ModelCard,
    to_model: np.ndarray,
    max_pixels: int | None,
) -> Item:
    item = Item(position, group.name, extra=group)
    item.kind, item.spacing, item.distance_unit = group.kind, group.spacing, group.distance_unit
    failed = next((r for r in reads if r.error or r.image is None or r.mask is None), None)
    if failed is not None:
        item.error = failed.error or f"Pair {failed.pair.name} has no image or mask in its shard"
        return item
    try:
        images = [np.ascontiguousarray(r.image) for r in reads]
        check_channels(images[0], card.channels)
        sizes = {im.shape for im in images}
        if len(sizes) > 1:
            raise InputError(
                f"The slices of {group.name} differ in size ({sorted(sizes)}); re-upload the case"
            )
        if max_pixels is not None:
            check_pixels(images[0].shape[2], images[0].shape[1], max_pixels)
        item.slices = images
        if not group.unlabeled:
            item.truth = [to_model[mask_classes(r.mask, dataset.label_values)[0]] for r in reads]
    except (InputError, DecodeError) as e:
        item.error = str(e)
        item.slices, item.truth = [], None
    return item
