"""Datasets: upload a ZIP or import one by URL, list them, and wait until one is inspected."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from .api.api.datasets import dataset_controller_get, dataset_controller_list
from .api.client import AuthenticatedClient
from .api.models.dataset_controller_list_owner import DatasetControllerListOwner
from .api.models.dataset_controller_list_status import DatasetControllerListStatus
from .api.models.dataset_detail_dto import DatasetDetailDto
from .api.models.dataset_dto import DatasetDto
from .api.models.import_dataset_dto import ImportDatasetDto
from .api.types import UNSET
from .connection import LONG_TIMEOUT, parsed
from .dto_values import text
from .errors import DatasetFailed, WaitTimeout
from .paging import PAGE_SIZE, all_pages
from .upload import ProgressCallback, post_file


def upload_dataset(
    api: AuthenticatedClient, path: Path, name: str | None = None, *, progress: ProgressCallback | None = None
) -> DatasetDto:
    """POST /api/datasets: the ZIP streamed from disk; inspection then runs on the gateway.

    Args:
        name: The dataset's name; the gateway uses the file name without one.
        progress: Called with (bytes sent, file size) as the file goes out.
    """
    fields = {"name": name} if name else {}
    response = post_file(
        api.get_httpx_client(),
        "/api/datasets",
        "archive",
        path,
        fields=fields,
        content_type="application/zip",
        progress=progress,
    )
    return DatasetDto.from_dict(response.json())


def import_dataset(api: AuthenticatedClient, url: str, name: str | None = None) -> DatasetDto:
    """POST /api/datasets/import: the gateway downloads the ZIP at `url` itself."""
    body = ImportDatasetDto(url=url, name=name if name else UNSET)
    # By hand for the timeout only: the download may take minutes, and the generated client's
    # with_timeout() would change it for every later call too.
    response = api.get_httpx_client().post("/api/datasets/import", json=body.to_dict(), timeout=LONG_TIMEOUT)
    return DatasetDto.from_dict(response.json())


def get_dataset(api: AuthenticatedClient, dataset_id: str) -> DatasetDetailDto:
    return parsed(dataset_controller_get.sync_detailed(dataset_id, client=api))  # type: ignore[arg-type]


def list_datasets(
    api: AuthenticatedClient,
    *,
    search: str | None = None,
    status: str | None = None,
    owner: str | None = None,
) -> list[DatasetDto]:
    """Every dataset the caller may see (all pages), newest first."""
    return all_pages(
        lambda page: parsed(
            dataset_controller_list.sync_detailed(
                client=api,
                page=page,
                page_size=PAGE_SIZE,
                search=search if search else UNSET,
                status=DatasetControllerListStatus(status) if status else UNSET,
                owner=DatasetControllerListOwner(owner) if owner else UNSET,
            )
        )
    )


def wait_for_dataset(
    api: AuthenticatedClient,
    dataset_id: str,
    *,
    timeout: float | None = 1800.0,
    poll_s: float = 2.0,
    on_update: Callable[[DatasetDetailDto], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> DatasetDetailDto:
    """Polls GET /api/datasets/{id} until its inspection ends.

    Returns:
        The dataset, status "ready".

    Raises:
        DatasetFailed: Its status became "error" (`errors` says why).
        WaitTimeout: Still "uploaded" (being inspected) after `timeout` seconds.
    """
    deadline = None if timeout is None else clock() + timeout
    while True:
        dataset = get_dataset(api, dataset_id)
        if on_update is not None:
            on_update(dataset)
        status = text(dataset.status)
        if status == "ready":
            return dataset
        if status == "error":
            raise DatasetFailed(dataset_id, dataset.errors, dataset)
        if deadline is not None and clock() >= deadline:
            raise WaitTimeout(
                f"Dataset {dataset_id} is still being inspected after {timeout:.0f} s; the inspection goes on"
            )
        sleep(poll_s)
