from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.dependency_health_dto_name import DependencyHealthDtoName
from ..models.dependency_health_dto_status import DependencyHealthDtoStatus






T = TypeVar("T", bound="DependencyHealthDto")



@_attrs_define
class DependencyHealthDto:
    """ 
        Attributes:
            name (DependencyHealthDtoName):
            status (DependencyHealthDtoStatus):
            latency_ms (float): Round-trip time of the check in milliseconds
            detail (str): Where the dependency is, or why it is down Example: ml-service unavailable at 127.0.0.1:50051.
     """

    name: DependencyHealthDtoName
    status: DependencyHealthDtoStatus
    latency_ms: float
    detail: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        name = self.name.value

        status = self.status.value

        latency_ms = self.latency_ms

        detail = self.detail


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "name": name,
            "status": status,
            "latencyMs": latency_ms,
            "detail": detail,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = DependencyHealthDtoName(d.pop("name"))




        status = DependencyHealthDtoStatus(d.pop("status"))




        latency_ms = d.pop("latencyMs")

        detail = d.pop("detail")

        dependency_health_dto = cls(
            name=name,
            status=status,
            latency_ms=latency_ms,
            detail=detail,
        )


        dependency_health_dto.additional_properties = d
        return dependency_health_dto

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
