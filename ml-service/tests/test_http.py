"""The presigned-URL HTTP client against real local servers: retries, give-up messages, broken bodies."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import urllib3
from ml_process import free_port

from medseg_ml import http
from medseg_ml.http import RetryPolicy, StorageError


@pytest.fixture(autouse=True)
def quick_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """The default back-off gives storage about 15 s; the same retries, minus the waiting."""
    pool = urllib3.PoolManager(retries=RetryPolicy(backoff_s=0.01).retry())
    monkeypatch.setattr(http, "_pool", pool)


@contextmanager
def serve(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/object?X-Amz-Signature=secret"
    finally:
        server.shutdown()
        server.server_close()


class Unavailable(BaseHTTPRequestHandler):
    requests = 0

    def do_PUT(self) -> None:
        type(self).requests += 1
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_error(503)

    def log_message(self, format: str, *args: object) -> None:
        pass


class Truncated(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", "100")
        self.end_headers()
        self.wfile.write(b"x" * 10)
        self.wfile.flush()
        self.connection.close()

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_storage_that_stays_unavailable_fails_after_every_retry() -> None:
    with serve(Unavailable) as url, pytest.raises(StorageError) as caught:
        http.put(url, b"data", "application/octet-stream", "the card")
    assert Unavailable.requests == 1 + RetryPolicy().attempts
    assert str(caught.value) == (
        "Storage answered HTTP 503 Service Unavailable for the upload of the card (after 6 tries)"
    )


def test_unreachable_storage_is_named_without_the_signed_url() -> None:
    url = f"http://127.0.0.1:{free_port()}/object?X-Amz-Signature=secret"
    with pytest.raises(StorageError) as caught, http.get(url, "shard a"):
        pass
    assert str(caught.value).startswith("Storage cannot be reached for shard a: ")
    assert "secret" not in str(caught.value) and "127.0.0.1" not in str(caught.value)


def test_a_body_cut_short_is_a_storage_error() -> None:
    with serve(Truncated) as url, pytest.raises(StorageError) as caught, http.get(url, "shard b") as body:
        assert body.length == 100
        b"".join(body.chunks())
    assert "shard b" in str(caught.value) and "secret" not in str(caught.value)


def test_a_url_that_is_not_http_is_refused() -> None:
    with pytest.raises(StorageError, match="not an HTTP"):
        http.put("file:///etc/passwd", b"", "text/plain", "the card")
