"""Following a training to its end: the epoch table while it runs, then the model."""

from __future__ import annotations

from contextlib import nullcontext

from rich.live import Live

from ..api.models.model_detail_dto import ModelDetailDto
from ..jobs import MODEL_JOB, wait_for_job
from .epoch_table import EpochTable
from .model_view import show_model
from .state import CliState


def follow_training(state: CliState, model_id: str, *, timeout: float | None = None) -> ModelDetailDto:
    """Shows the epochs until the training ends, then the model; JobFailed when it fails."""
    out = state.out
    redraw = out.shows_progress and out.stdout.is_terminal
    table = EpochTable(out.stdout, live=redraw)
    with Live(table, console=out.stdout, refresh_per_second=4) if redraw else nullcontext():
        model = wait_for_job(
            state.client().api,
            MODEL_JOB,
            model_id,
            timeout=timeout,
            on_event=None if out.as_json else table.on_event,
        )
    out.result(model, lambda console: show_model(console, model))
    return model
