"""The gateway's request id on every log line the ml-service writes while serving that request.

The gateway makes one id per HTTP request and sends it as `x-request-id` gRPC metadata. The interceptor
puts it in a context variable for the whole call, inside the handler's own task, so that every record
logged there carries it; it also writes one line per call (method, status, duration), so even a call
that logs nothing else can be found by a user's error report.
"""

from __future__ import annotations

import contextvars
import logging
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import grpc

REQUEST_ID_KEY = "x-request-id"
# What the gateway sends; anything else (a hand-made client) is ignored rather than logged verbatim.
_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
# Calls that would flood the log: health probes and the job watches that stay open for hours.
_QUIET_METHODS = frozenset({"/grpc.health.v1.Health/Check", "/grpc.health.v1.Health/Watch"})

request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)
logger = logging.getLogger("medseg_ml.rpc")


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to records logged while a request's call runs."""

    def filter(self, record: logging.LogRecord) -> bool:
        current = request_id.get()
        if current is not None and not hasattr(record, "request_id"):
            record.request_id = current
        return True


def _request_id_of(details: grpc.HandlerCallDetails) -> str | None:
    for key, value in details.invocation_metadata or ():
        if key == REQUEST_ID_KEY:
            text = value.decode("ascii", "replace") if isinstance(value, bytes) else str(value)
            return text if _VALID_ID.match(text) else None
    return None


def _status_of(context: grpc.aio.ServicerContext, error: BaseException | None) -> str:
    if error is not None and not isinstance(error, grpc.aio.AbortError):
        return "UNKNOWN"
    code = context.code()
    return code.name if isinstance(code, grpc.StatusCode) else "OK" if code in (None, 0) else str(code)


class RequestIdInterceptor(grpc.aio.ServerInterceptor):
    async def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], Awaitable[grpc.RpcMethodHandler]],
        details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler:
        handler = await continuation(details)
        if handler is None:
            return handler
        rid, method = _request_id_of(details), details.method
        if handler.unary_unary is not None:
            return handler._replace(unary_unary=_unary(handler.unary_unary, rid, method))
        if handler.unary_stream is not None:
            return handler._replace(unary_stream=_streaming(handler.unary_stream, rid, method))
        return handler


def _log_call(method: str, rid: str | None, started: float, status: str) -> None:
    if method in _QUIET_METHODS:
        return
    elapsed_ms = round((time.monotonic() - started) * 1000)
    fields: dict[str, Any] = {"method": method, "status": status, "ms": elapsed_ms}
    if rid is not None:
        fields["request_id"] = rid
    logger.info("rpc", extra=fields)


def _unary(behavior: Callable[..., Any], rid: str | None, method: str) -> Callable[..., Awaitable[Any]]:
    async def run(request: Any, context: grpc.aio.ServicerContext) -> Any:
        token, started, error = request_id.set(rid), time.monotonic(), None
        try:
            return await behavior(request, context)
        except BaseException as e:
            error = e
            raise
        finally:
            _log_call(method, rid, started, _status_of(context, error))
            request_id.reset(token)

    return run


def _streaming(
    behavior: Callable[..., Any], rid: str | None, method: str
) -> Callable[..., AsyncIterator[Any]]:
    async def run(request: Any, context: grpc.aio.ServicerContext) -> AsyncIterator[Any]:
        token, started, error = request_id.set(rid), time.monotonic(), None
        result = behavior(request, context)
        try:
            if hasattr(result, "__aiter__"):
                async for message in result:
                    yield message
            else:  # a handler that writes with context.write()
                await result
        except BaseException as e:
            error = e
            raise
        finally:
            # A cancelled call (the gateway went away) must run the handler's own clean-up now, as
            # it would without this wrapper, not whenever the suspended generator is collected.
            if hasattr(result, "aclose"):
                await result.aclose()
            _log_call(method, rid, started, _status_of(context, error))
            request_id.reset(token)

    return run
