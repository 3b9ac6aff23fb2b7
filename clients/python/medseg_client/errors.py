"""The failures a MedSeg call can end in, each with what a person needs to act on it."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import httpx


class MedSegError(Exception):
    """Every error this package raises.

    Attributes:
        message: What went wrong, in the gateway's words where it answered.
        status: The HTTP status, or None when no answer came (or none was asked for).
        request_id: The gateway's id of the request, to quote when reporting a server error.
    """

    def __init__(self, message: str, *, status: int | None = None, request_id: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.request_id = request_id

    def __str__(self) -> str:
        return f"HTTP {self.status}: {self.message}" if self.status is not None else self.message


class AuthError(MedSegError):
    """401 (no token, a revoked or expired one) or 403 (the role or owner does not allow it)."""


class NotSignedIn(AuthError):
    """No API token is configured: nothing was sent."""


class NotFoundError(MedSegError):
    """404: no such dataset, model, job or result (or the caller may not see it)."""


class RefusedError(MedSegError):
    """Another 4xx: the gateway refused the input (the message names the field or the rule)."""


class ServerError(MedSegError):
    """5xx: the gateway or the ml-service failed."""


class ConnectionFailed(MedSegError):
    """No answer: the gateway is not reachable, or the connection dropped or timed out."""


class JobFailed(MedSegError):
    """A training, evaluation or batch job ended failed or cancelled.

    Attributes:
        kind: "model", "evaluation" or "batch".
        job_id: The model, evaluation or batch id.
        state: The job's last state ("failed" or "cancelled").
        reason: The gateway's reason code ("out_of_memory", "cancelled_by_user", ...), or None.
        resource: The DTO as GET answered it at the end.
    """

    def __init__(
        self, kind: str, job_id: str, state: str, reason: str | None, error: str | None, resource: Any
    ) -> None:
        why = f" ({reason})" if reason else ""
        detail = f": {error}" if error else ""
        super().__init__(f"{kind.capitalize()} {job_id} {state}{why}{detail}")
        self.kind = kind
        self.job_id = job_id
        self.state = state
        self.reason = reason
        self.resource = resource


class DatasetFailed(MedSegError):
    """A dataset's inspection ended in status "error"; `errors` says why, one line each."""

    def __init__(self, dataset_id: str, errors: Sequence[str], resource: Any) -> None:
        listed = "\n".join(f"  - {line}" for line in errors) or "  (the gateway gave no reason)"
        super().__init__(f"Dataset {dataset_id} could not be used:\n{listed}")
        self.dataset_id = dataset_id
        self.errors = list(errors)
        self.resource = resource


class WaitTimeout(MedSegError):
    """Waiting gave up before the job or dataset was done; the work itself goes on."""


class MissingExtra(MedSegError, ImportError):
    """An optional dependency (the `arrays` extra) is not installed."""


_BY_STATUS: dict[int, type[MedSegError]] = {401: AuthError, 403: AuthError, 404: NotFoundError}


def error_for_status(status: int, message: str, request_id: str | None = None) -> MedSegError:
    """The MedSegError subclass that stands for an HTTP error status."""
    if status in _BY_STATUS:
        cls = _BY_STATUS[status]
    elif status >= 500:
        cls = ServerError
    else:
        cls = RefusedError
    return cls(message, status=status, request_id=request_id)


def error_from_response(response: httpx.Response) -> MedSegError:
    """Reads the gateway's error body (`{statusCode, message, error, requestId?}`) of a read response.

    `message` is a list of sentences for a validation failure (one per field): they are joined.
    A body that is not the gateway's (a proxy's HTML page) gives the status line instead.
    """
    message = f"{response.status_code} {response.reason_phrase}".strip()
    request_id = None
    try:
        body = json.loads(response.content)
    except ValueError:
        body = None
    if isinstance(body, dict):
        raw = body.get("message")
        if isinstance(raw, list):
            message = "; ".join(str(part) for part in raw)
        elif raw:
            message = str(raw)
        request_id = body.get("requestId") if isinstance(body.get("requestId"), str) else None
    return error_for_status(response.status_code, message, request_id)
