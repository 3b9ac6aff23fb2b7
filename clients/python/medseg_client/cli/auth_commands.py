"""`medseg login`, `logout` and `whoami`."""

from __future__ import annotations

import sys

import click
from rich.console import Console

from ..auth import create_token_with_password, me, revoke_token
from ..connection import connect, normalize_url
from ..credentials import DEFAULT_URL, Credentials, credentials_path, read_file, remove, resolve, save
from ..dto_values import text
from ..errors import AuthError, MedSegError
from .state import CliState, json_option


@click.command()
@click.option("--url", help=f"The gateway's address (default: the stored one, MEDSEG_URL, or {DEFAULT_URL}).")
@click.option("--token", help="An API token to store, made in the web app (Account > API tokens).")
@click.option("--username", "-u", help="Sign in with this user's password (asked for) and create a token.")
@click.option(
    "--token-name", help='The name of the token created with --username (default "medseg CLI on <host>").'
)
@json_option
@click.pass_obj
def login(
    state: CliState, url: str | None, token: str | None, username: str | None, token_name: str | None
) -> None:
    """Store a gateway URL and an API token for the other commands.

    With --username, the password is asked for, a token is created, and the password is not kept.
    With --token, the token is checked (GET /api/auth/me) before it is stored.
    """
    if token and username:
        raise click.UsageError("Give --token or --username, not both")
    resolved = resolve(state.env)
    base = url or resolved.credentials.url
    interactive = sys.stdin.isatty()
    if url is None and resolved.url_source == "default" and interactive:
        base = click.prompt("MedSeg URL", default=DEFAULT_URL)
    try:
        base = normalize_url(base)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--url") from error
    if token is None and username is None:
        if not interactive:
            raise click.UsageError("Give --token TOKEN or --username NAME (there is no terminal to ask on)")
        username = click.prompt("User name")
    token_id = None
    if username:
        password = click.prompt("Password", hide_input=True)
        created, user = create_token_with_password(
            base, username, password, token_name=token_name, transport=state.transport
        )
        token, token_id = created.secret, created.token.id
    else:
        assert token is not None
        with connect(base, token, transport=state.transport) as api:
            try:
                user = me(api)
            except AuthError as error:
                if error.status != 401:
                    raise
                raise AuthError(
                    f"{base} refused this API token ({error.message}): it is mistyped, revoked or expired; "
                    "create one in the web app (Account > API tokens), or sign in with --username",
                    status=401,
                    request_id=error.request_id,
                ) from None
    path = save(Credentials(url=base, token=token, token_id=token_id, username=user.username), state.env)
    out = state.out
    summary = {"url": base, "username": user.username, "role": text(user.role), "credentials": str(path)}
    out.result(
        summary,
        lambda console: console.print(
            f"Signed in to {base} as {user.username} ({text(user.role)}); token stored in {path}",
            markup=False,
        ),
    )
    if state.env.get("MEDSEG_TOKEN"):
        out.warn("MEDSEG_TOKEN is set: it is used instead of the stored token until you unset it")


@click.command()
@click.option(
    "--keep-token", is_flag=True, help="Only forget the token here; do not revoke it on the server."
)
@json_option
@click.pass_obj
def logout(state: CliState, keep_token: bool) -> None:
    """Forget the stored token, and revoke it on the server when `medseg login` created it."""
    stored = read_file(state.env)
    revoked = False
    if stored and stored.token and stored.token_id and not keep_token:
        try:
            with connect(stored.url, stored.token, transport=state.transport) as api:
                revoke_token(api, stored.token_id)
            revoked = True
        except MedSegError as error:
            state.out.warn(
                f"The token could not be revoked ({error}); revoke it in the web app (Account > API tokens)"
            )
    removed = remove(state.env)
    path = credentials_path(state.env)
    message = f"Signed out: removed {path}" if removed else f"Not signed in ({path} does not exist)"
    if revoked:
        message += "; the token is revoked"
    state.out.result(
        {"removed": removed, "revoked": revoked, "credentials": str(path)},
        lambda c: c.print(message, markup=False),
    )
    if state.env.get("MEDSEG_TOKEN"):
        state.out.warn("MEDSEG_TOKEN is still set in this shell")


@click.command()
@json_option
@click.pass_obj
def whoami(state: CliState) -> None:
    """Show the signed-in user, the gateway and where the token comes from."""
    resolved = resolve(state.env)
    user = state.client().me()

    def human(console: Console) -> None:
        console.print(f"{user.username} ({user.display_name}), {text(user.role)}", markup=False)
        console.print(f"gateway: {resolved.credentials.url} (from {resolved.url_source})", markup=False)
        console.print(f"token:   from {resolved.token_source}", markup=False)

    state.out.result(
        {**user.to_dict(), "url": resolved.credentials.url, "tokenSource": resolved.token_source}, human
    )
