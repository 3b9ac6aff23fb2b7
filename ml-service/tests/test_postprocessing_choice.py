"""The post-processing a trained model keeps, chosen on its validation cases with its best weights: 2D per
validation slice, unet_3d per validation volume by sliding window. A network stub thresholds channel 0,
so what it predicts is what the test drew into the images."""

from __future__ import annotations

import threading

import numpy as np
import pytest
import torch
from model_factory import Threshold

from medseg_ml.job import Cancelled
from medseg_ml.training.data import TrainingData
from medseg_ml.training.epoch_source import SliceSource
from medseg_ml.training.postprocessing_choice import choose_on_validation, validation_cases
from medseg_ml.training.volume_cache import CachedCase
from medseg_ml.training.volume_source import VolumeSource

CPU = torch.device("cpu")


# The networks start at scale 0 and predict nothing: only the best weights make them see the drawing.
BEST = {"scale": torch.tensor(10.0)}


def _disc(size: int, y: int, x: int, r: int) -> np.ndarray:
    yy, xx = np.mgrid[:size, :size]
    return ((yy - y) ** 2 + (xx - x) ** 2 < r**2).astype(np.uint8)


def _slices() -> SliceSource:
    """Row 0 trains; rows 1-3 hold a disc the mask has and a speck it has not; row 4 an empty mask and a
    small false-positive blob."""
    masks = np.stack([_disc(32, 16, 16, 7)] * 4 + [np.zeros((32, 32), np.uint8)])
    images = masks.astype(np.float32)
    images[1:4, 1:3, 28:30] = 1.0
    images[4, 3:6, 3:6] = 1.0
    data = TrainingData(torch.from_numpy(images[:, None]), torch.from_numpy(masks), tuple(range(5)))
    return SliceSource(data, torch.tensor([0]), torch.tensor([1, 2, 3, 4]), batch_size=2)


def test_a_2d_model_chooses_on_each_validation_slice_with_its_best_weights() -> None:
    source = _slices()
    assert validation_cases(source) == (4, "slices")
    chosen = choose_on_validation(Threshold(0.0), BEST, source, 2, CPU, threading.Event())
    # The largest component drops the specks; the blob is alone on its slice (its largest component), so
    # a minimum size above its 9 pixels and below the ~150-pixel disc removes it on top of that.
    assert chosen.largest_component_classes == (1,)
    assert 9 < chosen.min_component_size[1] < 100
    dice = chosen.validation_dice["1"]
    assert dice["before"] < dice["after"] < dice["final"] == 1.0
    assert dice["after"] == pytest.approx(0.75)
    blob = (source.data.images[4, 0].numpy() > 0.5).astype(np.uint8)
    assert blob.sum() == 9 and not chosen.apply(blob).any()
    assert chosen.cases == 4 and chosen.training_cases == 1
    assert chosen.note == (
        "chosen on 4 validation slices at 32x32, each on its own, with 1 training slice as further evidence"
    )


def test_without_validation_cases_none_is_chosen_and_a_cancel_stops_the_choice() -> None:
    source = _slices()
    empty = SliceSource(source.data, torch.tensor([0, 1]), torch.tensor([], dtype=torch.long), 2)
    none = choose_on_validation(Threshold(0.0), BEST, empty, 2, CPU, threading.Event())
    assert none.is_none and none.note == "not chosen: there are no validation cases"
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        choose_on_validation(Threshold(0.0), BEST, source, 2, CPU, cancel)


def _case(index: int, mask: np.ndarray, image: np.ndarray) -> CachedCase:
    return CachedCase(index, f"case{index}", image[None].astype(np.float32), mask.astype(np.uint8))


def test_unet_3d_chooses_on_whole_validation_volumes_by_sliding_window() -> None:
    zz, yy, xx = np.mgrid[:10, :20, :20]
    ball = ((zz - 5) ** 2 + (yy - 10) ** 2 + (xx - 10) ** 2 < 16).astype(np.uint8)
    cases = []
    for i in range(3):
        image = ball.astype(np.float32)
        image[0, 0, 18:20] = 1.0  # a 2-voxel false positive far from the ball
        cases.append(_case(i, ball, image))
    source = VolumeSource([cases[0]], cases[1:], (8, 16, 16), batch_size=2, oversampling=0.5)
    assert validation_cases(source) == (2, "volumes")
    chosen = choose_on_validation(Threshold(0.0), BEST, source, 2, CPU, threading.Event())
    assert chosen.largest_component_classes == (1,)
    assert chosen.validation_dice["1"]["after"] == chosen.validation_dice["1"]["final"] == 1.0
    assert chosen.note == "chosen on 2 validation volumes at the training spacing"


def test_training_slices_join_within_a_pixel_budget_evenly_spaced(monkeypatch: pytest.MonkeyPatch) -> None:
    from medseg_ml.training import postprocessing_choice

    source = _slices()
    many = SliceSource(source.data, torch.tensor([0, 1, 2, 3, 4]), torch.tensor([1]), batch_size=2)
    assert postprocessing_choice.training_rows(many).tolist() == [0, 1, 2, 3, 4]
    monkeypatch.setattr(postprocessing_choice, "TRAINING_CASE_PIXELS", 3 * 32 * 32)
    assert postprocessing_choice.training_rows(many).tolist() == [0, 2, 4]
