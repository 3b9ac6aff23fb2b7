"""unet_3d's patch size and target spacing: chosen from a dataset fingerprint (nnU-Net's rules, simplified
for a CPU), and the range rules a request's own values must meet.

Target spacing: the median spacing of the cases. nnU-Net gives the low-resolution axis of strongly
anisotropic data (largest / smallest median spacing > 3) the 10th percentile of that axis' spacings;
the fingerprint only carries min, median and max per axis, so the median stands for it there too.
Patch: the median shape after resampling, each side a multiple of 2**(depth-1), then the longest side
shrunk one multiple at a time until the patch fits MAX_PATCH_VOXELS (96**3: a U-Net of base 16 and
depth 4 then trains with batch 2 in about 2 GB on a CPU).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from medseg_ml.generated.medseg.v1 import volume_pb2
from medseg_ml.networks.factory import size_multiple

# The default patch's voxel budget, and the largest patch a request may ask for.
DEFAULT_PATCH_VOXELS = 96 * 96 * 96
MAX_PATCH_VOXELS = 160 * 160 * 160
MIN_PATCH_SIDE, MAX_PATCH_SIDE = 8, 512
MAX_TARGET_SPACING_MM = 20.0
DEFAULT_FOREGROUND_OVERSAMPLING = 0.33
DEFAULT_BATCH_SIZE_3D = 2


@dataclass(frozen=True)
class VolumePlan:
    patch_size: tuple[int, int, int]
    # mm per (slice, row, column); all zeros = keep each case's own spacing.
    target_spacing: tuple[float, float, float]


def plan_volume(
    fingerprint: volume_pb2.DatasetFingerprint | None, depth: int, voxels: int = DEFAULT_PATCH_VOXELS
) -> VolumePlan:
    """The default patch and spacing for a fingerprint (a 64**3-ish patch at 1 mm without one)."""
    multiple = size_multiple("unet_3d", depth)
    shape = _triple(fingerprint.median_shape if fingerprint else ())
    spacing = _triple(fingerprint.median_spacing if fingerprint else ())
    if shape is None or min(shape) <= 0:
        shape = (64.0, 64.0, 64.0)
    if spacing is None or min(spacing) <= 0:
        spacing = (1.0, 1.0, 1.0)
    target = spacing
    # Rounded: 40 * 0.8 / 0.8 must stay 40, not become 40.000000000000004 and round up a multiple.
    resampled = [round(s * sp / t, 6) for s, sp, t in zip(shape, spacing, target, strict=True)]
    low = max(MIN_PATCH_SIDE, multiple)
    patch = [max(low, math.ceil(r / multiple) * multiple) for r in resampled]
    while math.prod(patch) > voxels and max(patch) - multiple >= low:
        longest = max(range(3), key=lambda axis: patch[axis])
        patch[longest] -= multiple
    return VolumePlan((patch[0], patch[1], patch[2]), (target[0], target[1], target[2]))


def cases_fingerprint(cases: Sequence[Any]) -> volume_pb2.DatasetFingerprint | None:
    """The median shape and spacing of DatasetCase messages, for a request that carries no fingerprint."""
    sized = [c for c in cases if c.depth and len(c.geometry.spacing) == 3]
    if not sized:
        return None
    shapes = np.array([(c.depth, c.height, c.width) for c in sized], dtype=np.float64)
    spacings = np.array([list(c.geometry.spacing) for c in sized], dtype=np.float64)
    return volume_pb2.DatasetFingerprint(
        case_count=len(sized),
        median_shape=np.median(shapes, axis=0).tolist(),
        median_spacing=np.median(spacings, axis=0).tolist(),
        min_spacing=spacings.min(axis=0).tolist(),
        max_spacing=spacings.max(axis=0).tolist(),
    )


def patch_size_problem(patch: Sequence[int], depth: int) -> str | None:
    """Why `patch` cannot be a unet_3d patch at `depth`, or None."""
    multiple = size_multiple("unet_3d", depth)
    low = max(MIN_PATCH_SIDE, multiple)
    if len(patch) != 3:
        return f"must be 3 sides (slice, row, column), got {len(patch)}"
    if any(side < low or side > MAX_PATCH_SIDE or side % multiple for side in patch):
        return (
            f"sides must be multiples of {multiple} from {low} to {MAX_PATCH_SIDE} for depth {depth}, "
            f"got {list(patch)}"
        )
    if math.prod(patch) > MAX_PATCH_VOXELS:
        return f"must hold at most {MAX_PATCH_VOXELS} voxels, got {math.prod(patch)} ({list(patch)})"
    return None


def target_spacing_problem(spacing: Sequence[float]) -> str | None:
    """Why `spacing` cannot be a target spacing, or None (all zeros keeps each case's own)."""
    if len(spacing) != 3:
        return f"must be 3 values in mm (slice, row, column), got {len(spacing)}"
    if all(s == 0 for s in spacing):
        return None
    if not all(math.isfinite(s) and 0 < s <= MAX_TARGET_SPACING_MM for s in spacing):
        return f"values must be in (0, {MAX_TARGET_SPACING_MM:g}] mm, or all 0, got {list(spacing)}"
    return None


def _triple(values: Sequence[float]) -> tuple[float, float, float] | None:
    return (float(values[0]), float(values[1]), float(values[2])) if len(values) == 3 else None
