from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.user_ref_dto import UserRefDto





T = TypeVar("T", bound="AutoFineTuneDto")



@_attrs_define
class AutoFineTuneDto:
    """ 
        Attributes:
            dataset_id (str):
            enabled (bool): false also when it was never set
            model_id (None | str): The model chosen; null when never set
            new_masks (int): The N of "after N new masks" (a default when never set)
            updated_at (None | str):
            updated_by (None | UserRefDto): Who set it: the fine-tunes are queued as them
            next_from_model_id (None | str): The model the next round fine-tunes: the chosen one's newest completed
                descendant
            since_version (int): The dataset version new masks are counted from (the last auto fine-tune, or the next
                model's own)
            new_masks_since (int): Masks saved since sinceVersion
            active_model_id (None | str): An auto fine-tune of this dataset still queued or training: no other is queued
                meanwhile
            last_model_id (None | str): The last fine-tune this rule queued
     """

    dataset_id: str
    enabled: bool
    model_id: None | str
    new_masks: int
    updated_at: None | str
    updated_by: None | UserRefDto
    next_from_model_id: None | str
    since_version: int
    new_masks_since: int
    active_model_id: None | str
    last_model_id: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.user_ref_dto import UserRefDto # noqa: PLC0415
        dataset_id = self.dataset_id

        enabled = self.enabled

        model_id: None | str
        model_id = self.model_id

        new_masks = self.new_masks

        updated_at: None | str
        updated_at = self.updated_at

        updated_by: dict[str, Any] | None
        if isinstance(self.updated_by, UserRefDto):
            updated_by = self.updated_by.to_dict()
        else:
            updated_by = self.updated_by

        next_from_model_id: None | str
        next_from_model_id = self.next_from_model_id

        since_version = self.since_version

        new_masks_since = self.new_masks_since

        active_model_id: None | str
        active_model_id = self.active_model_id

        last_model_id: None | str
        last_model_id = self.last_model_id


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "datasetId": dataset_id,
            "enabled": enabled,
            "modelId": model_id,
            "newMasks": new_masks,
            "updatedAt": updated_at,
            "updatedBy": updated_by,
            "nextFromModelId": next_from_model_id,
            "sinceVersion": since_version,
            "newMasksSince": new_masks_since,
            "activeModelId": active_model_id,
            "lastModelId": last_model_id,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.user_ref_dto import UserRefDto # noqa: PLC0415
        d = dict(src_dict)
        dataset_id = d.pop("datasetId")

        enabled = d.pop("enabled")

        def _parse_model_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        model_id = _parse_model_id(d.pop("modelId"))


        new_masks = d.pop("newMasks")

        def _parse_updated_at(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        updated_at = _parse_updated_at(d.pop("updatedAt"))


        def _parse_updated_by(data: object) -> None | UserRefDto:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                updated_by_type_0 = UserRefDto.from_dict(data)



                return updated_by_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UserRefDto, data)

        updated_by = _parse_updated_by(d.pop("updatedBy"))


        def _parse_next_from_model_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        next_from_model_id = _parse_next_from_model_id(d.pop("nextFromModelId"))


        since_version = d.pop("sinceVersion")

        new_masks_since = d.pop("newMasksSince")

        def _parse_active_model_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        active_model_id = _parse_active_model_id(d.pop("activeModelId"))


        def _parse_last_model_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        last_model_id = _parse_last_model_id(d.pop("lastModelId"))


        auto_fine_tune_dto = cls(
            dataset_id=dataset_id,
            enabled=enabled,
            model_id=model_id,
            new_masks=new_masks,
            updated_at=updated_at,
            updated_by=updated_by,
            next_from_model_id=next_from_model_id,
            since_version=since_version,
            new_masks_since=new_masks_since,
            active_model_id=active_model_id,
            last_model_id=last_model_id,
        )


        auto_fine_tune_dto.additional_properties = d
        return auto_fine_tune_dto

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
