"""The recipe's schedule and safety nets: poly with warm-up, the cosine option, the moving-average
choice of the best epoch, early stopping, and a batch that halves when memory runs out."""

from __future__ import annotations

import threading

import pytest
import torch
from torch import nn

from medseg_ml.training.data import TrainingData
from medseg_ml.training.epoch_source import SliceSource
from medseg_ml.training.hyperparameters import Hyperparameters
from medseg_ml.training.loop import OutOfMemoryError, train
from medseg_ml.training.optimization import FINAL_LR_FACTOR, learning_rate_factor
from medseg_ml.training.records import EpochRecord
from medseg_ml.training.validation import ValidationScores


def test_poly_warms_up_over_the_first_epoch_then_falls_to_zero() -> None:
    hp = Hyperparameters(epochs=40)
    assert learning_rate_factor(hp, 0.0) < 0.01
    assert learning_rate_factor(hp, 0.5) == pytest.approx(0.5, abs=0.01)
    assert learning_rate_factor(hp, 1.0) == pytest.approx(1.0)
    curve = [learning_rate_factor(hp, p / 10) for p in range(10, 400)]
    assert all(a > b for a, b in zip(curve, curve[1:], strict=False))
    assert learning_rate_factor(hp, 20.5) == pytest.approx((1 - 19.5 / 39) ** 0.9)
    assert 0 < learning_rate_factor(hp, 39.9) < 0.02


def test_short_runs_warm_up_over_a_share_of_training_only() -> None:
    hp = Hyperparameters(epochs=4)  # warm-up: 5 % of 4 epochs
    assert learning_rate_factor(hp, 0.2) == pytest.approx((1 - 0.0 / 3.8) ** 0.9)
    assert learning_rate_factor(hp, 0.1) < 1


def test_cosine_is_the_former_per_epoch_curve() -> None:
    hp = Hyperparameters(epochs=10, lr_schedule="cosine")
    assert learning_rate_factor(hp, 0.0) == learning_rate_factor(hp, 0.9) == 1.0
    assert learning_rate_factor(hp, 5.5) == pytest.approx(FINAL_LR_FACTOR + (1 - FINAL_LR_FACTOR) / 2)


class Scripted:
    """A SliceSource whose validation Dice follows a script, to test what the loop does with it."""

    def __init__(self, source: SliceSource, dice: list[float]) -> None:
        self.source = source
        self.dice = iter(dice)

    def __getattr__(self, name: str) -> object:
        return getattr(self.source, name)

    def validate(self, *args: object) -> ValidationScores:
        d = next(self.dice)
        return ValidationScores(loss=1.0, dice=d, iou=d, dice_per_class=[d, d], iou_per_class=[d, d])


class Thrifty(nn.Module):
    """A network that runs out of memory on batches larger than `fits`."""

    def __init__(self, fits: int, error: type[Exception] = torch.OutOfMemoryError) -> None:
        super().__init__()
        self.conv = nn.Conv2d(1, 2, 3, padding=1)
        self.fits = fits
        self.error = error
        self.sizes: list[int] = []

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        self.sizes.append(x.shape[0])
        if x.shape[0] > self.fits:
            raise self.error("CUDA out of memory. Tried to allocate 2.00 GiB")
        return self.conv(x)


def _source(batch_size: int) -> SliceSource:
    generator = torch.Generator().manual_seed(0)
    masks = (torch.rand(20, 16, 16, generator=generator) > 0.5).to(torch.uint8)
    data = TrainingData(masks[:, None].float(), masks, tuple(range(20)))
    return SliceSource(data, torch.arange(16), torch.arange(16, 20), batch_size)


def _run(
    network: nn.Module, source: object, hp: Hyperparameters, notices: list[str]
) -> tuple[list[EpochRecord], object]:
    epochs: list[EpochRecord] = []
    result = train(
        network,
        source,  # type: ignore[arg-type]
        hp,
        2,
        torch.device("cpu"),
        threading.Event(),
        on_step=lambda _r: None,
        on_epoch=epochs.append,
        on_notice=notices.append,
    )
    return epochs, result


def test_the_best_epoch_is_chosen_by_the_moving_average_not_one_lucky_validation() -> None:
    hp = Hyperparameters(epochs=6, batch_size=8, input_size=32, augmentation=False)
    # Epoch 2 spikes once; epochs 4-6 are steadily better, and their average overtakes it.
    dice = [0.5, 0.9, 0.5, 0.8, 0.8, 0.8]
    epochs, result = _run(nn.Conv2d(1, 2, 3, padding=1), Scripted(_source(8), dice), hp, [])
    assert [e.is_best for e in epochs] == [True, True, False, True, True, True]
    assert result.best_epoch == 6 and result.best_val_dice == 0.8  # type: ignore[attr-defined]
    assert result.settings["best_epoch_by"].startswith("moving average")  # type: ignore[attr-defined]


def test_early_stopping_ends_training_when_the_average_stops_improving() -> None:
    hp = Hyperparameters(
        epochs=20, batch_size=8, input_size=32, augmentation=False, early_stopping_patience=3
    )
    dice = [0.6, 0.7, 0.65, 0.6, 0.55, 0.5] + [0.5] * 14
    notices: list[str] = []
    epochs, result = _run(nn.Conv2d(1, 2, 3, padding=1), Scripted(_source(8), dice), hp, notices)
    # The average peaks at epoch 3 (0.6 -> 0.61 -> 0.614), then falls: stop 3 epochs later.
    assert len(epochs) == 6 and result.best_epoch == 3  # type: ignore[attr-defined]
    assert "stopped early after epoch 6" in notices[-1]


@pytest.mark.parametrize("error", [torch.OutOfMemoryError, RuntimeError])
def test_out_of_memory_halves_the_batch_and_says_so(error: type[Exception]) -> None:
    hp = Hyperparameters(epochs=2, batch_size=8, input_size=32, augmentation=False)
    network = Thrifty(fits=2, error=error)
    notices: list[str] = []
    if error is RuntimeError:  # what the CPU allocator raises
        network.error = lambda _m: RuntimeError(  # type: ignore[assignment]
            "[enforce fail at alloc_cpu.cpp:117] DefaultCPUAllocator: can't allocate memory"
        )
    epochs, result = _run(network, _source(8), hp, notices)
    assert len(epochs) == 2
    assert [n.split(":")[0] for n in notices] == [
        "out of CPU memory at batch size 8 in epoch 1",
        "out of CPU memory at batch size 4 in epoch 1",
    ]
    assert max(size for size in network.sizes[-8:]) == 2
    assert result.settings["batch_size_used"] == 2  # type: ignore[attr-defined]


def test_other_errors_are_not_taken_for_memory() -> None:
    hp = Hyperparameters(epochs=1, batch_size=8, input_size=32, augmentation=False)
    network = Thrifty(fits=2, error=ValueError)
    with pytest.raises(ValueError):
        _run(network, _source(8), hp, [])


def test_one_sample_that_does_not_fit_fails_with_what_to_change() -> None:
    hp = Hyperparameters(epochs=1, batch_size=2, input_size=32, augmentation=False)
    with pytest.raises(OutOfMemoryError, match="lower input_size"):
        _run(Thrifty(fits=0), _source(2), hp, [])
