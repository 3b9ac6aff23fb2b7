"""Evaluation: score a model on a dataset (POST /api/models/{id}/evaluations) and read its report."""

from __future__ import annotations

import json
from typing import Any

from .api.api.evaluations import evaluation_controller_create, evaluation_controller_report
from .api.client import AuthenticatedClient
from .api.models.create_evaluation_dto import CreateEvaluationDto
from .api.models.create_evaluation_dto_subset import CreateEvaluationDtoSubset
from .api.models.evaluation_dto import EvaluationDto
from .api.types import UNSET
from .connection import parsed


def start_evaluation(
    api: AuthenticatedClient,
    model_id: str,
    *,
    dataset_id: str | None = None,
    subset: str | None = None,
    surface_tolerance_mm: float | None = None,
    test_time_mirroring: bool = False,
) -> EvaluationDto:
    """Queues an evaluation; left out, the gateway picks the model's own dataset and its validation
    split there ("all" on another dataset) and a 1 mm (1 px) NSD tolerance. `test_time_mirroring`
    predicts each case as the mean over its mirror images."""
    body = CreateEvaluationDto(
        dataset_id=dataset_id if dataset_id else UNSET,
        subset=CreateEvaluationDtoSubset(subset) if subset else UNSET,
        surface_tolerance_mm=surface_tolerance_mm if surface_tolerance_mm is not None else UNSET,
        test_time_mirroring=True if test_time_mirroring else UNSET,
    )
    return parsed(evaluation_controller_create.sync_detailed(model_id, client=api, body=body))  # type: ignore[arg-type]


def evaluation_report(api: AuthenticatedClient, evaluation_id: str) -> dict[str, Any]:
    """The report JSON as the ml-service wrote it (medseg-evaluation-v2, older jobs v1; docs/evaluation.md).

    Its per-item scores are here; the aggregate is also on the EvaluationDto, read into one shape
    for both report versions by the gateway.
    """
    response = evaluation_controller_report.sync_detailed(evaluation_id, client=api)  # type: ignore[arg-type]
    return json.loads(response.content)
