"""Leave the process without finalizing the interpreter while a job thread is still inside torch.

Jobs run in daemon threads so that shutdown never waits for a batch (job_queue.py). But when Python
finalizes, a daemon thread that next touches the GIL is ended with pthread_exit; inside a torch
kernel that unwinds through C++ frames that forbid it and the runtime calls std::terminate: the
process dies of SIGABRT ("terminate called without an active exception") after a clean stop, and the
gateway reads a crash. So a clean stop waits briefly for those threads and, if one is still busy,
ends with os._exit after flushing the logs: nothing of a cancelled job is kept anyway (a training
resumes from its last checkpoint, written atomically at the end of an epoch).
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time

from medseg_ml import parent_watch

# Part of the 5 s a stop may take: the job was asked to stop when the shutdown began, and stops
# within one batch, so this is only the tail of a slow batch.
JOIN_S = 1.0


def exit_past_busy_threads(status: int) -> int:
    """Return `status` when every worker thread has ended; otherwise never return (os._exit)."""
    busy = _busy_daemon_threads()
    deadline = time.monotonic() + JOIN_S
    for thread in busy:
        thread.join(max(0.0, deadline - time.monotonic()))
    still_busy = [t.name for t in busy if t.is_alive()]
    if not still_busy:
        return status
    logging.getLogger("medseg_ml").warning(
        f"leaving without waiting for threads still computing: {', '.join(still_busy)}"
    )
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


def _busy_daemon_threads() -> list[threading.Thread]:
    # Non-daemon threads are joined by Python itself before finalizing; the parent watch only reads.
    me = threading.current_thread()
    return [
        t
        for t in threading.enumerate()
        if t.daemon and t.is_alive() and t is not me and t.name != parent_watch.THREAD_NAME
    ]
