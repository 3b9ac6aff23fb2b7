"""The three job kinds (training, evaluation, batch): their streams, and waiting for one to end.

A job is over when the gateway says so in its stream; whether it went well is read from a GET
afterwards, which the gateway updates before it sends the terminal event.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

from .api.api.batches import batch_controller_get
from .api.api.evaluations import evaluation_controller_get
from .api.api.models import model_controller_get
from .api.client import AuthenticatedClient
from .api.models.batch_dto import BatchDto
from .api.models.evaluation_dto import EvaluationDto
from .api.models.job_event_dto import JobEventDto
from .api.models.model_detail_dto import ModelDetailDto
from .connection import parsed
from .dto_values import text
from .errors import JobFailed
from .job_events import JobEventStream, JobKind, Snapshot

T = TypeVar("T")

ACTIVE_STATES = frozenset({"queued", "running"})

MODEL_JOB: JobKind[ModelDetailDto] = JobKind(
    name="model",
    events_path="/api/models/{id}/events",
    parse=ModelDetailDto.from_dict,
    fetch=lambda api, id: parsed(model_controller_get.sync_detailed(id, client=api)),  # type: ignore[arg-type]
    # The gateway's own rule for a model's stream: over once the model is no longer training.
    is_over=lambda model: text(model.status) != "training",
)
EVALUATION_JOB: JobKind[EvaluationDto] = JobKind(
    name="evaluation",
    events_path="/api/evaluations/{id}/events",
    parse=EvaluationDto.from_dict,
    fetch=lambda api, id: parsed(evaluation_controller_get.sync_detailed(id, client=api)),  # type: ignore[arg-type]
    is_over=lambda evaluation: text(evaluation.state) not in ACTIVE_STATES,
)
BATCH_JOB: JobKind[BatchDto] = JobKind(
    name="batch",
    events_path="/api/batches/{id}/events",
    parse=BatchDto.from_dict,
    fetch=lambda api, id: parsed(batch_controller_get.sync_detailed(id, client=api)),  # type: ignore[arg-type]
    is_over=lambda batch: text(batch.state) not in ACTIVE_STATES,
)

OnEvent = Callable[[Snapshot[Any] | JobEventDto], None]


def check_outcome(kind: JobKind[Any], job_id: str, resource: Any) -> None:
    """Raises JobFailed unless the finished job went well (a cancelled training that kept its best
    epoch is completed, with stoppedEarly)."""
    if kind.name == "model":
        if text(resource.status) == "completed":
            return
        state = text(resource.job_state)
    else:
        state = text(resource.state)
        if state == "completed":
            return
    raise JobFailed(kind.name, job_id, state, text(resource.reason), resource.error, resource)


def wait_for_job(
    api: AuthenticatedClient,
    kind: JobKind[T],
    job_id: str,
    *,
    on_event: OnEvent | None = None,
    timeout: float | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> T:
    """Follows the job's events until it is over and returns its resource as GET answers then.

    Args:
        on_event: Called with every Snapshot and JobEventDto as it arrives (progress, epochs).
        timeout: Seconds to wait at most; then WaitTimeout (the job goes on).

    Raises:
        JobFailed: The job ended failed or cancelled.
        WaitTimeout: `timeout` passed first.
    """
    deadline = None if timeout is None else clock() + timeout
    last_event_id: str | None = None
    while True:
        stream = JobEventStream(
            api.get_httpx_client(), kind, job_id, last_event_id=last_event_id, deadline=deadline, clock=clock
        )
        for item in stream:
            if on_event is not None:
                on_event(item)
        last_event_id = stream.last_event_id
        resource = kind.fetch(api, job_id)
        # Normally over already; if not (a retried upload began), follow it on.
        if kind.is_over(resource):
            check_outcome(kind, job_id, resource)
            return resource
        time.sleep(1.0)
