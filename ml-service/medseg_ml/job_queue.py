"""A FIFO job queue running one job at a time and appending its events; every kind of job uses it.

Everything here runs on the event loop except the job itself, which runs in a daemon thread of its own
and hands its events back with `call_soon_threadsafe`, so they keep their order. Every job keeps all its
events (sequence first, first + 1, ... without gaps); watchers replay them and then follow live ones until
the terminal status event, which is always the job's last event and always carries a StatusReason.
The queues of a process share one JobRegistry (job_registry.py), which answers JobService.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic

from google.protobuf.message import Message

from medseg_ml import service_metrics
from medseg_ml.generated.medseg.v1 import job_pb2 as pb
from medseg_ml.job import Cancellation, Cancelled, Job, S, job_event, now_ms

if TYPE_CHECKING:
    from medseg_ml.job_registry import JobRegistry

logger = logging.getLogger(__name__)

# How long a cancel waits for a running job to stop before answering with its current state (RUNNING,
# its end follows on the watch stream). Well under the gateway's 5 s deadline: a 117-class batch on a
# CPU or a stalled download takes longer than that, and a late answer was a 504 for a cancel that worked.
# A training stopped early may still be storing its model then; its stream ends COMPLETED.
CANCEL_WAIT_S = 1.5
# How long shutdown waits for the running job to stop before declaring it stopped anyway.
CLOSE_WAIT_S = 1.5

_STATE_WORDS: dict[int, str] = {
    pb.JOB_STATE_QUEUED: "queued",
    pb.JOB_STATE_RUNNING: "running",
    pb.JOB_STATE_COMPLETED: "completed",
    pb.JOB_STATE_FAILED: "failed",
    pb.JOB_STATE_CANCELLED: "cancelled",
}
_STOPPED_QUEUED = "The ml-service stopped before the job ran"
_STOPPED_RUNNING = "The ml-service stopped while the job was running"


# Sends one event message (status detail, progress, ...) from the job's thread.
Emit = Callable[[Any], None]
# Runs one job, blocking: (spec, emit, cancel, created_ms) -> the completed message, or None.
Runner = Callable[[S, Emit, Cancellation, int], Message | None]
# (reason, message) of a terminal status.
Outcome = tuple[int, str]


def _completed_normally(_completed: Message | None) -> Outcome:
    return pb.STATUS_REASON_UNSPECIFIED, "completed"


@dataclass(frozen=True)
class QueueRules(Generic[S]):
    """What differs between job queues.

    Attributes:
        noun: names a job in logs and errors, e.g. "training job" (may depend on the spec).
        kind: the JobKind of a spec.
        runner: runs one job in its thread.
        running_message: the detail of the RUNNING status event.
        failure: the (reason, message) of an exception its runner raised; None for an unexpected
            one, which is logged with its traceback and reported as INTERNAL_ERROR.
        completion: the (reason, message) of a job whose runner returned.
    """

    noun: Callable[[S], str]
    kind: Callable[[S], int]
    runner: Runner[S]
    running_message: Callable[[S], str]
    failure: Callable[[BaseException], Outcome | None]
    completion: Callable[[Message | None], Outcome] = _completed_normally


class JobQueue(Generic[S]):
    """Queues jobs and runs them one at a time, each in a daemon thread."""

    def __init__(self, rules: QueueRules[S], registry: JobRegistry, task_name: str) -> None:
        self._rules = rules
        self._registry = registry
        self._task_name = task_name
        self._queue: deque[Job[S]] = deque()
        self._wakeup = asyncio.Event()
        self._running: tuple[Job[S], asyncio.Future[None]] | None = None
        self._worker: asyncio.Task[None] | None = None
        registry.add_queue(self)

    def noun(self, job: Job[S]) -> str:
        return self._rules.noun(job.spec)

    def start(self) -> None:
        """Start taking jobs from the queue; call once from the event loop."""
        self._worker = asyncio.create_task(self._work(), name=self._task_name)

    def submit(self, spec: S, first_sequence: int = 1) -> Job[S]:
        """Queue a job.

        Args:
            first_sequence: the sequence of the job's first event (a resumed job continues its history).

        Raises:
            JobExistsError: a job with this id is known to the registry (any queue, any state).
        """
        job: Job[S] = Job(
            spec, self._rules.kind(spec), created_ms=now_ms(), first_sequence=max(1, first_sequence)
        )
        self._registry.claim(job, self)
        self._queue.append(job)
        job.queue_position = len(self._queue)
        self._append(job, pb.JobStatusEvent(state=pb.JOB_STATE_QUEUED, queue_position=job.queue_position))
        self._log_state(job, queue_position=job.queue_position)
        self._wakeup.set()
        return job

    async def cancel(self, job: Job[S]) -> None:
        """Cancel a queued or running job of this queue; a finished job stays as it is.

        A queued job ends CANCELLED at once. A running one stops within one batch; this waits up to
        CANCEL_WAIT_S for that. What a cancelled runner still writes is its own rule (a training with
        finished epochs keeps its best one).
        """
        if job.state == pb.JOB_STATE_QUEUED:
            self._queue.remove(job)
            self._finish(job, pb.JOB_STATE_CANCELLED, pb.STATUS_REASON_CANCELLED_BY_USER, "cancelled")
            self._announce_positions()
        elif job.state == pb.JOB_STATE_RUNNING:
            job.cancel.request(pb.STATUS_REASON_CANCELLED_BY_USER)
            if self._running is not None and self._running[0] is job:
                done = self._running[1]
                try:
                    await asyncio.wait_for(asyncio.shield(done), CANCEL_WAIT_S)
                except TimeoutError:
                    pass

    async def close(self) -> None:
        """Stop for shutdown: queued jobs end CANCELLED, the running one FAILED, both SERVICE_STOPPED."""
        for job in list(self._queue):
            self._finish(job, pb.JOB_STATE_CANCELLED, pb.STATUS_REASON_SERVICE_STOPPED, _STOPPED_QUEUED)
        self._queue.clear()
        if self._running is not None:
            job, done = self._running
            job.cancel.request(pb.STATUS_REASON_SERVICE_STOPPED)
            try:
                await asyncio.wait_for(asyncio.shield(done), CLOSE_WAIT_S)
            except TimeoutError:
                pass
            # Still computing a batch: report it now; its late events are dropped.
            self._finish(job, pb.JOB_STATE_FAILED, pb.STATUS_REASON_SERVICE_STOPPED, _STOPPED_RUNNING)
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

    async def _run(self, job: Job[S]) -> None:
        loop = asyncio.get_running_loop()
        done: asyncio.Future[None] = loop.create_future()
        self._running = (job, done)
        job.state = pb.JOB_STATE_RUNNING
        job.started_ms = now_ms()
        spec = job.spec
        self._append(
            job, pb.JobStatusEvent(state=pb.JOB_STATE_RUNNING, message=self._rules.running_message(spec))
        )
        self._log_state(job)

        def emit(message: Message) -> None:
            _call_soon(loop, self._append_live, job, message)

        def outcome(state: int, reason: int, message: str, completed: Message | None = None) -> None:
            _call_soon(loop, self._settle, job, done, state, reason, message, completed)

        def target() -> None:
            try:
                completed = self._rules.runner(spec, emit, job.cancel, job.created_ms)
            except Cancelled:
                if job.cancel.by_user:
                    outcome(pb.JOB_STATE_CANCELLED, pb.STATUS_REASON_CANCELLED_BY_USER, "cancelled")
                else:
                    outcome(pb.JOB_STATE_FAILED, pb.STATUS_REASON_SERVICE_STOPPED, _STOPPED_RUNNING)
            except Exception as e:
                failure = self._rules.failure(e)
                if failure is None:
                    logger.exception(f"{self._rules.noun(spec)} crashed", extra={"job_id": spec.job_id})
                    what = self._rules.noun(spec).removesuffix(" job").capitalize()
                    failure = (
                        pb.STATUS_REASON_INTERNAL_ERROR,
                        f"{what} failed unexpectedly: {type(e).__name__}: {e}",
                    )
                outcome(pb.JOB_STATE_FAILED, *failure)
            else:
                outcome(pb.JOB_STATE_COMPLETED, *self._rules.completion(completed), completed)

        # A daemon thread, not the default executor: shutdown must not wait for a batch to finish.
        threading.Thread(target=target, name=f"job-{spec.job_id}", daemon=True).start()
        try:
            await done
        finally:
            self._running = None

    def _settle(
        self,
        job: Job[S],
        done: asyncio.Future[None],
        state: int,
        reason: int,
        message: str,
        completed: Message | None,
    ) -> None:
        if completed is not None and not job.finished:
            self._append(job, completed)
        self._finish(job, state, reason, message)
        if not done.done():
            done.set_result(None)

    def _finish(self, job: Job[S], state: int, reason: int, message: str) -> None:
        if job.finished:
            return
        job.state = state
        job.reason = reason
        job.queue_position = 0
        job.finished_ms = now_ms()
        service_metrics.observe_job_end(job.kind, state, job.started_ms, job.finished_ms)
        self._append(job, pb.JobStatusEvent(state=state, reason=reason, message=message))  # type: ignore[arg-type]
        self._log_state(job, reason=pb.StatusReason.Name(reason), detail=message)

    def _announce_positions(self) -> None:
        for position, job in enumerate(self._queue, 1):
            if job.queue_position != position:
                job.queue_position = position
                self._append(job, pb.JobStatusEvent(state=pb.JOB_STATE_QUEUED, queue_position=position))

    def _append_live(self, job: Job[S], message: Message) -> None:
        # Events from a job that already ended (shutdown gave up on it) are dropped.
        if not job.finished:
            self._append(job, message)

    def _append(self, job: Job[S], message: Message) -> None:
        if isinstance(message, pb.JobStatusEvent):
            job.message = message.message
        event = job_event(job.first_sequence + len(job.events), now_ms(), message)
        job.events.append(event)
        changed, job.changed = job.changed, asyncio.Event()
        changed.set()

    def _log_state(self, job: Job[S], **extra: object) -> None:
        words = _STATE_WORDS[job.state]
        level = logging.WARNING if job.state == pb.JOB_STATE_FAILED else logging.INFO
        logger.log(level, f"{self._rules.noun(job.spec)} {words}", extra={"job_id": job.job_id, **extra})


def _call_soon(loop: asyncio.AbstractEventLoop, callback: Callable[..., None], *args: object) -> None:
    try:
        loop.call_soon_threadsafe(callback, *args)
    except RuntimeError:
        pass  # the loop is closed: the service is gone and nobody is listening
