from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="SetAutoFineTuneDto")



@_attrs_define
class SetAutoFineTuneDto:
    """ 
        Attributes:
            enabled (bool): false keeps the settings but queues nothing
            model_id (str): A completed model of this dataset; each round fine-tunes its newest completed descendant
            new_masks (int): Queue a fine-tune once this many masks were saved since the last one
     """

    enabled: bool
    model_id: str
    new_masks: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        enabled = self.enabled

        model_id = self.model_id

        new_masks = self.new_masks


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "enabled": enabled,
            "modelId": model_id,
            "newMasks": new_masks,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        enabled = d.pop("enabled")

        model_id = d.pop("modelId")

        new_masks = d.pop("newMasks")

        set_auto_fine_tune_dto = cls(
            enabled=enabled,
            model_id=model_id,
            new_masks=new_masks,
        )


        set_auto_fine_tune_dto.additional_properties = d
        return set_auto_fine_tune_dto

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
