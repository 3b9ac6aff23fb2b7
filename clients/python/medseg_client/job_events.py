"""Following one job's Server-Sent Events (`GET /api/{models,evaluations,batches}/{id}/events`).

Each connection starts with a `snapshot` event (the resource as its GET returns it, `id:` = the
last event sequence it reflects), then `job` events (JobEventDto, `id:` = sequence) stored after
Last-Event-ID, then live ones; the gateway ends the stream after a terminal status. A stream that
ends any other way (a dropped line, a gateway restart) is reopened with Last-Event-ID, so no
event is missed or repeated.
"""

from __future__ import annotations

import contextlib
import json
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import httpx

from .api.models.job_event_dto import JobEventDto
from .api.models.job_event_dto_type import JobEventDtoType
from .api.types import Unset
from .connection import STREAM_TIMEOUT
from .errors import ConnectionFailed, MedSegError, ServerError, WaitTimeout
from .sse import SseEvent, SseParser

T = TypeVar("T")
logger = logging.getLogger(__name__)

# The gateway's TERMINAL_STATES (gateway/src/dtos/job-event.dto.ts): after one, nothing more happens.
TERMINAL_STATES = frozenset({"completed", "failed", "cancelled"})
# A gateway behind a proxy answers these while it restarts: worth another try, like a dropped line.
RETRIED_STATUSES = frozenset({502, 503, 504})
DEFAULT_RETRY_MS = 2000


@dataclass(frozen=True)
class Snapshot(Generic[T]):
    """The job's resource at the start of a connection (ModelDetailDto, EvaluationDto or BatchDto)."""

    sequence: int
    value: T


@dataclass(frozen=True)
class JobKind(Generic[T]):
    """What differs between the job kinds: the stream's path, and how to read, fetch and judge the
    resource (ModelDetailDto, EvaluationDto, BatchDto)."""

    name: str
    events_path: str
    parse: Callable[[dict[str, Any]], T]
    fetch: Callable[[Any, str], T]
    is_over: Callable[[T], bool]


def is_terminal(event: JobEventDto) -> bool:
    """Whether the event is the job's last: a status event with a terminal state."""
    status = event.status
    return (
        event.type_ == JobEventDtoType.STATUS
        and not isinstance(status, Unset)
        and status.state.value in TERMINAL_STATES
    )


class JobEventStream(Generic[T]):
    """An iterator of a job's Snapshot and JobEventDto items, until the job is over.

    Args:
        http: The httpx client of a connected AuthenticatedClient.
        kind: Which job kind (see medseg_client.jobs).
        job_id: The model, evaluation or batch id.
        last_event_id: Start after this event (the first snapshot is sent all the same).
        max_retries: Reconnect attempts in a row without an event before giving up.
        deadline: A time.monotonic() after which WaitTimeout is raised (checked at each heartbeat).
        sleep: Waits between reconnects (tests pass a recorder).

    Attributes:
        last_event_id: The id the next reconnect sends as Last-Event-ID.
        connections: How many times the stream was opened.
    """

    def __init__(
        self,
        http: httpx.Client,
        kind: JobKind[T],
        job_id: str,
        *,
        last_event_id: str | None = None,
        max_retries: int = 8,
        deadline: float | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._http = http
        self._kind = kind
        self._job_id = job_id
        self._max_retries = max_retries
        self._deadline = deadline
        self._sleep = sleep
        self._clock = clock
        self._retry_ms = DEFAULT_RETRY_MS
        self._last_job_sequence = int(last_event_id) if last_event_id and last_event_id.isdigit() else 0
        self.last_event_id = last_event_id
        self.connections = 0

    def __iter__(self) -> Iterator[Snapshot[T] | JobEventDto]:
        failures = 0
        while True:
            self._check_deadline()
            received = False
            try:
                with contextlib.closing(self._connection()) as items:
                    for item, over in items:
                        received = True
                        yield item
                        if over:
                            return
                error: MedSegError = ConnectionFailed(
                    f"The event stream of {self._kind.name} {self._job_id} ended early"
                )
            except ConnectionFailed as dropped:
                error = dropped
            except ServerError as refused:
                if refused.status not in RETRIED_STATUSES:
                    raise
                error = refused
            failures = 1 if received else failures + 1
            if failures > self._max_retries:
                raise error
            self._sleep(self._retry_ms / 1000 * min(failures, 5))

    def _connection(self) -> Iterator[tuple[Snapshot[T] | JobEventDto, bool]]:
        headers = {"Accept": "text/event-stream", "Cache-Control": "no-cache"}
        if self.last_event_id is not None:
            headers["Last-Event-ID"] = self.last_event_id
        parser = SseParser(self.last_event_id)
        self.connections += 1
        path = self._kind.events_path.format(id=self._job_id)
        with self._http.stream("GET", path, headers=headers, timeout=self._timeout()) as response:
            for chunk in response.iter_bytes():
                self._check_deadline()
                for event in parser.feed_bytes(chunk):
                    self.last_event_id = parser.last_event_id
                    if parser.retry_ms is not None:
                        self._retry_ms = parser.retry_ms
                    item = self._item(event)
                    if item is not None:
                        yield item

    def _item(self, event: SseEvent) -> tuple[Snapshot[T] | JobEventDto, bool] | None:
        if event.event == "snapshot":
            value = self._kind.parse(_json(event))
            sequence = int(event.id) if event.id and event.id.isdigit() else 0
            return Snapshot(sequence, value), self._kind.is_over(value)
        if event.event == "job":
            try:
                job_event = JobEventDto.from_dict(_json(event))
            except (KeyError, TypeError, ValueError) as error:
                # A newer gateway's event type or field value: the next snapshot has its effect.
                logger.warning(
                    "Skipped a job event of %s %s this client cannot read: %r",
                    self._kind.name,
                    self._job_id,
                    error,
                )
                return None
            # Sent once by design; a replay overlapping what this stream already gave is dropped.
            if job_event.sequence <= self._last_job_sequence:
                return None
            self._last_job_sequence = int(job_event.sequence)
            return job_event, is_terminal(job_event)
        return None  # an event type of a newer gateway

    def _timeout(self) -> httpx.Timeout:
        if self._deadline is None:
            return STREAM_TIMEOUT
        left = max(1.0, self._deadline - self._clock())
        return httpx.Timeout(min(STREAM_TIMEOUT.read or left, left), connect=STREAM_TIMEOUT.connect)

    def _check_deadline(self) -> None:
        if self._deadline is not None and self._clock() >= self._deadline:
            raise WaitTimeout(f"Gave up waiting for {self._kind.name} {self._job_id}; the job goes on")


def _json(event: SseEvent) -> dict[str, Any]:
    try:
        value = json.loads(event.data)
    except ValueError as error:
        raise MedSegError(f"The gateway sent a `{event.event}` event that is not JSON: {error}") from error
    if not isinstance(value, dict):
        raise MedSegError(f"The gateway sent a `{event.event}` event that is not a JSON object")
    return value
