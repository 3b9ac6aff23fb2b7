from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.model_controller_list_order import ModelControllerListOrder
from ...models.model_controller_list_owner import ModelControllerListOwner
from ...models.model_controller_list_sort import ModelControllerListSort
from ...models.model_controller_list_status import ModelControllerListStatus
from ...models.model_page_dto import ModelPageDto
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    page: int | Unset = 1,
    page_size: int | Unset = 20,
    sort: ModelControllerListSort | Unset = ModelControllerListSort.CREATEDAT,
    order: ModelControllerListOrder | Unset = ModelControllerListOrder.DESC,
    search: str | Unset = UNSET,
    status: ModelControllerListStatus | Unset = UNSET,
    owner: ModelControllerListOwner | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    params["page"] = page

    params["pageSize"] = page_size

    json_sort: str | Unset = UNSET
    if not isinstance(sort, Unset):
        json_sort = sort.value

    params["sort"] = json_sort

    json_order: str | Unset = UNSET
    if not isinstance(order, Unset):
        json_order = order.value

    params["order"] = json_order

    params["search"] = search

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status.value

    params["status"] = json_status

    json_owner: str | Unset = UNSET
    if not isinstance(owner, Unset):
        json_owner = owner.value

    params["owner"] = json_owner


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/models",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ModelPageDto | None:
    if response.status_code == 200:
        response_200 = ModelPageDto.from_dict(response.json())



        return response_200

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ModelPageDto]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    page: int | Unset = 1,
    page_size: int | Unset = 20,
    sort: ModelControllerListSort | Unset = ModelControllerListSort.CREATEDAT,
    order: ModelControllerListOrder | Unset = ModelControllerListOrder.DESC,
    search: str | Unset = UNSET,
    status: ModelControllerListStatus | Unset = UNSET,
    owner: ModelControllerListOwner | Unset = UNSET,

) -> Response[ModelPageDto]:
    """ 
    Args:
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 20.
        sort (ModelControllerListSort | Unset):  Default: ModelControllerListSort.CREATEDAT.
        order (ModelControllerListOrder | Unset):  Default: ModelControllerListOrder.DESC.
        search (str | Unset):
        status (ModelControllerListStatus | Unset):
        owner (ModelControllerListOwner | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ModelPageDto]
     """


    kwargs = _get_kwargs(
        page=page,
page_size=page_size,
sort=sort,
order=order,
search=search,
status=status,
owner=owner,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient | Client,
    page: int | Unset = 1,
    page_size: int | Unset = 20,
    sort: ModelControllerListSort | Unset = ModelControllerListSort.CREATEDAT,
    order: ModelControllerListOrder | Unset = ModelControllerListOrder.DESC,
    search: str | Unset = UNSET,
    status: ModelControllerListStatus | Unset = UNSET,
    owner: ModelControllerListOwner | Unset = UNSET,

) -> ModelPageDto | None:
    """ 
    Args:
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 20.
        sort (ModelControllerListSort | Unset):  Default: ModelControllerListSort.CREATEDAT.
        order (ModelControllerListOrder | Unset):  Default: ModelControllerListOrder.DESC.
        search (str | Unset):
        status (ModelControllerListStatus | Unset):
        owner (ModelControllerListOwner | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ModelPageDto
     """


    return sync_detailed(
        client=client,
page=page,
page_size=page_size,
sort=sort,
order=order,
search=search,
status=status,
owner=owner,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    page: int | Unset = 1,
    page_size: int | Unset = 20,
    sort: ModelControllerListSort | Unset = ModelControllerListSort.CREATEDAT,
    order: ModelControllerListOrder | Unset = ModelControllerListOrder.DESC,
    search: str | Unset = UNSET,
    status: ModelControllerListStatus | Unset = UNSET,
    owner: ModelControllerListOwner | Unset = UNSET,

) -> Response[ModelPageDto]:
    """ 
    Args:
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 20.
        sort (ModelControllerListSort | Unset):  Default: ModelControllerListSort.CREATEDAT.
        order (ModelControllerListOrder | Unset):  Default: ModelControllerListOrder.DESC.
        search (str | Unset):
        status (ModelControllerListStatus | Unset):
        owner (ModelControllerListOwner | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ModelPageDto]
     """


    kwargs = _get_kwargs(
        page=page,
page_size=page_size,
sort=sort,
order=order,
search=search,
status=status,
owner=owner,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    page: int | Unset = 1,
    page_size: int | Unset = 20,
    sort: ModelControllerListSort | Unset = ModelControllerListSort.CREATEDAT,
    order: ModelControllerListOrder | Unset = ModelControllerListOrder.DESC,
    search: str | Unset = UNSET,
    status: ModelControllerListStatus | Unset = UNSET,
    owner: ModelControllerListOwner | Unset = UNSET,

) -> ModelPageDto | None:
    """ 
    Args:
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 20.
        sort (ModelControllerListSort | Unset):  Default: ModelControllerListSort.CREATEDAT.
        order (ModelControllerListOrder | Unset):  Default: ModelControllerListOrder.DESC.
        search (str | Unset):
        status (ModelControllerListStatus | Unset):
        owner (ModelControllerListOwner | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ModelPageDto
     """


    return (await asyncio_detailed(
        client=client,
page=page,
page_size=page_size,
sort=sort,
order=order,
search=search,
status=status,
owner=owner,

    )).parsed
