"""A model as `medseg models show` prints it: outcome, per-class scores, hyper-parameters."""

from __future__ import annotations

from typing import Any

from rich.console import Console

from ..api.models.model_detail_dto import ModelDetailDto
from ..api.types import Unset
from ..dto_values import text
from .output import add_row, number, table, when


def show_model(console: Console, m: ModelDetailDto) -> None:
    grid = table(show_header=False)
    add_row(grid, "name", f"{m.name} (version {number(m.version)})")
    add_row(grid, "id", m.id)
    add_row(grid, "status", text(m.status) + (" (stopped early)" if m.stopped_early else ""))
    if m.error:
        add_row(grid, "error", f"{m.error} ({text(m.reason)})" if m.reason else m.error)
    add_row(grid, "dataset", f"{m.dataset_name or m.dataset_id} v{number(m.dataset_version)}")
    add_row(grid, "architecture", text(m.architecture))
    add_row(grid, "epochs", f"{int(m.epochs_done)}/{int(m.epochs)}")
    if m.metrics:
        add_row(grid, "best epoch", number(m.metrics.best_epoch))
        add_row(grid, "best Dice", number(m.metrics.best_dice))
        add_row(grid, "best IoU", number(m.metrics.best_iou))
    add_row(grid, "trained", when(m.trained_at))
    console.print(grid)
    if m.metrics and m.metrics.per_class:
        names = {label.value: label.name for label in m.classes.labels} if m.classes else {}
        classes = table("class", "Dice", "IoU")
        for entry in m.metrics.per_class:
            add_row(
                classes,
                names.get(entry.label_value) or f"label {number(entry.label_value)}",
                number(entry.dice),
                number(entry.iou),
            )
        console.print(classes)
    if not isinstance(m.hyperparameters, Unset):
        settings = table("hyper-parameter", "value")
        for name, value in m.hyperparameters.to_dict().items():
            add_row(settings, name, cell(value))
        console.print(settings)


def cell(value: Any) -> str:
    if isinstance(value, list):
        return "(" + ", ".join(number(item) for item in value) + ")" if value else "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return number(value)
