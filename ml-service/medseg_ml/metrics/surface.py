"""Surface distances per class: HD95, symmetric average surface distance (ASD) and normalized surface Dice
(NSD) at a tolerance, in the units of the spacing (mm for volumes, 1.0 = pixels for 2D images).

The numbers are MONAI's: each class's edges and edge-to-edge distances come from
`monai.metrics.utils.get_edge_surface_distance` (what `compute_hausdorff_distance`,
`compute_average_surface_distance` and `compute_surface_dice` call per class), and the three metrics are
derived from those distances exactly as those functions derive them (tests/test_surface_metrics.py checks
equality). What differs is the cost: MONAI wants a (B, K, ...) one-hot of the whole volume and walks it
once per class and per metric; 116 AAL classes on a 181 x 217 x 181 head would be 800 M voxels of one-hot.
Here each class is cropped to the bounding box of prediction and truth (plus the one voxel of margin
MONAI's own crop keeps, so edges at the crop border are the same), found for every class in one pass by
`scipy.ndimage.find_objects`, and the edge distances are computed once for all three metrics.

Empty rule (nnU-Net / Metrics Reloaded): a class absent from both prediction and truth has no value (NaN,
null in reports) and is left out of every mean; present in only one of them, Dice, IoU and NSD are 0 and
HD95 and ASD are the image's diagonal (the worst distance possible on its grid).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import torch
from scipy import ndimage

# MONAI 1.6 warns about its own deprecated argument on every edge call.
warnings.filterwarnings("ignore", message=".*always_return_as_numpy.*", category=FutureWarning)

DEFAULT_TOLERANCE = 1.0
HD_PERCENTILE = 95
# MONAI's get_mask_edges crops with this margin too: an edge voxel at the crop border stays an edge.
_MARGIN = 1

EMPTY_RULE = (
    "A class absent from both prediction and truth has no value (null) and is left out of every mean, "
    "never counted as 1.0; present in only one of them, Dice, IoU and NSD are 0 and HD95 and ASD are the "
    "image's diagonal in its units (the worst distance possible)."
)


@dataclass(frozen=True)
class SurfaceScores:
    """Attributes (each (K,) float64 by class index, background included, NaN where undefined):
    hd95: 95th percentile Hausdorff distance (the larger of the two directions).
    asd: mean of the distances of both surfaces to each other.
    nsd: share of both surfaces within `tolerance` of the other.
    """

    hd95: np.ndarray
    asd: np.ndarray
    nsd: np.ndarray


def diagonal(shape: Sequence[int], spacing: Sequence[float]) -> float:
    """Length of the grid's diagonal in the units of `spacing`."""
    return math.sqrt(math.fsum((n * s) ** 2 for n, s in zip(shape, spacing, strict=True)))


def surface_scores(
    predicted: np.ndarray,
    truth: np.ndarray,
    class_count: int,
    spacing: Sequence[float],
    tolerance: float = DEFAULT_TOLERANCE,
) -> SurfaceScores:
    """HD95, ASD and NSD of every foreground class.

    Args:
        predicted: (Z, H, W) or (H, W) integer class indices in [0, class_count).
        truth: same shape, class indices.
        class_count: K, background (class 0) included; class 0 is not scored (NaN).
        spacing: size of a voxel along each axis (mm, or 1.0 for pixels).
        tolerance: NSD tolerance in the units of `spacing`.

    Returns:
        Per class scores, NaN for the background and for classes absent from both.
    """
    if predicted.shape != truth.shape:
        raise ValueError(f"prediction {predicted.shape} and truth {truth.shape} differ")
    if len(spacing) != predicted.ndim:
        raise ValueError(f"spacing {tuple(spacing)} does not match the {predicted.ndim}D arrays")
    spacing = tuple(float(s) for s in spacing)
    worst = diagonal(predicted.shape, spacing)
    hd95, asd, nsd = (np.full(class_count, math.nan) for _ in range(3))
    boxes_pred = _boxes(predicted, class_count)
    boxes_truth = _boxes(truth, class_count)
    for c in range(1, class_count):
        box_p, box_t = boxes_pred[c], boxes_truth[c]
        if box_p is None and box_t is None:
            continue
        if box_p is None or box_t is None:
            hd95[c], asd[c], nsd[c] = worst, worst, 0.0
            continue
        window = _union(box_p, box_t, predicted.shape)
        hd95[c], asd[c], nsd[c] = _class_distances(
            predicted[window] == c, truth[window] == c, spacing, tolerance
        )
    return SurfaceScores(hd95, asd, nsd)


def _class_distances(
    pred: np.ndarray, truth: np.ndarray, spacing: tuple[float, ...], tolerance: float
) -> tuple[float, float, float]:
    """HD95, ASD, NSD of one class present in both, as compute_hausdorff_distance(percentile=95),
    compute_average_surface_distance(symmetric=True) and compute_surface_dice derive them."""
    # Imported here: MONAI takes seconds to import, and the ml-service's start-up should not wait for it.
    from monai.metrics.utils import get_edge_surface_distance

    _, (to_truth, to_pred), _ = get_edge_surface_distance(
        torch.from_numpy(pred),
        torch.from_numpy(truth),
        spacing=spacing,
        symmetric=True,
        warn_empty=False,
    )
    hd95 = torch.max(torch.stack([torch.quantile(d, HD_PERCENTILE / 100) for d in (to_truth, to_pred)]))
    asd = torch.cat((to_truth, to_pred)).mean()
    within = torch.sum(to_truth <= tolerance) + torch.sum(to_pred <= tolerance)
    nsd = within / (len(to_truth) + len(to_pred))
    return float(hd95), float(asd), float(nsd)


def _boxes(classes: np.ndarray, class_count: int) -> list[tuple[slice, ...] | None]:
    """Bounding box of every class index (None where absent), all from one pass over the array."""
    found = ndimage.find_objects(np.ascontiguousarray(classes, dtype=np.int64), max_label=class_count - 1)
    return [None, *found]


def _union(a: tuple[slice, ...], b: tuple[slice, ...], shape: tuple[int, ...]) -> tuple[slice, ...]:
    return tuple(
        slice(max(min(x.start, y.start) - _MARGIN, 0), min(max(x.stop, y.stop) + _MARGIN, n))
        for x, y, n in zip(a, b, shape, strict=True)
    )
