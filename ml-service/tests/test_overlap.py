"""One Dice/IoU: the hand-computed rule, and validation, segment-pair and evaluation agreeing on it."""

from __future__ import annotations

import math
import threading

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from medseg_ml.evaluation.scoring import aggregate
from medseg_ml.inference.card import ModelCard
from medseg_ml.inference.segment import pair_scores
from medseg_ml.metrics.overlap import foreground_mean, mean_defined, overlap
from medseg_ml.metrics.scores import item_scores
from medseg_ml.networks.factory import network_spec
from medseg_ml.training.data import TrainingData
from medseg_ml.training.optimization import build_loss
from medseg_ml.training.records import EpochRecord
from medseg_ml.training.validation import validate

# The case web/src/app/shared/overlap.spec.ts checks too. 4 classes, 3x5 pixels:
# class 1: truth 4 px, prediction 3 px, 2 shared -> Dice 4/7, IoU 2/5
# class 2: truth 2 px, never predicted           -> Dice 0, IoU 0
# class 3: in neither                             -> no value (NaN), left out of the mean
HAND_TRUTH = np.array([[1, 1, 0, 0, 0], [1, 1, 0, 2, 2], [0, 0, 0, 0, 0]])
HAND_PRED = np.array([[1, 1, 1, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0]])
# background: truth 9 px, prediction 12 px, 8 shared -> Dice 16/21, IoU 8/13
HAND_DICE = [16 / 21, 4 / 7, 0.0, None]
HAND_IOU = [8 / 13, 2 / 5, 0.0, None]


def as_list(values: torch.Tensor) -> list[float | None]:
    return [None if math.isnan(v) else v for v in values.tolist()]


def test_hand_computed_case() -> None:
    result = overlap(torch.from_numpy(HAND_PRED)[None], torch.from_numpy(HAND_TRUTH)[None], 4)
    assert as_list(result.dice[0]) == pytest.approx(HAND_DICE)
    assert as_list(result.iou[0]) == pytest.approx(HAND_IOU)
    # The class absent from both is left out: (4/7 + 0) / 2, not (4/7 + 0 + 1) / 3.
    assert float(foreground_mean(result.dice[0])) == pytest.approx(2 / 7)
    assert float(foreground_mean(result.iou[0])) == pytest.approx(1 / 5)


def test_only_background_everywhere_has_no_foreground_value() -> None:
    empty = torch.zeros((1, 33, 35), dtype=torch.long)
    result = overlap(empty, empty, 117)
    assert result.dice[0, 0] == 1.0 and result.dice[0, 1:].isnan().all()
    assert foreground_mean(result.dice).isnan().all()


def test_background_only_prediction_of_a_many_class_model_scores_zero() -> None:
    # The AAL case: 117 classes, 80 of them in the truth, the model predicts background only.
    truth = torch.arange(33 * 35).reshape(1, 33, 35) % 81
    result = overlap(torch.zeros_like(truth), truth, 117)
    assert float(foreground_mean(result.dice)[0]) == 0.0


def test_mean_defined_skips_none_and_nan() -> None:
    assert mean_defined([1.0, None, math.nan, 0.0]) == 0.5
    assert mean_defined([None, math.nan]) is None


class FixedPredictions(nn.Module):
    """A network whose logits for image i make `predictions[i]` the argmax; image i's pixels all hold i."""

    def __init__(self, predictions: torch.Tensor, class_count: int) -> None:
        super().__init__()
        self.logits = F.one_hot(predictions, class_count).permute(0, 3, 1, 2).float() * 10

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        return self.logits[images[:, 0, 0, 0].long()]


def odd_pairs() -> tuple[np.ndarray, np.ndarray]:
    """Two 33x35 pairs over 5 classes: class 1 partly found, class 2 missed (absent from the prediction),
    class 3 predicted where the truth has none in image 1, class 4 absent from both everywhere."""
    truth = np.zeros((2, 33, 35), dtype=np.int64)
    predicted = np.zeros_like(truth)
    truth[0, 3:12, 4:15] = 1
    predicted[0, 5:14, 4:13] = 1
    truth[0, 20:25, 20:31] = 2
    truth[1, 10:20, 10:17] = 1
    predicted[1, 12:20, 9:17] = 1
    predicted[1, 25:30, 2:9] = 3
    return predicted, truth


def validation(predicted: np.ndarray, truth: np.ndarray, class_count: int) -> tuple[float, list[float]]:
    count = len(truth)
    images = torch.arange(count, dtype=torch.float32)[:, None, None, None].expand(count, 1, 33, 35)
    data = TrainingData(images.contiguous(), torch.from_numpy(truth).to(torch.uint8), tuple(range(count)))
    scores = validate(
        FixedPredictions(torch.from_numpy(predicted), class_count),
        data,
        torch.arange(count),
        batch_size=4,
        class_count=class_count,
        loss_fn=build_loss("cross_entropy"),
        device=torch.device("cpu"),
        cancel=threading.Event(),
    )
    return scores.dice, scores.dice_per_class


def test_validation_segment_pair_and_evaluation_agree_on_one_pair() -> None:
    predicted, truth = odd_pairs()
    labels = [0, 10, 20, 30, 40]
    val_dice, val_per_class = validation(predicted[:1], truth[:1], 5)
    pair = pair_scores(predicted[0], truth[0], 5)
    report = item_scores(predicted[0], truth[0], len(labels), (1.0, 1.0))

    expected_class_1 = 2 * (7 * 9) / (9 * 11 + 9 * 9)
    assert pair.dice_per_class[1] == pytest.approx(expected_class_1)
    assert pair.dice_per_class[2] == 0.0  # in the truth, not predicted
    assert all(math.isnan(v) for v in pair.dice_per_class[3:])  # absent from both
    assert pair.dice == pytest.approx(expected_class_1 / 2)

    assert val_dice == pytest.approx(pair.dice)
    assert report.mean("dice") == pytest.approx(pair.dice)
    assert report.mean("iou") == pytest.approx(pair.iou)
    np.testing.assert_allclose(val_per_class, pair.dice_per_class, equal_nan=True)
    np.testing.assert_allclose(report.per_class["dice"][1:], pair.dice_per_class[1:], equal_nan=True)


def test_validation_over_images_equals_the_evaluation_aggregate() -> None:
    predicted, truth = odd_pairs()
    labels = [0, 10, 20, 30, 40]
    val_dice, val_per_class = validation(predicted, truth, 5)
    images = [item_scores(p, t, len(labels), (1.0, 1.0)) for p, t in zip(predicted, truth, strict=True)]
    card = ModelCard(network_spec("unet", 1, len(labels), depth=2, base_channels=4), tuple(labels), 1, 32)
    result = aggregate(images, card, lambda v: "", 1.0)
    assert val_dice == pytest.approx(result["dice"]["mean"])
    per_class = [c["dice"]["mean"] for c in result["perClass"]]
    assert per_class[3] is None  # class 4 absent from both in every image
    np.testing.assert_allclose(
        val_per_class[1:], [math.nan if v is None else v for v in per_class], equal_nan=True
    )
    # Class 3 (predicted only, in image 1) scores 0 there and has no value in image 0.
    assert val_per_class[3] == 0.0


def test_epoch_record_writes_missing_values_as_json_null() -> None:
    record = EpochRecord(1, 1, 0.5, 0.5, math.nan, 0.2, [1.0, math.nan], [1.0, math.nan], 1e-3, 1, 1, 0, True)
    as_dict = record.to_dict()
    assert as_dict["val_dice"] is None and as_dict["val_dice_per_class"] == [1.0, None]
    assert as_dict["val_iou"] == 0.2
