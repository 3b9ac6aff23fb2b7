"""`medseg login`, `logout` and `whoami` against a stub gateway."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import httpx
import pytest
from gateway_stub import Gateway, error

from medseg_client.cli.main import run
from medseg_client.cli.state import CliState
from medseg_client.credentials import Credentials, read_file, save

ME = {
    "id": "u1",
    "username": "ada",
    "displayName": "Ada L.",
    "role": "researcher",
    "mustSetPassword": False,
    "authMethod": "session",
}
TOKEN = {
    "id": "abcdefghijkl",
    "name": "medseg CLI on lab",
    "userId": "u1",
    "username": "ada",
    "prefix": "msk_ab",
    "createdAt": "2026-11-25T19:00:00.000Z",
    "expiresAt": None,
    "lastUsedAt": None,
}


def test_login_with_a_password_creates_and_stores_a_token(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    gateway = Gateway()
    gateway.on(
        "POST",
        "/api/auth/login",
        lambda request: httpx.Response(
            200, json=ME, headers={"set-cookie": "medseg_session=s3cret; Path=/; HttpOnly; SameSite=Strict"}
        ),
    )
    gateway.on(
        "POST",
        "/api/auth/tokens",
        lambda request: httpx.Response(201, json={"token": TOKEN, "secret": "msk_new"}),
    )
    gateway.on("POST", "/api/auth/logout", lambda request: httpx.Response(204))
    monkeypatch.setattr("click.prompt", lambda text, **kwargs: "pa55word")
    env = {"MEDSEG_CONFIG_DIR": str(tmp_path / "cfg")}

    code = run(
        ["--json", "login", "--url", "http://lab.example:8080/", "--username", "ada"],
        CliState(env=env, transport=gateway.transport()),
    )

    assert code == 0
    login, create, logout = gateway.requests
    assert json.loads(login.content) == {"username": "ada", "password": "pa55word"}
    # The token is made with the session cookie, so it must name our own origin (CSRF check).
    assert create.headers["cookie"] == "medseg_session=s3cret"
    assert create.headers["origin"] == "http://lab.example:8080"
    assert json.loads(create.content)["name"].startswith("medseg CLI on ")
    assert logout.url.path == "/api/auth/logout"
    assert read_file(env) == Credentials("http://lab.example:8080", "msk_new", "abcdefghijkl", "ada")
    assert stat.S_IMODE((tmp_path / "cfg" / "credentials.json").stat().st_mode) == 0o600
    assert json.loads(capsys.readouterr().out)["username"] == "ada"


def test_login_with_a_token_checks_it_first(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gateway = Gateway()
    gateway.on("GET", "/api/auth/me", lambda request: error(401, "This API token is expired"))
    env = {"MEDSEG_CONFIG_DIR": str(tmp_path)}
    code = run(
        ["login", "--url", "http://lab:8080", "--token", "msk_old"],
        CliState(env=env, transport=gateway.transport()),
    )
    assert code == 3
    assert gateway.requests[0].headers["authorization"] == "Bearer msk_old"
    assert read_file(env) is None
    assert "This API token is expired" in capsys.readouterr().err


def test_login_refuses_both_ways_at_once(tmp_path: Path) -> None:
    state = CliState(env={"MEDSEG_CONFIG_DIR": str(tmp_path)}, transport=Gateway().transport())
    assert run(["login", "--url", "http://lab", "--token", "t", "--username", "u"], state) == 2


def test_logout_revokes_the_token_it_created_and_removes_the_file(tmp_path: Path) -> None:
    env = {"MEDSEG_CONFIG_DIR": str(tmp_path)}
    save(Credentials("http://lab:8080", "msk_new", "abcdefghijkl", "ada"), env)
    gateway = Gateway()
    gateway.on("DELETE", "/api/auth/tokens/abcdefghijkl", lambda request: httpx.Response(204))
    assert run(["logout"], CliState(env=env, transport=gateway.transport())) == 0
    assert gateway.requests[0].headers["authorization"] == "Bearer msk_new"
    assert read_file(env) is None


def test_whoami_names_the_user_and_where_the_token_comes_from(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    env = {"MEDSEG_CONFIG_DIR": str(tmp_path), "MEDSEG_URL": "http://lab:8080", "MEDSEG_TOKEN": "msk_env"}
    gateway = Gateway()
    gateway.on("GET", "/api/auth/me", lambda request: httpx.Response(200, json={**ME, "authMethod": "token"}))
    assert run(["whoami"], CliState(env=env, transport=gateway.transport())) == 0
    out = capsys.readouterr().out
    assert "ada (Ada L.), researcher" in out and "MEDSEG_TOKEN" in out and "http://lab:8080" in out
