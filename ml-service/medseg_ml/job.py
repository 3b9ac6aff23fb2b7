"""One job, whatever it does: its spec, state, event log and how it is cancelled.

JobQueue (job_queue.py) runs jobs and appends their events; JobRegistry (job_registry.py) finds them
by id for JobService.
"""

from __future__ import annotations

import asyncio
import threading
import time
from dataclasses import dataclass, field
from typing import Generic, Protocol, TypeVar

from google.protobuf.message import Message

from medseg_ml.generated.medseg.v1 import job_pb2 as pb

TERMINAL = (pb.JOB_STATE_COMPLETED, pb.JOB_STATE_FAILED, pb.JOB_STATE_CANCELLED)


class PreconditionError(Exception):
    """A Start*Job request that is well formed but cannot run as asked (FAILED_PRECONDITION); the
    message says what differs and how to fix it."""


class Cancelled(Exception):
    """The job was cancelled while this step ran; raised by the job's code between batches and chunks."""


class Cancellation(threading.Event):
    """Set to stop a job; `reason` says who asked: a person (CancelJob) or the service stopping."""

    def __init__(self) -> None:
        super().__init__()
        self.reason: int = pb.STATUS_REASON_CANCELLED_BY_USER

    def request(self, reason: int) -> None:
        if not self.is_set():
            self.reason = reason
        self.set()

    @property
    def by_user(self) -> bool:
        return self.is_set() and self.reason == pb.STATUS_REASON_CANCELLED_BY_USER


class Spec(Protocol):
    @property
    def job_id(self) -> str: ...


S = TypeVar("S", bound=Spec)


@dataclass
class Job(Generic[S]):
    spec: S
    kind: int
    created_ms: int
    # Sequence of events[0]; a resumed training job continues its history.
    first_sequence: int = 1
    state: int = pb.JOB_STATE_QUEUED
    queue_position: int = 0
    reason: int = pb.STATUS_REASON_UNSPECIFIED
    message: str = ""
    started_ms: int = 0
    finished_ms: int = 0
    events: list[pb.JobEvent] = field(default_factory=list)
    cancel: Cancellation = field(default_factory=Cancellation)
    # Set and replaced on every new event; watchers wait on the one they saw.
    changed: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def job_id(self) -> str:
        return self.spec.job_id

    @property
    def finished(self) -> bool:
        return self.state in TERMINAL

    def proto(self) -> pb.Job:
        return pb.Job(
            job_id=self.job_id,
            kind=self.kind,  # type: ignore[arg-type]
            state=self.state,  # type: ignore[arg-type]
            queue_position=self.queue_position,
            reason=self.reason,  # type: ignore[arg-type]
            message=self.message,
            created_unix_ms=self.created_ms,
            started_unix_ms=self.started_ms,
            finished_unix_ms=self.finished_ms,
        )


# Which field of JobEvent's oneof each payload goes into.
_EVENT_FIELDS: dict[type[Message], str] = {
    pb.JobStatusEvent: "status",
    pb.TrainingStep: "step",
    pb.EpochMetrics: "epoch",
    pb.TrainingCompleted: "training_completed",
    pb.JobProgress: "progress",
    pb.JobCompleted: "completed",
}


def job_event(sequence: int, time_ms: int, message: Message) -> pb.JobEvent:
    event = pb.JobEvent(sequence=sequence, time_unix_ms=time_ms)
    getattr(event, _EVENT_FIELDS[type(message)]).CopyFrom(message)
    return event


def now_ms() -> int:
    return round(time.time() * 1000)
