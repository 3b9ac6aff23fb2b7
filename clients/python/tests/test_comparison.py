"""The model comparison table: outcome rows, per-class Dice, hyper-parameters, what differs."""

from __future__ import annotations

import pytest
from dto_bodies import completed_model_detail, hyperparameters

from medseg_client.api.models.model_detail_dto import ModelDetailDto
from medseg_client.comparison import compare_models


def test_lines_up_two_models_and_marks_what_differs() -> None:
    first = ModelDetailDto.from_dict(completed_model_detail(name="small"))
    second = ModelDetailDto.from_dict(
        completed_model_detail(
            id="11111111-2222-4333-8444-555555555555",
            name="attention",
            architecture="attention_unet",
            hyperparameters=hyperparameters(architecture="attention_unet", learningRate=0.0003),
        )
    )
    rows = {row.name: row for row in compare_models([first, second]).rows}
    assert rows["architecture"].values == ("unet", "attention_unet") and rows["architecture"].differs
    assert rows["best Dice"].values == (0.8, 0.8) and not rows["best Dice"].differs
    assert rows["Dice brain"].values == (0.8, 0.8)
    assert "Dice background" not in rows  # label 0 is left out of the means
    assert rows["learningRate"].values == (0.001, 0.0003) and rows["learningRate"].differs
    assert rows["train / val images"].values == ("8 / 2", "8 / 2")


def test_a_model_without_metrics_has_empty_cells() -> None:
    done = ModelDetailDto.from_dict(completed_model_detail())
    running = ModelDetailDto.from_dict(
        completed_model_detail(status="training", jobState="running", metrics=None)
    )
    rows = {row.name: row for row in compare_models([done, running]).rows}
    assert rows["Dice brain"].values == (0.8, None)
    assert rows["best IoU"].values == (0.6, None)


def test_needs_two_models() -> None:
    with pytest.raises(ValueError):
        compare_models([ModelDetailDto.from_dict(completed_model_detail())])
