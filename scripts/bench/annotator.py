"""A simulated annotator: corrects a mask towards the ground truth with brush dabs of one fixed size.

The user of interactive-segmentation papers (RITM's and DeepEdit's click simulation): each stroke goes
to the interior-most point (distance-transform maximum) of the largest error region, and paints
foreground there when the region is missed foreground, erases when it is wrongly painted. The brush
is edge-aware, like 3D Slicer's paint restricted to the structure's intensity range: it changes only
the part of its disk that lies in the region (or within EDGE_SLACK pixels of it). Without that a dab
spills up to its radius across every thin sliver and the greedy user erases and repaints the same band
for ever (a disc of radius 30 stalled at Dice 0.93); even 1 px of spill stalls small structures: the
held-out brain slices of 134 to 3659 voxels stopped at Dice 0.83 to 0.94 after 300 strokes from empty,
where without spill they take 5 to 60. scripts/tests/test_annotator.py checks it on synthetic cases.

Dice is medseg_ml.metrics.overlap's, the platform's one definition.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from scipy import ndimage

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "ml-service"))

from medseg_ml.metrics.overlap import overlap  # noqa: E402

# One small image per call: torch's thread pool costs more than the counting (100 ms a Dice on a
# shared 2-core VM with the default threads, 6 ms with one).
torch.set_num_threads(1)

# Pixels past the error region's edge that a dab still changes (how precisely the person follows it).
EDGE_SLACK = 0


@dataclass(frozen=True)
class Correction:
    """Attributes:
    strokes: dabs made (the cap when `reached` is False).
    reached: Dice got to the target within the cap.
    dice: Dice of `mask` against the truth; start_dice, that of the starting mask.
    mask: (H, W) bool, the corrected mask.
    """

    strokes: int
    reached: bool
    dice: float
    start_dice: float
    mask: np.ndarray


def dice(mask: np.ndarray, truth: np.ndarray) -> float:
    """Foreground Dice of two (H, W) bool masks; 1.0 when both are empty (nothing to correct)."""
    value = overlap(torch.from_numpy(mask[None]).long(), torch.from_numpy(truth[None]).long(), 2).dice[0, 1]
    return 1.0 if torch.isnan(value) else float(value)


def disk(radius: int) -> np.ndarray:
    y, x = np.mgrid[-radius : radius + 1, -radius : radius + 1]
    return x * x + y * y <= radius * radius


@dataclass(frozen=True)
class Stroke:
    """A dab centred on (y, x) that paints (True) or erases, limited to `reach` (H, W) bool."""

    y: int
    x: int
    paint: bool
    reach: np.ndarray


def next_stroke(mask: np.ndarray, truth: np.ndarray) -> Stroke | None:
    """The next dab: at the distance-transform maximum of the largest connected region of missed
    (truth, not mask) or extra (mask, not truth) pixels, painting or erasing; None when the masks agree."""
    best: tuple[int, np.ndarray, bool] | None = None
    for paint, errors in ((True, truth & ~mask), (False, mask & ~truth)):
        labels, count = ndimage.label(errors)
        if count == 0:
            continue
        sizes = np.bincount(labels.ravel())[1:]
        largest = int(np.argmax(sizes))
        if best is None or sizes[largest] > best[0]:
            box = ndimage.find_objects(labels, max_label=largest + 1)[largest]
            best = (int(sizes[largest]), labels == largest + 1, paint, box)
    if best is None:
        return None
    _, region, paint, (rows, cols) = best
    # Within the region's box, padded so the image border counts as outside the region, as its edge does.
    distance = ndimage.distance_transform_edt(np.pad(region[rows, cols], 1))[1:-1, 1:-1]
    y, x = np.unravel_index(int(np.argmax(distance)), distance.shape)
    reach = ndimage.binary_dilation(region, iterations=EDGE_SLACK) if EDGE_SLACK else region
    return Stroke(int(y) + rows.start, int(x) + cols.start, paint, reach)


def dab(mask: np.ndarray, stroke: Stroke, radius: int) -> None:
    """Paints (or erases) the brush disk centred on the stroke, within its reach, in place."""
    y, x = stroke.y, stroke.x
    brush = disk(radius)
    height, width = mask.shape
    top, left = y - radius, x - radius
    y0, x0 = max(top, 0), max(left, 0)
    y1, x1 = min(top + brush.shape[0], height), min(left + brush.shape[1], width)
    window = brush[y0 - top : y1 - top, x0 - left : x1 - left] & stroke.reach[y0:y1, x0:x1]
    mask[y0:y1, x0:x1][window] = stroke.paint


def correct(
    start: np.ndarray, truth: np.ndarray, *, radius: int = 5, target: float = 0.95, cap: int = 300
) -> Correction:
    """Dabs from `start` until Dice against `truth` reaches `target` or `cap` strokes are spent.

    Args:
        start: (H, W) bool, the proposal (all False: from empty).
        truth: (H, W) bool.
    """
    mask = start.astype(bool, copy=True)
    truth = truth.astype(bool, copy=False)
    first = current = dice(mask, truth)
    strokes = 0
    while current < target and strokes < cap:
        stroke = next_stroke(mask, truth)
        if stroke is None:
            break
        dab(mask, stroke, radius)
        strokes += 1
        current = dice(mask, truth)
    return Correction(strokes, current >= target, current, first, mask)
