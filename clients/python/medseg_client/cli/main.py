"""The `medseg` command: its group, its commands, and how an error becomes a message and exit code."""

from __future__ import annotations

import sys
from collections.abc import Sequence

import click

from .._version import __version__
from ..errors import DatasetFailed, JobFailed, MedSegError
from .auth_commands import login, logout, whoami
from .dataset_commands import datasets
from .evaluate_command import evaluate
from .exit_codes import EPILOG, ExitCode, exit_code_for, hint_for
from .export_command import export
from .model_commands import models
from .predict_command import predict
from .state import CliState
from .train_command import train


@click.group(epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON only, on stdout.")
@click.version_option(__version__, prog_name="medseg")
@click.pass_context
def cli(ctx: click.Context, as_json: bool) -> None:
    """MedSeg from the shell: datasets, training, prediction, evaluation and export.

    Sign in first with `medseg login`; MEDSEG_URL and MEDSEG_TOKEN override what it stores.
    """
    state = ctx.ensure_object(CliState)
    state.as_json = state.as_json or as_json


for command in (login, logout, whoami, datasets, train, predict, evaluate, export, models):
    cli.add_command(command)


def run(argv: Sequence[str] | None = None, state: CliState | None = None) -> int:
    """Runs `medseg` and returns its exit code (tests pass `state` with a stub transport)."""
    state = state or CliState()
    try:
        # Not standalone: errors come back here instead of ending the process inside click.
        result = cli.main(
            args=list(argv) if argv is not None else None,
            prog_name="medseg",
            obj=state,
            standalone_mode=False,
        )
    except click.ClickException as error:
        error.show()
        return error.exit_code
    except click.exceptions.Abort:
        # Ctrl-C, at a prompt or while following a job.
        click.echo("Stopped; a job already started on the server goes on.", err=True)
        return 130
    except MedSegError as error:
        return _report(error, state)
    # --help and --version end with their exit code as the result.
    return result if isinstance(result, int) else ExitCode.OK


def _report(error: MedSegError, state: CliState) -> int:
    if state.as_json and isinstance(error, (JobFailed, DatasetFailed)):
        # A script still gets the finished resource, with its error and reason, on stdout.
        state.out.result(error.resource, lambda console: None)
    # Plain lines, never wrapped: an error is grepped and pasted into reports.
    click.echo(f"{click.style('error:', fg='red')} {error}", err=True)
    try:
        url = state.url
    except MedSegError:
        url = None
    hint = hint_for(error, url)
    if hint:
        click.echo(hint, err=True)
    return exit_code_for(error)


def main() -> None:
    sys.exit(run())
