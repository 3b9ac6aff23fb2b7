"""Fetch the archive through its presigned URL into a file, reporting progress a few times a second."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

from medseg_ml import http

PROGRESS_INTERVAL_S = 0.1


def download(
    url: str, dest: Path, expected_bytes: int = 0, clock: Callable[[], float] = time.monotonic
) -> Iterator[tuple[int, int]]:
    """Stream `url` into `dest`.

    Yields:
        (done, total) bytes, first (0, total), then at most every PROGRESS_INTERVAL_S, then the final
        count; total is the Content-Length, else `expected_bytes`, else 0 until the end.

    Raises:
        StorageError: an error answer, unreachable storage, or a truncated body, after retries.
    """
    with http.get(url, "the archive") as body, dest.open("wb") as out:
        total = body.length or expected_bytes
        done = 0
        yield done, total
        last = clock()
        for chunk in body.chunks():
            out.write(chunk)
            done += len(chunk)
            now = clock()
            if now - last >= PROGRESS_INTERVAL_S:
                last = now
                yield done, total
    yield done, max(done, total)
