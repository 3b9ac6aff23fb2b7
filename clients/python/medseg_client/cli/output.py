"""How commands print: human tables by default, JSON only on stdout with --json, errors on stderr."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..dto_values import to_json

# Piped output is not cut at 80 columns: a table row stays one line for grep.
_PIPE_WIDTH = 200


def _console(stderr: bool = False) -> Console:
    console = Console(stderr=stderr, highlight=False)
    if not console.is_terminal:
        console = Console(stderr=stderr, highlight=False, width=_PIPE_WIDTH)
    return console


class Output:
    def __init__(self, as_json: bool) -> None:
        self.as_json = as_json
        self.stdout = _console()
        self.stderr = _console(stderr=True)

    def result(self, data: Any, human: Callable[[Console], None]) -> None:
        """The command's answer: `data` as JSON with --json, else what `human` prints."""
        if self.as_json:
            click.echo(json.dumps(to_json(data), indent=2, ensure_ascii=False))
        else:
            human(self.stdout)

    def note(self, text: str) -> None:
        """A line for a person (what happens next); left out with --json."""
        if not self.as_json:
            self.stderr.print(text)

    def warn(self, text: str) -> None:
        self.stderr.print(f"[yellow]warning:[/yellow] {text}")

    @property
    def shows_progress(self) -> bool:
        """Progress bars and live tables only for a person at a terminal."""
        return not self.as_json and self.stderr.is_terminal


def number(value: Any, digits: int = 3) -> str:
    if value is None:
        return "-"
    if isinstance(value, float) and not value.is_integer():
        # A learning rate of 3e-4 is not "0.000".
        return f"{value:.2g}" if abs(value) < 0.01 else f"{value:.{digits}f}"
    return str(int(value)) if isinstance(value, (int, float)) else str(value)


def size(value: float) -> str:
    amount = float(value)
    for unit in ("B", "kB", "MB", "GB"):
        if amount < 1000 or unit == "GB":
            return f"{amount:.0f} {unit}" if unit == "B" else f"{amount:.1f} {unit}"
        amount /= 1000
    return f"{amount:.1f} GB"


def when(iso: str | None) -> str:
    """An ISO-8601 time as "YYYY-MM-DD HH:MM" (UTC, as the gateway writes it)."""
    return iso[:16].replace("T", " ") if iso else "-"


def table(*headers: str, show_header: bool = True) -> Table:
    """A borderless table whose first column starts at the left margin (as `ls -l` output does)."""
    return Table(*headers, box=None, header_style="bold", pad_edge=False, show_header=show_header)


def add_row(table: Table, *values: Any, style: str | None = None) -> None:
    """A table row of plain text: a name like "[liver]" is not read as rich markup."""
    table.add_row(*(value if isinstance(value, Text) else Text(str(value)) for value in values), style=style)
