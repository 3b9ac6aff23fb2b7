from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="MaskPatchDto")



@_attrs_define
class MaskPatchDto:
    """ 
        Attributes:
            x (float):
            y (float):
            z (float):
            size_x (float):
            size_y (float):
            size_z (float):
            voxels (str): base64 of zlib (RFC 1950) of one byte per voxel of the box, x fastest: the class index, 255
                unchanged
     """

    x: float
    y: float
    z: float
    size_x: float
    size_y: float
    size_z: float
    voxels: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        x = self.x

        y = self.y

        z = self.z

        size_x = self.size_x

        size_y = self.size_y

        size_z = self.size_z

        voxels = self.voxels


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "x": x,
            "y": y,
            "z": z,
            "sizeX": size_x,
            "sizeY": size_y,
            "sizeZ": size_z,
            "voxels": voxels,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        x = d.pop("x")

        y = d.pop("y")

        z = d.pop("z")

        size_x = d.pop("sizeX")

        size_y = d.pop("sizeY")

        size_z = d.pop("sizeZ")

        voxels = d.pop("voxels")

        mask_patch_dto = cls(
            x=x,
            y=y,
            z=z,
            size_x=size_x,
            size_y=size_y,
            size_z=size_z,
            voxels=voxels,
        )


        mask_patch_dto.additional_properties = d
        return mask_patch_dto

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
