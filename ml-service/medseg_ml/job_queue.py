"""A FIFO job queue running one job at a time, and each job's event log; training and evaluation share it.

Everything here runs on the event loop except the job itself, which runs in a daemon thread of its own
and hands its events back with `call_soon_threadsafe`, so they keep their order. Every job keeps all its
events (sequence 1, 2, 3, ... without gaps); watchers replay them and then follow live ones until the
terminal status event, which is always the job's last event.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections import deque
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

from google.protobuf.message import Message

from medseg_ml.generated.medseg.v1 import training_service_pb2 as pb
from medseg_ml.training.data import Cancelled

logger = logging.getLogger(__name__)

# How long a cancel waits for a running job to stop before answering with its current state (RUNNING,
# its end follows on the watch stream). Well under the gateway's 5 s deadline: a 117-class batch on a
# CPU or a stalled download takes longer than that, and a late answer was a 504 for a cancel that worked.
CANCEL_WAIT_S = 1.5
# How long shutdown waits for the running job to stop before declaring it cancelled anyway.
CLOSE_WAIT_S = 1.5
STOPPING = "cancelled: the ml-service is stopping"

TERMINAL = (pb.JOB_STATE_COMPLETED, pb.JOB_STATE_FAILED, pb.JOB_STATE_CANCELLED)
_STATE_WORDS: dict[int, str] = {
    pb.JOB_STATE_QUEUED: "queued",
    pb.JOB_STATE_RUNNING: "running",
    pb.JOB_STATE_COMPLETED: "completed",
    pb.JOB_STATE_FAILED: "failed",
    pb.JOB_STATE_CANCELLED: "cancelled",
}


class JobExistsError(Exception):
    pass


class JobNotFoundError(Exception):
    pass


class Spec(Protocol):
    @property
    def job_id(self) -> str: ...


S = TypeVar("S", bound=Spec)
E = TypeVar("E", bound=Message)

# Sends one event message (status detail, progress, ...) from the job's thread.
Emit = Callable[[Any], None]
# Runs one job, blocking: (spec, emit, cancel, created_ms) -> the completed message, or None.
Runner = Callable[[S, Emit, threading.Event, int], Message | None]
# Wraps a message into the job's event type: (sequence, time_unix_ms, message) -> event.
EventFactory = Callable[[int, int, Message], E]


@dataclass
class Job(Generic[S, E]):
    spec: S
    created_ms: int
    state: int = pb.JOB_STATE_QUEUED
    queue_position: int = 0
    error: str = ""
    started_ms: int = 0
    finished_ms: int = 0
    events: list[E] = field(default_factory=list)
    cancel: threading.Event = field(default_factory=threading.Event)
    # Why `cancel` was set: a user's request, or the service stopping (clients must tell them apart).
    cancel_reason: str = "cancelled"
    # Set and replaced on every new event; watchers wait on the one they saw.
    changed: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def job_id(self) -> str:
        return self.spec.job_id

    @property
    def finished(self) -> bool:
        return self.state in TERMINAL


@dataclass(frozen=True)
class JobKind(Generic[S, E]):
    """What differs between job queues.

    Attributes:
        title: names a job of this queue in errors about an unknown id, e.g. "Training job".
        noun: names a job in logs and errors, e.g. "training job" (may depend on the spec).
        event: wraps messages into events.
        runner: runs one job in its thread.
        running_message: the detail of the RUNNING status event.
        failure_message: the job's error for an exception its runner raised; None for an unexpected
            one, which is logged with its traceback and reported by type and message.
    """

    title: str
    noun: Callable[[S], str]
    event: EventFactory[E]
    runner: Runner[S]
    running_message: Callable[[S], str]
    failure_message: Callable[[BaseException], str | None]


class JobQueue(Generic[S, E]):
    """Queues jobs and runs them one at a time, each in a daemon thread."""

    def __init__(self, kind: JobKind[S, E], task_name: str) -> None:
        self._kind = kind
        self._task_name = task_name
        self._jobs: dict[str, Job[S, E]] = {}
        self._queue: deque[Job[S, E]] = deque()
        self._wakeup = asyncio.Event()
        self._running: tuple[Job[S, E], asyncio.Future[None]] | None = None
        self._worker: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Start taking jobs from the queue; call once from the event loop."""
        self._worker = asyncio.create_task(self._work(), name=self._task_name)

    def submit(self, spec: S) -> Job[S, E]:
        """Queue a job.

        Raises:
            JobExistsError: a job with this id is known (queued, running or finished).
        """
        if spec.job_id in self._jobs:
            raise JobExistsError(f"{self._kind.noun(spec).capitalize()} {spec.job_id} already exists")
        job: Job[S, E] = Job(spec, created_ms=now_ms())
        self._jobs[spec.job_id] = job
        self._queue.append(job)
        job.queue_position = len(self._queue)
        self._append(job, pb.JobStatusEvent(state=pb.JOB_STATE_QUEUED, queue_position=job.queue_position))
        self._log_state(job, queue_position=job.queue_position)
        self._wakeup.set()
        return job

    def get(self, job_id: str) -> Job[S, E]:
        job = self._jobs.get(job_id)
        if job is None:
            raise JobNotFoundError(
                f"{self._kind.title} {job_id} is not known to this ml-service (it may have restarted since)"
            )
        return job

    def list(self) -> list[Job[S, E]]:
        """All known jobs, oldest first."""
        return list(self._jobs.values())

    async def cancel(self, job_id: str) -> Job[S, E]:
        """Cancel a queued or running job; a finished job is returned unchanged.

        A queued job ends CANCELLED at once. A running one stops within one batch; this waits up to
        CANCEL_WAIT_S for that, then returns the job as it is. A job already writing its outputs
        completes.

        Raises:
            JobNotFoundError: unknown job id.
        """
        job = self.get(job_id)
        if job.state == pb.JOB_STATE_QUEUED:
            self._queue.remove(job)
            self._finish(job, pb.JOB_STATE_CANCELLED, "cancelled")
            self._announce_positions()
        elif job.state == pb.JOB_STATE_RUNNING:
            job.cancel.set()
            if self._running is not None and self._running[0] is job:
                done = self._running[1]
                try:
                    await asyncio.wait_for(asyncio.shield(done), CANCEL_WAIT_S)
                except TimeoutError:
                    pass
        return job

    async def watch(self, job_id: str, after_sequence: int = 0) -> AsyncIterator[E]:
        """Events with sequence > after_sequence: past ones, then live ones until the job ends.

        Raises:
            JobNotFoundError: unknown job id (raised on the first iteration).
        """
        job = self.get(job_id)
        position = after_sequence  # events[i] has sequence i + 1
        while True:
            changed = job.changed
            while position < len(job.events):
                position += 1
                yield job.events[position - 1]
            if job.finished:
                return
            await changed.wait()

    async def close(self) -> None:
        """Stop for shutdown: queued jobs end CANCELLED, the running one is cancelled and given a moment."""
        for job in list(self._queue):
            self._finish(job, pb.JOB_STATE_CANCELLED, STOPPING)
        self._queue.clear()
        if self._running is not None:
            job, done = self._running
            job.cancel_reason = STOPPING
            job.cancel.set()
            try:
                await asyncio.wait_for(asyncio.shield(done), CLOSE_WAIT_S)
            except TimeoutError:
                pass
            # Still computing a batch: report it now; its late events are dropped.
            self._finish(job, pb.JOB_STATE_CANCELLED, STOPPING)
        if self._worker is not None:
            self._worker.cancel()
            try:
                await self._worker
            except asyncio.CancelledError:
                pass

    async def _work(self) -> None:
        while True:
            await self._wakeup.wait()
            if not self._queue:
                self._wakeup.clear()
                continue
            job = self._queue.popleft()
            job.queue_position = 0
            self._announce_positions()
            await self._run(job)

    async def _run(self, job: Job[S, E]) -> None:
        loop = asyncio.get_running_loop()
        done: asyncio.Future[None] = loop.create_future()
        self._running = (job, done)
        job.state = pb.JOB_STATE_RUNNING
        job.started_ms = now_ms()
        spec = job.spec
        self._append(
            job, pb.JobStatusEvent(state=pb.JOB_STATE_RUNNING, message=self._kind.running_message(spec))
        )
        self._log_state(job)

        def emit(message: Message) -> None:
            _call_soon(loop, self._append_live, job, message)

        def outcome(state: int, message: str, completed: Message | None = None) -> None:
            _call_soon(loop, self._settle, job, done, state, message, completed)

        def target() -> None:
            try:
                completed = self._kind.runner(spec, emit, job.cancel, job.created_ms)
            except Cancelled:
                outcome(pb.JOB_STATE_CANCELLED, job.cancel_reason)
            except Exception as e:
                message = self._kind.failure_message(e)
                if message is None:
                    logger.exception(f"{self._kind.noun(spec)} crashed", extra={"job_id": spec.job_id})
                    what = self._kind.noun(spec).removesuffix(" job").capitalize()
                    message = f"{what} failed unexpectedly: {type(e).__name__}: {e}"
                outcome(pb.JOB_STATE_FAILED, message)
            else:
                outcome(pb.JOB_STATE_COMPLETED, "completed", completed)

        # A daemon thread, not the default executor: shutdown must not wait for a batch to finish.
        threading.Thread(target=target, name=f"job-{spec.job_id}", daemon=True).start()
        try:
            await done
        finally:
            self._running = None

    def _settle(
        self,
        job: Job[S, E],
        done: asyncio.Future[None],
        state: int,
        message: str,
        completed: Message | None,
    ) -> None:
        if completed is not None and not job.finished:
            self._append(job, completed)
        self._finish(job, state, message)
        if not done.done():
            done.set_result(None)

    def _finish(self, job: Job[S, E], state: int, message: str) -> None:
        if job.finished:
            return
        job.state = state
        job.queue_position = 0
        job.finished_ms = now_ms()
        if state == pb.JOB_STATE_FAILED:
            job.error = message
        self._append(job, pb.JobStatusEvent(state=state, message=message))  # type: ignore[arg-type]
        self._log_state(job, reason=message)

    def _announce_positions(self) -> None:
        for position, job in enumerate(self._queue, 1):
            if job.queue_position != position:
                job.queue_position = position
                self._append(job, pb.JobStatusEvent(state=pb.JOB_STATE_QUEUED, queue_position=position))

    def _append_live(self, job: Job[S, E], message: Message) -> None:
        # Events from a job that already ended (shutdown gave up on it) are dropped.
        if not job.finished:
            self._append(job, message)

    def _append(self, job: Job[S, E], message: Message) -> None:
        job.events.append(self._kind.event(len(job.events) + 1, now_ms(), message))
        changed, job.changed = job.changed, asyncio.Event()
        changed.set()

    def _log_state(self, job: Job[S, E], **extra: object) -> None:
        words = _STATE_WORDS[job.state]
        level = logging.WARNING if job.state == pb.JOB_STATE_FAILED else logging.INFO
        logger.log(level, f"{self._kind.noun(job.spec)} {words}", extra={"job_id": job.job_id, **extra})


def _call_soon(loop: asyncio.AbstractEventLoop, callback: Callable[..., None], *args: object) -> None:
    try:
        loop.call_soon_threadsafe(callback, *args)
    except RuntimeError:
        pass  # the loop is closed: the service is gone and nobody is listening


def now_ms() -> int:
    return round(time.time() * 1000)
