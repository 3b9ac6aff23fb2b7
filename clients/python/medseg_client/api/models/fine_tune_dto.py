from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset






T = TypeVar("T", bound="FineTuneDto")



@_attrs_define
class FineTuneDto:
    """ 
        Attributes:
            dataset_version (int | Unset): Default: the parent's dataset's latest version
            epochs (int | Unset): Default: max(1, round(the parent's epochs / 2))
            learning_rate (float | Unset): Default: the parent's learning rate (training starts from its weights)
     """

    dataset_version: int | Unset = UNSET
    epochs: int | Unset = UNSET
    learning_rate: float | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        dataset_version = self.dataset_version

        epochs = self.epochs

        learning_rate = self.learning_rate


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
        })
        if dataset_version is not UNSET:
            field_dict["datasetVersion"] = dataset_version
        if epochs is not UNSET:
            field_dict["epochs"] = epochs
        if learning_rate is not UNSET:
            field_dict["learningRate"] = learning_rate

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        dataset_version = d.pop("datasetVersion", UNSET)

        epochs = d.pop("epochs", UNSET)

        learning_rate = d.pop("learningRate", UNSET)

        fine_tune_dto = cls(
            dataset_version=dataset_version,
            epochs=epochs,
            learning_rate=learning_rate,
        )


        fine_tune_dto.additional_properties = d
        return fine_tune_dto

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
