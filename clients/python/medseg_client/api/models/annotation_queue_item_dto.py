from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="AnnotationQueueItemDto")



@_attrs_define
class AnnotationQueueItemDto:
    """ 
        Attributes:
            case_index (float):
            name (str):
            depth (float):
            height (float):
            width (float):
            score (float | None): Uncertainty (higher: more uncertain); null in index order
     """

    case_index: float
    name: str
    depth: float
    height: float
    width: float
    score: float | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        case_index = self.case_index

        name = self.name

        depth = self.depth

        height = self.height

        width = self.width

        score: float | None
        score = self.score


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "caseIndex": case_index,
            "name": name,
            "depth": depth,
            "height": height,
            "width": width,
            "score": score,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        case_index = d.pop("caseIndex")

        name = d.pop("name")

        depth = d.pop("depth")

        height = d.pop("height")

        width = d.pop("width")

        def _parse_score(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        score = _parse_score(d.pop("score"))


        annotation_queue_item_dto = cls(
            case_index=case_index,
            name=name,
            depth=depth,
            height=height,
            width=width,
            score=score,
        )


        annotation_queue_item_dto.additional_properties = d
        return annotation_queue_item_dto

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
