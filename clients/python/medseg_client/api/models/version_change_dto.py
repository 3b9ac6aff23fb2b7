from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.version_change_dto_kind import VersionChangeDtoKind






T = TypeVar("T", bound="VersionChangeDto")



@_attrs_define
class VersionChangeDto:
    """ 
        Attributes:
            case_index (float):
            case_name (str):
            annotation_id (str):
            kind (VersionChangeDtoKind): added: the case was unlabeled before
     """

    case_index: float
    case_name: str
    annotation_id: str
    kind: VersionChangeDtoKind
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        case_index = self.case_index

        case_name = self.case_name

        annotation_id = self.annotation_id

        kind = self.kind.value


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "caseIndex": case_index,
            "caseName": case_name,
            "annotationId": annotation_id,
            "kind": kind,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        case_index = d.pop("caseIndex")

        case_name = d.pop("caseName")

        annotation_id = d.pop("annotationId")

        kind = VersionChangeDtoKind(d.pop("kind"))




        version_change_dto = cls(
            case_index=case_index,
            case_name=case_name,
            annotation_id=annotation_id,
            kind=kind,
        )


        version_change_dto.additional_properties = d
        return version_change_dto

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
