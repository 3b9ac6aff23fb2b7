"""Scores on hand-made masks whose values can be worked out on paper, and the report's aggregates."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from medseg_ml.evaluation.scoring import aggregate, score_fields, stat
from medseg_ml.inference.card import ModelCard
from medseg_ml.inference.segment import segment, segment_batch
from medseg_ml.metrics.scores import item_scores
from medseg_ml.metrics.surface import diagonal
from medseg_ml.networks.factory import build_network, network_spec
from medseg_ml.preprocessing import class_indices

PX = (1.0, 1.0)


def square(top: int, left: int, side: int, shape: tuple[int, int] = (33, 35), value: int = 1) -> np.ndarray:
    mask = np.zeros(shape, dtype=np.int64)
    mask[top : top + side, left : left + side] = value
    return mask


def means(scores) -> tuple[float, ...]:
    return tuple(scores.mean(name) for name in ("dice", "iou", "hd95", "asd", "nsd"))


def card(labels: tuple[int, ...]) -> ModelCard:
    return ModelCard(network_spec("unet", 1, len(labels), depth=2, base_channels=4), labels, 1, 32)


def test_identical_masks_score_perfectly() -> None:
    mask = square(5, 7, 9)
    assert means(item_scores(mask, mask, 2, PX)) == (1.0, 1.0, 0.0, 0.0, 1.0)


def test_disjoint_masks_have_zero_dice_and_iou() -> None:
    m = item_scores(square(0, 0, 4), square(20, 20, 4), 2, PX)
    assert m.mean("dice") == 0.0 and m.mean("iou") == 0.0 and m.mean("nsd") == 0.0
    assert m.mean("hd95") > 20


def test_half_overlapping_squares() -> None:
    # Two 4x4 squares sharing 2x4 pixels: Dice = 2*8/(16+16) = 0.5, IoU = 8/24 = 1/3.
    m = item_scores(square(4, 4, 4), square(4, 6, 4), 2, PX)
    assert m.mean("dice") == pytest.approx(0.5)
    assert m.mean("iou") == pytest.approx(1 / 3)


@pytest.mark.parametrize("shift", [1, 2, 3])
def test_hausdorff_of_a_shifted_square_is_the_shift(shift: int) -> None:
    m = item_scores(square(8, 8, 6), square(8, 8 + shift, 6), 2, PX)
    assert m.mean("hd95") == pytest.approx(shift)
    assert m.distance_unit == "px"


def test_class_absent_from_both_is_null_and_left_out_of_the_means() -> None:
    empty = np.zeros((33, 35), dtype=np.int64)
    assert all(math.isnan(v) for v in means(item_scores(empty, empty, 2, PX)))
    # Class 2 absent from both: the image's means are class 1's values alone.
    predicted = square(4, 4, 4)
    m = item_scores(predicted, predicted, 3, PX)
    assert m.per_class["dice"][1] == 1.0 and math.isnan(m.per_class["dice"][2])
    assert (m.mean("dice"), m.mean("hd95")) == (1.0, 0.0)


def test_class_missed_by_the_prediction_scores_zero_and_the_worst_distance() -> None:
    truth = square(4, 4, 4, value=1)
    m = item_scores(np.zeros_like(truth), truth, 2, PX)
    fields = score_fields(m, card((0, 255)), lambda v: {255: "tumour"}.get(v, ""))
    c = fields["perClass"][0]
    assert (c["value"], c["name"], c["dice"], c["iou"], c["nsd"]) == (255, "tumour", 0.0, 0.0, 0.0)
    assert c["hd95"] == c["asd"] == pytest.approx(diagonal((33, 35), PX))


def test_aggregate_skips_nulls_and_uses_population_std() -> None:
    assert stat([1.0, None, 3.0]) == {"mean": 2.0, "median": 2.0, "std": 1.0, "p25": 1.5, "p75": 2.5, "n": 2}
    assert stat([None]) == {"mean": None, "median": None, "std": None, "p25": None, "p75": None, "n": 0}
    a = item_scores(square(4, 4, 4), square(4, 4, 4), 2, PX)
    b = item_scores(square(4, 4, 4), square(4, 6, 4), 2, PX)
    result = aggregate([a, b], card((0, 1)), lambda v: "", 1.0)
    assert result["dice"] == {"mean": 0.75, "median": 0.75, "std": 0.25, "p25": 0.625, "p75": 0.875, "n": 2}
    assert result["distanceUnit"] == "px"
    per_class = result["perClass"][0]
    assert (per_class["classIndex"], per_class["value"], per_class["dice"]["n"]) == (1, 1, 2)


def test_batched_forward_gives_the_single_image_masks() -> None:
    torch.manual_seed(0)
    spec = network_spec("unet", 1, 3, depth=2, base_channels=4)
    network = build_network(spec).eval()
    card = ModelCard(spec, (0, 1, 2), 1, 32)
    rng = np.random.default_rng(1)
    images = [rng.integers(0, 255, (1, h, w), dtype=np.uint8) for h, w in ((33, 35), (40, 21), (32, 32))]
    batched = segment_batch(network, images, card, torch.device("cpu"))
    for image, mask in zip(images, batched, strict=True):
        alone = segment(network, image, card, torch.device("cpu")).mask
        assert mask.shape == image.shape[1:]
        np.testing.assert_array_equal(mask, alone)


@pytest.mark.parametrize("classes", [2, 3, 117])
def test_class_indices_equal_argmax_ties_included(classes: int) -> None:
    generator = torch.Generator().manual_seed(classes)
    # Coarse values so that many pixels tie between classes.
    probabilities = torch.randint(0, 4, (2, classes, 37, 23), generator=generator).float()
    assert torch.equal(class_indices(probabilities), probabilities.argmax(dim=1))
