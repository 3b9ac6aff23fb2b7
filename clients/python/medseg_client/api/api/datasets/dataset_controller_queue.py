from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.annotation_queue_dto import AnnotationQueueDto
from ...models.dataset_controller_queue_method import DatasetControllerQueueMethod
from ...types import UNSET, Unset
from typing import cast
from uuid import UUID



def _get_kwargs(
    id: UUID,
    *,
    model_id: str | Unset = UNSET,
    method: DatasetControllerQueueMethod | Unset = DatasetControllerQueueMethod.ENTROPY,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    params["modelId"] = model_id

    json_method: str | Unset = UNSET
    if not isinstance(method, Unset):
        json_method = method.value

    params["method"] = json_method


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/datasets/{id}/annotation-queue".format(id=quote(str(id), safe=""),),
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> AnnotationQueueDto | Any | None:
    if response.status_code == 200:
        response_200 = AnnotationQueueDto.from_dict(response.json())



        return response_200

    if response.status_code == 404:
        response_404 = cast(Any, None)
        return response_404

    if response.status_code == 409:
        response_409 = cast(Any, None)
        return response_409

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[AnnotationQueueDto | Any]:
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
    model_id: str | Unset = UNSET,
    method: DatasetControllerQueueMethod | Unset = DatasetControllerQueueMethod.ENTROPY,

) -> Response[AnnotationQueueDto | Any]:
    """ 
    Args:
        id (UUID):
        model_id (str | Unset):
        method (DatasetControllerQueueMethod | Unset):  Default:
            DatasetControllerQueueMethod.ENTROPY.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AnnotationQueueDto | Any]
     """


    kwargs = _get_kwargs(
        id=id,
model_id=model_id,
method=method,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
    model_id: str | Unset = UNSET,
    method: DatasetControllerQueueMethod | Unset = DatasetControllerQueueMethod.ENTROPY,

) -> AnnotationQueueDto | Any | None:
    """ 
    Args:
        id (UUID):
        model_id (str | Unset):
        method (DatasetControllerQueueMethod | Unset):  Default:
            DatasetControllerQueueMethod.ENTROPY.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AnnotationQueueDto | Any
     """


    return sync_detailed(
        id=id,
client=client,
model_id=model_id,
method=method,

    ).parsed

async def asyncio_detailed(
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
    model_id: str | Unset = UNSET,
    method: DatasetControllerQueueMethod | Unset = DatasetControllerQueueMethod.ENTROPY,

) -> Response[AnnotationQueueDto | Any]:
    """ 
    Args:
        id (UUID):
        model_id (str | Unset):
        method (DatasetControllerQueueMethod | Unset):  Default:
            DatasetControllerQueueMethod.ENTROPY.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AnnotationQueueDto | Any]
     """


    kwargs = _get_kwargs(
        id=id,
model_id=model_id,
method=method,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
    model_id: str | Unset = UNSET,
    method: DatasetControllerQueueMethod | Unset = DatasetControllerQueueMethod.ENTROPY,

) -> AnnotationQueueDto | Any | None:
    """ 
    Args:
        id (UUID):
        model_id (str | Unset):
        method (DatasetControllerQueueMethod | Unset):  Default:
            DatasetControllerQueueMethod.ENTROPY.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AnnotationQueueDto | Any
     """


    return (await asyncio_detailed(
        id=id,
client=client,
model_id=model_id,
method=method,

    )).parsed
