"""Metrics on hand-made masks whose values can be worked out on paper, and their aggregates."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from medseg_ml.evaluation.metrics import ImageMetrics, aggregate, image_metrics, mean_metrics, stat
from medseg_ml.inference.card import ModelCard
from medseg_ml.inference.segment import segment, segment_batch
from medseg_ml.networks.factory import build_network, network_spec
from medseg_ml.preprocessing import class_indices


def square(top: int, left: int, side: int, shape: tuple[int, int] = (33, 35), value: int = 1) -> np.ndarray:
    mask = np.zeros(shape, dtype=np.int64)
    mask[top : top + side, left : left + side] = value
    return mask


def test_identical_masks_score_perfectly() -> None:
    mask = square(5, 7, 9)
    m = image_metrics(mask, mask, [0, 1])
    assert (m.dice, m.iou, m.hausdorff95, m.surface_distance) == (1.0, 1.0, 0.0, 0.0)
    assert [c.label_value for c in m.per_class] == [1]


def test_disjoint_masks_have_zero_dice_and_iou() -> None:
    m = image_metrics(square(0, 0, 4), square(20, 20, 4), [0, 1])
    assert m.dice == 0.0 and m.iou == 0.0
    assert m.hausdorff95 is not None and m.hausdorff95 > 20


def test_half_overlapping_squares() -> None:
    # Two 4x4 squares sharing 2x4 pixels: Dice = 2*8/(16+16) = 0.5, IoU = 8/24 = 1/3.
    m = image_metrics(square(4, 4, 4), square(4, 6, 4), [0, 1])
    assert m.dice == pytest.approx(0.5)
    assert m.iou == pytest.approx(1 / 3)


@pytest.mark.parametrize("shift", [1, 2, 3])
def test_hausdorff_of_a_shifted_square_is_the_shift(shift: int) -> None:
    m = image_metrics(square(8, 8, 6), square(8, 8 + shift, 6), [0, 1])
    assert m.hausdorff95 == pytest.approx(shift)


def test_class_absent_from_both_is_null_and_left_out_of_the_means() -> None:
    empty = np.zeros((33, 35), dtype=np.int64)
    assert image_metrics(empty, empty, [0, 1]) == ImageMetrics(
        None, None, None, None, image_metrics(empty, empty, [0, 1]).per_class
    )
    # Class 2 absent from both: the image's means are class 1's values alone.
    predicted = square(4, 4, 4)
    m = image_metrics(predicted, predicted, [0, 1, 2])
    assert [c.dice for c in m.per_class] == [1.0, None]
    assert (m.dice, m.hausdorff95) == (1.0, 0.0)


def test_class_missed_by_the_prediction_has_dice_zero_and_no_distance() -> None:
    truth = square(4, 4, 4, value=1)
    m = image_metrics(np.zeros_like(truth), truth, [0, 255])
    c = m.per_class[0]
    assert (c.label_value, c.dice, c.iou, c.hausdorff95, c.surface_distance) == (255, 0.0, 0.0, None, None)


def test_aggregate_skips_nulls_and_uses_population_std() -> None:
    assert stat([1.0, None, 3.0]) == {"mean": 2.0, "median": 2.0, "std": 1.0, "count": 2}
    assert stat([None]) == {"mean": None, "median": None, "std": None, "count": 0}
    a = image_metrics(square(4, 4, 4), square(4, 4, 4), [0, 1])
    b = image_metrics(square(4, 4, 4), square(4, 6, 4), [0, 1])
    result = aggregate([a, b], [0, 1])
    assert result["dice"] == {"mean": 0.75, "median": 0.75, "std": 0.25, "count": 2}
    assert result["per_class"][0]["class_index"] == 1 and result["per_class"][0]["dice"]["count"] == 2
    volume = mean_metrics([a, b], [0, 1])
    assert volume.dice == pytest.approx(0.75)


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
