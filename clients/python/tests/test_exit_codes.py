"""HTTP errors as exceptions and exit codes, and what `medseg` prints for them."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from dto_bodies import MODEL_ID
from gateway_stub import Gateway, error

from medseg_client.cli.exit_codes import ExitCode, exit_code_for
from medseg_client.cli.main import run
from medseg_client.cli.state import CliState
from medseg_client.credentials import Credentials, save
from medseg_client.errors import (
    AuthError,
    ConnectionFailed,
    JobFailed,
    NotFoundError,
    RefusedError,
    ServerError,
    WaitTimeout,
    error_from_response,
)


@pytest.mark.parametrize(
    ("status", "kind", "code"),
    [
        (401, AuthError, 3),
        (403, AuthError, 3),
        (404, NotFoundError, 4),
        (400, RefusedError, 5),
        (409, RefusedError, 5),
        (413, RefusedError, 5),
        (429, RefusedError, 5),
        (500, ServerError, 6),
        (503, ServerError, 6),
    ],
)
def test_maps_an_error_status_to_its_exception_and_exit_code(status: int, kind: type, code: int) -> None:
    raised = error_from_response(error(status, "what went wrong"))
    assert type(raised) is kind and raised.status == status and raised.message == "what went wrong"
    assert exit_code_for(raised) == code


def test_maps_the_other_failures_to_their_exit_codes() -> None:
    assert exit_code_for(ConnectionFailed("refused")) == ExitCode.SERVER
    assert (
        exit_code_for(JobFailed("model", MODEL_ID, "failed", "out_of_memory", "boom", None))
        == ExitCode.JOB_FAILED
    )
    assert exit_code_for(WaitTimeout("later")) == ExitCode.GAVE_UP_WAITING


def test_joins_a_validation_message_list_and_keeps_the_request_id() -> None:
    raised = error_from_response(
        error(400, ["epochs must be greater than 0", "loss must be one of dice"], "req-42")
    )
    assert raised.message == "epochs must be greater than 0; loss must be one of dice"
    assert raised.request_id == "req-42"


def test_a_body_that_is_not_the_gateways_gives_the_status_line() -> None:
    raised = error_from_response(httpx.Response(502, text="<html>Bad Gateway</html>"))
    assert isinstance(raised, ServerError) and raised.message == "502 Bad Gateway"


def signed_in(
    tmp_path: Path, gateway: Gateway | None = None, transport: httpx.BaseTransport | None = None
) -> CliState:
    env = {"MEDSEG_CONFIG_DIR": str(tmp_path)}
    save(Credentials(url="http://gateway.test", token="secret"), env)
    return CliState(env=env, transport=transport or (gateway or Gateway()).transport())


def test_cli_exits_4_with_the_gateways_message_and_a_hint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gateway = Gateway()
    gateway.on("GET", f"/api/models/{MODEL_ID}", lambda request: error(404, f"Model {MODEL_ID} not found"))
    assert run(["models", "show", MODEL_ID], signed_in(tmp_path, gateway)) == 4
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"Model {MODEL_ID} not found" in captured.err and "medseg models list" in captured.err


def test_cli_exits_3_and_says_to_log_in_without_a_token(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    state = CliState(env={"MEDSEG_CONFIG_DIR": str(tmp_path)}, transport=Gateway().transport())
    assert run(["models", "list"], state) == 3
    assert "run `medseg login`" in capsys.readouterr().err


def test_cli_exits_3_on_a_revoked_token(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gateway = Gateway()
    gateway.on("GET", "/api/models", lambda request: error(401, "Sign in first"))
    assert run(["models", "list"], signed_in(tmp_path, gateway)) == 3
    assert "medseg login" in capsys.readouterr().err


def test_cli_exits_6_when_the_gateway_is_unreachable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno 111] Connection refused", request=request)

    assert run(["models", "list"], signed_in(tmp_path, transport=httpx.MockTransport(refuse))) == 6
    err = capsys.readouterr().err
    assert "http://gateway.test" in err and "running" in err


def test_cli_exits_2_on_a_usage_error(tmp_path: Path) -> None:
    assert run(["models", "compare", MODEL_ID], signed_in(tmp_path)) == 2
    assert run(["train"], signed_in(tmp_path)) == 2
