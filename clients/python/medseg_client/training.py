"""Training: start a model on a dataset with only the hyper-parameters the caller chose; list models.

The gateway fills in every hyper-parameter left out from the ml-service's "Auto" defaults and
checks the ranges (GET /api/models/defaults): nothing here repeats those rules.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import attrs

from .api.api.models import model_controller_create, model_controller_get, model_controller_list
from .api.client import AuthenticatedClient
from .api.models.create_model_dto import CreateModelDto
from .api.models.hyperparameters_input_dto import HyperparametersInputDto
from .api.models.model_controller_list_owner import ModelControllerListOwner
from .api.models.model_controller_list_status import ModelControllerListStatus
from .api.models.model_detail_dto import ModelDetailDto
from .api.models.model_dto import ModelDto
from .api.types import UNSET
from .connection import parsed
from .datasets import get_dataset
from .paging import PAGE_SIZE, all_pages


def _camel(name: str) -> str:
    return re.sub(r"_([a-z0-9])", lambda match: match.group(1).upper(), name)


# The JSON names of CreateModelDto.hyperparameters, from the generated class (the contract).
HYPERPARAMETER_NAMES: tuple[str, ...] = tuple(
    _camel(field.name)
    for field in attrs.fields(HyperparametersInputDto)
    if field.name != "additional_properties"
)


def hyperparameters_input(values: Mapping[str, Any]) -> HyperparametersInputDto | None:
    """The request's `hyperparameters` with exactly the given fields, or None when there are none.

    Args:
        values: By JSON name (`learningRate`) or Python name (`learning_rate`); None values are left out.

    Raises:
        ValueError: A name the API does not know, or a value the generated model refuses.
    """
    chosen = {_camel(name): value for name, value in values.items() if value is not None}
    unknown = sorted(set(chosen) - set(HYPERPARAMETER_NAMES))
    if unknown:
        raise ValueError(
            f"Unknown hyper-parameter {', '.join(unknown)}; known: {', '.join(HYPERPARAMETER_NAMES)}"
        )
    if not chosen:
        return None
    for name, value in chosen.items():
        try:
            HyperparametersInputDto.from_dict({name: value})
        except (TypeError, ValueError) as error:
            raise ValueError(f"Hyper-parameter {name}={value!r} is refused: {error}") from error
    # from_dict, not the constructor: it leaves every field it is not given UNSET, where the
    # constructor would fill in the schema's defaults (dropout 0, guided false) and send them.
    return HyperparametersInputDto.from_dict(chosen)


def start_training(
    api: AuthenticatedClient,
    dataset_id: str,
    name: str | None,
    hyperparameters: Mapping[str, Any] | None = None,
    *,
    dataset_version: int | None = None,
) -> ModelDto:
    """POST /api/models: queues the training; the model's status is "training" until it ends.

    Args:
        name: The model's name; None takes the dataset's (the API requires one).
    """
    # Checked before anything is asked of the gateway.
    chosen = hyperparameters_input(hyperparameters or {})
    if not name:
        name = get_dataset(api, dataset_id).name
    body = CreateModelDto(
        name=name,
        dataset_id=dataset_id,
        hyperparameters=chosen or UNSET,
        dataset_version=dataset_version if dataset_version is not None else UNSET,
    )
    return parsed(model_controller_create.sync_detailed(client=api, body=body))


def get_model(api: AuthenticatedClient, model_id: str) -> ModelDetailDto:
    return parsed(model_controller_get.sync_detailed(model_id, client=api))  # type: ignore[arg-type]


def list_models(
    api: AuthenticatedClient,
    *,
    search: str | None = None,
    status: str | None = None,
    owner: str | None = None,
) -> list[ModelDto]:
    """Every model the caller may see (all pages), newest first."""
    return all_pages(
        lambda page: parsed(
            model_controller_list.sync_detailed(
                client=api,
                page=page,
                page_size=PAGE_SIZE,
                search=search if search else UNSET,
                status=ModelControllerListStatus(status) if status else UNSET,
                owner=ModelControllerListOwner(owner) if owner else UNSET,
            )
        )
    )
