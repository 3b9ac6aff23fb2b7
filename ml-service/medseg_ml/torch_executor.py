"""The thread that request-path torch work (inference, model loading, export) runs on.

libgomp, PyTorch's OpenMP on Linux, gives every thread that enters a parallel region a team of worker
threads of its own, alive as long as that thread. Once the workers of all teams outnumber the CPUs,
libgomp lets a waiting worker spin about 100 times instead of 300,000 before it sleeps (`do_spin` in
libgomp/config/linux/wait.h), so each of the thousands of small parallel regions of a forward pays a
futex wake-up. asyncio's default executor spreads calls over up to cpus + 4 long-lived threads, and
each one that touched torch kept its team: on 2 vCPUs the 3D sliding window of scripts/bench/volume
ran on 0.8 cores in the service (16.8 CPU s in 20 s) against 1.8 in a fresh process.

So on a CPU all of that work shares ONE long-lived thread, hence one team, as in a bare loop; a request
waits for the one before it, which on a CPU it would only slow down by running beside it. Jobs
(training, evaluation, batch) run in threads of their own whose teams end with them. On CUDA the
forwards hardly use OpenMP, and `concurrency` threads keep short requests from waiting behind long ones.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

import torch

P = ParamSpec("P")
T = TypeVar("T")


class TorchExecutor:
    """Runs blocking torch calls off the event loop, on the threads described above."""

    def __init__(self, device: torch.device, concurrency: int) -> None:
        workers = max(1, concurrency) if device.type == "cuda" else 1
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="torch")

    async def run(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """`fn(*args, **kwargs)` on a torch thread, awaited from the event loop."""
        return await asyncio.get_running_loop().run_in_executor(
            self._pool, functools.partial(fn, *args, **kwargs)
        )

    def shutdown(self) -> None:
        # Not waiting: a forward still running must not hold up the stop (see busy_exit.py).
        self._pool.shutdown(wait=False, cancel_futures=True)
