"""Per-volume scores: equal to MONAI's compute_* on the same one-hot arrays, in mm through the spacing,
and the empty rule."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from monai.metrics import (
    compute_average_surface_distance,
    compute_dice,
    compute_hausdorff_distance,
    compute_iou,
    compute_surface_dice,
)

from medseg_ml.metrics.scores import item_scores, volume_scores
from medseg_ml.metrics.surface import diagonal

# (slice, row, column) in mm: 0.8 x 0.8 mm in-plane, 2.5 mm slices.
ANISOTROPIC = (2.5, 0.8, 0.8)
SHAPE = (12, 40, 48)


def blobs(seed: int, shape: tuple[int, ...] = SHAPE) -> np.ndarray:
    """Three classes as overlapping ellipsoids with some noise, so surfaces are irregular."""
    rng = np.random.default_rng(seed)
    grid = np.stack(np.meshgrid(*[np.arange(n) for n in shape], indexing="ij"), axis=-1).astype(float)
    classes = np.zeros(shape, dtype=np.int64)
    for c in (1, 2, 3):
        centre = rng.uniform(0.3, 0.7, size=len(shape)) * np.array(shape)
        radius = rng.uniform(0.15, 0.3, size=len(shape)) * np.array(shape)
        inside = (((grid - centre) / radius) ** 2).sum(axis=-1) < 1 + rng.normal(0, 0.15, size=shape)
        classes[inside] = c
    return classes


def one_hot(classes: np.ndarray, count: int) -> torch.Tensor:
    """(1, K, ...) float one-hot, MONAI's layout."""
    hot = F.one_hot(torch.from_numpy(classes), count)
    return hot.movedim(-1, 0)[None].float()


def monai_scores(pred: np.ndarray, truth: np.ndarray, count: int, spacing, tolerance: float):
    y_pred, y = one_hot(pred, count), one_hot(truth, count)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return {
            "dice": compute_dice(y_pred, y, include_background=False)[0],
            "iou": compute_iou(y_pred, y, include_background=False)[0],
            "hd95": compute_hausdorff_distance(
                y_pred, y, include_background=False, percentile=95, spacing=spacing
            )[0],
            "asd": compute_average_surface_distance(
                y_pred, y, include_background=False, symmetric=True, spacing=spacing
            )[0],
            "nsd": compute_surface_dice(
                y_pred, y, [tolerance] * (count - 1), include_background=False, spacing=spacing
            )[0],
        }


@pytest.mark.parametrize(
    ("shape", "spacing", "tolerance"),
    [(SHAPE, ANISOTROPIC, 1.5), ((33, 35), (1.0, 1.0), 1.0), ((9, 33, 35), (1.0, 1.0, 1.0), 2.0)],
)
def test_scores_equal_monai_compute_functions(shape, spacing, tolerance) -> None:
    truth, pred = blobs(1, shape), blobs(2, shape)
    ours = item_scores(pred, truth, 4, spacing, tolerance)
    theirs = monai_scores(pred, truth, 4, spacing, tolerance)
    for c in (1, 2, 3):
        assert (pred == c).any() and (truth == c).any()
        for name, values in theirs.items():
            assert ours.value(name, c) == pytest.approx(float(values[c - 1]), rel=1e-5, abs=1e-6), (name, c)
    assert ours.distance_unit == ("mm" if len(shape) == 3 else "px")


def shifted_cube(axis: int, shift: int) -> tuple[np.ndarray, np.ndarray]:
    truth = np.zeros(SHAPE, dtype=np.int64)
    truth[3:9, 10:20, 10:20] = 1
    return np.roll(truth, shift, axis=axis), truth


@pytest.mark.parametrize(("axis", "mm"), [(0, 2.5), (2, 0.8)])
def test_spacing_turns_a_shift_into_millimetres(axis: int, mm: float) -> None:
    pred, truth = shifted_cube(axis, 2)
    in_mm = item_scores(pred, truth, 2, ANISOTROPIC, tolerance=mm)
    in_voxels = item_scores(pred, truth, 2, (1.0, 1.0, 1.0), tolerance=1.0)
    assert in_voxels.value("hd95", 1) == pytest.approx(2.0)
    assert in_mm.value("hd95", 1) == pytest.approx(2 * mm)
    assert in_mm.value("dice", 1) == in_voxels.value("dice", 1)
    # On an isotropic grid every distance scales with the voxel size, the average too.
    isotropic = item_scores(pred, truth, 2, (mm, mm, mm), tolerance=mm)
    assert isotropic.value("asd", 1) == pytest.approx(in_voxels.value("asd", 1) * mm, rel=1e-5)
    assert isotropic.value("nsd", 1) == pytest.approx(in_voxels.value("nsd", 1))


def test_empty_rule() -> None:
    truth = np.zeros(SHAPE, dtype=np.int64)
    truth[2:5, 5:9, 5:9] = 1
    pred = np.zeros(SHAPE, dtype=np.int64)
    pred[6:8, 20:30, 20:30] = 2
    scores = item_scores(pred, truth, 4, ANISOTROPIC)
    worst = diagonal(SHAPE, ANISOTROPIC)
    assert worst == pytest.approx(math.sqrt((12 * 2.5) ** 2 + (40 * 0.8) ** 2 + (48 * 0.8) ** 2))
    for c in (1, 2):  # in only the truth, in only the prediction
        assert (scores.value("dice", c), scores.value("iou", c), scores.value("nsd", c)) == (0.0, 0.0, 0.0)
        assert scores.value("hd95", c) == scores.value("asd", c) == pytest.approx(worst)
    for name in ("dice", "iou", "hd95", "asd", "nsd"):
        assert math.isnan(scores.value(name, 3))  # in neither: no value
        assert math.isnan(scores.value(name, 0))  # background is not scored
    assert scores.mean("dice") == 0.0
    assert scores.mean("hd95") == pytest.approx(worst)


def test_volume_scores_message() -> None:
    pred, truth = shifted_cube(0, 1)
    message = volume_scores(pred, truth, 3, ANISOTROPIC, 2.5)
    assert message.distance_unit == "mm"
    assert message.surface_tolerance == 2.5
    assert len(message.dice_per_class) == len(message.nsd_per_class) == 3
    assert math.isnan(message.hd95_per_class[2])
    assert message.hd95 == pytest.approx(2.5)
    assert message.dice == pytest.approx(message.dice_per_class[1])
    assert message.nsd == 1.0
    unitless = volume_scores(pred, truth, 3, (1.0, 1.0, 1.0), 0, distance_unit="px")
    assert unitless.distance_unit == "px" and unitless.surface_tolerance == 1.0
