"""Prompts simulated from a ground-truth mask, for training a guided network, and the robot's next click.

The recipe is MONAI Label DeepEdit's (Diaz-Pinto et al. 2022) with nnInteractive's prompt kinds
(Isensee et al. 2025): some samples get no prompts at all, so the model stays an automatic one; the
others get initial prompts per class present (positive clicks inside it, favouring its interior as
DeepEdit's distance-weighted seeds do; negative clicks on background near it; sometimes a jittered box,
a lasso or a scribble), and then, in training's corrective rounds (training/guided_batches.py), a click
at the centre of the largest region the network still gets wrong. That click, `corrective_click`, is
also the robot clicker of scripts/bench/clicks (the standard NoC protocol).

Everything works in the network's array coordinates: (row, column) of a 2D input, (slice, row, column)
of a 3D patch. In 3D, boxes, lassos and scribbles lie in one slice across a random axis (nnInteractive's
2D interactions on a 3D volume); the whole volume's mask is still the target. Work stays in crops
around each object so a prompt costs about its object's size (scipy.ndimage on the CPU).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import ndimage
from scipy.spatial import ConvexHull, QhullError

from medseg_ml.guidance.prompts import Prompt


@dataclass(frozen=True)
class SimulationSettings:
    """How often each kind of prompt is simulated.

    Attributes:
        automatic_probability: share of samples with no prompts (and no corrective clicks).
        max_positive_clicks: initial clicks inside a class, 1 to this (0 to this beside a region prompt).
        max_negative_clicks: initial clicks on background near a class, 0 to this.
        box_probability, lasso_probability, scribble_probability: chances of one such prompt per
            class (at most one of them).
        corrective_probability: share of batches that get corrective rounds (DeepEdit's
            deepgrow_probability).
        max_corrective_rounds: such a batch gets 1 to this many corrective clicks per sample.
    """

    automatic_probability: float = 0.25
    max_positive_clicks: int = 3
    max_negative_clicks: int = 2
    box_probability: float = 0.2
    lasso_probability: float = 0.15
    scribble_probability: float = 0.15
    corrective_probability: float = 0.75
    max_corrective_rounds: int = 3


DEFAULT_SETTINGS = SimulationSettings()


def draw_prompts(
    truth: np.ndarray,
    class_count: int,
    rng: np.random.Generator,
    settings: SimulationSettings = DEFAULT_SETTINGS,
) -> list[Prompt] | None:
    """A sample's initial prompts, or None for an automatic sample (no prompts, no corrections).

    Args:
        truth: (H, W) or (Z, H, W) class indices.
    """
    if rng.random() < settings.automatic_probability:
        return None
    prompts: list[Prompt] = []
    for class_index in range(1, class_count):
        where = truth == class_index
        if where.any():
            prompts += _class_prompts(where, truth, class_index, rng, settings)
    return prompts


def corrective_click(predicted: np.ndarray, truth: np.ndarray) -> Prompt | None:
    """The next click of the standard protocol: at the centre (farthest from its border) of the largest
    connected region the prediction gets wrong, for the class the truth has there (0 = negative).

    Args:
        predicted, truth: class indices of the same shape, (H, W) or (Z, H, W).

    Returns:
        A point prompt, or None when the prediction is right everywhere.
    """
    wrong = predicted != truth
    if not wrong.any():
        return None
    regions, _ = ndimage.label(wrong)
    largest = int(np.argmax(np.bincount(regions.ravel())[1:])) + 1
    box = ndimage.find_objects(regions)[largest - 1]
    centre = _farthest_inside(regions[box] == largest)
    voxel = tuple(int(c + s.start) for c, s in zip(centre, box, strict=True))
    return Prompt("point", int(truth[voxel]), np.asarray([voxel], dtype=np.float64))


def _class_prompts(
    where: np.ndarray,
    truth: np.ndarray,
    class_index: int,
    rng: np.random.Generator,
    settings: SimulationSettings,
) -> list[Prompt]:
    prompts: list[Prompt] = []
    pick = rng.random()
    kinds = (
        ("box", settings.box_probability),
        ("lasso", settings.lasso_probability),
        ("scribble", settings.scribble_probability),
    )
    for kind, probability in kinds:
        if pick < probability:
            if (drawn := _drawing(kind, where, class_index, rng)) is not None:
                prompts.append(drawn)
            break
        pick -= probability
    low = 0 if prompts else 1
    clicks = int(rng.integers(low, settings.max_positive_clicks + 1))
    for voxel in _interior_voxels(where, clicks, rng):
        prompts.append(Prompt("point", class_index, voxel[None].astype(np.float64)))
    negatives = int(rng.integers(0, settings.max_negative_clicks + 1))
    for voxel in _nearby_background(where, truth, negatives, rng):
        prompts.append(Prompt("point", 0, voxel[None].astype(np.float64)))
    return prompts


def _interior_voxels(where: np.ndarray, count: int, rng: np.random.Generator) -> np.ndarray:
    """(count, D) voxels of `where`, drawn with weight their distance to its border (the interior)."""
    if count == 0:
        return np.zeros((0, where.ndim), dtype=np.int64)
    box = ndimage.find_objects(where.astype(np.uint8))[0]
    distance = _inside_distance(where[box])
    voxels = np.argwhere(distance > 0)
    weights = distance[tuple(voxels.T)]
    chosen = rng.choice(len(voxels), size=count, p=weights / weights.sum())
    return voxels[chosen] + np.asarray([s.start for s in box])


def _nearby_background(
    where: np.ndarray, truth: np.ndarray, count: int, rng: np.random.Generator
) -> np.ndarray:
    """(≤ count, D) background voxels within a margin of `where` (a tenth of its size, 3 at least)."""
    if count == 0:
        return np.zeros((0, where.ndim), dtype=np.int64)
    box = ndimage.find_objects(where.astype(np.uint8))[0]
    extent = max(s.stop - s.start for s in box)
    margin = max(3.0, 0.1 * extent)
    grow = int(np.ceil(margin)) + 1
    crop = tuple(
        slice(max(s.start - grow, 0), min(s.stop + grow, n)) for s, n in zip(box, where.shape, strict=True)
    )
    distance = ndimage.distance_transform_edt(~where[crop])
    ring = np.argwhere((distance <= margin) & (truth[crop] == 0))
    if len(ring) == 0:
        return np.zeros((0, where.ndim), dtype=np.int64)
    chosen = rng.choice(len(ring), size=min(count, len(ring)), replace=False)
    return ring[chosen] + np.asarray([s.start for s in crop])


def _drawing(kind: str, where: np.ndarray, class_index: int, rng: np.random.Generator) -> Prompt | None:
    """A box, lasso or scribble around or inside one object of `where`, drawn in one slice in 3D."""
    seeds = np.argwhere(where)
    seed = seeds[rng.integers(len(seeds))]
    axis = -1
    plane = where
    if where.ndim == 3:
        axis = int(rng.integers(3))
        plane = np.take(where, seed[axis], axis=axis)
    in_plane = seed if axis < 0 else np.delete(seed, axis)
    regions, _ = ndimage.label(plane)
    component = regions == regions[tuple(in_plane)]
    if kind == "box":
        points = _box(component, rng)
    elif kind == "lasso":
        points = _lasso(component, rng)
    else:
        points = _scribble(component, rng)
    if points is None:
        return None
    if axis >= 0:
        points = np.insert(points, axis, float(seed[axis]), axis=1)
    return Prompt(kind, class_index, points, axis)  # type: ignore[arg-type]


def _box(component: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Two corners of the component's bounding box, each side moved out by up to a tenth of its size
    plus two pixels (and in by up to one), as a person's drag misses the exact border."""
    rows, cols = ndimage.find_objects(component.astype(np.uint8))[0]
    low = np.asarray([rows.start, cols.start], dtype=np.float64)
    high = np.asarray([rows.stop - 1, cols.stop - 1], dtype=np.float64)
    size = high - low + 1
    low -= rng.uniform(-1.0, 0.1 * size + 2.0)
    high += rng.uniform(-1.0, 0.1 * size + 2.0)
    return _clip(np.stack([low, high]), component.shape)


