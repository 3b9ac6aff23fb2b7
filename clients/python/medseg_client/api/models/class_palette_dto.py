from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="ClassPaletteDto")



@_attrs_define
class ClassPaletteDto:
    """ 
        Attributes:
            colors (list[list[int]]): [r, g, b] of class 1, 2, ... (class 0, the background, has none); repeats past the
                end, as in the colour PNG masks
     """

    colors: list[list[int]]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        colors = []
        for colors_item_data in self.colors:
            colors_item = colors_item_data


            colors.append(colors_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "colors": colors,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        colors = []
        _colors = d.pop("colors")
        for colors_item_data in (_colors):
            colors_item = cast(list[int], colors_item_data)

            colors.append(colors_item)


        class_palette_dto = cls(
            colors=colors,
        )


        class_palette_dto.additional_properties = d
        return class_palette_dto

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
