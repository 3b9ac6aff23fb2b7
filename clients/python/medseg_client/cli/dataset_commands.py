"""`medseg datasets upload|list|show`."""

from __future__ import annotations

import re
from contextlib import nullcontext
from pathlib import Path

import click
from rich.console import Console

from ..api.models.dataset_controller_list_status import DatasetControllerListStatus
from ..api.models.dataset_detail_dto import DatasetDetailDto
from ..api.models.dataset_dto import DatasetDto
from ..datasets import get_dataset, import_dataset, list_datasets, upload_dataset, wait_for_dataset
from ..dto_values import text
from ..progress import byte_progress
from .output import add_row, number, size, table, when
from .state import CliState, json_option


@click.group()
def datasets() -> None:
    """Upload, list and inspect datasets."""


@datasets.command()
@click.argument("source")
@click.option("--name", help="The dataset's name (default: the file name).")
@click.option("--wait/--no-wait", default=False, help="Wait until the gateway has inspected it.")
@click.option(
    "--timeout", type=float, default=1800.0, show_default=True, help="Seconds --wait waits at most."
)
@json_option
@click.pass_obj
def upload(state: CliState, source: str, name: str | None, wait: bool, timeout: float) -> None:
    """Upload a dataset ZIP from SOURCE, a file or an http(s) URL (the gateway downloads it).

    The ZIP holds images/ and masks/ (or an MSD imagesTr/ and labelsTr/); see the web app's help.
    """
    api = state.client().api
    out = state.out
    if re.match(r"https?://", source, re.IGNORECASE):
        out.note(f"Asking the gateway to download {source} ...")
        dataset: DatasetDto | DatasetDetailDto = import_dataset(api, source, name)
    else:
        path = Path(source)
        if not path.is_file():
            raise click.BadParameter(f"{source} is not a file (nor an http(s) URL)", param_hint="SOURCE")
        with byte_progress(out.shows_progress, f"Uploading {path.name}") as progress:
            dataset = upload_dataset(api, path, name, progress=progress)
    out.note(f"Stored dataset {dataset.name} ({dataset.id}); the gateway is inspecting it")
    if wait:
        spinner = out.stderr.status("Inspecting ...") if out.shows_progress else nullcontext()
        with spinner as status:

            def show(current: DatasetDetailDto) -> None:
                if status is not None and current.progress:
                    phase, done, total = (
                        text(current.progress.phase),
                        current.progress.done,
                        current.progress.total,
                    )
                    status.update(f"Inspecting: {phase} {number(done)}/{number(total)}")

            dataset = wait_for_dataset(api, dataset.id, timeout=timeout, on_update=show)
    out.result(dataset, lambda console: _show(console, dataset))


@datasets.command(name="list")
@click.option("--search", help="Only names containing this.")
@click.option("--status", type=click.Choice([s.value for s in DatasetControllerListStatus]))
@click.option("--mine", is_flag=True, help="Only your own.")
@json_option
@click.pass_obj
def list_command(state: CliState, search: str | None, status: str | None, mine: bool) -> None:
    """List the datasets you may see, newest first."""
    items = list_datasets(state.client().api, search=search, status=status, owner="me" if mine else None)

    def human(console: Console) -> None:
        grid = table("id", "name", "status", "pairs", "size", "uploaded", "owner")
        for d in items:
            owner = d.owner.username if d.owner else "-"
            add_row(
                grid,
                d.id,
                d.name,
                text(d.status),
                number(d.pair_count),
                size(d.archive_bytes),
                when(d.uploaded_at),
                owner,
            )
        console.print(grid)

    state.out.result(items, human)


@datasets.command()
@click.argument("dataset_id", metavar="ID")
@json_option
@click.pass_obj
def show(state: CliState, dataset_id: str) -> None:
    """Show a dataset: status, contents, labels, warnings and errors."""
    dataset = get_dataset(state.client().api, dataset_id)
    state.out.result(dataset, lambda console: _show(console, dataset))


def _show(console: Console, d: DatasetDto | DatasetDetailDto) -> None:
    grid = table(show_header=False)
    add_row(grid, "name", d.name)
    add_row(grid, "id", d.id)
    add_row(grid, "status", text(d.status))
    add_row(grid, "pairs", number(d.pair_count))
    add_row(grid, "archive", f"{size(d.archive_bytes)}, {number(d.file_count)} files")
    add_row(grid, "version", number(d.latest_version))
    if isinstance(d, DatasetDetailDto):
        add_row(grid, "layout", d.layout or "-")
        add_row(grid, "cases", f"{number(d.case_count)} ({number(d.unlabeled_count)} unlabeled)")
        labels = ", ".join(f"{number(label.value)}: {label.name or '?'}" for label in d.labels)
        add_row(grid, "labels", labels or "-")
    add_row(grid, "warnings", number(d.warning_count))
    console.print(grid)
    if isinstance(d, DatasetDetailDto):
        for warning in d.warnings[:10]:
            console.print(f"  warning: {warning.reason}", markup=False)
        if len(d.warnings) > 10:
            console.print(f"  ... and {len(d.warnings) - 10} more (--json lists them all)")
    for error in d.errors:
        console.print(f"  error: {error}", markup=False)
