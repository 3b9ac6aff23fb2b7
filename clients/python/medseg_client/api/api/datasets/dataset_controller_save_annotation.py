from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.annotation_conflict_body_dto import AnnotationConflictBodyDto
from ...models.dataset_controller_save_annotation_body import DatasetControllerSaveAnnotationBody
from ...models.saved_annotation_dto import SavedAnnotationDto
from typing import cast
from uuid import UUID



def _get_kwargs(
    id: UUID,
    index: int,
    *,
    body: DatasetControllerSaveAnnotationBody,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/datasets/{id}/cases/{index}/annotations".format(id=quote(str(id), safe=""),index=quote(str(index), safe=""),),
    }

    _kwargs["files"] = body.to_multipart()

    headers["Content-Type"] = "multipart/form-data; boundary=+++"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> AnnotationConflictBodyDto | Any | SavedAnnotationDto | None:
    if response.status_code == 201:
        response_201 = SavedAnnotationDto.from_dict(response.json())



        return response_201

    if response.status_code == 400:
        response_400 = cast(Any, None)
        return response_400

    if response.status_code == 403:
        response_403 = cast(Any, None)
        return response_403

    if response.status_code == 409:
        response_409 = AnnotationConflictBodyDto.from_dict(response.json())



        return response_409

    if response.status_code == 413:
        response_413 = cast(Any, None)
        return response_413

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[AnnotationConflictBodyDto | Any | SavedAnnotationDto]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: UUID,
    index: int,
    *,
    client: AuthenticatedClient | Client,
    body: DatasetControllerSaveAnnotationBody,

) -> Response[AnnotationConflictBodyDto | Any | SavedAnnotationDto]:
    """ 
    Args:
        id (UUID):
        index (int):
        body (DatasetControllerSaveAnnotationBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AnnotationConflictBodyDto | Any | SavedAnnotationDto]
     """


    kwargs = _get_kwargs(
        id=id,
index=index,
body=body,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    id: UUID,
    index: int,
    *,
    client: AuthenticatedClient | Client,
    body: DatasetControllerSaveAnnotationBody,

) -> AnnotationConflictBodyDto | Any | SavedAnnotationDto | None:
    """ 
    Args:
        id (UUID):
        index (int):
        body (DatasetControllerSaveAnnotationBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AnnotationConflictBodyDto | Any | SavedAnnotationDto
     """


    return sync_detailed(
        id=id,
index=index,
client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    id: UUID,
    index: int,
    *,
    client: AuthenticatedClient | Client,
    body: DatasetControllerSaveAnnotationBody,

) -> Response[AnnotationConflictBodyDto | Any | SavedAnnotationDto]:
    """ 
    Args:
        id (UUID):
        index (int):
        body (DatasetControllerSaveAnnotationBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AnnotationConflictBodyDto | Any | SavedAnnotationDto]
     """


    kwargs = _get_kwargs(
        id=id,
index=index,
body=body,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    id: UUID,
    index: int,
    *,
    client: AuthenticatedClient | Client,
    body: DatasetControllerSaveAnnotationBody,

) -> AnnotationConflictBodyDto | Any | SavedAnnotationDto | None:
    """ 
    Args:
        id (UUID):
        index (int):
        body (DatasetControllerSaveAnnotationBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AnnotationConflictBodyDto | Any | SavedAnnotationDto
     """


    return (await asyncio_detailed(
        id=id,
index=index,
client=client,
body=body,

    )).parsed
