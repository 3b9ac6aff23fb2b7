"""How many segmentations run at once, and how many may wait: the rest are turned away at once.

Each segmentation may hold a decoded volume within the decode budget, its network activations and
its probabilities, so memory grows with every one running. `concurrency` of them run; up to `queue`
more wait their turn (a burst of a lab's browsers fits); beyond that a caller gets RESOURCE_EXHAUSTED
(HTTP 429 at the gateway) right away instead of waiting past its deadline behind work it cannot see.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

CONCURRENCY_SETTING = "MEDSEG_ML_INFERENCE_CONCURRENCY"
QUEUE_SETTING = "MEDSEG_ML_INFERENCE_QUEUE"


class InferenceBusyError(Exception):
    """Every slot runs and the queue is full; the message says so and what raises the limits."""


class InferenceSlots:
    """Admission for segmentations on one event loop.

    Args:
        concurrency: segmentations that run at once.
        queue: segmentations that may wait for a slot.
    """

    def __init__(self, concurrency: int, queue: int) -> None:
        self._concurrency = concurrency
        self._queue = queue
        self._slots = asyncio.Semaphore(concurrency)
        self._admitted = 0

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """Hold a slot for the duration of the block, waiting in the queue for one if needed.

        Raises:
            InferenceBusyError: `concurrency` run and `queue` wait already.
        """
        async with self.admitted(), self._slots:
            yield

    @asynccontextmanager
    async def admitted(self) -> AsyncIterator[None]:
        """Count the block as admitted (running or waiting) without holding a slot: a Segment holds a
        slot only while it decodes, then waits in the micro-batcher, whose forwards run one at a time
        per model on the torch executor; it still counts towards `concurrency + queue` until done.

        Raises:
            InferenceBusyError: `concurrency + queue` are admitted already.
        """
        if self._admitted >= self._concurrency + self._queue:
            raise InferenceBusyError(
                f"The ml-service is running {self._concurrency} segmentations with {self._queue} more "
                f"waiting, its limit ({CONCURRENCY_SETTING}, {QUEUE_SETTING}); try again in a moment"
            )
        self._admitted += 1
        try:
            yield
        finally:
            self._admitted -= 1

    @asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """Hold one of the `concurrency` slots (inside `admitted`)."""
        async with self._slots:
            yield
