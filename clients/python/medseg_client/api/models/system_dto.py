from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.system_dto_device import SystemDtoDevice
from typing import cast

if TYPE_CHECKING:
  from ..models.loaded_model_dto import LoadedModelDto





T = TypeVar("T", bound="SystemDto")



@_attrs_define
class SystemDto:
    """ 
        Attributes:
            device (SystemDtoDevice):
            device_name (str):
            torch_version (str):
            python_version (str):
            service_version (str):
            memory_free_bytes (float):
            memory_total_bytes (float):
            cpu_threads (float):
            uptime_seconds (float):
            loaded_models (list[LoadedModelDto]):
     """

    device: SystemDtoDevice
    device_name: str
    torch_version: str
    python_version: str
    service_version: str
    memory_free_bytes: float
    memory_total_bytes: float
    cpu_threads: float
    uptime_seconds: float
    loaded_models: list[LoadedModelDto]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.loaded_model_dto import LoadedModelDto # noqa: PLC0415
        device = self.device.value

        device_name = self.device_name

        torch_version = self.torch_version

        python_version = self.python_version

        service_version = self.service_version

        memory_free_bytes = self.memory_free_bytes

        memory_total_bytes = self.memory_total_bytes

        cpu_threads = self.cpu_threads

        uptime_seconds = self.uptime_seconds

        loaded_models = []
        for loaded_models_item_data in self.loaded_models:
            loaded_models_item = loaded_models_item_data.to_dict()
            loaded_models.append(loaded_models_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "device": device,
            "deviceName": device_name,
            "torchVersion": torch_version,
            "pythonVersion": python_version,
            "serviceVersion": service_version,
            "memoryFreeBytes": memory_free_bytes,
            "memoryTotalBytes": memory_total_bytes,
            "cpuThreads": cpu_threads,
            "uptimeSeconds": uptime_seconds,
            "loadedModels": loaded_models,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.loaded_model_dto import LoadedModelDto # noqa: PLC0415
        d = dict(src_dict)
        device = SystemDtoDevice(d.pop("device"))




        device_name = d.pop("deviceName")

        torch_version = d.pop("torchVersion")

        python_version = d.pop("pythonVersion")

        service_version = d.pop("serviceVersion")

        memory_free_bytes = d.pop("memoryFreeBytes")

        memory_total_bytes = d.pop("memoryTotalBytes")

        cpu_threads = d.pop("cpuThreads")

        uptime_seconds = d.pop("uptimeSeconds")

        loaded_models = []
        _loaded_models = d.pop("loadedModels")
        for loaded_models_item_data in (_loaded_models):
            loaded_models_item = LoadedModelDto.from_dict(loaded_models_item_data)



            loaded_models.append(loaded_models_item)


        system_dto = cls(
            device=device,
            device_name=device_name,
            torch_version=torch_version,
            python_version=python_version,
            service_version=service_version,
            memory_free_bytes=memory_free_bytes,
            memory_total_bytes=memory_total_bytes,
            cpu_threads=cpu_threads,
            uptime_seconds=uptime_seconds,
            loaded_models=loaded_models,
        )


        system_dto.additional_properties = d
        return system_dto

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
