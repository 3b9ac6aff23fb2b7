"""The Segment micro-batcher: same results as alone, bounded batches and waits, errors and
cancellation kept to their own request."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator, Sequence

import numpy as np
import pytest
import torch
from torch import nn

from medseg_ml.inference.batcher import SegmentBatcher
from medseg_ml.inference.card import ModelCard
from medseg_ml.inference.segment import InputError, Segmentation, segment, segment_many
from medseg_ml.networks.factory import build_network, network_spec
from medseg_ml.torch_executor import TorchExecutor

CPU = torch.device("cpu")


@pytest.fixture(scope="module")
def card() -> ModelCard:
    return ModelCard(network_spec("unet", 1, 3, depth=2, base_channels=4), (0, 1, 2), 1, 32)


@pytest.fixture(scope="module")
def network(card: ModelCard) -> nn.Module:
    torch.manual_seed(0)
    return build_network(card.network).eval()


@pytest.fixture
def executor() -> Iterator[TorchExecutor]:
    executor = TorchExecutor(CPU, concurrency=1)
    yield executor
    executor.shutdown()


def images(count: int, seed: int = 0) -> list[np.ndarray]:
    """Odd, different sizes: each image is resized to the input size and back on its own."""
    rng = np.random.default_rng(seed)
    return [rng.random((1, 33 + 2 * i, 35 + i)).astype(np.float32) for i in range(count)]


class Recorder:
    """A `run` that records its batch sizes, optionally slow or failing on marked images."""

    def __init__(self, delay_s: float = 0.0) -> None:
        self.batches: list[int] = []
        self.delay_s = delay_s

    def __call__(
        self, network: nn.Module, batch: Sequence[np.ndarray], card: ModelCard, device: torch.device
    ) -> list[Segmentation]:
        self.batches.append(len(batch))
        time.sleep(self.delay_s)
        if any(np.isnan(image).any() for image in batch):
            raise RuntimeError("a NaN image")
        return [Segmentation(np.full(i.shape[1:], int(i.flat[0] * 10)), i) for i in batch]


def test_segment_many_gives_each_image_what_segment_gives_it_alone(
    network: nn.Module, card: ModelCard
) -> None:
    batch = images(5)
    together = segment_many(network, batch, card, CPU)
    for image, result in zip(batch, together, strict=True):
        alone = segment(network, image, card, CPU)
        np.testing.assert_array_equal(result.mask, alone.mask)
        np.testing.assert_allclose(result.probabilities, alone.probabilities, rtol=1e-5, atol=1e-6)
        assert result.mask.shape == image.shape[1:]


async def test_concurrent_requests_share_a_forward_and_get_their_own_results(
    network: nn.Module, card: ModelCard, executor: TorchExecutor
) -> None:
    calls: list[int] = []

    def run(*args: object) -> list[Segmentation]:
        calls.append(len(args[1]))  # type: ignore[arg-type]
        return segment_many(*args)  # type: ignore[arg-type]

    batcher = SegmentBatcher(executor, CPU, window_s=0.05, max_batch=8, run=run)
    batch = images(6, seed=1)
    arrivals = [batcher.arriving(network) for _ in batch]
    entered = [a.__enter__() for a in arrivals]  # all announced, as requests decoding at once
    try:
        results = await asyncio.gather(*(a.segment(i, card) for a, i in zip(entered, batch, strict=True)))
    finally:
        for a in arrivals:
            a.__exit__(None, None, None)
    assert calls == [6]
    for image, result in zip(batch, results, strict=True):
        alone = segment(network, image, card, CPU)
        np.testing.assert_array_equal(result.mask, alone.mask)
        np.testing.assert_allclose(result.probabilities, alone.probabilities, rtol=1e-5, atol=1e-6)


async def test_batches_never_exceed_the_largest_size(
    network: nn.Module, card: ModelCard, executor: TorchExecutor
) -> None:
    recorder = Recorder(delay_s=0.02)
    batcher = SegmentBatcher(executor, CPU, window_s=0.01, max_batch=3, run=recorder)
    values = [np.full((1, 4, 4), v / 10, np.float32) for v in range(8)]
    results = await asyncio.gather(*(batcher.segment(network, v, card) for v in values))
    assert [int(r.mask[0, 0]) for r in results] == list(range(8))
    assert sum(recorder.batches) == 8 and max(recorder.batches) <= 3 and len(recorder.batches) >= 3


async def test_a_lone_request_does_not_wait_for_the_window(
    network: nn.Module, card: ModelCard, executor: TorchExecutor
) -> None:
    batcher = SegmentBatcher(executor, CPU, window_s=5.0, max_batch=8, run=Recorder())
    started = time.perf_counter()
    await batcher.segment(network, np.zeros((1, 4, 4), np.float32), card)
    assert time.perf_counter() - started < 1.0


async def test_a_request_still_decoding_is_waited_for_at_most_the_window(
    network: nn.Module, card: ModelCard, executor: TorchExecutor
) -> None:
    recorder = Recorder()
    batcher = SegmentBatcher(executor, CPU, window_s=0.2, max_batch=8, run=recorder)
    with batcher.arriving(network):  # announced, never sends its image
        started = time.perf_counter()
        await batcher.segment(network, np.zeros((1, 4, 4), np.float32), card)
        waited = time.perf_counter() - started
    assert 0.15 <= waited < 2.0
    assert recorder.batches == [1]


async def test_one_failing_image_fails_only_its_own_request(
    network: nn.Module, card: ModelCard, executor: TorchExecutor
) -> None:
    recorder = Recorder()
    batcher = SegmentBatcher(executor, CPU, window_s=0.05, max_batch=8, run=recorder)
    values = [np.full((1, 4, 4), v / 10, np.float32) for v in range(4)]
    values[2] = np.full((1, 4, 4), np.nan, np.float32)
    arrivals = [batcher.arriving(network) for _ in values]
    entered = [a.__enter__() for a in arrivals]
    try:
        results = await asyncio.gather(
            *(a.segment(v, card) for a, v in zip(entered, values, strict=True)), return_exceptions=True
        )
    finally:
        for a in arrivals:
            a.__exit__(None, None, None)
    assert isinstance(results[2], RuntimeError)
    assert [int(r.mask[0, 0]) for i, r in enumerate(results) if i != 2] == [0, 1, 3]  # type: ignore[union-attr]
    assert recorder.batches[0] == 4 and sorted(recorder.batches[1:]) == [1, 1, 1, 1]


async def test_wrong_channels_are_refused_before_joining_a_batch(
    network: nn.Module, card: ModelCard, executor: TorchExecutor
) -> None:
    recorder = Recorder()
    batcher = SegmentBatcher(executor, CPU, window_s=0.05, max_batch=8, run=recorder)
    with pytest.raises(InputError, match="3 colour channels"):
        await batcher.segment(network, np.zeros((3, 4, 4), np.float32), card)
    assert recorder.batches == []


async def test_a_cancelled_request_leaves_its_batch(
    network: nn.Module, card: ModelCard, executor: TorchExecutor
) -> None:
    recorder = Recorder(delay_s=0.1)
    batcher = SegmentBatcher(executor, CPU, window_s=0.0, max_batch=8, run=recorder)
    first = asyncio.create_task(batcher.segment(network, np.zeros((1, 4, 4), np.float32), card))
    await asyncio.sleep(0.03)  # the first batch runs; these two queue behind it
    cancelled = asyncio.create_task(batcher.segment(network, np.full((1, 4, 4), 0.1, np.float32), card))
    kept = asyncio.create_task(batcher.segment(network, np.full((1, 4, 4), 0.2, np.float32), card))
    await asyncio.sleep(0.01)
    cancelled.cancel()
    await first
    assert int((await kept).mask[0, 0]) == 2
    assert cancelled.cancelled()
    assert recorder.batches == [1, 1]
    assert batcher._queues == {}  # nothing left behind once idle
