"""`medseg models list|show|compare|wait`."""

from __future__ import annotations

import click
from rich.console import Console

from ..api.models.model_controller_list_status import ModelControllerListStatus
from ..comparison import compare_models
from ..dto_values import text
from ..training import get_model, list_models
from .follow_training import follow_training
from .model_view import cell, show_model
from .output import add_row, number, table, when
from .state import CliState, json_option


@click.group()
def models() -> None:
    """List, inspect, compare and follow models."""


@models.command(name="list")
@click.option("--search", help="Only names containing this.")
@click.option("--status", type=click.Choice([s.value for s in ModelControllerListStatus]))
@click.option("--mine", is_flag=True, help="Only your own.")
@json_option
@click.pass_obj
def list_command(state: CliState, search: str | None, status: str | None, mine: bool) -> None:
    """List the models you may see, newest first."""
    items = list_models(state.client().api, search=search, status=status, owner="me" if mine else None)

    def human(console: Console) -> None:
        grid = table("id", "name", "v", "architecture", "status", "epochs", "best Dice", "dataset", "created")
        for m in items:
            state_ = text(m.job_state)
            if state_ == "queued" and m.queue_position:
                state_ += f" #{int(m.queue_position)}"
            add_row(
                grid,
                m.id,
                m.name,
                number(m.version),
                text(m.architecture),
                state_,
                f"{int(m.epochs_done)}/{int(m.epochs)}",
                number(m.best_dice),
                m.dataset_name or "-",
                when(m.created_at),
            )
        console.print(grid)

    state.out.result(items, human)


@models.command()
@click.argument("model_id", metavar="ID")
@json_option
@click.pass_obj
def show(state: CliState, model_id: str) -> None:
    """Show a model: outcome, per-class scores and hyper-parameters."""
    model = get_model(state.client().api, model_id)
    state.out.result(model, lambda console: show_model(console, model))


@models.command()
@click.argument("model_ids", metavar="ID ID...", nargs=-1, required=True)
@json_option
@click.pass_obj
def compare(state: CliState, model_ids: tuple[str, ...]) -> None:
    """Compare two or more models side by side (differing rows are highlighted)."""
    if len(model_ids) < 2:
        raise click.UsageError("Give two or more model ids")
    comparison = compare_models([get_model(state.client().api, model_id) for model_id in model_ids])

    def human(console: Console) -> None:
        grid = table("", *(f"{m.name} v{number(m.version)}" for m in comparison.models))
        for row in comparison.rows:
            add_row(
                grid,
                row.name,
                *(cell(value) for value in row.values),
                style="yellow" if row.differs else None,
            )
        console.print(grid)

    state.out.result(comparison, human)


@models.command()
@click.argument("model_id", metavar="ID")
@click.option("--timeout", type=float, help="Seconds to wait at most.")
@json_option
@click.pass_obj
def wait(state: CliState, model_id: str, timeout: float | None) -> None:
    """Follow a training, epoch by epoch, until it ends (exit 1 when it fails or is cancelled)."""
    follow_training(state, model_id, timeout=timeout)
