"""Request-path torch work shares one thread on a CPU (one OpenMP team; see torch_executor.py)."""

from __future__ import annotations

import asyncio
import threading
import time

import torch

from medseg_ml.torch_executor import TorchExecutor


def _thread_of_calls(device: str, calls: int) -> set[int]:
    executor = TorchExecutor(torch.device(device), concurrency=4)

    def work() -> int:
        time.sleep(0.05)  # long enough that a pool of several threads would spread the calls
        return threading.get_ident()

    async def main() -> list[int]:
        return await asyncio.gather(*(executor.run(work) for _ in range(calls)))

    try:
        return set(asyncio.run(main()))
    finally:
        executor.shutdown()


def test_on_a_cpu_every_call_runs_on_the_same_thread() -> None:
    assert len(_thread_of_calls("cpu", 6)) == 1


def test_on_cuda_calls_run_side_by_side_up_to_the_concurrency() -> None:
    # torch.device("cuda") needs no GPU to exist; the executor only reads its type.
    assert 1 < len(_thread_of_calls("cuda", 6)) <= 4
