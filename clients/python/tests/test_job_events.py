"""Following a job's SSE stream: typed items, the end, reconnects with Last-Event-ID, and waiting."""

from __future__ import annotations

import httpx
import pytest
from dto_bodies import (
    EVALUATION_ID,
    MODEL_ID,
    completed_model_detail,
    evaluation,
    job_epoch,
    job_status,
    model_detail,
)
from gateway_stub import Gateway, answer, sse, stream

from medseg_client.api.models.job_event_dto import JobEventDto
from medseg_client.api.models.model_detail_dto import ModelDetailDto
from medseg_client.connection import connect
from medseg_client.errors import ConnectionFailed, JobFailed, NotFoundError, WaitTimeout
from medseg_client.job_events import JobEventStream, Snapshot
from medseg_client.jobs import EVALUATION_JOB, MODEL_JOB, wait_for_job

EVENTS = f"/api/models/{MODEL_ID}/events"


def follow(
    gateway: Gateway, sleeps: list[float] | None = None, **options: object
) -> tuple[list[object], JobEventStream]:
    api = connect("http://gateway.test", "secret", transport=gateway.transport())
    events = JobEventStream(
        api.get_httpx_client(),
        MODEL_JOB,
        MODEL_ID,
        sleep=(sleeps if sleeps is not None else []).append,
        **options,
    )  # type: ignore[arg-type]
    return list(events), events


def test_yields_the_snapshot_then_job_events_and_ends_at_the_terminal_status() -> None:
    gateway = Gateway()
    gateway.on(
        "GET",
        EVENTS,
        stream(
            sse(
                ("snapshot", 0, model_detail()),
                ("job", 1, job_status(1, "running")),
                ("job", 2, job_epoch(2, 1)),
                ("job", 3, job_status(3, "completed")),
            )
        ),
    )
    items, events = follow(gateway)
    assert isinstance(items[0], Snapshot) and isinstance(items[0].value, ModelDetailDto)
    assert [item.sequence for item in items[1:]] == [1, 2, 3]
    assert all(isinstance(item, JobEventDto) for item in items[1:])
    assert items[2].epoch.val_dice == pytest.approx(0.4)
    assert events.connections == 1
    assert gateway.requests[0].headers["accept"] == "text/event-stream"
    assert "last-event-id" not in gateway.requests[0].headers


def test_stops_at_a_snapshot_of_a_finished_job() -> None:
    gateway = Gateway()
    gateway.on("GET", EVENTS, stream(sse(("snapshot", 9, completed_model_detail()))))
    items, events = follow(gateway)
    assert len(items) == 1 and items[0].sequence == 9 and events.connections == 1


def test_reconnects_with_last_event_id_after_a_dropped_stream_and_skips_repeats() -> None:
    gateway = Gateway()
    gateway.on(
        "GET",
        EVENTS,
        # The line drops after event 2, without a terminal status.
        stream(
            sse(
                ("snapshot", 0, model_detail()),
                ("job", 1, job_status(1, "running")),
                ("job", 2, job_epoch(2, 1)),
                retry_ms=500,
            )
        ),
        # A replay that overlaps (2 again) must not be given twice.
        stream(
            sse(
                ("snapshot", 2, model_detail()),
                ("job", 2, job_epoch(2, 1)),
                ("job", 3, job_epoch(3, 2)),
                ("job", 4, job_status(4, "completed")),
                retry_ms=None,
            )
        ),
    )
    sleeps: list[float] = []
    items, events = follow(gateway, sleeps)
    job_sequences = [item.sequence for item in items if isinstance(item, JobEventDto)]
    assert job_sequences == [1, 2, 3, 4]
    assert sum(isinstance(item, Snapshot) for item in items) == 2
    assert gateway.requests[1].headers["last-event-id"] == "2"
    assert sleeps == [0.5]  # the server's retry: 500
    assert events.connections == 2 and events.last_event_id == "4"


def test_retries_a_refused_connection_then_gives_up() -> None:
    calls = []

    def refuse(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        raise httpx.ConnectError("connection refused", request=request)

    gateway = Gateway()
    gateway.on("GET", EVENTS, refuse)
    sleeps: list[float] = []
    with pytest.raises(ConnectionFailed, match="gateway.test"):
        follow(gateway, sleeps, max_retries=3)
    assert len(calls) == 4
    assert sleeps == [2.0, 4.0, 6.0]  # the default 2 s, longer each time


def test_a_missing_job_is_not_retried() -> None:
    gateway = Gateway()
    with pytest.raises(NotFoundError):
        follow(gateway)
    assert len(gateway.requests) == 1


def test_wait_returns_the_model_as_get_answers_after_the_end() -> None:
    gateway = Gateway()
    gateway.on(
        "GET", EVENTS, stream(sse(("snapshot", 0, model_detail()), ("job", 1, job_status(1, "completed"))))
    )
    gateway.on("GET", f"/api/models/{MODEL_ID}", answer(completed_model_detail()))
    api = connect("http://gateway.test", "secret", transport=gateway.transport())
    seen: list[object] = []
    model = wait_for_job(api, MODEL_JOB, MODEL_ID, on_event=seen.append)
    assert model.metrics.best_dice == pytest.approx(0.8)
    assert len(seen) == 2


def test_wait_raises_job_failed_with_the_reason() -> None:
    failed = model_detail(
        status="failed", jobState="failed", reason="out_of_memory", error="CUDA out of memory"
    )
    gateway = Gateway()
    gateway.on("GET", EVENTS, stream(sse(("snapshot", 5, failed))))
    gateway.on("GET", f"/api/models/{MODEL_ID}", answer(failed))
    api = connect("http://gateway.test", "secret", transport=gateway.transport())
    with pytest.raises(JobFailed) as raised:
        wait_for_job(api, MODEL_JOB, MODEL_ID)
    assert raised.value.reason == "out_of_memory" and "CUDA out of memory" in str(raised.value)


def test_wait_raises_job_failed_for_a_cancelled_evaluation() -> None:
    cancelled = evaluation(state="cancelled", reason="cancelled_by_user")
    gateway = Gateway()
    gateway.on(
        "GET",
        f"/api/evaluations/{EVALUATION_ID}/events",
        stream(
            sse(("snapshot", 0, evaluation()), ("job", 1, job_status(1, "cancelled", "cancelled_by_user")))
        ),
    )
    gateway.on("GET", f"/api/evaluations/{EVALUATION_ID}", answer(cancelled))
    api = connect("http://gateway.test", "secret", transport=gateway.transport())
    with pytest.raises(JobFailed) as raised:
        wait_for_job(api, EVALUATION_JOB, EVALUATION_ID)
    assert raised.value.state == "cancelled" and raised.value.kind == "evaluation"


def test_gives_up_waiting_at_the_deadline() -> None:
    gateway = Gateway()
    gateway.on("GET", EVENTS, stream(sse(("snapshot", 0, model_detail()))))
    times = iter([0.0, 5.0, 11.0, 11.0, 11.0, 11.0])
    with pytest.raises(WaitTimeout):
        follow(gateway, deadline=10.0, clock=lambda: next(times))
