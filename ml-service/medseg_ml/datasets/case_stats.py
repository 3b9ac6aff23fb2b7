"""Per-case statistics of nnU-Net's fingerprint: label voxel counts and volumes, intensities per channel.

Intensities are taken over the foreground voxels (label > 0) when the case has a mask with foreground,
as nnU-Net does (the background of a CT is mostly air and would swamp the statistics), else over all
voxels. Percentiles of a million random voxels are as good as of all of them, so larger cases are
subsampled with a fixed seed: the same archive always gives the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from medseg_ml.generated.medseg.v1 import volume_pb2 as vpb

MAX_SAMPLES_PER_CASE = 1_000_000
# What each case contributes to the dataset-wide intensity pool (fingerprint.py); nnU-Net takes 10k.
POOL_SAMPLES_PER_CASE = 10_000
SEED = 1234
PERCENTILES = (0.5, 50.0, 99.5)


@dataclass(frozen=True)
class CaseStats:
    """Attributes:
    label_voxels: per label value present, voxels and millilitres.
    intensities: per channel.
    pool: (C, n) float32 random voxels of the same region, for the dataset's pooled intensities.
    """

    label_voxels: list[vpb.LabelVoxels]
    intensities: list[vpb.ChannelIntensity]
    pool: np.ndarray


def case_stats(
    pixels: np.ndarray, mask: np.ndarray, spacing: tuple[float, float, float], *, labelled: bool
) -> CaseStats:
    """Statistics of one case: pixels (S, C, H, W), mask (S, H, W), spacing mm per (slice, row, column)."""
    voxel_ml = float(np.prod(spacing)) / 1000.0
    label_voxels = (
        [
            vpb.LabelVoxels(value=value, voxels=count, volume_ml=count * voxel_ml)
            for value, count in label_counts(mask).items()
        ]
        if labelled
        else []
    )
    flat_mask = mask.reshape(-1)
    region = np.flatnonzero(flat_mask > 0) if labelled else np.empty(0, dtype=np.intp)
    rng = np.random.default_rng(SEED)
    if region.size == 0:
        region = np.arange(flat_mask.size)
    picks = region
    if region.size > MAX_SAMPLES_PER_CASE:
        picks = np.sort(rng.choice(region, MAX_SAMPLES_PER_CASE, replace=False))
    z, y, x = np.unravel_index(picks, mask.shape)
    intensities: list[vpb.ChannelIntensity] = []
    pool_picks = rng.permutation(picks.size)[:POOL_SAMPLES_PER_CASE]
    pool = np.empty((pixels.shape[1], pool_picks.size), dtype=np.float32)
    for c in range(pixels.shape[1]):
        values = pixels[z, c, y, x].astype(np.float64)
        intensities.append(channel_intensity(c, values))
        pool[c] = values[pool_picks]
    return CaseStats(label_voxels, intensities, pool)


def channel_intensity(channel: int, values: np.ndarray) -> vpb.ChannelIntensity:
    if values.size == 0:
        return vpb.ChannelIntensity(channel=channel)
    low, median, high = np.percentile(values, PERCENTILES)
    return vpb.ChannelIntensity(
        channel=channel,
        mean=float(values.mean()),
        std=float(values.std()),
        min=float(values.min()),
        max=float(values.max()),
        p00_5=float(low),
        p50=float(median),
        p99_5=float(high),
    )


def label_counts(mask: np.ndarray) -> dict[int, int]:
    """Voxels per label value present, ascending by value."""
    if mask.dtype.kind in "ui" and mask.dtype.itemsize <= 2:
        low = int(mask.min())
        counts = np.bincount((mask.astype(np.int32) - low).ravel())
        return {int(v) + low: int(counts[v]) for v in np.flatnonzero(counts)}
    values, counts = np.unique(mask, return_counts=True)
    return {int(v): int(n) for v, n in zip(values, counts, strict=True)}
