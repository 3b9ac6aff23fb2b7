"""What every command shares: --json, where credentials come from, and the signed-in Client."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

import click
import httpx

from ..client import Client
from ..credentials import resolve
from ..errors import NotSignedIn
from .output import Output

F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class CliState:
    """The `ctx.obj` of every command.

    Attributes:
        as_json: Print machine-readable JSON only on stdout.
        env: Where MEDSEG_* are read (tests pass a dict).
        transport: Another httpx transport (tests pass an httpx.MockTransport).
    """

    as_json: bool = False
    env: Mapping[str, str] = field(default_factory=lambda: os.environ)
    transport: httpx.BaseTransport | None = None
    _client: Client | None = None

    @property
    def out(self) -> Output:
        return Output(as_json=self.as_json)

    @property
    def url(self) -> str:
        return resolve(self.env).credentials.url

    def client(self) -> Client:
        """The Client of the stored or MEDSEG_* credentials (NotSignedIn without a token)."""
        if self._client is None:
            credentials = resolve(self.env).credentials
            if not credentials.token:
                raise NotSignedIn(
                    f"Not signed in to {credentials.url}: run `medseg login` (or set MEDSEG_TOKEN)"
                )
            self._client = Client(credentials.url, credentials.token, transport=self.transport)
        return self._client


def json_option(command: F) -> F:
    """`--json` on a command as well as before it (`medseg models list --json`)."""

    def turn_on(ctx: click.Context, _: click.Parameter, value: bool) -> None:
        if value:
            ctx.ensure_object(CliState).as_json = True

    return click.option(
        "--json",
        is_flag=True,
        expose_value=False,
        is_eager=True,
        callback=turn_on,
        help="Print JSON only, on stdout.",
    )(command)
