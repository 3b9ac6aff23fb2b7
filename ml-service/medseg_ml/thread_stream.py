"""Run a blocking generator in a worker thread and consume it from asyncio, with backpressure.

The event loop keeps serving while the generator works; when the consumer stops early (the client
cancelled, an error), the worker stops at its next item and closes the generator, so its `finally`
blocks run (temp files are deleted) in the worker thread.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Callable, Generator, Iterator
from typing import TypeVar, cast

T = TypeVar("T")

_END = object()
_POLL_S = 0.1


async def iterate_in_thread(
    make: Callable[[], Iterator[T]], max_pending: int = 8, name: str = "worker"
) -> AsyncIterator[T]:
    """Yield the items of `make()`, which runs in its own thread.

    Args:
        make: builds the blocking generator; called in the worker thread.
        max_pending: items produced but not yet consumed before the worker waits.

    Raises:
        Whatever the generator raises, re-raised here.
    """
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[tuple[object, BaseException | None]] = asyncio.Queue()
    slots = threading.Semaphore(max_pending)
    stop = threading.Event()

    def send(item: object, error: BaseException | None = None) -> None:
        try:
            loop.call_soon_threadsafe(queue.put_nowait, (item, error))
        except RuntimeError:
            pass  # the loop is closed: nobody is listening any more

    def wait_for_slot() -> bool:
        while not slots.acquire(timeout=_POLL_S):
            if stop.is_set():
                return False
        return not stop.is_set()

    def produce() -> None:
        error: BaseException | None = None
        try:
            items = make()
            try:
                for item in items:
                    if not wait_for_slot():
                        break
                    send(item)
            finally:
                if isinstance(items, Generator):
                    items.close()
        except BaseException as e:
            error = e
        # Always sent, so the consumer never waits forever; harmless when it already left.
        send(_END, error)

    worker = threading.Thread(target=produce, name=name, daemon=True)
    worker.start()
    try:
        while True:
            item, error = await queue.get()
            if item is _END:
                if error is not None:
                    raise error
                return
            slots.release()
            yield cast(T, item)
    finally:
        stop.set()
