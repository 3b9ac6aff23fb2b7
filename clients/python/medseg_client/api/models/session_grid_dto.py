from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="SessionGridDto")



@_attrs_define
class SessionGridDto:
    """ 
        Attributes:
            size_x (float):
            size_y (float):
            size_z (float):
            slice_axis (float): Axis a 2D model segments slices across (0 = x, 1 = y, 2 = z)
     """

    size_x: float
    size_y: float
    size_z: float
    slice_axis: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        size_x = self.size_x

        size_y = self.size_y

        size_z = self.size_z

        slice_axis = self.slice_axis


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "sizeX": size_x,
            "sizeY": size_y,
            "sizeZ": size_z,
            "sliceAxis": slice_axis,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        size_x = d.pop("sizeX")

        size_y = d.pop("sizeY")

        size_z = d.pop("sizeZ")

        slice_axis = d.pop("sliceAxis")

        session_grid_dto = cls(
            size_x=size_x,
            size_y=size_y,
            size_z=size_z,
            slice_axis=slice_axis,
        )


        session_grid_dto.additional_properties = d
        return session_grid_dto

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
