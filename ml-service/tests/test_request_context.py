"""The gateway's request id (x-request-id metadata) reaches every line logged while its call runs, unary
and streaming, and each call writes one line with its method, status and duration."""

from __future__ import annotations

import asyncio
import json
import logging

import grpc
import pytest

from medseg_ml.logging_setup import JsonFormatter
from medseg_ml.request_context import RequestIdFilter, RequestIdInterceptor

log = logging.getLogger("medseg_ml.test_handler")


async def say(request: bytes, context: grpc.aio.ServicerContext) -> bytes:
    log.info("handling", extra={"size": len(request)})
    await asyncio.sleep(0)
    if request == b"fail":
        await context.abort(grpc.StatusCode.INVALID_ARGUMENT, "no")
    return request


async def count(request: bytes, context: grpc.aio.ServicerContext):  # noqa: ANN201
    for i in range(2):
        log.info("step", extra={"i": i})
        yield bytes([i])


class Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.setFormatter(JsonFormatter())
        self.addFilter(RequestIdFilter())
        self.lines: list[dict[str, object]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(json.loads(self.format(record)))


@pytest.fixture
def lines() -> Lines:
    handler = Lines()
    root = logging.getLogger()
    root.addHandler(handler)
    old = root.level
    root.setLevel(logging.INFO)
    yield handler
    root.removeHandler(handler)
    root.setLevel(old)


async def call_server(calls: list[tuple[str, bytes, str | None]]) -> list[object]:
    server = grpc.aio.server(interceptors=[RequestIdInterceptor()])
    handlers = {
        "Say": grpc.unary_unary_rpc_method_handler(say),
        "Count": grpc.unary_stream_rpc_method_handler(count),
    }
    server.add_generic_rpc_handlers((grpc.method_handlers_generic_handler("test.Echo", handlers),))
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    results: list[object] = []
    try:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
            for method, body, rid in calls:
                metadata = (("x-request-id", rid),) if rid is not None else None
                if method == "Say":
                    try:
                        results.append(await channel.unary_unary("/test.Echo/Say")(body, metadata=metadata))
                    except grpc.aio.AioRpcError as e:
                        results.append(e.code())
                else:
                    stream = channel.unary_stream("/test.Echo/Count")(body, metadata=metadata)
                    results.append([m async for m in stream])
    finally:
        await server.stop(None)
    return results


def test_every_line_of_a_call_carries_its_request_id(lines: Lines) -> None:
    results = asyncio.run(
        call_server(
            [("Say", b"hi", "req-1"), ("Count", b"", "req-2"), ("Say", b"fail", "req-3"), ("Say", b"x", None)]
        )
    )
    assert results == [b"hi", [b"\x00", b"\x01"], grpc.StatusCode.INVALID_ARGUMENT, b"x"]
    by_id: dict[object, list[dict[str, object]]] = {}
    for line in lines.lines:
        by_id.setdefault(line.get("request_id"), []).append(line)
    assert [(line["msg"], line.get("size")) for line in by_id["req-1"]] == [("handling", 2), ("rpc", None)]
    assert [line["msg"] for line in by_id["req-2"]] == ["step", "step", "rpc"]
    done = {line["request_id"]: line for line in lines.lines if line["msg"] == "rpc" and "request_id" in line}
    assert done["req-1"]["method"] == "/test.Echo/Say" and done["req-1"]["status"] == "OK"
    assert done["req-3"]["status"] == "INVALID_ARGUMENT"
    assert isinstance(done["req-2"]["ms"], int)
    # A call without an id logs without one; nothing leaks from the call before it.
    assert [line["msg"] for line in by_id[None] if line["logger"] != "asyncio"] == ["handling", "rpc"]


def test_a_malformed_id_is_ignored_not_logged(lines: Lines) -> None:
    asyncio.run(call_server([("Say", b"a", "not an id; " * 10)]))
    assert all("request_id" not in line for line in lines.lines)
