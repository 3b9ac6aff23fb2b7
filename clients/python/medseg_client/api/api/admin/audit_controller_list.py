from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.audit_controller_list_action import AuditControllerListAction
from ...models.audit_controller_list_kind import AuditControllerListKind
from ...models.audit_page_dto import AuditPageDto
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    limit: int | Unset = 50,
    before: str | Unset = UNSET,
    actor: str | Unset = UNSET,
    action: AuditControllerListAction | Unset = UNSET,
    kind: AuditControllerListKind | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    params["limit"] = limit

    params["before"] = before

    params["actor"] = actor

    json_action: str | Unset = UNSET
    if not isinstance(action, Unset):
        json_action = action.value

    params["action"] = json_action

    json_kind: str | Unset = UNSET
    if not isinstance(kind, Unset):
        json_kind = kind.value

    params["kind"] = json_kind


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/admin/audit",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> AuditPageDto | None:
    if response.status_code == 200:
        response_200 = AuditPageDto.from_dict(response.json())



        return response_200

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[AuditPageDto]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 50,
    before: str | Unset = UNSET,
    actor: str | Unset = UNSET,
    action: AuditControllerListAction | Unset = UNSET,
    kind: AuditControllerListKind | Unset = UNSET,

) -> Response[AuditPageDto]:
    """ 
    Args:
        limit (int | Unset):  Default: 50.
        before (str | Unset):
        actor (str | Unset):
        action (AuditControllerListAction | Unset):
        kind (AuditControllerListKind | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuditPageDto]
     """


    kwargs = _get_kwargs(
        limit=limit,
before=before,
actor=actor,
action=action,
kind=kind,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 50,
    before: str | Unset = UNSET,
    actor: str | Unset = UNSET,
    action: AuditControllerListAction | Unset = UNSET,
    kind: AuditControllerListKind | Unset = UNSET,

) -> AuditPageDto | None:
    """ 
    Args:
        limit (int | Unset):  Default: 50.
        before (str | Unset):
        actor (str | Unset):
        action (AuditControllerListAction | Unset):
        kind (AuditControllerListKind | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuditPageDto
     """


    return sync_detailed(
        client=client,
limit=limit,
before=before,
actor=actor,
action=action,
kind=kind,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 50,
    before: str | Unset = UNSET,
    actor: str | Unset = UNSET,
    action: AuditControllerListAction | Unset = UNSET,
    kind: AuditControllerListKind | Unset = UNSET,

) -> Response[AuditPageDto]:
    """ 
    Args:
        limit (int | Unset):  Default: 50.
        before (str | Unset):
        actor (str | Unset):
        action (AuditControllerListAction | Unset):
        kind (AuditControllerListKind | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuditPageDto]
     """


    kwargs = _get_kwargs(
        limit=limit,
before=before,
actor=actor,
action=action,
kind=kind,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 50,
    before: str | Unset = UNSET,
    actor: str | Unset = UNSET,
    action: AuditControllerListAction | Unset = UNSET,
    kind: AuditControllerListKind | Unset = UNSET,

) -> AuditPageDto | None:
    """ 
    Args:
        limit (int | Unset):  Default: 50.
        before (str | Unset):
        actor (str | Unset):
        action (AuditControllerListAction | Unset):
        kind (AuditControllerListKind | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuditPageDto
     """


    return (await asyncio_detailed(
        client=client,
limit=limit,
before=before,
actor=actor,
action=action,
kind=kind,

    )).parsed
