"""The threads inference runs torch on.

Every thread that calls into torch gets its own OpenMP team. Once the process has several (training,
evaluation and inference each run on their own threads), a forward on a new thread runs 30-40 % slower
on a small CPU than the same forward in a fresh process (measured with a 3D sliding window over a
181 x 217 x 181 volume: 7.4 s alone, 10-11 s after torch ran on another thread). A few long-lived
threads that claim their torch thread count once get most of it back (8.2 s), so inference keeps its
own, as many as it runs segmentations at once.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import torch


def _claim_torch_threads() -> None:
    torch.set_num_threads(torch.get_num_threads())


def compute_threads(count: int) -> ThreadPoolExecutor:
    """An executor of `count` threads, each set up for torch before its first forward."""
    return ThreadPoolExecutor(
        max_workers=max(1, count), thread_name_prefix="inference", initializer=_claim_torch_threads
    )
