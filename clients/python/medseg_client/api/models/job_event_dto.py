from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.job_event_dto_type import JobEventDtoType
from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.epoch_dto import EpochDto
  from ..models.job_completed_dto import JobCompletedDto
  from ..models.job_progress_dto import JobProgressDto
  from ..models.job_status_dto import JobStatusDto
  from ..models.step_progress_dto import StepProgressDto





T = TypeVar("T", bound="JobEventDto")



@_attrs_define
class JobEventDto:
    """ 
        Attributes:
            sequence (float): The ml-service's sequence number of the job's events
            time (str): ISO-8601 UTC
            type_ (JobEventDtoType):
            status (JobStatusDto | Unset):
            step (StepProgressDto | Unset):
            epoch (EpochDto | Unset):
            progress (JobProgressDto | Unset):
            completed (JobCompletedDto | Unset):
     """

    sequence: float
    time: str
    type_: JobEventDtoType
    status: JobStatusDto | Unset = UNSET
    step: StepProgressDto | Unset = UNSET
    epoch: EpochDto | Unset = UNSET
    progress: JobProgressDto | Unset = UNSET
    completed: JobCompletedDto | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.epoch_dto import EpochDto # noqa: PLC0415
        from ..models.job_completed_dto import JobCompletedDto # noqa: PLC0415
        from ..models.job_progress_dto import JobProgressDto # noqa: PLC0415
        from ..models.job_status_dto import JobStatusDto # noqa: PLC0415
        from ..models.step_progress_dto import StepProgressDto # noqa: PLC0415
        sequence = self.sequence

        time = self.time

        type_ = self.type_.value

        status: dict[str, Any] | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.to_dict()

        step: dict[str, Any] | Unset = UNSET
        if not isinstance(self.step, Unset):
            step = self.step.to_dict()

        epoch: dict[str, Any] | Unset = UNSET
        if not isinstance(self.epoch, Unset):
            epoch = self.epoch.to_dict()

        progress: dict[str, Any] | Unset = UNSET
        if not isinstance(self.progress, Unset):
            progress = self.progress.to_dict()

        completed: dict[str, Any] | Unset = UNSET
        if not isinstance(self.completed, Unset):
            completed = self.completed.to_dict()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "sequence": sequence,
            "time": time,
            "type": type_,
        })
        if status is not UNSET:
            field_dict["status"] = status
        if step is not UNSET:
            field_dict["step"] = step
        if epoch is not UNSET:
            field_dict["epoch"] = epoch
        if progress is not UNSET:
            field_dict["progress"] = progress
        if completed is not UNSET:
            field_dict["completed"] = completed

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.epoch_dto import EpochDto # noqa: PLC0415
        from ..models.job_completed_dto import JobCompletedDto # noqa: PLC0415
        from ..models.job_progress_dto import JobProgressDto # noqa: PLC0415
        from ..models.job_status_dto import JobStatusDto # noqa: PLC0415
        from ..models.step_progress_dto import StepProgressDto # noqa: PLC0415
        d = dict(src_dict)
        sequence = d.pop("sequence")

        time = d.pop("time")

        type_ = JobEventDtoType(d.pop("type"))




        _status = d.pop("status", UNSET)
        status: JobStatusDto | Unset
        if isinstance(_status,  Unset):
            status = UNSET
        else:
            status = JobStatusDto.from_dict(_status)




        _step = d.pop("step", UNSET)
        step: StepProgressDto | Unset
        if isinstance(_step,  Unset):
            step = UNSET
        else:
            step = StepProgressDto.from_dict(_step)




        _epoch = d.pop("epoch", UNSET)
        epoch: EpochDto | Unset
        if isinstance(_epoch,  Unset):
            epoch = UNSET
        else:
            epoch = EpochDto.from_dict(_epoch)




        _progress = d.pop("progress", UNSET)
        progress: JobProgressDto | Unset
        if isinstance(_progress,  Unset):
            progress = UNSET
        else:
            progress = JobProgressDto.from_dict(_progress)




        _completed = d.pop("completed", UNSET)
        completed: JobCompletedDto | Unset
        if isinstance(_completed,  Unset):
            completed = UNSET
        else:
            completed = JobCompletedDto.from_dict(_completed)




        job_event_dto = cls(
            sequence=sequence,
            time=time,
            type_=type_,
            status=status,
            step=step,
            epoch=epoch,
            progress=progress,
            completed=completed,
        )


        job_event_dto.additional_properties = d
        return job_event_dto

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
