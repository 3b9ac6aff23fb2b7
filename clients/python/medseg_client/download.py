"""Streamed downloads to a file (exports, masks): written beside the target, renamed when whole."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import httpx

from .connection import LONG_TIMEOUT
from .upload import ProgressCallback


@dataclass(frozen=True)
class Downloaded:
    """A file written from a response.

    Attributes:
        path: Where it is.
        size: Its bytes.
        headers: The response's headers (exports carry X-Medseg-Opset and X-Medseg-Max-Abs-Difference).
    """

    path: Path
    size: int
    headers: Mapping[str, str]


def filename_of(headers: Mapping[str, str]) -> str | None:
    """The file name a Content-Disposition header gives (RFC 6266 `filename*` first), as a bare name."""
    disposition = headers.get("content-disposition", "")
    extended = re.search(r"filename\*\s*=\s*UTF-8''([^;]+)", disposition, re.IGNORECASE)
    plain = re.search(r'filename\s*=\s*"([^"]*)"', disposition) or re.search(
        r"filename\s*=\s*([^;\s]+)", disposition
    )
    name = unquote(extended.group(1)) if extended else plain.group(1) if plain else None
    # Never a path: a name from the server must not climb out of the folder it is written to.
    name = Path(name).name if name else None
    return name if name and name not in (".", "..") else None


def download(
    http: httpx.Client,
    path: str,
    target: Path,
    *,
    params: Mapping[str, Any] | None = None,
    default_name: str = "download",
    progress: ProgressCallback | None = None,
) -> Downloaded:
    """GETs `path` into `target`: a file path, or an existing folder (then the server's file name).

    A failed or interrupted download leaves no partial file behind.
    """
    with http.stream("GET", path, params=dict(params or {}), timeout=LONG_TIMEOUT) as response:
        destination = target / (filename_of(response.headers) or default_name) if target.is_dir() else target
        destination.parent.mkdir(parents=True, exist_ok=True)
        total = int(response.headers.get("content-length") or 0)
        fd, temp = tempfile.mkstemp(dir=destination.parent, prefix=f".{destination.name}.", suffix=".part")
        size = 0
        try:
            # mkstemp makes it 0600; a download gets the mode any new file of this user gets.
            os.fchmod(fd, 0o666 & ~_umask())
            with os.fdopen(fd, "wb") as file:
                for chunk in response.iter_bytes():
                    file.write(chunk)
                    size += len(chunk)
                    if progress is not None:
                        progress(size, max(total, size))
            os.replace(temp, destination)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        return Downloaded(destination, size, httpx.Headers(response.headers))


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def download_bytes(http: httpx.Client, path: str, *, params: Mapping[str, Any] | None = None) -> bytes:
    """GETs a small body whole (a mask read into an array)."""
    return http.get(path, params=dict(params or {}), timeout=LONG_TIMEOUT).content
