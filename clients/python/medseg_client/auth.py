"""Signing in: who a token belongs to, and turning a user name and password into an API token."""

from __future__ import annotations

import socket

import httpx

from .api.api.auth import (
    auth_controller_logout,
    auth_controller_me,
    auth_controller_sign_in,
    token_controller_create,
    token_controller_revoke,
)
from .api.client import AuthenticatedClient
from .api.models.create_token_dto import CreateTokenDto
from .api.models.created_token_dto import CreatedTokenDto
from .api.models.login_dto import LoginDto
from .api.models.me_dto import MeDto
from .connection import connect_anonymous, normalize_url, parsed
from .errors import AuthError, MedSegError


def default_token_name() -> str:
    return f"medseg CLI on {socket.gethostname()}"[:80]


def me(api: AuthenticatedClient) -> MeDto:
    """GET /api/auth/me: the token's user (a revoked or expired token is an AuthError)."""
    return parsed(auth_controller_me.sync_detailed(client=api))


def create_token_with_password(
    url: str,
    username: str,
    password: str,
    *,
    token_name: str | None = None,
    transport: httpx.BaseTransport | None = None,
) -> tuple[CreatedTokenDto, MeDto]:
    """Signs in with a password, creates an API token, and signs the session out again.

    The session cookie only lives in this call; what is kept is the token, which the user can see
    and revoke in the web app (Account -> API tokens) or with `medseg logout`.

    Returns:
        The created token (its `secret` is shown this once) and the user it belongs to.
    """
    base = normalize_url(url)
    parsed_url = httpx.URL(base)
    # The session is a cookie, and the gateway refuses a cookie-signed change without an Origin of
    # its own host (CSRF); a browser sends one, a script names it itself.
    origin = f"{parsed_url.scheme}://{parsed_url.netloc.decode()}"
    with connect_anonymous(base, headers={"Origin": origin}, transport=transport) as client:
        user = parsed(auth_controller_sign_in.sync_detailed(client=client, body=LoginDto(username, password)))
        if user.must_set_password:
            raise AuthError(
                f"{user.username} must set a password first: sign in to the web app at {base} once",
                status=403,
            )
        try:
            body = CreateTokenDto(name=token_name or default_token_name())
            created = parsed(token_controller_create.sync_detailed(client=client, body=body))
        finally:
            try:
                auth_controller_logout.sync_detailed(client=client)
            except MedSegError:
                pass  # the session expires on its own; the token is what matters
    return created, user


def revoke_token(api: AuthenticatedClient, token_id: str) -> None:
    """DELETE /api/auth/tokens/{id}: the token stops working at once."""
    token_controller_revoke.sync_detailed(token_id, client=api)
