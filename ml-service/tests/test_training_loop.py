"""The training loop's pieces: batches, exact validation metrics, progress pacing, cancel."""

from __future__ import annotations

import math
import threading

import pytest
import torch
from torch import nn

from medseg_ml.job import Cancelled
from medseg_ml.training.batches import batch_bounds
from medseg_ml.training.data import TrainingData
from medseg_ml.training.epoch_source import SliceSource
from medseg_ml.training.hyperparameters import Hyperparameters
from medseg_ml.training.loop import train
from medseg_ml.training.optimization import build_loss
from medseg_ml.training.records import EpochRecord, StepRecord
from medseg_ml.training.validation import validate


class Echo(nn.Module):
    """Predicts the class whose index equals the (single-channel) input value."""

    def __init__(self, classes: int) -> None:
        super().__init__()
        self.classes = classes
        self.scale = nn.Parameter(torch.ones(()))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        levels = torch.arange(self.classes, dtype=x.dtype).view(1, -1, 1, 1)
        return -((x - levels) ** 2) * 10 * self.scale


@pytest.mark.parametrize(
    ("count", "batch", "bounds"),
    [
        (10, 4, [(0, 4), (4, 8), (8, 10)]),
        (9, 4, [(0, 4), (4, 9)]),
        (1, 4, [(0, 1)]),
        (8, 8, [(0, 8)]),
    ],
)
def test_batches_never_end_with_a_single_sample(
    count: int, batch: int, bounds: list[tuple[int, int]]
) -> None:
    assert batch_bounds(count, batch) == bounds


def test_validation_dice_and_iou_are_exact_per_class() -> None:
    truth = torch.zeros(2, 4, 4, dtype=torch.uint8)
    truth[0, :2] = 1  # 8 pixels of class 1
    truth[1, 0, :2] = 2  # 2 pixels of class 2
    predicted = truth.clone()
    predicted[0, 2, 0] = 1  # one false positive of class 1
    predicted[1, 0, 1] = 0  # one false negative of class 2
    data = TrainingData(predicted[:, None].float(), truth, (0, 1))
    scores = validate(
        Echo(3),
        data,
        torch.tensor([0, 1]),
        1,
        3,
        build_loss("dice_ce"),
        torch.device("cpu"),
        threading.Event(),
    )
    # Per image, each class in one of them. class 1: tp 8, fp 1 -> dice 16/17, iou 8/9;
    # class 2: tp 1, fn 1 -> dice 2/3, iou 1/2.
    assert scores.dice_per_class[1] == pytest.approx(16 / 17)
    assert scores.iou_per_class[1] == pytest.approx(8 / 9)
    assert scores.dice_per_class[2] == pytest.approx(2 / 3)
    assert scores.iou_per_class[2] == pytest.approx(1 / 2)
    assert scores.dice == pytest.approx((16 / 17 + 2 / 3) / 2)
    # background: image 0 truth 8, prediction 7, shared 7; image 1 truth 14, prediction 15, shared 14.
    assert scores.dice_per_class[0] == pytest.approx((14 / 15 + 28 / 29) / 2)
    assert scores.loss > 0


def test_class_absent_everywhere_has_no_value_and_is_left_out() -> None:
    truth = torch.zeros(1, 4, 4, dtype=torch.uint8)
    truth[0, 0] = 1
    data = TrainingData(truth[:, None].float(), truth, (0,))
    scores = validate(
        Echo(3), data, torch.tensor([0]), 1, 3, build_loss("dice"), torch.device("cpu"), threading.Event()
    )
    assert scores.dice_per_class[:2] == [1.0, 1.0] and math.isnan(scores.dice_per_class[2])
    assert scores.dice == 1.0


def tiny_run(
    hp: Hyperparameters, cancel: threading.Event, on_step: object = None
) -> tuple[list[StepRecord], list[EpochRecord]]:
    generator = torch.Generator().manual_seed(0)
    masks = (torch.rand(12, 16, 16, generator=generator) > 0.5).to(torch.uint8)
    data = TrainingData(masks[:, None].float(), masks, tuple(range(12)))
    steps: list[StepRecord] = []
    epochs: list[EpochRecord] = []

    def step(record: StepRecord) -> None:
        steps.append(record)
        if callable(on_step):
            on_step(record)

    train(
        nn.Conv2d(1, 2, 3, padding=1),
        SliceSource(data, torch.arange(8), torch.arange(8, 12), hp.batch_size),
        hp,
        2,
        torch.device("cpu"),
        cancel,
        on_step=step,
        on_epoch=epochs.append,
    )
    return steps, epochs


@pytest.mark.parametrize("loss", ["dice_ce", "dice", "cross_entropy"])
@pytest.mark.parametrize("optimizer", ["adam", "adamw", "sgd"])
def test_every_loss_and_optimizer_trains(loss: str, optimizer: str) -> None:
    hp = Hyperparameters(epochs=3, batch_size=4, input_size=32, loss=loss, optimizer=optimizer)  # type: ignore[arg-type]
    steps, epochs = tiny_run(hp, threading.Event())
    assert [e.epoch for e in epochs] == [1, 2, 3]
    assert all(e.epochs == 3 and len(e.val_dice_per_class) == 2 for e in epochs)
    assert epochs[0].is_best
    # Each epoch reports its last step; the learning rate follows the poly schedule down.
    assert [(s.epoch, s.step) for s in steps if s.step == s.total_steps] == [(1, 2), (2, 2), (3, 2)]
    rates = [e.learning_rate for e in epochs]
    assert hp.learning_rate >= rates[0] > rates[1] > rates[2] > 0
    assert epochs[-1].eta_seconds == 0.0 and epochs[-1].elapsed_seconds >= epochs[0].elapsed_seconds


def test_cancel_stops_before_the_next_batch() -> None:
    cancel = threading.Event()
    with pytest.raises(Cancelled):
        tiny_run(Hyperparameters(epochs=50, batch_size=2), cancel, on_step=lambda _: cancel.set())
