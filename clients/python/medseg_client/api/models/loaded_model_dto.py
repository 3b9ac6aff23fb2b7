from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="LoadedModelDto")



@_attrs_define
class LoadedModelDto:
    """ 
        Attributes:
            model_id (str):
            architecture (str):
            memory_bytes (float):
            last_used_at (str): ISO-8601 time of the last request that used the model
     """

    model_id: str
    architecture: str
    memory_bytes: float
    last_used_at: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        model_id = self.model_id

        architecture = self.architecture

        memory_bytes = self.memory_bytes

        last_used_at = self.last_used_at


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "modelId": model_id,
            "architecture": architecture,
            "memoryBytes": memory_bytes,
            "lastUsedAt": last_used_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        model_id = d.pop("modelId")

        architecture = d.pop("architecture")

        memory_bytes = d.pop("memoryBytes")

        last_used_at = d.pop("lastUsedAt")

        loaded_model_dto = cls(
            model_id=model_id,
            architecture=architecture,
            memory_bytes=memory_bytes,
            last_used_at=last_used_at,
        )


        loaded_model_dto.additional_properties = d
        return loaded_model_dto

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
