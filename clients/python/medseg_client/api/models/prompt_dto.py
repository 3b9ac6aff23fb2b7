from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.prompt_dto_kind import PromptDtoKind
from ..models.prompt_dto_plane_axis import PromptDtoPlaneAxis
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="PromptDto")



@_attrs_define
class PromptDto:
    """ 
        Attributes:
            kind (PromptDtoKind):
            class_index (float): 0: negative ("not this"); 1..: the class the prompt asks for
            points (list[float]): Vertices in the session grid as x, y, z triples (voxel indices, fractions allowed); at
                most 4096 vertices
            plane_axis (PromptDtoPlaneAxis | Unset): Axis (0 = x, 1 = y, 2 = z) the slice of a box, scribble or lasso is
                across; ignored for a point
     """

    kind: PromptDtoKind
    class_index: float
    points: list[float]
    plane_axis: PromptDtoPlaneAxis | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        kind = self.kind.value

        class_index = self.class_index

        points = self.points



        plane_axis: int | Unset = UNSET
        if not isinstance(self.plane_axis, Unset):
            plane_axis = self.plane_axis.value



        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "kind": kind,
            "classIndex": class_index,
            "points": points,
        })
        if plane_axis is not UNSET:
            field_dict["planeAxis"] = plane_axis

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = PromptDtoKind(d.pop("kind"))




        class_index = d.pop("classIndex")

        points = cast(list[float], d.pop("points"))


        _plane_axis = d.pop("planeAxis", UNSET)
        plane_axis: PromptDtoPlaneAxis | Unset
        if isinstance(_plane_axis,  Unset):
            plane_axis = UNSET
        else:
            plane_axis = PromptDtoPlaneAxis(_plane_axis)




        prompt_dto = cls(
            kind=kind,
            class_index=class_index,
            points=points,
            plane_axis=plane_axis,
        )


        prompt_dto.additional_properties = d
        return prompt_dto

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
