"""HTTP GET and PUT on presigned storage URLs, with retries and back-off; the only place that speaks HTTP.

The ml-service has no S3 credentials: it reads shards, archives and weights and writes artifacts through
URLs the gateway signed. Storage that hiccups (a restart, a 503 under load, a dropped connection) is
retried by urllib3's `Retry` with exponential back-off before a request counts as failed. Errors name
what was being transferred but never repeat the signed URL, which is a credential.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import urllib3
from urllib3.exceptions import HTTPError, MaxRetryError
from urllib3.util import Retry, Timeout

CONNECT_TIMEOUT_S = 10.0
# Between two bytes of a body, not for the whole transfer.
READ_TIMEOUT_S = 120.0
CHUNK_BYTES = 1024 * 1024
RETRY_STATUSES = frozenset({500, 502, 503, 504})
# urllib3 logs each retry with the request's path and query, i.e. the signature: keep it quiet.
logging.getLogger("urllib3").setLevel(logging.ERROR)
# What urllib3 writes before an error: "<...HTTPConnection object at 0x..>: ", "HTTPConnection(host=..): ".
_ERROR_PREFIX = re.compile(r"^(<[^>]*>|[A-Za-z]+\(host=[^)]*\)): ")


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently a request is retried.

    Attributes:
        attempts: retries after the first try, for connection errors and 5xx answers alike.
        backoff_s: no sleep before the first retry, then backoff_s * 2**(n - 1) before retry n, capped
            at backoff_max_s (0, 1, 2, 4, 8 s by default: storage gets about 15 s to come back).
    """

    attempts: int = 5
    backoff_s: float = 0.5
    backoff_max_s: float = 10.0

    def retry(self) -> Retry:
        return Retry(
            total=self.attempts,
            connect=self.attempts,
            read=self.attempts,
            status=self.attempts,
            other=0,
            redirect=0,
            allowed_methods=frozenset({"GET", "PUT"}),
            status_forcelist=RETRY_STATUSES,
            backoff_factor=self.backoff_s,
            backoff_max=self.backoff_max_s,
            # The last 5xx answer is returned, so its status can be reported.
            raise_on_status=False,
        )


# One pool for the process (thread-safe): connections to storage are reused across jobs and threads.
_pool = urllib3.PoolManager(
    retries=RetryPolicy().retry(), timeout=Timeout(connect=CONNECT_TIMEOUT_S, read=READ_TIMEOUT_S)
)


class StorageError(Exception):
    """Storage refused a transfer or could not be reached, after retries; the message says which."""


class Body:
    """The body of a GET answer, read in chunks as they arrive."""

    def __init__(self, response: urllib3.BaseHTTPResponse, what: str) -> None:
        self._response = response
        self._what = what
        # Content-Length, or 0 when the server did not say.
        self.length = int(response.headers.get("Content-Length") or 0)

    def chunks(self, size: int = CHUNK_BYTES) -> Iterator[bytes]:
        """Chunks of at most `size` bytes; read1 returns what has arrived, so a slow link does not hold
        up progress reports or a cancel between chunks.

        Raises:
            StorageError: the connection broke or the body ended before Content-Length.
        """
        done = 0
        try:
            while chunk := self._response.read1(size):
                done += len(chunk)
                yield chunk
        except HTTPError as e:
            if self.length and done < self.length:
                raise StorageError(
                    f"The download of {self._what} stopped after {done} of {self.length} bytes"
                ) from None
            raise StorageError(f"Downloading {self._what} failed: {_cause(e)}") from None
        if self.length and done < self.length:
            raise StorageError(f"The download of {self._what} stopped after {done} of {self.length} bytes")


@contextlib.contextmanager
def get(url: str, what: str) -> Iterator[Body]:
    """GET a presigned URL; the body streams while the context is open.

    Args:
        what: names the object in errors, e.g. "shard data/shard-00000.safetensors".

    Raises:
        StorageError: an error answer or no connection after the retries, or a broken body.
    """
    response = _request("GET", url, what, body=None, headers={})
    try:
        yield Body(response, what)
    finally:
        response.release_conn()


def put(url: str, data: bytes | Path, content_type: str, what: str) -> None:
    """PUT bytes, or a file streamed from disk, to a presigned URL.

    Raises:
        StorageError: an error answer or no connection after the retries.
    """
    if isinstance(data, Path):
        with data.open("rb") as file:
            _put(url, file, data.stat().st_size, content_type, what)
    else:
        _put(url, data, len(data), content_type, what)


def _put(url: str, body: bytes | BinaryIO, size: int, content_type: str, what: str) -> None:
    # A file body is rewound by urllib3 before each retry.
    headers = {"Content-Type": content_type, "Content-Length": str(size)}
    response = _request("PUT", url, f"the upload of {what}", body=body, headers=headers)
    response.drain_conn()
    response.release_conn()


def _request(
    method: str, url: str, what: str, body: bytes | BinaryIO | None, headers: dict[str, str]
) -> urllib3.BaseHTTPResponse:
    if not url.startswith(("http://", "https://")):
        raise StorageError(f"The URL for {what} is not an HTTP(S) URL")
    try:
        response = _pool.request(method, url, body=body, headers=headers, preload_content=False)
    except MaxRetryError as e:
        raise StorageError(f"Storage cannot be reached for {what}: {_cause(e.reason)}") from None
    except (HTTPError, OSError) as e:
        raise StorageError(f"Storage cannot be reached for {what}: {_cause(e)}") from None
    if response.status >= 400:
        tries = len(response.retries.history) + 1 if response.retries else 1
        after = f" (after {tries} tries)" if tries > 1 else ""
        response.drain_conn()
        response.release_conn()
        raise StorageError(f"Storage answered HTTP {response.status} {response.reason} for {what}{after}")
    return response


def _cause(error: BaseException | None) -> str:
    """The error's text without the connection urllib3 names first (host, port, object address)."""
    if error is None:
        return "unknown error"
    return _ERROR_PREFIX.sub("", str(error))
