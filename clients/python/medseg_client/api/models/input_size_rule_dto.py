from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.input_size_rule_dto_architecture import InputSizeRuleDtoArchitecture
from typing import cast






T = TypeVar("T", bound="InputSizeRuleDto")



@_attrs_define
class InputSizeRuleDto:
    """ 
        Attributes:
            architecture (InputSizeRuleDtoArchitecture):
            depth (float | None): null: any depth
            multiple (float):
     """

    architecture: InputSizeRuleDtoArchitecture
    depth: float | None
    multiple: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        architecture = self.architecture.value

        depth: float | None
        depth = self.depth

        multiple = self.multiple


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "architecture": architecture,
            "depth": depth,
            "multiple": multiple,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        architecture = InputSizeRuleDtoArchitecture(d.pop("architecture"))




        def _parse_depth(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        depth = _parse_depth(d.pop("depth"))


        multiple = d.pop("multiple")

        input_size_rule_dto = cls(
            architecture=architecture,
            depth=depth,
            multiple=multiple,
        )


        input_size_rule_dto.additional_properties = d
        return input_size_rule_dto

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
