"""Blocking generators consumed from asyncio: order, errors, early stop."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import aclosing

import pytest

from medseg_ml.thread_stream import iterate_in_thread


async def test_yields_every_item_in_order() -> None:
    assert [i async for i in iterate_in_thread(lambda: iter(range(50)), max_pending=3)] == list(range(50))


async def test_reraises_the_generator_error() -> None:
    def failing() -> Iterator[int]:
        yield 1
        raise ValueError("boom")

    seen = []
    with pytest.raises(ValueError, match="boom"):
        async for i in iterate_in_thread(failing):
            seen.append(i)
    assert seen == [1]


async def test_stopping_early_closes_the_generator_in_its_thread() -> None:
    closed = threading.Event()

    def endless() -> Iterator[int]:
        try:
            i = 0
            while True:
                yield i
                i += 1
        finally:
            closed.set()

    async with aclosing(iterate_in_thread(endless, max_pending=2)) as items:
        async for i in items:
            if i == 5:
                break
    assert await asyncio.to_thread(closed.wait, 5)


async def test_event_loop_keeps_running_while_the_generator_blocks() -> None:
    release = threading.Event()

    def slow() -> Iterator[str]:
        release.wait(5)
        yield "done"

    async def unblock() -> None:
        await asyncio.sleep(0.05)
        release.set()

    task = asyncio.create_task(unblock())
    assert [i async for i in iterate_in_thread(slow)] == ["done"]
    await task
