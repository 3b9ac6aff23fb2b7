"""Fetch the archive through its presigned URL into a file, reporting progress a few times a second."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

READ_TIMEOUT_S = 60
PROGRESS_INTERVAL_S = 0.1
_CHUNK_BYTES = 1024 * 1024


class DownloadError(Exception):
    """The archive could not be fetched; the message says why but never repeats the signed URL."""


def download(
    url: str, dest: Path, expected_bytes: int = 0, clock: Callable[[], float] = time.monotonic
) -> Iterator[tuple[int, int]]:
    """Stream `url` into `dest`.

    Yields:
        (done, total) bytes, first (0, total), then at most every PROGRESS_INTERVAL_S, then the final
        count; total is the Content-Length, else `expected_bytes`, else 0 until the end.

    Raises:
        DownloadError: HTTP error, unreachable storage, or a truncated body.
    """
    try:
        with urllib.request.urlopen(url, timeout=READ_TIMEOUT_S) as response, dest.open("wb") as out:
            total = int(response.headers.get("Content-Length") or expected_bytes or 0)
            done = 0
            yield done, total
            last = clock()
            # read1 returns what has arrived, so progress (and a cancel) is not held up by a slow link.
            while chunk := response.read1(_CHUNK_BYTES):
                out.write(chunk)
                done += len(chunk)
                now = clock()
                if now - last >= PROGRESS_INTERVAL_S:
                    last = now
                    yield done, total
    except urllib.error.HTTPError as e:
        raise DownloadError(f"Storage answered HTTP {e.code} {e.reason} for the archive") from None
    except urllib.error.URLError as e:
        raise DownloadError(f"Storage cannot be reached for the archive: {e.reason}") from None
    except (OSError, ValueError) as e:
        raise DownloadError(f"The archive download failed: {e}") from None
    if total and done < total:
        raise DownloadError(f"The archive download stopped after {done} of {total} bytes")
    yield done, max(done, total)
