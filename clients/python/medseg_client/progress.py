"""Progress bars for bytes moving (uploads, downloads), on stderr so stdout stays the answer."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)

from .upload import ProgressCallback


@contextmanager
def byte_progress(progress: ProgressCallback | bool | None, label: str) -> Iterator[ProgressCallback | None]:
    """Gives the callback to pass on: `progress` itself when it is one, a rich bar's when True."""
    if progress is None or progress is False:
        yield None
        return
    if progress is not True:
        yield progress
        return
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    task = bar.add_task(label, total=None)
    with bar:
        yield lambda done, total: bar.update(task, completed=done, total=total or None)
