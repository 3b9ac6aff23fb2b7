from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.evaluation_dto_reason_type_1 import EvaluationDtoReasonType1
from ..models.evaluation_dto_state import EvaluationDtoState
from ..models.evaluation_dto_subset import EvaluationDtoSubset
from typing import cast

if TYPE_CHECKING:
  from ..models.aggregate_dto import AggregateDto
  from ..models.job_progress_dto import JobProgressDto
  from ..models.owner_dto import OwnerDto





T = TypeVar("T", bound="EvaluationDto")



@_attrs_define
class EvaluationDto:
    """ 
        Attributes:
            id (str):
            model_id (str):
            model_name (str):
            state (EvaluationDtoState):
            queue_position (float): 1 = next to run; 0 when not queued
            error (None | str):
            reason (EvaluationDtoReasonType1 | None): Why the job ended as it did; null while it runs or after a normal end
            progress (JobProgressDto | None):
            image_count (float):
            failed_count (float):
            created_at (str):
            finished_at (None | str):
            owner (None | OwnerDto): null: stored before accounts existed (shared; only admins change it)
            can_change (bool): Whether the caller may change, share, cancel or delete it (its owner or an admin)
            dataset_id (str):
            dataset_name (str): '' when the caller may not see the dataset
            subset (EvaluationDtoSubset):
            dataset_version (float): The dataset version scored
            split_model_id (None | str): subset validation: the model whose validation split was scored; null: the evaluated
                model's own
            aggregate (AggregateDto | None):
     """

    id: str
    model_id: str
    model_name: str
    state: EvaluationDtoState
    queue_position: float
    error: None | str
    reason: EvaluationDtoReasonType1 | None
    progress: JobProgressDto | None
    image_count: float
    failed_count: float
    created_at: str
    finished_at: None | str
    owner: None | OwnerDto
    can_change: bool
    dataset_id: str
    dataset_name: str
    subset: EvaluationDtoSubset
    dataset_version: float
    split_model_id: None | str
    aggregate: AggregateDto | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.aggregate_dto import AggregateDto # noqa: PLC0415
        from ..models.job_progress_dto import JobProgressDto # noqa: PLC0415
        from ..models.owner_dto import OwnerDto # noqa: PLC0415
        id = self.id

        model_id = self.model_id

        model_name = self.model_name

        state = self.state.value

        queue_position = self.queue_position

        error: None | str
        error = self.error

        reason: None | str
        if isinstance(self.reason, EvaluationDtoReasonType1):
            reason = self.reason.value
        else:
            reason = self.reason

        progress: dict[str, Any] | None
        if isinstance(self.progress, JobProgressDto):
            progress = self.progress.to_dict()
        else:
            progress = self.progress

        image_count = self.image_count

        failed_count = self.failed_count

        created_at = self.created_at

        finished_at: None | str
        finished_at = self.finished_at

        owner: dict[str, Any] | None
        if isinstance(self.owner, OwnerDto):
            owner = self.owner.to_dict()
        else:
            owner = self.owner

        can_change = self.can_change

        dataset_id = self.dataset_id

        dataset_name = self.dataset_name

        subset = self.subset.value

        dataset_version = self.dataset_version

        split_model_id: None | str
        split_model_id = self.split_model_id

        aggregate: dict[str, Any] | None
        if isinstance(self.aggregate, AggregateDto):
            aggregate = self.aggregate.to_dict()
        else:
            aggregate = self.aggregate


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "modelId": model_id,
            "modelName": model_name,
            "state": state,
            "queuePosition": queue_position,
            "error": error,
            "reason": reason,
            "progress": progress,
            "imageCount": image_count,
            "failedCount": failed_count,
            "createdAt": created_at,
            "finishedAt": finished_at,
            "owner": owner,
            "canChange": can_change,
            "datasetId": dataset_id,
            "datasetName": dataset_name,
            "subset": subset,
            "datasetVersion": dataset_version,
            "splitModelId": split_model_id,
            "aggregate": aggregate,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.aggregate_dto import AggregateDto # noqa: PLC0415
        from ..models.job_progress_dto import JobProgressDto # noqa: PLC0415
        from ..models.owner_dto import OwnerDto # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        model_id = d.pop("modelId")

        model_name = d.pop("modelName")

        state = EvaluationDtoState(d.pop("state"))




        queue_position = d.pop("queuePosition")

        def _parse_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        error = _parse_error(d.pop("error"))


        def _parse_reason(data: object) -> EvaluationDtoReasonType1 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                reason_type_1 = EvaluationDtoReasonType1(data)



                return reason_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EvaluationDtoReasonType1 | None, data)

        reason = _parse_reason(d.pop("reason"))


        def _parse_progress(data: object) -> JobProgressDto | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                progress_type_0 = JobProgressDto.from_dict(data)



                return progress_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(JobProgressDto | None, data)

        progress = _parse_progress(d.pop("progress"))


        image_count = d.pop("imageCount")

        failed_count = d.pop("failedCount")

        created_at = d.pop("createdAt")

        def _parse_finished_at(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        finished_at = _parse_finished_at(d.pop("finishedAt"))


        def _parse_owner(data: object) -> None | OwnerDto:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                owner_type_0 = OwnerDto.from_dict(data)



                return owner_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | OwnerDto, data)

        owner = _parse_owner(d.pop("owner"))


        can_change = d.pop("canChange")

        dataset_id = d.pop("datasetId")

        dataset_name = d.pop("datasetName")

        subset = EvaluationDtoSubset(d.pop("subset"))




        dataset_version = d.pop("datasetVersion")

        def _parse_split_model_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        split_model_id = _parse_split_model_id(d.pop("splitModelId"))


        def _parse_aggregate(data: object) -> AggregateDto | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                aggregate_type_0 = AggregateDto.from_dict(data)



                return aggregate_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AggregateDto | None, data)

        aggregate = _parse_aggregate(d.pop("aggregate"))


        evaluation_dto = cls(
            id=id,
            model_id=model_id,
            model_name=model_name,
            state=state,
            queue_position=queue_position,
            error=error,
            reason=reason,
            progress=progress,
            image_count=image_count,
            failed_count=failed_count,
            created_at=created_at,
            finished_at=finished_at,
            owner=owner,
            can_change=can_change,
            dataset_id=dataset_id,
            dataset_name=dataset_name,
            subset=subset,
            dataset_version=dataset_version,
            split_model_id=split_model_id,
            aggregate=aggregate,
        )


        evaluation_dto.additional_properties = d
        return evaluation_dto

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
