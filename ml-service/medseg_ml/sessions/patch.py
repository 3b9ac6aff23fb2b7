"""MaskPatch (proto): the box of the session grid where a result changed, zlib of one byte per voxel,
x fastest, the new class index or 255 where the voxel did not change."""

from __future__ import annotations

import zlib

import numpy as np

from medseg_ml.generated.medseg.v1 import session_service_pb2 as pb
from medseg_ml.sessions.axes import SessionAxes

UNCHANGED = 255
# Level 1: a patch goes straight back to a waiting browser; masks compress well at any level.
_LEVEL = 1


def diff_patch(old: np.ndarray, new: np.ndarray, axes: SessionAxes, first: int = 0) -> pb.MaskPatch:
    """The patch that turns `old` into `new`.

    Args:
        old, new: display-ordered class indices (uint8) of display slices first.. (all slices, or the
            range the caller re-segmented: the rest are known equal).
    """
    changed = old != new
    if not changed.any():
        return pb.MaskPatch()
    low, high = [], []
    for axis in range(3):
        others = tuple(a for a in range(3) if a != axis)
        hits = np.flatnonzero(changed.any(axis=others))
        low.append(int(hits[0]))
        high.append(int(hits[-1]) + 1)
    box = tuple(slice(a, b) for a, b in zip(low, high, strict=True))
    values = np.where(changed[box], new[box], UNCHANGED).astype(np.uint8)
    low[0] += first
    high[0] += first
    return _patch(values, axes, np.asarray(low), np.asarray(high))


def full_patch(result: np.ndarray, axes: SessionAxes) -> pb.MaskPatch:
    """Every voxel of a (Z, H, W) display-ordered result (OpenSession's automatic mask)."""
    return _patch(
        result.astype(np.uint8, copy=False), axes, np.zeros(3, dtype=np.int64), np.asarray(result.shape)
    )


def _patch(values: np.ndarray, axes: SessionAxes, low: np.ndarray, high: np.ndarray) -> pb.MaskPatch:
    first, size = axes.session_box(low, high)
    # Session order is (x, y, z); x fastest is C order of (z, y, x).
    data = np.ascontiguousarray(axes.to_session(values).transpose(2, 1, 0)).tobytes()
    return pb.MaskPatch(
        x=int(first[0]),
        y=int(first[1]),
        z=int(first[2]),
        size_x=int(size[0]),
        size_y=int(size[1]),
        size_z=int(size[2]),
        voxels=zlib.compress(data, _LEVEL),
    )


def apply_patch(mask: np.ndarray, patch: pb.MaskPatch) -> None:
    """Apply `patch` to a session-ordered (X, Y, Z) uint8 mask in place, as a client does."""
    if patch.size_x == 0:
        return
    size = (patch.size_z, patch.size_y, patch.size_x)
    values = np.frombuffer(zlib.decompress(patch.voxels), dtype=np.uint8).reshape(size).transpose(2, 1, 0)
    box = mask[
        patch.x : patch.x + patch.size_x, patch.y : patch.y + patch.size_y, patch.z : patch.z + patch.size_z
    ]
    np.copyto(box, values, where=values != UNCHANGED)
