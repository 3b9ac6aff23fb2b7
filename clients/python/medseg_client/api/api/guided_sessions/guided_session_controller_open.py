from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.open_session_dto import OpenSessionDto
from ...models.session_dto import SessionDto
from typing import cast
from uuid import UUID



def _get_kwargs(
    id: UUID,
    *,
    body:    OpenSessionDto  |     OpenSessionDto  | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/models/{id}/sessions".format(id=quote(str(id), safe=""),),
    }

    if isinstance(body, OpenSessionDto):
        _kwargs["json"] = body.to_dict()

        headers["Content-Type"] = "application/json"
    if isinstance(body, OpenSessionDto):
        _kwargs["files"] = body.to_multipart()

        headers["Content-Type"] = "multipart/form-data; boundary=+++"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | SessionDto | None:
    if response.status_code == 201:
        response_201 = SessionDto.from_dict(response.json())



        return response_201

    if response.status_code == 429:
        response_429 = cast(Any, None)
        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Any | SessionDto]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body:    OpenSessionDto  |     OpenSessionDto  | Unset = UNSET,

) -> Response[Any | SessionDto]:
    """ 
    Args:
        id (UUID):
        body (OpenSessionDto):
        body (OpenSessionDto):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | SessionDto]
     """


    kwargs = _get_kwargs(
        id=id,
body=body,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body:    OpenSessionDto  |     OpenSessionDto  | Unset = UNSET,

) -> Any | SessionDto | None:
    """ 
    Args:
        id (UUID):
        body (OpenSessionDto):
        body (OpenSessionDto):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | SessionDto
     """


    return sync_detailed(
        id=id,
client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body:    OpenSessionDto  |     OpenSessionDto  | Unset = UNSET,

) -> Response[Any | SessionDto]:
    """ 
    Args:
        id (UUID):
        body (OpenSessionDto):
        body (OpenSessionDto):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | SessionDto]
     """


    kwargs = _get_kwargs(
        id=id,
body=body,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body:    OpenSessionDto  |     OpenSessionDto  | Unset = UNSET,

) -> Any | SessionDto | None:
    """ 
    Args:
        id (UUID):
        body (OpenSessionDto):
        body (OpenSessionDto):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | SessionDto
     """


    return (await asyncio_detailed(
        id=id,
client=client,
body=body,

    )).parsed
