from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="TimingsDto")



@_attrs_define
class TimingsDto:
    """ 
        Attributes:
            load_ms (float):
            decode_ms (float):
            forward_ms (float):
            encode_ms (float):
            total_ms (float): Inside the ml-service
            gateway_ms (float): Whole request as the gateway saw it
     """

    load_ms: float
    decode_ms: float
    forward_ms: float
    encode_ms: float
    total_ms: float
    gateway_ms: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        load_ms = self.load_ms

        decode_ms = self.decode_ms

        forward_ms = self.forward_ms

        encode_ms = self.encode_ms

        total_ms = self.total_ms

        gateway_ms = self.gateway_ms


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "loadMs": load_ms,
            "decodeMs": decode_ms,
            "forwardMs": forward_ms,
            "encodeMs": encode_ms,
            "totalMs": total_ms,
            "gatewayMs": gateway_ms,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        load_ms = d.pop("loadMs")

        decode_ms = d.pop("decodeMs")

        forward_ms = d.pop("forwardMs")

        encode_ms = d.pop("encodeMs")

        total_ms = d.pop("totalMs")

        gateway_ms = d.pop("gatewayMs")

        timings_dto = cls(
            load_ms=load_ms,
            decode_ms=decode_ms,
            forward_ms=forward_ms,
            encode_ms=encode_ms,
            total_ms=total_ms,
            gateway_ms=gateway_ms,
        )


        timings_dto.additional_properties = d
        return timings_dto

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
