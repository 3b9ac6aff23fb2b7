"""Where the CLI keeps the gateway URL and API token, and how the environment overrides them.

The file is `$MEDSEG_CONFIG_DIR/credentials.json`, else `$XDG_CONFIG_HOME/medseg/credentials.json`,
else `~/.config/medseg/credentials.json`, readable by its owner only (0600, in a 0700 folder).
MEDSEG_URL and MEDSEG_TOKEN, when set, win over what the file says, each on its own.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

from .errors import NotSignedIn

DEFAULT_URL = "http://localhost:8080"
FILE_NAME = "credentials.json"


@dataclass(frozen=True)
class Credentials:
    """A gateway and a token for it.

    Attributes:
        url: The gateway's address.
        token: The API token's secret; None when signed out.
        token_id: The token's id when `medseg login` created it (so `logout` can revoke it).
        username: Who the token belongs to, as the gateway said at login.
    """

    url: str
    token: str | None = None
    token_id: str | None = None
    username: str | None = None


@dataclass(frozen=True)
class ResolvedCredentials:
    """Credentials after the environment is applied, with where each value came from."""

    credentials: Credentials
    url_source: str
    token_source: str | None


def config_dir(env: Mapping[str, str] = os.environ) -> Path:
    if env.get("MEDSEG_CONFIG_DIR"):
        return Path(env["MEDSEG_CONFIG_DIR"]).expanduser()
    xdg = env.get("XDG_CONFIG_HOME", "")
    # The XDG spec: a relative value is invalid and must be ignored.
    base = Path(xdg) if os.path.isabs(xdg) else Path.home() / ".config"
    return base / "medseg"


def credentials_path(env: Mapping[str, str] = os.environ) -> Path:
    return config_dir(env) / FILE_NAME


def read_file(env: Mapping[str, str] = os.environ) -> Credentials | None:
    """The stored credentials, or None when there is no file (a broken one is NotSignedIn)."""
    path = credentials_path(env)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except ValueError as error:
        raise NotSignedIn(f"{path} is not valid JSON ({error}): run `medseg login` again") from error
    if not isinstance(raw, dict) or not isinstance(raw.get("url"), str):
        raise NotSignedIn(f"{path} has no url: run `medseg login` again")
    return Credentials(
        url=raw["url"],
        token=raw.get("token") or None,
        token_id=raw.get("token_id") or None,
        username=raw.get("username") or None,
    )


def resolve(env: Mapping[str, str] = os.environ) -> ResolvedCredentials:
    """The credentials to use: the file's, with MEDSEG_URL and MEDSEG_TOKEN over them."""
    stored = read_file(env)
    path = str(credentials_path(env))
    url, url_source = (stored.url, path) if stored else (DEFAULT_URL, "default")
    token, token_source = (stored.token, path) if stored and stored.token else (None, None)
    if env.get("MEDSEG_URL"):
        url, url_source = env["MEDSEG_URL"], "MEDSEG_URL"
    if env.get("MEDSEG_TOKEN"):
        token, token_source = env["MEDSEG_TOKEN"], "MEDSEG_TOKEN"
    from_file_token = token_source == path
    credentials = Credentials(
        url=url,
        token=token,
        # The id and user name describe the stored token only, not one from the environment.
        token_id=stored.token_id if stored and from_file_token else None,
        username=stored.username if stored and from_file_token else None,
    )
    return ResolvedCredentials(credentials, url_source, token_source)


def save(credentials: Credentials, env: Mapping[str, str] = os.environ) -> Path:
    """Writes the file atomically, 0600 from its first byte (the token never sits in a wider file)."""
    folder = config_dir(env)
    if not folder.exists():
        folder.mkdir(mode=0o700, parents=True)
        folder.chmod(0o700)
    path = folder / FILE_NAME
    fd, temp = tempfile.mkstemp(dir=folder, prefix=".credentials.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            json.dump({k: v for k, v in asdict(credentials).items() if v is not None}, file, indent=2)
            file.write("\n")
            file.flush()
            os.fsync(file.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return path


def remove(env: Mapping[str, str] = os.environ) -> bool:
    """Deletes the file; False when there was none."""
    try:
        credentials_path(env).unlink()
    except FileNotFoundError:
        return False
    return True