def _lasso(component: np.ndarray, rng: np.random.Generator) -> np.ndarray | None:
    """A coarse outline: the convex hull of the component, pushed out from its centre by 0 to 15 % and
    jittered by a pixel or so per vertex. None for a component too thin to have a hull (a line)."""
    border = np.argwhere(component & ~ndimage.binary_erosion(component)).astype(np.float64)
    try:
        hull = ConvexHull(border)
    except (QhullError, ValueError):
        return None
    vertices = border[hull.vertices]  # in order around the hull
    centre = vertices.mean(axis=0)
    vertices = centre + (vertices - centre) * rng.uniform(1.0, 1.15) + rng.normal(0.0, 1.0, vertices.shape)
    return _clip(vertices, component.shape)


def _scribble(component: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A polyline of 1 to 5 vertices that stays inside the component: from an interior start, steps of
    a fifth to a half of its size in random directions, each kept only if its segment stays inside."""
    start = _interior_voxels(component, 1, rng)[0].astype(np.float64)
    rows, cols = ndimage.find_objects(component.astype(np.uint8))[0]
    extent = max(rows.stop - rows.start, cols.stop - cols.start)
    vertices = [start]
    for _ in range(int(rng.integers(0, 5))):
        for _attempt in range(8):
            angle = rng.uniform(0.0, 2 * np.pi)
            step = rng.uniform(0.2, 0.5) * extent
            end = vertices[-1] + step * np.asarray([np.sin(angle), np.cos(angle)])
            if _segment_inside(component, vertices[-1], end):
                vertices.append(end)
                break
    return _clip(np.stack(vertices), component.shape)


def _segment_inside(component: np.ndarray, start: np.ndarray, end: np.ndarray) -> bool:
    steps = int(np.ceil(np.abs(end - start).max() * 2)) + 1
    samples = np.rint(start + (end - start) * np.linspace(0.0, 1.0, steps)[:, None]).astype(np.int64)
    if np.any(samples < 0) or np.any(samples >= np.asarray(component.shape)):
        return False
    return bool(component[tuple(samples.T)].all())


def _inside_distance(mask: np.ndarray) -> np.ndarray:
    """Distance of each voxel of `mask` to the nearest voxel outside it, the array's edge counting as
    outside (so an object cut by the edge has its centre inside the array, not on the edge)."""
    padded = np.pad(mask, 1)
    distance = ndimage.distance_transform_edt(padded)
    return distance[tuple(slice(1, -1) for _ in range(mask.ndim))]


def _farthest_inside(mask: np.ndarray) -> tuple[int, ...]:
    """The voxel farthest from the border; of a ridge of such voxels (a rectangle's middle line), the
    one nearest the ridge's mean, so the click is where a person would put it."""
    distance = _inside_distance(mask)
    ridge = np.argwhere(distance == distance.max())
    nearest = np.argmin(((ridge - ridge.mean(axis=0)) ** 2).sum(axis=1))
    return tuple(int(i) for i in ridge[nearest])


def _clip(points: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Vertices kept inside the array, where check_prompts accepts them."""
    return np.clip(points, 0.0, np.asarray(shape, dtype=np.float64) - 1.0)
