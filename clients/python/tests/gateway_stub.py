"""A stand-in for the gateway in unit tests: an httpx.MockTransport with routes and SSE bodies."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx

Handler = Callable[[httpx.Request], httpx.Response]


class Gateway:
    """Routes by (method, path); records every request (with its body read) in `requests`."""

    def __init__(self) -> None:
        self.routes: dict[tuple[str, str], Handler | list[Handler]] = {}
        self.requests: list[httpx.Request] = []

    def on(self, method: str, path: str, *handlers: Handler) -> None:
        """Answers with `handlers` in turn (the last one again once they are used up)."""
        self.routes[(method, path)] = list(handlers)

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self._handle)

    def _handle(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        handlers = self.routes.get((request.method, request.url.path))
        if not handlers:
            return error(404, f"Cannot {request.method} {request.url.path}")
        assert isinstance(handlers, list)
        handler = handlers.pop(0) if len(handlers) > 1 else handlers[0]
        return handler(request)


def answer(body: Any, status: int = 200) -> Handler:
    return lambda request: httpx.Response(status, json=body)


def error(status: int, message: str | list[str], request_id: str | None = None) -> httpx.Response:
    body: dict[str, Any] = {"statusCode": status, "message": message, "error": "Error"}
    if request_id:
        body["requestId"] = request_id
    return httpx.Response(status, json=body)


def sse(*events: tuple[str, int, Any], retry_ms: int | None = 2000) -> bytes:
    """An event stream as the gateway writes it (util/sse.ts): retry, then id/event/data blocks."""
    text = f"retry: {retry_ms}\n\n" if retry_ms is not None else ""
    for event, event_id, data in events:
        text += f"id: {event_id}\nevent: {event}\ndata: {json.dumps(data)}\n\n"
    return text.encode()


def stream(body: bytes) -> Handler:
    return lambda request: httpx.Response(200, headers={"content-type": "text/event-stream"}, content=body)
