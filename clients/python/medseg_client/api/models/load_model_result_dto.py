from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="LoadModelResultDto")



@_attrs_define
class LoadModelResultDto:
    """ 
        Attributes:
            was_loaded (bool):
            load_ms (float):
            memory_bytes (float):
     """

    was_loaded: bool
    load_ms: float
    memory_bytes: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        was_loaded = self.was_loaded

        load_ms = self.load_ms

        memory_bytes = self.memory_bytes


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "wasLoaded": was_loaded,
            "loadMs": load_ms,
            "memoryBytes": memory_bytes,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        was_loaded = d.pop("wasLoaded")

        load_ms = d.pop("loadMs")

        memory_bytes = d.pop("memoryBytes")

        load_model_result_dto = cls(
            was_loaded=was_loaded,
            load_ms=load_ms,
            memory_bytes=memory_bytes,
        )


        load_model_result_dto.additional_properties = d
        return load_model_result_dto

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
