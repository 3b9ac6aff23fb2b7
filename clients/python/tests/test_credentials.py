"""The credentials file: where it lives, 0600 from the start, and MEDSEG_URL / MEDSEG_TOKEN over it."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from medseg_client.credentials import Credentials, config_dir, read_file, remove, resolve, save
from medseg_client.errors import NotSignedIn


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_writes_the_file_0600_in_a_new_0700_folder(tmp_path: Path) -> None:
    env = {"MEDSEG_CONFIG_DIR": str(tmp_path / "deep" / "medseg")}
    path = save(
        Credentials(url="http://lab:8080", token="msk_secret", token_id="abcdefghijkl", username="ada"), env
    )
    assert path == tmp_path / "deep" / "medseg" / "credentials.json"
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700
    assert read_file(env) == Credentials("http://lab:8080", "msk_secret", "abcdefghijkl", "ada")
    assert [p.name for p in path.parent.iterdir()] == ["credentials.json"]  # no temp file left


def test_rewrites_an_existing_file_and_keeps_it_0600(tmp_path: Path) -> None:
    env = {"MEDSEG_CONFIG_DIR": str(tmp_path)}
    path = save(Credentials(url="http://a", token="one"), env)
    path.chmod(0o644)
    save(Credentials(url="http://b", token="two"), env)
    assert mode(path) == 0o600 and read_file(env) == Credentials("http://b", "two")


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"MEDSEG_CONFIG_DIR": "/opt/medseg", "XDG_CONFIG_HOME": "/xdg"}, Path("/opt/medseg")),
        ({"XDG_CONFIG_HOME": "/xdg"}, Path("/xdg/medseg")),
        ({"XDG_CONFIG_HOME": "relative/is/ignored"}, Path.home() / ".config" / "medseg"),
        ({}, Path.home() / ".config" / "medseg"),
    ],
)
def test_finds_the_folder_from_the_environment(env: dict[str, str], expected: Path) -> None:
    assert config_dir(env) == expected


def test_the_environment_overrides_the_file_value_by_value(tmp_path: Path) -> None:
    env = {"MEDSEG_CONFIG_DIR": str(tmp_path)}
    save(
        Credentials(url="http://stored:8080", token="stored-token", token_id="abcdefghijkl", username="ada"),
        env,
    )

    url_only = resolve({**env, "MEDSEG_URL": "http://other:9000"})
    assert url_only.credentials.url == "http://other:9000" and url_only.url_source == "MEDSEG_URL"
    assert url_only.credentials.token == "stored-token" and url_only.credentials.token_id == "abcdefghijkl"

    token_only = resolve({**env, "MEDSEG_TOKEN": "env-token"})
    assert token_only.credentials.url == "http://stored:8080"
    assert token_only.credentials.token == "env-token" and token_only.token_source == "MEDSEG_TOKEN"
    # The stored token's id and user do not describe a token from the environment.
    assert token_only.credentials.token_id is None and token_only.credentials.username is None


def test_without_a_file_the_url_is_the_default_and_there_is_no_token(tmp_path: Path) -> None:
    resolved = resolve({"MEDSEG_CONFIG_DIR": str(tmp_path)})
    assert resolved.credentials == Credentials("http://localhost:8080")
    assert resolved.url_source == "default" and resolved.token_source is None


def test_a_broken_file_says_to_sign_in_again(tmp_path: Path) -> None:
    (tmp_path / "credentials.json").write_text("{not json")
    with pytest.raises(NotSignedIn, match="medseg login"):
        read_file({"MEDSEG_CONFIG_DIR": str(tmp_path)})


def test_remove_deletes_the_file_once(tmp_path: Path) -> None:
    env = {"MEDSEG_CONFIG_DIR": str(tmp_path)}
    save(Credentials(url="http://a", token="t"), env)
    assert remove(env) is True
    assert remove(env) is False
    assert read_file(env) is None


def test_the_client_never_sends_the_stored_token_to_another_gateway(tmp_path: Path) -> None:
    from medseg_client import Client

    env = {"MEDSEG_CONFIG_DIR": str(tmp_path)}
    save(Credentials(url="http://lab:8080", token="stored-token"), env)
    assert Client(env=env).api.token == "stored-token"
    assert Client("http://lab:8080/", env=env).api.token == "stored-token"
    with pytest.raises(NotSignedIn):
        Client("http://elsewhere:8080", env=env)
    assert Client("http://elsewhere:8080", env={**env, "MEDSEG_TOKEN": "env-token"}).api.token == "env-token"
