"""`medseg evaluate MODEL`: start an evaluation, follow it, print its aggregate table."""

from __future__ import annotations

import json
from contextlib import nullcontext
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from ..api.models.create_evaluation_dto_subset import CreateEvaluationDtoSubset
from ..api.models.evaluation_dto import EvaluationDto
from ..api.models.job_event_dto import JobEventDto
from ..api.models.job_event_dto_type import JobEventDtoType
from ..api.models.stat_dto import StatDto
from ..dto_values import text
from ..evaluation import evaluation_report, start_evaluation
from ..job_events import Snapshot
from ..jobs import EVALUATION_JOB, wait_for_job
from .output import add_row, number, table
from .state import CliState, json_option

# The aggregate's metrics in report order: (column, AggregateDto / ClassMetricStatsDto field, has a unit).
METRICS = (
    ("Dice", "dice", False),
    ("IoU", "iou", False),
    ("HD95", "hausdorff95", True),
    ("ASD", "surface_distance", True),
    ("NSD", "nsd", False),
)


@click.command()
@click.argument("model_id", metavar="MODEL")
@click.option("--dataset", "dataset_id", help="Score on this dataset (default: the model's own).")
@click.option(
    "--subset",
    type=click.Choice([s.value for s in CreateEvaluationDtoSubset]),
    help="validation: the model's validation split (its own dataset only); all: every case.",
)
@click.option("--surface-tolerance", type=float, help="NSD tolerance in mm (px for 2D images; default 1).")
@click.option(
    "--mirror",
    is_flag=True,
    help="Test-time mirroring: predict each case as the mean over its mirror images (4x the time, 8x in 3D).",
)
@click.option("--wait/--no-wait", default=False, help="Follow it to its end and print the scores.")
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="With --wait, also save the full report JSON (per case) here.",
)
@click.option("--timeout", type=float, help="Seconds --wait waits at most.")
@json_option
@click.pass_obj
def evaluate(
    state: CliState,
    model_id: str,
    dataset_id: str | None,
    subset: str | None,
    surface_tolerance: float | None,
    mirror: bool,
    wait: bool,
    report_path: Path | None,
    timeout: float | None,
) -> None:
    """Evaluate MODEL: Dice, IoU, HD95, ASD and NSD per class (docs/evaluation.md)."""
    api = state.client().api
    out = state.out
    started = start_evaluation(
        api,
        model_id,
        dataset_id=dataset_id,
        subset=subset,
        surface_tolerance_mm=surface_tolerance,
        test_time_mirroring=mirror,
    )
    if not wait:
        out.note(f"Evaluation {started.id} is {text(started.state)}; add --wait to follow it")
        out.result(started, lambda console: console.print(started.id, markup=False))
        return
    bar = Progress(
        TextColumn("Evaluating"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=out.stderr,
        transient=True,
    )
    task = bar.add_task("", total=None)

    def show(item: Snapshot[Any] | JobEventDto) -> None:
        progress = (
            item.value.progress
            if isinstance(item, Snapshot)
            else (item.progress if item.type_ == JobEventDtoType.PROGRESS else None)
        )
        if progress:
            bar.update(task, completed=progress.done, total=progress.total or None)

    with bar if out.shows_progress else nullcontext():
        finished = wait_for_job(
            api, EVALUATION_JOB, started.id, timeout=timeout, on_event=show if out.shows_progress else None
        )
    if report_path is not None:
        report_path.write_text(
            json.dumps(evaluation_report(api, finished.id), indent=2) + "\n", encoding="utf-8"
        )
        out.note(f"Report written to {report_path}")
    out.result(finished, lambda console: show_aggregate(console, finished))


def _stat(stat: StatDto | None) -> str:
    if stat is None or stat.mean is None:
        return "-"
    spread = f" ± {number(stat.std)}" if stat.std is not None else ""
    return f"{number(stat.mean)}{spread}"


def show_aggregate(console: Console, evaluation: EvaluationDto) -> None:
    """Mean ± standard deviation over the cases, overall and per foreground class."""
    dataset = evaluation.dataset_name or evaluation.dataset_id
    console.print(
        f"Evaluation {evaluation.id}: {evaluation.model_name} on {dataset}"
        f" v{number(evaluation.dataset_version)} ({text(evaluation.subset)}), "
        f"{number(evaluation.image_count)} cases, {number(evaluation.failed_count)} failed",
        markup=False,
    )
    aggregate = evaluation.aggregate
    if aggregate is None:
        console.print("No scores: no case could be scored", markup=False)
        return
    unit = text(aggregate.distance_unit)
    tolerance = (
        f"@{number(aggregate.surface_tolerance)} {unit}" if aggregate.surface_tolerance is not None else ""
    )
    headers = [
        f"{name} ({unit})" if has_unit else (f"{name}{tolerance}" if field == "nsd" else name)
        for name, field, has_unit in METRICS
    ]
    grid = table("class", *headers, "n")
    add_row(
        grid,
        "all",
        *(_stat(getattr(aggregate, field)) for _, field, _ in METRICS),
        number(aggregate.dice.count),
        style="bold",
    )
    for entry in aggregate.per_class:
        add_row(
            grid,
            entry.name or f"label {number(entry.label_value)}",
            *(_stat(getattr(entry, field)) for _, field, _ in METRICS),
            number(entry.dice.count),
        )
    console.print(grid)
