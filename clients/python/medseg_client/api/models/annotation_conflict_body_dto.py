from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.annotation_conflict_dto import AnnotationConflictDto





T = TypeVar("T", bound="AnnotationConflictBodyDto")



@_attrs_define
class AnnotationConflictBodyDto:
    """ 
        Attributes:
            status_code (float):  Example: 409.
            message (str):
            conflict (AnnotationConflictDto):
     """

    status_code: float
    message: str
    conflict: AnnotationConflictDto
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.annotation_conflict_dto import AnnotationConflictDto # noqa: PLC0415
        status_code = self.status_code

        message = self.message

        conflict = self.conflict.to_dict()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "statusCode": status_code,
            "message": message,
            "conflict": conflict,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.annotation_conflict_dto import AnnotationConflictDto # noqa: PLC0415
        d = dict(src_dict)
        status_code = d.pop("statusCode")

        message = d.pop("message")

        conflict = AnnotationConflictDto.from_dict(d.pop("conflict"))




        annotation_conflict_body_dto = cls(
            status_code=status_code,
            message=message,
            conflict=conflict,
        )


        annotation_conflict_body_dto.additional_properties = d
        return annotation_conflict_body_dto

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
