from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="SettingsDto")



@_attrs_define
class SettingsDto:
    """ 
        Attributes:
            store_inference_inputs (bool): A stored inference result keeps the image it was made from (off: masks and maps
                only)
            updated_at (None | str): When an admin last changed a setting; null: all at their environment values
            updated_by (None | str): User name of the admin who did
     """

    store_inference_inputs: bool
    updated_at: None | str
    updated_by: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        store_inference_inputs = self.store_inference_inputs

        updated_at: None | str
        updated_at = self.updated_at

        updated_by: None | str
        updated_by = self.updated_by


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "storeInferenceInputs": store_inference_inputs,
            "updatedAt": updated_at,
            "updatedBy": updated_by,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        store_inference_inputs = d.pop("storeInferenceInputs")

        def _parse_updated_at(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        updated_at = _parse_updated_at(d.pop("updatedAt"))


        def _parse_updated_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        updated_by = _parse_updated_by(d.pop("updatedBy"))


        settings_dto = cls(
            store_inference_inputs=store_inference_inputs,
            updated_at=updated_at,
            updated_by=updated_by,
        )


        settings_dto.additional_properties = d
        return settings_dto

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
