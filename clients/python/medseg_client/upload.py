"""Multipart uploads streamed from disk, with a progress callback.

The generated upload functions cannot be used: they put the file before the text fields (the
gateway wants `name` first, it reads the file while it arrives) and fix the boundary to "+++"; the
segmentation endpoints have no request schema at all. httpx writes data fields before files and
reads a file object in 64 KiB pieces, so the file is never held whole in memory.
"""

from __future__ import annotations

import io
import mimetypes
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import httpx

from .connection import LONG_TIMEOUT

# (bytes done, bytes in all)
ProgressCallback = Callable[[int, int], None]


class ProgressReader(io.RawIOBase):
    """A read-only binary file that reports how much of it was read.

    httpx seeks to the start before it sends a file (and again on a retry): the count follows.
    """

    def __init__(
        self, file: io.BufferedIOBase | io.RawIOBase, total: int, progress: ProgressCallback | None
    ) -> None:
        super().__init__()
        self._file = file
        self.total = total
        self.done = 0
        self._progress = progress

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        chunk = self._file.read(-1 if size is None else size) or b""
        self.done += len(chunk)
        if chunk and self._progress is not None:
            self._progress(self.done, self.total)
        return chunk

    def readinto(self, buffer: Any) -> int:
        chunk = self.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        self.done = self._file.seek(offset, whence)
        return self.done

    def tell(self) -> int:
        return self._file.tell()

    def fileno(self) -> int:
        # httpx takes the length from fstat: a Content-Length, not a chunked body.
        return self._file.fileno()

    def close(self) -> None:
        self._file.close()
        super().close()


def post_file(
    http: httpx.Client,
    path: str,
    field: str,
    file_path: Path,
    *,
    fields: Mapping[str, str] | None = None,
    params: Mapping[str, Any] | None = None,
    content_type: str | None = None,
    progress: ProgressCallback | None = None,
) -> httpx.Response:
    """POSTs `file_path` as multipart field `field`, after the text `fields`.

    Args:
        http: The httpx client of a connected AuthenticatedClient (its error hook raises).
        path: The API path, e.g. "/api/datasets".
        content_type: The file part's type; guessed from its name when None.
        progress: Called with (bytes sent, file size) after every piece read.

    Returns:
        The 2xx response (an error answer raises MedSegError).
    """
    size = file_path.stat().st_size
    mime = content_type or mimetypes.guess_type(file_path.name)[0] or "application/octet-stream"
    with ProgressReader(open(file_path, "rb"), size, progress) as reader:
        return http.post(
            path,
            data=dict(fields or {}),
            files={field: (file_path.name, reader, mime)},
            params=dict(params or {}),
            timeout=LONG_TIMEOUT,
        )
