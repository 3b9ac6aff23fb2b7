"""The HTTP connection to one gateway: the generated AuthenticatedClient, made to raise MedSegError.

Every request, generated or hand-written, goes through one httpx.Client whose response hook turns
an error answer into a MedSegError and which turns a failed connection into ConnectionFailed, so
no caller checks status codes or catches httpx's exceptions itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TypeVar

import httpx

from ._version import __version__
from .api.client import AuthenticatedClient, Client
from .api.types import Response
from .errors import ConnectionFailed, MedSegError, error_from_response

T = TypeVar("T")

# Ordinary calls; a gateway that says nothing for a minute is not coming back.
DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=10.0)
# Uploads, segmentation of a whole volume, exports and imports take minutes on a big input.
LONG_TIMEOUT = httpx.Timeout(1800.0, connect=10.0)
# Server-Sent Events: the gateway writes a heartbeat every 15 s, so a minute of silence is a dead line.
STREAM_TIMEOUT = httpx.Timeout(60.0, connect=10.0)

USER_AGENT = f"medseg-client/{__version__}"


def normalize_url(url: str) -> str:
    """The gateway's base URL without a trailing slash or `/api` (the generated paths start with /api)."""
    base = url.strip().rstrip("/")
    if not base.startswith(("http://", "https://")):
        raise ValueError(f"The MedSeg URL must start with http:// or https://: {url!r}")
    return base.removesuffix("/api")


def _raise_for_error(response: httpx.Response) -> None:
    if response.status_code >= 400:
        response.read()
        raise error_from_response(response)


class _GatewayHttp(httpx.Client):
    """An httpx.Client whose failed connections, also while a body streams, are ConnectionFailed.

    Done in send() rather than in a transport, so httpx still sets up the proxies of
    HTTP(S)_PROXY and the TLS settings itself.
    """

    def send(self, request: httpx.Request, **kwargs: Any) -> httpx.Response:
        try:
            response = super().send(request, **kwargs)
        except httpx.TransportError as error:
            raise _connection_failed(request, error) from error
        response.stream = _StreamErrors(response.stream, request)
        return response


class _StreamErrors(httpx.SyncByteStream):
    """A response body whose read errors (a dropped SSE stream, a stalled download) are ConnectionFailed."""

    def __init__(self, stream: Any, request: httpx.Request) -> None:
        self._stream = stream
        self._request = request

    def __iter__(self) -> Iterator[bytes]:
        try:
            yield from self._stream
        except httpx.TransportError as error:
            raise _connection_failed(self._request, error) from error

    def close(self) -> None:
        if isinstance(self._stream, httpx.SyncByteStream):
            self._stream.close()


def _connection_failed(request: httpx.Request, error: httpx.TransportError) -> ConnectionFailed:
    origin = f"{request.url.scheme}://{request.url.netloc.decode()}"
    detail = str(error) or type(error).__name__
    reason = "timed out" if isinstance(error, httpx.TimeoutException) else f"failed ({detail})"
    return ConnectionFailed(f"The connection to the MedSeg gateway at {origin} {reason}")


def _http(base_url: str, headers: dict[str, str], transport: httpx.BaseTransport | None) -> httpx.Client:
    return _GatewayHttp(
        base_url=base_url,
        headers={"User-Agent": USER_AGENT, **headers},
        timeout=DEFAULT_TIMEOUT,
        transport=transport,
        event_hooks={"response": [_raise_for_error]},
    )


def connect(url: str, token: str, *, transport: httpx.BaseTransport | None = None) -> AuthenticatedClient:
    """A generated AuthenticatedClient for `url` sending `Authorization: Bearer <token>`.

    Args:
        url: The gateway's address, e.g. http://localhost:8080.
        token: An API token (POST /api/auth/tokens; `medseg login` makes one).
        transport: Another httpx transport (tests pass an httpx.MockTransport).
    """
    base = normalize_url(url)
    api = AuthenticatedClient(base_url=base, token=token, timeout=DEFAULT_TIMEOUT)
    # Its own httpx client would lack the hooks; with this one, its with_headers() and
    # with_timeout() must not be used (they would build a plain client again).
    api.set_httpx_client(_http(base, {"Authorization": f"Bearer {token}"}, transport))
    return api


def connect_anonymous(
    url: str, *, headers: dict[str, str] | None = None, transport: httpx.BaseTransport | None = None
) -> Client:
    """A generated Client without a token, for signing in with a password (cookies are kept)."""
    base = normalize_url(url)
    client = Client(base_url=base, timeout=DEFAULT_TIMEOUT)
    client.set_httpx_client(_http(base, headers or {}, transport))
    return client


def parsed(response: Response[Any]) -> Any:
    """The parsed body of a generated call's 2xx answer (error answers raised already)."""
    if response.parsed is None:
        raise MedSegError(
            f"The gateway answered {int(response.status_code)} with a body this client cannot read"
        )
    return response.parsed
