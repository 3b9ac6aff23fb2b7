from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.health_dto_status import HealthDtoStatus
from typing import cast

if TYPE_CHECKING:
  from ..models.dependency_health_dto import DependencyHealthDto





T = TypeVar("T", bound="HealthDto")



@_attrs_define
class HealthDto:
    """ 
        Attributes:
            status (HealthDtoStatus): down when any dependency is down (HTTP 503)
            dependencies (list[DependencyHealthDto]):
     """

    status: HealthDtoStatus
    dependencies: list[DependencyHealthDto]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.dependency_health_dto import DependencyHealthDto # noqa: PLC0415
        status = self.status.value

        dependencies = []
        for dependencies_item_data in self.dependencies:
            dependencies_item = dependencies_item_data.to_dict()
            dependencies.append(dependencies_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "status": status,
            "dependencies": dependencies,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.dependency_health_dto import DependencyHealthDto # noqa: PLC0415
        d = dict(src_dict)
        status = HealthDtoStatus(d.pop("status"))




        dependencies = []
        _dependencies = d.pop("dependencies")
        for dependencies_item_data in (_dependencies):
            dependencies_item = DependencyHealthDto.from_dict(dependencies_item_data)



            dependencies.append(dependencies_item)


        health_dto = cls(
            status=status,
            dependencies=dependencies,
        )


        health_dto.additional_properties = d
        return health_dto

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
