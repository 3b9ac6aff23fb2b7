"""A job's data, ready for the loop: its 2D pairs prepared at input_size (RAM or disk within the memory
budget), or its volumes in the disk cache for unet_3d patches; with the status line that says so."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from medseg_ml.training.data import load_training_data
from medseg_ml.training.epoch_source import EpochSource, SliceSource
from medseg_ml.training.job_spec import JobSpec
from medseg_ml.training.volume_cache import build_volume_cache
from medseg_ml.training.volume_source import VolumeSource

_SPLIT_WORDS = {
    "by_volume": "whole volumes held out",
    "volume_block": "a block of slices held out",
    "random_pairs": "random pairs held out",
}


@dataclass(frozen=True)
class JobData:
    source: EpochSource
    unlisted_labels: tuple[int, ...]
    # "training on …, validating on … (how)", for the RUNNING status.
    summary: str
    # Removes what the data left on disk; call when training ends, however it ends.
    cleanup: Callable[[], None]


def load_job_data(
    spec: JobSpec, work_dir: Path, memory_budget_bytes: int | None, cancel: threading.Event
) -> JobData:
    """Raises: DatasetError, StorageError, Cancelled (as load_training_data)."""
    hp = spec.hyperparameters
    if hp.is_3d:
        return _volumes(spec, work_dir, cancel)
    data = load_training_data(
        spec.shards,
        spec.used_pairs,
        spec.label_values,
        spec.channels,
        hp.input_size,
        work_dir,
        cancel,
        memory_budget_bytes=memory_budget_bytes,
    )
    source = SliceSource(
        data,
        data.rows(spec.split.train),
        data.rows(spec.split.val),
        hp.batch_size,
        hp.foreground_oversampling,
    )
    summary = (
        f"training on {len(spec.split.train)} pairs, validating on {len(spec.split.val)} "
        f"({_SPLIT_WORDS[spec.split.method]})"
    )
    return JobData(source, data.unlisted_labels, summary, lambda: None)


def _volumes(spec: JobSpec, work_dir: Path, cancel: threading.Event) -> JobData:
    hp = spec.hyperparameters
    case_of = {p.index: p.case_index for p in spec.pairs}
    train_cases = sorted({case_of[i] for i in spec.split.train})
    val_cases = sorted({case_of[i] for i in spec.split.val} - set(train_cases))
    cache = build_volume_cache(
        spec.shards,
        spec.cases,
        spec.used_pairs,
        spec.label_values,
        spec.channels,
        spec.intensity,
        hp.target_spacing,
        work_dir / spec.job_id,
        cancel,
        hp.seed,
    )
    try:
        source = VolumeSource(
            [cache.cases[c] for c in train_cases],
            [cache.cases[c] for c in val_cases],
            hp.patch_size,
            hp.batch_size,
            hp.foreground_oversampling,
        )
    except BaseException:
        cache.remove()
        raise
    summary = (
        f"training on {len(train_cases)} volumes ({len(spec.split.train)} slices) in "
        f"{'x'.join(map(str, hp.patch_size))} patches, validating on {len(val_cases)} "
        f"({_SPLIT_WORDS[spec.split.method]})"
    )
    return JobData(source, cache.unlisted_labels, summary, cache.remove)
