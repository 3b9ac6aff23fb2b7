from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.hyperparameters_input_dto import HyperparametersInputDto





T = TypeVar("T", bound="CreateModelDto")



@_attrs_define
class CreateModelDto:
    """ 
        Attributes:
            name (str):  Example: Brain mask U-Net.
            dataset_id (str):
            hyperparameters (HyperparametersInputDto | Unset):
            dataset_version (int | Unset): The dataset version to train on; default: the dataset's latest
     """

    name: str
    dataset_id: str
    hyperparameters: HyperparametersInputDto | Unset = UNSET
    dataset_version: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.hyperparameters_input_dto import HyperparametersInputDto # noqa: PLC0415
        name = self.name

        dataset_id = self.dataset_id

        hyperparameters: dict[str, Any] | Unset = UNSET
        if not isinstance(self.hyperparameters, Unset):
            hyperparameters = self.hyperparameters.to_dict()

        dataset_version = self.dataset_version


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "name": name,
            "datasetId": dataset_id,
        })
        if hyperparameters is not UNSET:
            field_dict["hyperparameters"] = hyperparameters
        if dataset_version is not UNSET:
            field_dict["datasetVersion"] = dataset_version

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.hyperparameters_input_dto import HyperparametersInputDto # noqa: PLC0415
        d = dict(src_dict)
        name = d.pop("name")

        dataset_id = d.pop("datasetId")

        _hyperparameters = d.pop("hyperparameters", UNSET)
        hyperparameters: HyperparametersInputDto | Unset
        if isinstance(_hyperparameters,  Unset):
            hyperparameters = UNSET
        else:
            hyperparameters = HyperparametersInputDto.from_dict(_hyperparameters)




        dataset_version = d.pop("datasetVersion", UNSET)

        create_model_dto = cls(
            name=name,
            dataset_id=dataset_id,
            hyperparameters=hyperparameters,
            dataset_version=dataset_version,
        )


        create_model_dto.additional_properties = d
        return create_model_dto

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
