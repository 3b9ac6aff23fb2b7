"""A side-by-side table of two or more models: outcome, per-class Dice and hyper-parameters."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from .api.models.model_detail_dto import ModelDetailDto
from .api.types import Unset
from .dto_values import text


@dataclass(frozen=True)
class ComparisonRow:
    """One line of the table: a name and each model's value (JSON values; None where it has none)."""

    name: str
    values: tuple[Any, ...]

    @property
    def differs(self) -> bool:
        return len({json.dumps(value, sort_keys=True) for value in self.values}) > 1


@dataclass(frozen=True)
class ModelComparison:
    models: tuple[ModelDetailDto, ...]
    rows: tuple[ComparisonRow, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "models": [
                {"id": model.id, "name": model.name, "version": model.version} for model in self.models
            ],
            "rows": [
                {"name": row.name, "values": list(row.values), "differs": row.differs} for row in self.rows
            ],
        }


_OUTCOME: tuple[tuple[str, Callable[[ModelDetailDto], Any]], ...] = (
    ("status", lambda m: text(m.status)),
    ("dataset", lambda m: f"{m.dataset_name or m.dataset_id} v{int(m.dataset_version)}"),
    ("epochs run", lambda m: f"{int(m.epochs_done)}/{int(m.epochs)}"),
    ("best epoch", lambda m: m.metrics.best_epoch if m.metrics else None),
    ("best Dice", lambda m: m.metrics.best_dice if m.metrics else m.best_dice),
    ("best IoU", lambda m: m.metrics.best_iou if m.metrics else None),
    (
        "train / val images",
        lambda m: f"{int(m.split.train_count)} / {int(m.split.val_count)}" if m.split else None,
    ),
)


def compare_models(models: Sequence[ModelDetailDto]) -> ModelComparison:
    """Builds the table; rows for a class or hyper-parameter that only some models have hold None."""
    if len(models) < 2:
        raise ValueError("Comparing takes two or more models")
    rows = [ComparisonRow(name, tuple(read(model) for model in models)) for name, read in _OUTCOME]
    rows += _class_rows(models)
    rows += _hyperparameter_rows(models)
    return ModelComparison(tuple(models), tuple(rows))


def _class_rows(models: Sequence[ModelDetailDto]) -> list[ComparisonRow]:
    names: dict[float, str] = {}
    dice: list[dict[float, Any]] = []
    for model in models:
        if model.classes:
            for label in model.classes.labels:
                names.setdefault(label.value, label.name)
        per_class = model.metrics.per_class if model.metrics else []
        dice.append({entry.label_value: entry.dice for entry in per_class})
    # Background (label 0) is left out, as everywhere the platform reports a mean.
    values = sorted({value for scores in dice for value in scores if value != 0})
    return [
        ComparisonRow(
            f"Dice {names.get(value) or f'label {int(value)}'}", tuple(scores.get(value) for scores in dice)
        )
        for value in values
    ]


def _hyperparameter_rows(models: Sequence[ModelDetailDto]) -> list[ComparisonRow]:
    settings = [
        model.hyperparameters.to_dict() if not isinstance(model.hyperparameters, Unset) else {}
        for model in models
    ]
    names = list(dict.fromkeys(name for setting in settings for name in setting))
    return [ComparisonRow(name, tuple(setting.get(name) for setting in settings)) for name in names]
