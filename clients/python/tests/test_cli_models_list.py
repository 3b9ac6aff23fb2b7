"""`medseg models list`: JSON only on stdout with --json (before or after the command), all pages."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from dto_bodies import model
from gateway_stub import Gateway

from medseg_client.cli.main import run
from medseg_client.cli.state import CliState
from medseg_client.credentials import Credentials, save


def page_of(items: list[dict[str, object]], total: int):
    def handle(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200,
            json={"items": items, "total": total, "page": int(request.url.params["page"]), "pageSize": 200},
        )

    return handle


@pytest.fixture
def state(tmp_path: Path) -> tuple[CliState, Gateway]:
    gateway = Gateway()
    first = [model(id=f"00000000-0000-4000-8000-{n:012d}", name=f"model {n}") for n in range(200)]
    second = [
        model(
            id="00000000-0000-4000-8000-999999999999",
            name="the last",
            status="completed",
            jobState="completed",
            bestDice=0.91,
        )
    ]
    gateway.on("GET", "/api/models", page_of(first, 201), page_of(second, 201))
    env = {"MEDSEG_CONFIG_DIR": str(tmp_path)}
    save(Credentials(url="http://gateway.test", token="secret-token"), env)
    return CliState(env=env, transport=gateway.transport()), gateway


@pytest.mark.parametrize("argv", [["--json", "models", "list"], ["models", "list", "--json"]])
def test_prints_every_model_as_json_only(
    argv: list[str], state: tuple[CliState, Gateway], capsys: pytest.CaptureFixture[str]
) -> None:
    cli_state, gateway = state
    assert run(argv, cli_state) == 0
    captured = capsys.readouterr()
    listed = json.loads(captured.out)
    assert len(listed) == 201
    assert listed[-1]["name"] == "the last" and listed[-1]["bestDice"] == 0.91
    assert listed[0]["reason"] is None and listed[0]["owner"]["username"] == "ada"
    assert captured.err == ""
    assert [r.url.params["page"] for r in gateway.requests] == ["1", "2"]
    assert all(r.headers["authorization"] == "Bearer secret-token" for r in gateway.requests)


def test_filters_go_to_the_query(state: tuple[CliState, Gateway], capsys: pytest.CaptureFixture[str]) -> None:
    cli_state, gateway = state
    run(["--json", "models", "list", "--status", "completed", "--mine", "--search", "brain"], cli_state)
    params = gateway.requests[0].url.params
    assert (params["status"], params["owner"], params["search"]) == ("completed", "me", "brain")


def test_prints_a_table_for_a_person(
    state: tuple[CliState, Gateway], capsys: pytest.CaptureFixture[str]
) -> None:
    cli_state, _ = state
    assert run(["models", "list"], cli_state) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:3] == ["id", "name", "v"]
    assert "the last" in lines[-1] and "0.910" in lines[-1]
