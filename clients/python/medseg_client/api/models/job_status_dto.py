from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.job_status_dto_reason_type_1 import JobStatusDtoReasonType1
from ..models.job_status_dto_state import JobStatusDtoState
from typing import cast






T = TypeVar("T", bound="JobStatusDto")



@_attrs_define
class JobStatusDto:
    """ 
        Attributes:
            state (JobStatusDtoState):
            queue_position (float): 1 = next to run; 0 when not queued
            reason (JobStatusDtoReasonType1 | None):
            message (str):
     """

    state: JobStatusDtoState
    queue_position: float
    reason: JobStatusDtoReasonType1 | None
    message: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        state = self.state.value

        queue_position = self.queue_position

        reason: None | str
        if isinstance(self.reason, JobStatusDtoReasonType1):
            reason = self.reason.value
        else:
            reason = self.reason

        message = self.message


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "state": state,
            "queuePosition": queue_position,
            "reason": reason,
            "message": message,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        state = JobStatusDtoState(d.pop("state"))




        queue_position = d.pop("queuePosition")

        def _parse_reason(data: object) -> JobStatusDtoReasonType1 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                reason_type_1 = JobStatusDtoReasonType1(data)



                return reason_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(JobStatusDtoReasonType1 | None, data)

        reason = _parse_reason(d.pop("reason"))


        message = d.pop("message")

        job_status_dto = cls(
            state=state,
            queue_position=queue_position,
            reason=reason,
            message=message,
        )


        job_status_dto.additional_properties = d
        return job_status_dto

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
