"""The training's epochs as they arrive: a live table at a terminal, one line per epoch elsewhere."""

from __future__ import annotations

from typing import Any

from rich.console import Console, Group
from rich.text import Text

from ..api.models.epoch_dto import EpochDto
from ..api.models.job_event_dto import JobEventDto
from ..api.models.job_event_dto_type import JobEventDtoType
from ..api.models.job_status_dto import JobStatusDto
from ..api.models.step_progress_dto import StepProgressDto
from ..dto_values import text
from ..job_events import Snapshot
from .output import add_row, number, table

COLUMNS = ("epoch", "train loss", "val loss", "val Dice", "lr", "samples/s", "best")


def epoch_cells(epoch: EpochDto) -> tuple[str, ...]:
    return (
        f"{int(epoch.epoch)}/{int(epoch.epochs)}",
        number(epoch.train_loss, 4),
        number(epoch.val_loss, 4),
        number(epoch.val_dice),
        number(epoch.learning_rate),
        number(epoch.samples_per_second, 1),
        "*" if epoch.is_best else "",
    )


def _status_line(status: JobStatusDto) -> str:
    state = text(status.state)
    if state == "queued" and status.queue_position:
        return f"queued (position {int(status.queue_position)})"
    return f"{state}: {status.message}" if status.message else state


def _step_line(step: StepProgressDto) -> str:
    return (
        f"epoch {int(step.epoch)}/{int(step.epochs)}, step {int(step.step)}/{int(step.total_steps)}: "
        f"loss {number(step.train_loss, 4)}, {number(step.samples_per_second, 1)} samples/s, "
        f"about {int(step.eta_seconds)} s left"
    )


class EpochTable:
    """Takes the model's stream items (`on_event`) and shows them.

    Args:
        console: Where to print (stdout: the epochs are the command's answer).
        live: Redraw a table in place (a terminal), else print each new epoch as a line.
    """

    def __init__(self, console: Console, *, live: bool) -> None:
        self._console = console
        self._live = live
        self._epochs: dict[int, EpochDto] = {}
        self._status = "connecting"
        self._step: StepProgressDto | None = None

    def on_event(self, item: Snapshot[Any] | JobEventDto) -> None:
        if isinstance(item, Snapshot):
            for epoch in item.value.history:
                self._add(epoch)
            self._status = text(item.value.job_state)
            return
        if item.type_ == JobEventDtoType.EPOCH and item.epoch:
            self._add(item.epoch)
            self._step = None
        elif item.type_ == JobEventDtoType.STEP and item.step:
            self._step = item.step
        elif item.type_ == JobEventDtoType.STATUS and item.status:
            self._status = _status_line(item.status)
            if not self._live:
                self._console.print(self._status, markup=False)

    def _add(self, epoch: EpochDto) -> None:
        number_ = int(epoch.epoch)
        if number_ in self._epochs:
            return  # the snapshot of a reconnect repeats the history
        self._epochs[number_] = epoch
        if not self._live:
            self._console.print(
                "  ".join(
                    f"{name} {cell}" for name, cell in zip(COLUMNS, epoch_cells(epoch), strict=True) if cell
                ),
                markup=False,
            )

    def __rich__(self) -> Group:
        """The live view: the latest epochs that fit, and what the training does now."""
        grid = table(*COLUMNS)
        rows = [self._epochs[key] for key in sorted(self._epochs)]
        fit = max(self._console.height - 6, 5)
        for epoch in rows[-fit:]:
            add_row(grid, *epoch_cells(epoch), style="green" if epoch.is_best else None)
        footer = _step_line(self._step) if self._step else self._status
        return Group(grid, Text(footer, style="dim"))
