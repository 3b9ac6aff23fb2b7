"""The bench's simulated annotator (scripts/bench/annotator.py) on synthetic cases whose stroke counts
are known: `.venv/bin/python -m pytest -q scripts/tests/test_annotator.py`."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from annotator import correct, disk, next_stroke  # noqa: E402


def _disc(size: int, cy: int, cx: int, radius: int) -> np.ndarray:
    y, x = np.mgrid[0:size, 0:size]
    return (y - cy) ** 2 + (x - cx) ** 2 <= radius**2


def _place(size: int, cy: int, cx: int, radius: int) -> np.ndarray:
    out = np.zeros((size, size), bool)
    out[cy - radius : cy + radius + 1, cx - radius : cx + radius + 1] = disk(radius)
    return out


def test_a_hole_the_size_of_the_brush_takes_one_stroke_at_its_centre() -> None:
    truth = _disc(96, 48, 48, 30)
    hole = _place(96, 40, 50, 5)
    start = truth & ~hole
    stroke = next_stroke(start, truth)
    assert (stroke.y, stroke.x, stroke.paint) == (40, 50, True)
    result = correct(start, truth, radius=5, target=0.999)
    assert (result.strokes, result.reached, result.dice) == (1, True, 1.0)
    assert np.array_equal(result.mask, truth)
    assert result.start_dice < 0.99


def test_a_wrongly_painted_blob_is_erased() -> None:
    truth = _disc(96, 30, 30, 12)
    start = truth | _place(96, 70, 70, 5)
    stroke = next_stroke(start, truth)
    assert (stroke.y, stroke.x, stroke.paint) == (70, 70, False)
    result = correct(start, truth, radius=5, target=0.999)
    assert (result.strokes, result.reached) == (1, True)
    assert np.array_equal(result.mask, truth)


def test_the_largest_error_region_goes_first() -> None:
    truth = _disc(96, 48, 48, 30)
    start = truth & ~_place(96, 30, 48, 3) & ~_place(96, 60, 48, 6)
    stroke = next_stroke(start, truth)
    assert (stroke.y, stroke.x, stroke.paint) == (60, 48, True)


def test_from_empty_it_converges_in_about_area_over_brush_strokes() -> None:
    truth = _disc(96, 48, 48, 30)
    result = correct(np.zeros_like(truth), truth, radius=5, target=0.95, cap=300)
    assert result.reached and result.dice >= 0.95 and result.start_dice == 0.0
    # At least the area the target needs over one dab's area; disks do not tile, so not much fewer
    # than twice that either.
    least = 0.95 * truth.sum() / disk(5).sum()
    assert least <= result.strokes <= 3 * least, result.strokes


def test_a_dab_does_not_spill_past_a_thin_region() -> None:
    truth = np.zeros((64, 64), bool)
    truth[32, 20:40] = True  # one pixel thin, thinner than the brush
    result = correct(np.zeros_like(truth), truth, radius=5, target=1.0, cap=1)
    assert result.strokes == 1
    assert not (result.mask & ~truth).any(), "nothing painted outside the line"
    # Every pixel of a line is 1 from its edge: the first is the interior-most, the dab paints its radius on.
    assert result.mask[32, 20:26].all() and result.mask.sum() == 6


def test_no_stroke_when_the_start_is_good_enough_and_the_cap_when_unreachable() -> None:
    truth = _disc(64, 32, 32, 20)
    assert correct(truth, truth).strokes == 0
    result = correct(np.zeros_like(truth), truth, radius=5, target=0.95, cap=3)
    assert (result.strokes, result.reached) == (3, False)
    assert 0 < result.dice < 0.95
