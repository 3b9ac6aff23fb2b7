from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.batch_dto_reason_type_1 import BatchDtoReasonType1
from ..models.batch_dto_source import BatchDtoSource
from ..models.batch_dto_state import BatchDtoState
from typing import cast

if TYPE_CHECKING:
  from ..models.aggregate_dto import AggregateDto
  from ..models.batch_failure_dto import BatchFailureDto
  from ..models.job_progress_dto import JobProgressDto
  from ..models.owner_dto import OwnerDto





T = TypeVar("T", bound="BatchDto")



@_attrs_define
class BatchDto:
    """ 
        Attributes:
            id (str):
            model_id (str):
            model_name (str):
            state (BatchDtoState):
            queue_position (float): 1 = next to run; 0 when not queued
            error (None | str):
            reason (BatchDtoReasonType1 | None): Why the job ended as it did; null while it runs or after a normal end
            progress (JobProgressDto | None):
            image_count (float):
            failed_count (float):
            created_at (str):
            finished_at (None | str):
            owner (None | OwnerDto): null: stored before accounts existed (shared; only admins change it)
            can_change (bool): Whether the caller may change, share, cancel or delete it (its owner or an admin)
            source (BatchDtoSource):
            input_name (str): The ZIP's file name, or the dataset's name ('' when the caller may not see the dataset)
            dataset_id (None | str):
            aggregate (AggregateDto | None): null when no image had a mask
            failures (list[BatchFailureDto]):
            masks_bytes (float):
            csv_bytes (float):
     """

    id: str
    model_id: str
    model_name: str
    state: BatchDtoState
    queue_position: float
    error: None | str
    reason: BatchDtoReasonType1 | None
    progress: JobProgressDto | None
    image_count: float
    failed_count: float
    created_at: str
    finished_at: None | str
    owner: None | OwnerDto
    can_change: bool
    source: BatchDtoSource
    input_name: str
    dataset_id: None | str
    aggregate: AggregateDto | None
    failures: list[BatchFailureDto]
    masks_bytes: float
    csv_bytes: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.aggregate_dto import AggregateDto # noqa: PLC0415
        from ..models.batch_failure_dto import BatchFailureDto # noqa: PLC0415
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
        if isinstance(self.reason, BatchDtoReasonType1):
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

        source = self.source.value

        input_name = self.input_name

        dataset_id: None | str
        dataset_id = self.dataset_id

        aggregate: dict[str, Any] | None
        if isinstance(self.aggregate, AggregateDto):
            aggregate = self.aggregate.to_dict()
        else:
            aggregate = self.aggregate

        failures = []
        for failures_item_data in self.failures:
            failures_item = failures_item_data.to_dict()
            failures.append(failures_item)



        masks_bytes = self.masks_bytes

        csv_bytes = self.csv_bytes


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
            "source": source,
            "inputName": input_name,
            "datasetId": dataset_id,
            "aggregate": aggregate,
            "failures": failures,
            "masksBytes": masks_bytes,
            "csvBytes": csv_bytes,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.aggregate_dto import AggregateDto # noqa: PLC0415
        from ..models.batch_failure_dto import BatchFailureDto # noqa: PLC0415
        from ..models.job_progress_dto import JobProgressDto # noqa: PLC0415
        from ..models.owner_dto import OwnerDto # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        model_id = d.pop("modelId")

        model_name = d.pop("modelName")

        state = BatchDtoState(d.pop("state"))




        queue_position = d.pop("queuePosition")

        def _parse_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        error = _parse_error(d.pop("error"))


        def _parse_reason(data: object) -> BatchDtoReasonType1 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                reason_type_1 = BatchDtoReasonType1(data)



                return reason_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BatchDtoReasonType1 | None, data)

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

        source = BatchDtoSource(d.pop("source"))




        input_name = d.pop("inputName")

        def _parse_dataset_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        dataset_id = _parse_dataset_id(d.pop("datasetId"))


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


        failures = []
        _failures = d.pop("failures")
        for failures_item_data in (_failures):
            failures_item = BatchFailureDto.from_dict(failures_item_data)



            failures.append(failures_item)


        masks_bytes = d.pop("masksBytes")

        csv_bytes = d.pop("csvBytes")

        batch_dto = cls(
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
            source=source,
            input_name=input_name,
            dataset_id=dataset_id,
            aggregate=aggregate,
            failures=failures,
            masks_bytes=masks_bytes,
            csv_bytes=csv_bytes,
        )


        batch_dto.additional_properties = d
        return batch_dto

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
