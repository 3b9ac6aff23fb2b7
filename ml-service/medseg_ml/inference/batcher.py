"""Micro-batching of Segment requests: concurrent images for one network go through one forward.

A forward of 8 images costs far less than 8 forwards of one (the weights are read once, the kernels
run wider), so a burst of browsers asking the same model is answered sooner together. Each network
has a queue and at most one runner task: the runner takes what is queued (up to `max_batch`) and runs
it as one `segment_many` on the torch executor; whatever arrives meanwhile waits for the next round.
Before a round it waits at most `window_s` for requests that announced themselves (`arriving`) but
are still decoding their image, and never when none is: a lone client pays no window at all.

Errors stay with their request: when a batch fails, each of its images is run again alone, so only
the image that fails gets the error. A request cancelled while queued is dropped from its batch.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager, contextmanager
from dataclasses import dataclass, field

import numpy as np
import torch
from torch import nn

from medseg_ml.inference.card import ModelCard
from medseg_ml.inference.segment import Segmentation, check_channels, segment_many
from medseg_ml.torch_executor import TorchExecutor

logger = logging.getLogger(__name__)

SegmentMany = Callable[[nn.Module, Sequence[np.ndarray], ModelCard, torch.device], list[Segmentation]]


@asynccontextmanager
async def _unguarded() -> AsyncIterator[None]:
    yield


@dataclass
class _Item:
    image: np.ndarray
    card: ModelCard
    future: asyncio.Future[Segmentation]


@dataclass
class _Queue:
    items: list[_Item] = field(default_factory=list)
    # Requests announced (`arriving`) that have not queued their image yet: still decoding it.
    decoding: int = 0
    changed: asyncio.Event = field(default_factory=asyncio.Event)
    runner: asyncio.Task[None] | None = None


class Arrival:
    """One announced request; `segment` queues its image (see `SegmentBatcher.arriving`)."""

    def __init__(self, batcher: SegmentBatcher, network: nn.Module, queue: _Queue) -> None:
        self._batcher = batcher
        self._network = network
        self._queue = queue
        self.pending = True

    async def segment(self, image: np.ndarray, card: ModelCard) -> Segmentation:
        """The segmentation of `image`, computed in a batch with whatever else is waiting.

        Raises:
            InputError: the image's channels do not fit the model (before it joins any batch).
        """
        self.leave()
        check_channels(image, card.channels)
        return await self._batcher._submit(self._network, self._queue, image, card)

    def leave(self) -> None:
        if self.pending:
            self.pending = False
            self._queue.decoding -= 1
            self._queue.changed.set()


class SegmentBatcher:
    """Gathers concurrent `segment` calls per network into batches (one event loop).

    Args:
        torch_executor: where forwards run.
        device: the networks' device.
        window_s: longest wait for announced requests before a batch runs (MEDSEG_ML_BATCH_WINDOW_MS).
        max_batch: most images in one forward (MEDSEG_ML_BATCH_MAX); 1 turns batching off.
        guard: held around each forward (the service's inference slots, so a batch counts as one of
            the segmentations that run at once).
        run: the batched segmentation; tests pass their own.
    """

    def __init__(
        self,
        torch_executor: TorchExecutor,
        device: torch.device,
        window_s: float,
        max_batch: int,
        guard: Callable[[], AbstractAsyncContextManager[None]] = _unguarded,
        run: SegmentMany = segment_many,
    ) -> None:
        self._torch = torch_executor
        self._device = device
        self._window_s = window_s
        self._max_batch = max(1, max_batch)
        self._guard = guard
        self._run = run
        self._queues: dict[nn.Module, _Queue] = {}

    @contextmanager
    def arriving(self, network: nn.Module) -> Iterator[Arrival]:
        """Announce a request for `network` before it decodes its image, so a batch forming now waits
        for it (at most the window); the request then calls `segment` on what this yields."""
        queue = self._queues.get(network)
        if queue is None:
            queue = self._queues[network] = _Queue()
        queue.decoding += 1
        arrival = Arrival(self, network, queue)
        try:
            yield arrival
        finally:
            arrival.leave()
            self._drop_if_idle(network, queue)

    async def segment(self, network: nn.Module, image: np.ndarray, card: ModelCard) -> Segmentation:
        """`arriving` and `segment` at once, for a caller with its image in hand."""
        with self.arriving(network) as arrival:
            return await arrival.segment(image, card)

    async def _submit(
        self, network: nn.Module, queue: _Queue, image: np.ndarray, card: ModelCard
    ) -> Segmentation:
        item = _Item(image, card, asyncio.get_running_loop().create_future())
        queue.items.append(item)
        queue.changed.set()
        if queue.runner is None:
            queue.runner = asyncio.create_task(self._drain(network, queue))
        return await item.future

    def _drop_if_idle(self, network: nn.Module, queue: _Queue) -> None:
        idle = queue.decoding == 0 and not queue.items and queue.runner is None
        if idle and self._queues.get(network) is queue:
            del self._queues[network]

    async def _drain(self, network: nn.Module, queue: _Queue) -> None:
        batch: list[_Item] = []
        try:
            while queue.items:
                await self._gather(queue)
                batch = [i for i in queue.items[: self._max_batch] if not i.future.done()]
                del queue.items[: self._max_batch]
                if batch:
                    async with self._guard():
                        await self._forward(network, batch)
        finally:
            # Only a cancelled runner (the service stopping) leaves callers waiting: tell them.
            for item in [*batch, *queue.items]:
                item.future.cancel()
            queue.items.clear()
            queue.runner = None
            self._drop_if_idle(network, queue)

    async def _gather(self, queue: _Queue) -> None:
        """Wait until the batch is full, nobody is still decoding, or the window has passed."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._window_s
        while len(queue.items) < self._max_batch and queue.decoding > 0:
            remaining = deadline - loop.time()
            if remaining <= 0:
                return
            queue.changed.clear()
            try:
                await asyncio.wait_for(queue.changed.wait(), remaining)
            except TimeoutError:
                return

    async def _forward(self, network: nn.Module, batch: list[_Item]) -> None:
        images = [i.image for i in batch]
        try:
            results = await self._torch.run(self._run, network, images, batch[0].card, self._device)
        except Exception as e:
            if len(batch) == 1:
                _settle(batch[0], error=e)
                return
            # One image may be what failed: each alone, so only its own request gets the error.
            logger.warning("batched forward failed; running its images one by one", exc_info=True)
            for item in batch:
                try:
                    [result] = await self._torch.run(
                        self._run, network, [item.image], item.card, self._device
                    )
                except Exception as one:
                    _settle(item, error=one)
                else:
                    _settle(item, result=result)
            return
        for item, result in zip(batch, results, strict=True):
            _settle(item, result=result)


def _settle(item: _Item, result: Segmentation | None = None, error: BaseException | None = None) -> None:
    if item.future.done():  # cancelled while its batch ran
        return
    if error is not None:
        item.future.set_exception(error)
    else:
        assert result is not None
        item.future.set_result(result)
