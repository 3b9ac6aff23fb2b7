"""Inference admission: `concurrency` segmentations run, `queue` wait, the next is turned away."""

from __future__ import annotations

import asyncio

import pytest

from medseg_ml.inference.admission import InferenceBusyError, InferenceSlots


def test_runs_concurrency_queues_the_next_and_refuses_beyond() -> None:
    async def scenario() -> list[str]:
        slots = InferenceSlots(concurrency=1, queue=1)
        release = asyncio.Event()
        events: list[str] = []

        async def job(name: str) -> None:
            async with slots.slot():
                events.append(f"{name} runs")
                await release.wait()

        first = asyncio.create_task(job("first"))
        second = asyncio.create_task(job("second"))
        await asyncio.sleep(0)
        with pytest.raises(InferenceBusyError, match=r"running 1 segmentations with 1 more waiting"):
            async with slots.slot():
                pass
        release.set()
        await asyncio.gather(first, second)
        async with slots.slot():
            events.append("third runs")
        return events

    assert asyncio.run(scenario()) == ["first runs", "second runs", "third runs"]


def test_busy_message_names_both_settings() -> None:
    async def scenario() -> str:
        slots = InferenceSlots(concurrency=1, queue=0)
        async with slots.slot():
            with pytest.raises(InferenceBusyError) as caught:
                async with slots.slot():
                    pass
        return str(caught.value)

    message = asyncio.run(scenario())
    assert "MEDSEG_ML_INFERENCE_CONCURRENCY" in message and "MEDSEG_ML_INFERENCE_QUEUE" in message
