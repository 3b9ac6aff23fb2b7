"""What a failure means to a shell: the `medseg` exit code and what the person should do next."""

from __future__ import annotations

from enum import IntEnum

from ..errors import (
    AuthError,
    ConnectionFailed,
    DatasetFailed,
    JobFailed,
    MedSegError,
    NotFoundError,
    NotSignedIn,
    RefusedError,
    ServerError,
    WaitTimeout,
)


class ExitCode(IntEnum):
    OK = 0
    JOB_FAILED = 1
    USAGE = 2
    NOT_SIGNED_IN = 3
    NOT_FOUND = 4
    REFUSED = 5
    SERVER = 6
    GAVE_UP_WAITING = 7


_MEANING = {
    ExitCode.OK: "done",
    ExitCode.JOB_FAILED: "the job failed or was cancelled, or the dataset cannot be used",
    ExitCode.USAGE: "usage error (a wrong option or argument)",
    ExitCode.NOT_SIGNED_IN: "not signed in, or the token was refused (HTTP 401/403)",
    ExitCode.NOT_FOUND: "not found (HTTP 404)",
    ExitCode.REFUSED: "the server refused the input (another HTTP 4xx)",
    ExitCode.SERVER: "server error (HTTP 5xx) or no connection",
    ExitCode.GAVE_UP_WAITING: "gave up waiting (--timeout); the job goes on",
}

# `\b` keeps click from re-wrapping the lines.
EPILOG = "\b\nExit codes:\n" + "\n".join(f"  {int(code)}  {meaning}" for code, meaning in _MEANING.items())


def exit_code_for(error: BaseException) -> ExitCode:
    """The exit code of an error a command ended with."""
    if isinstance(error, (JobFailed, DatasetFailed)):
        return ExitCode.JOB_FAILED
    if isinstance(error, WaitTimeout):
        return ExitCode.GAVE_UP_WAITING
    if isinstance(error, AuthError):
        return ExitCode.NOT_SIGNED_IN
    if isinstance(error, NotFoundError):
        return ExitCode.NOT_FOUND
    if isinstance(error, RefusedError):
        return ExitCode.REFUSED
    if isinstance(error, (ServerError, ConnectionFailed)):
        return ExitCode.SERVER
    if isinstance(error, MedSegError) and error.status is not None and 400 <= error.status < 500:
        return ExitCode.REFUSED
    return ExitCode.SERVER


def hint_for(error: MedSegError, url: str | None = None) -> str | None:
    """The next step to suggest under the error's message, where there is an obvious one."""
    if isinstance(error, NotSignedIn):
        return None  # its message says it already
    if isinstance(error, AuthError):
        if error.status == 401:
            return "Sign in again: run `medseg login`"
        return "Check who you are signed in as: `medseg whoami`"
    if isinstance(error, NotFoundError):
        return "Check the id: `medseg models list` or `medseg datasets list`"
    if isinstance(error, ConnectionFailed):
        where = f" at {url}" if url else ""
        return f"Is the gateway{where} running? Another address: `medseg login --url URL` or MEDSEG_URL"
    if isinstance(error, ServerError) and error.request_id:
        return f"If it happens again, report it with request id {error.request_id}"
    if isinstance(error, WaitTimeout):
        return "Look again later: `medseg models show ID` or `medseg datasets show ID`"
    return None
