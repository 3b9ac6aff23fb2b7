from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.dataset_controller_list_order import DatasetControllerListOrder
from ...models.dataset_controller_list_owner import DatasetControllerListOwner
from ...models.dataset_controller_list_sort import DatasetControllerListSort
from ...models.dataset_controller_list_status import DatasetControllerListStatus
from ...models.dataset_page_dto import DatasetPageDto
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    page: int | Unset = 1,
    page_size: int | Unset = 20,
    sort: DatasetControllerListSort | Unset = DatasetControllerListSort.UPLOADEDAT,
    order: DatasetControllerListOrder | Unset = DatasetControllerListOrder.DESC,
    search: str | Unset = UNSET,
    status: DatasetControllerListStatus | Unset = UNSET,
    owner: DatasetControllerListOwner | Unset = UNSET,

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
        "url": "/api/datasets",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> DatasetPageDto | None:
    if response.status_code == 200:
        response_200 = DatasetPageDto.from_dict(response.json())



        return response_200

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[DatasetPageDto]:
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
    sort: DatasetControllerListSort | Unset = DatasetControllerListSort.UPLOADEDAT,
    order: DatasetControllerListOrder | Unset = DatasetControllerListOrder.DESC,
    search: str | Unset = UNSET,
    status: DatasetControllerListStatus | Unset = UNSET,
    owner: DatasetControllerListOwner | Unset = UNSET,

) -> Response[DatasetPageDto]:
    """ 
    Args:
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 20.
        sort (DatasetControllerListSort | Unset):  Default: DatasetControllerListSort.UPLOADEDAT.
        order (DatasetControllerListOrder | Unset):  Default: DatasetControllerListOrder.DESC.
        search (str | Unset):
        status (DatasetControllerListStatus | Unset):
        owner (DatasetControllerListOwner | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DatasetPageDto]
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
    sort: DatasetControllerListSort | Unset = DatasetControllerListSort.UPLOADEDAT,
    order: DatasetControllerListOrder | Unset = DatasetControllerListOrder.DESC,
    search: str | Unset = UNSET,
    status: DatasetControllerListStatus | Unset = UNSET,
    owner: DatasetControllerListOwner | Unset = UNSET,

) -> DatasetPageDto | None:
    """ 
    Args:
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 20.
        sort (DatasetControllerListSort | Unset):  Default: DatasetControllerListSort.UPLOADEDAT.
        order (DatasetControllerListOrder | Unset):  Default: DatasetControllerListOrder.DESC.
        search (str | Unset):
        status (DatasetControllerListStatus | Unset):
        owner (DatasetControllerListOwner | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DatasetPageDto
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
    sort: DatasetControllerListSort | Unset = DatasetControllerListSort.UPLOADEDAT,
    order: DatasetControllerListOrder | Unset = DatasetControllerListOrder.DESC,
    search: str | Unset = UNSET,
    status: DatasetControllerListStatus | Unset = UNSET,
    owner: DatasetControllerListOwner | Unset = UNSET,

) -> Response[DatasetPageDto]:
    """ 
    Args:
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 20.
        sort (DatasetControllerListSort | Unset):  Default: DatasetControllerListSort.UPLOADEDAT.
        order (DatasetControllerListOrder | Unset):  Default: DatasetControllerListOrder.DESC.
        search (str | Unset):
        status (DatasetControllerListStatus | Unset):
        owner (DatasetControllerListOwner | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DatasetPageDto]
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
    sort: DatasetControllerListSort | Unset = DatasetControllerListSort.UPLOADEDAT,
    order: DatasetControllerListOrder | Unset = DatasetControllerListOrder.DESC,
    search: str | Unset = UNSET,
    status: DatasetControllerListStatus | Unset = UNSET,
    owner: DatasetControllerListOwner | Unset = UNSET,

) -> DatasetPageDto | None:
    """ 
    Args:
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 20.
        sort (DatasetControllerListSort | Unset):  Default: DatasetControllerListSort.UPLOADEDAT.
        order (DatasetControllerListOrder | Unset):  Default: DatasetControllerListOrder.DESC.
        search (str | Unset):
        status (DatasetControllerListStatus | Unset):
        owner (DatasetControllerListOwner | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DatasetPageDto
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
