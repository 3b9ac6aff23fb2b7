from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="ModelWeightsDto")



@_attrs_define
class ModelWeightsDto:
    """ 
        Attributes:
            best_bytes (float):
            last_bytes (float):
            best_sha_256 (str):
            last_sha_256 (str):
     """

    best_bytes: float
    last_bytes: float
    best_sha_256: str
    last_sha_256: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        best_bytes = self.best_bytes

        last_bytes = self.last_bytes

        best_sha_256 = self.best_sha_256

        last_sha_256 = self.last_sha_256


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "bestBytes": best_bytes,
            "lastBytes": last_bytes,
            "bestSha256": best_sha_256,
            "lastSha256": last_sha_256,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        best_bytes = d.pop("bestBytes")

        last_bytes = d.pop("lastBytes")

        best_sha_256 = d.pop("bestSha256")

        last_sha_256 = d.pop("lastSha256")

        model_weights_dto = cls(
            best_bytes=best_bytes,
            last_bytes=last_bytes,
            best_sha_256=best_sha_256,
            last_sha_256=last_sha_256,
        )


        model_weights_dto.additional_properties = d
        return model_weights_dto

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
