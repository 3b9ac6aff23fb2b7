"""Model weights on local disk, named by their sha256, downloaded once from presigned URLs."""

from __future__ import annotations

import hashlib
import logging
import os
import re
import tempfile
import threading
from pathlib import Path
from typing import BinaryIO

from medseg_ml import http

logger = logging.getLogger(__name__)

_SHA256 = re.compile(r"[0-9a-f]{64}")


class WeightsMismatchError(Exception):
    """The downloaded bytes do not hash to the expected sha256."""


class WeightsStore:
    """`<root>/<sha256>.safetensors` files; each sha256 is downloaded by one thread at a time.

    Thread-safe: callers run it through `asyncio.to_thread`.
    """

    def __init__(self, root: Path) -> None:
        self._root = root
        self._locks: dict[str, threading.Lock] = {}
        self._locks_guard = threading.Lock()

    def path(self, sha256: str) -> Path:
        return self._root / f"{sha256}.safetensors"

    def fetch(self, url: str, sha256: str) -> Path:
        """The local file of the weights with `sha256`, downloading them from `url` when absent.

        The download goes to a temp file in the same folder and is renamed into place only once its
        hash matches, so a reader never sees a partial or wrong file.

        Raises:
            ValueError: `sha256` is not 64 hex digits.
            WeightsMismatchError: the downloaded bytes hash to something else.
            StorageError: storage answered an error or cannot be reached, after retries.
        """
        sha256 = sha256.lower()
        if not _SHA256.fullmatch(sha256):
            raise ValueError(f"weights_sha256 must be 64 hex digits, got {sha256[:80]!r}")
        target = self.path(sha256)
        if target.exists():
            return target
        with self._lock(sha256):
            if target.exists():
                return target
            self._root.mkdir(parents=True, exist_ok=True)
            fd, temp_name = tempfile.mkstemp(prefix=f".{sha256[:16]}-", suffix=".part", dir=self._root)
            temp = Path(temp_name)
            try:
                with os.fdopen(fd, "wb") as out:
                    actual, size = _download(url, out)
                if actual != sha256:
                    raise WeightsMismatchError(
                        f"The weights downloaded ({size} bytes) have sha256 {actual}, not the expected "
                        f"{sha256}; the model's files in storage do not match its record"
                    )
                os.replace(temp, target)
            finally:
                temp.unlink(missing_ok=True)
        logger.info("weights downloaded", extra={"sha256": sha256, "bytes": size})
        return target

    def discard(self, sha256: str) -> None:
        """Delete a cached file that turned out unreadable, so the next load downloads it again."""
        self.path(sha256.lower()).unlink(missing_ok=True)

    def _lock(self, sha256: str) -> threading.Lock:
        with self._locks_guard:
            return self._locks.setdefault(sha256, threading.Lock())


def _download(url: str, out: BinaryIO) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with http.get(url, "the model weights") as body:
        for chunk in body.chunks():
            digest.update(chunk)
            out.write(chunk)
            size += len(chunk)
    return digest.hexdigest(), size
