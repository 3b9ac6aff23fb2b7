from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.segment_result_dto import SegmentResultDto
from ...types import UNSET, Unset
from typing import cast
from uuid import UUID



def _get_kwargs(
    id: UUID,
    *,
    persist: bool | Unset = True,
    include: str | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    params["persist"] = persist

    params["include"] = include


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/models/{id}/segment".format(id=quote(str(id), safe=""),),
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> SegmentResultDto | None:
    if response.status_code == 200:
        response_200 = SegmentResultDto.from_dict(response.json())



        return response_200

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[SegmentResultDto]:
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
    persist: bool | Unset = True,
    include: str | Unset = UNSET,

) -> Response[SegmentResultDto]:
    """ 
    Args:
        id (UUID):
        persist (bool | Unset):  Default: True.
        include (str | Unset):  Example: image,probabilities.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[SegmentResultDto]
     """


    kwargs = _get_kwargs(
        id=id,
persist=persist,
include=include,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
    persist: bool | Unset = True,
    include: str | Unset = UNSET,

) -> SegmentResultDto | None:
    """ 
    Args:
        id (UUID):
        persist (bool | Unset):  Default: True.
        include (str | Unset):  Example: image,probabilities.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        SegmentResultDto
     """


    return sync_detailed(
        id=id,
client=client,
persist=persist,
include=include,

    ).parsed

async def asyncio_detailed(
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
    persist: bool | Unset = True,
    include: str | Unset = UNSET,

) -> Response[SegmentResultDto]:
    """ 
    Args:
        id (UUID):
        persist (bool | Unset):  Default: True.
        include (str | Unset):  Example: image,probabilities.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[SegmentResultDto]
     """


    kwargs = _get_kwargs(
        id=id,
persist=persist,
include=include,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
    persist: bool | Unset = True,
    include: str | Unset = UNSET,

) -> SegmentResultDto | None:
    """ 
    Args:
        id (UUID):
        persist (bool | Unset):  Default: True.
        include (str | Unset):  Example: image,probabilities.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        SegmentResultDto
     """


    return (await asyncio_detailed(
        id=id,
client=client,
persist=persist,
include=include,

    )).parsed
