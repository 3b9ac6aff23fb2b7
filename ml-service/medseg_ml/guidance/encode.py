"""Prompts as the maps a guided network takes beside the image (DeepEdit's encoding, with nnInteractive's
region prompts): per class, one map of its points and scribbles (a Gaussian of the distance to the
nearest marked voxel) and one of its boxes and lassos (1 inside). Class 0's maps are the negative
prompts. Training (simulated prompts) and sessions (the user's) both encode through `encode_guidance`,
so a model sees the same maps in both."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PIL import Image, ImageDraw
from scipy import ndimage

from medseg_ml.guidance.prompts import Prompt

ENCODING = "medseg-guidance-v1"
# Beyond this many sigmas a mark's map is 0: its work stays within a small box around the mark.
_REACH_SIGMAS = 3.0


def guidance_channels(class_count: int) -> int:
    """Maps a guided network takes beside the image: marks and regions per class."""
    return 2 * class_count


def encode_guidance(
    prompts: Sequence[Prompt], shape: Sequence[int], class_count: int, sigma: float
) -> np.ndarray:
    """The guidance maps of `prompts` on an array of `shape`.

    Args:
        prompts: in the array's coordinates, already checked (prompts.check_prompts).
        shape: spatial shape, (H, W) or (Z, H, W).
        class_count: the model's classes, background included.
        sigma: width, in voxels of this array, of a point's or scribble's Gaussian.

    Returns:
        (2 * class_count, *shape) float32: channel k the marks (points, scribbles) of class k,
        channel class_count + k its regions (boxes, lassos); all zeros without prompts.
    """
    shape = tuple(int(s) for s in shape)
    maps = np.zeros((guidance_channels(class_count), *shape), dtype=np.float32)
    marks: dict[int, list[np.ndarray]] = {}
    for prompt in prompts:
        if prompt.is_region:
            _fill_region(maps[class_count + prompt.class_index], prompt)
        else:
            marks.setdefault(prompt.class_index, []).append(_mark_voxels(prompt, shape))
    for class_index, voxels in marks.items():
        _gaussian_of_distance(maps[class_index], np.concatenate(voxels), sigma)
    return maps


def _mark_voxels(prompt: Prompt, shape: tuple[int, ...]) -> np.ndarray:
    """(N, D) integer voxels a point or scribble marks: its vertices, and the segments between them
    sampled at half-voxel steps."""
    points = prompt.points.astype(np.float64)
    pieces = [points]
    for start, end in zip(points[:-1], points[1:], strict=True):
        steps = int(np.ceil(np.abs(end - start).max() * 2)) + 1
        pieces.append(start + (end - start) * np.linspace(0.0, 1.0, steps)[:, None])
    voxels = np.rint(np.concatenate(pieces)).astype(np.int64)
    return np.clip(voxels, 0, np.asarray(shape) - 1)


def _gaussian_of_distance(out: np.ndarray, voxels: np.ndarray, sigma: float) -> None:
    """out = exp(-d² / 2σ²), d the distance to the nearest of `voxels`, within reach of them."""
    reach = int(np.ceil(_REACH_SIGMAS * sigma)) + 1
    low = np.maximum(voxels.min(axis=0) - reach, 0)
    high = np.minimum(voxels.max(axis=0) + reach + 1, out.shape)
    box = tuple(slice(a, b) for a, b in zip(low, high, strict=True))
    unmarked = np.ones(tuple(high - low), dtype=bool)
    unmarked[tuple((voxels - low).T)] = False
    distance = ndimage.distance_transform_edt(unmarked)
    values = np.exp(-(distance**2) / (2.0 * sigma**2)).astype(np.float32)
    values[distance > _REACH_SIGMAS * sigma] = 0.0
    np.maximum(out[box], values, out=out[box])


def _fill_region(out: np.ndarray, prompt: Prompt) -> None:
    """Set the voxels inside a box or lasso to 1: in 2D the shape itself, in 3D on its one slice."""
    points = prompt.points
    if out.ndim == 3:
        axis = prompt.plane_axis
        index = int(np.clip(np.rint(points[0, axis]), 0, out.shape[axis] - 1))
        plane = out[(slice(None),) * axis + (index,)]  # a view: writing it writes `out`
        in_plane = [a for a in range(3) if a != axis]
        _fill_region_2d(plane, prompt.kind, points[:, in_plane])
        return
    _fill_region_2d(out, prompt.kind, points)


def _fill_region_2d(out: np.ndarray, kind: str, points: np.ndarray) -> None:
    height, width = out.shape
    if kind == "box":
        (r0, c0), (r1, c1) = np.sort(np.rint(points).astype(np.int64), axis=0)
        out[max(r0, 0) : min(r1, height - 1) + 1, max(c0, 0) : min(c1, width - 1) + 1] = 1.0
        return
    canvas = Image.new("1", (width, height), 0)
    # PIL takes (x, y) = (column, row).
    ImageDraw.Draw(canvas).polygon([(float(c), float(r)) for r, c in points], fill=1, outline=1)
    np.maximum(out, np.asarray(canvas, dtype=np.float32), out=out)
