from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.inference_result_dto_kind import InferenceResultDtoKind
from typing import cast

if TYPE_CHECKING:
  from ..models.owner_dto import OwnerDto





T = TypeVar("T", bound="InferenceResultDto")



@_attrs_define
class InferenceResultDto:
    """ 
        Attributes:
            id (str):
            kind (InferenceResultDtoKind): volume: GET /api/inference-results/:id answers a VolumeResultDto
            model_id (str):
            created_at (str):
            file_name (str): The uploaded file (with its slice), or "<dataset> / <pair>"
            input_url (None | str): The uploaded file; null when it was not kept (storing inference inputs is off)
            mask_url (str): PNG of class indices (looks black in a viewer)
            mask_color_url (None | str): The same mask as a palette PNG, in the viewer's colours; null for a volume
            mask_nifti_url (None | str): The mask as NIfTI on the input grid, for NIfTI input and every volume
            owner (None | OwnerDto): null: stored before accounts existed (shared; only admins change it)
            can_change (bool): Whether the caller may change, share, cancel or delete it (its owner or an admin)
     """

    id: str
    kind: InferenceResultDtoKind
    model_id: str
    created_at: str
    file_name: str
    input_url: None | str
    mask_url: str
    mask_color_url: None | str
    mask_nifti_url: None | str
    owner: None | OwnerDto
    can_change: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.owner_dto import OwnerDto # noqa: PLC0415
        id = self.id

        kind = self.kind.value

        model_id = self.model_id

        created_at = self.created_at

        file_name = self.file_name

        input_url: None | str
        input_url = self.input_url

        mask_url = self.mask_url

        mask_color_url: None | str
        mask_color_url = self.mask_color_url

        mask_nifti_url: None | str
        mask_nifti_url = self.mask_nifti_url

        owner: dict[str, Any] | None
        if isinstance(self.owner, OwnerDto):
            owner = self.owner.to_dict()
        else:
            owner = self.owner

        can_change = self.can_change


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "kind": kind,
            "modelId": model_id,
            "createdAt": created_at,
            "fileName": file_name,
            "inputUrl": input_url,
            "maskUrl": mask_url,
            "maskColorUrl": mask_color_url,
            "maskNiftiUrl": mask_nifti_url,
            "owner": owner,
            "canChange": can_change,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.owner_dto import OwnerDto # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        kind = InferenceResultDtoKind(d.pop("kind"))




        model_id = d.pop("modelId")

        created_at = d.pop("createdAt")

        file_name = d.pop("fileName")

        def _parse_input_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        input_url = _parse_input_url(d.pop("inputUrl"))


        mask_url = d.pop("maskUrl")

        def _parse_mask_color_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        mask_color_url = _parse_mask_color_url(d.pop("maskColorUrl"))


        def _parse_mask_nifti_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        mask_nifti_url = _parse_mask_nifti_url(d.pop("maskNiftiUrl"))


        def _parse_owner(data: object) -> None | OwnerDto:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                owner_type_0 = OwnerDto.from_dict(data)



                return owner_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | OwnerDto, data)

        owner = _parse_owner(d.pop("owner"))


        can_change = d.pop("canChange")

        inference_result_dto = cls(
            id=id,
            kind=kind,
            model_id=model_id,
            created_at=created_at,
            file_name=file_name,
            input_url=input_url,
            mask_url=mask_url,
            mask_color_url=mask_color_url,
            mask_nifti_url=mask_nifti_url,
            owner=owner,
            can_change=can_change,
        )


        inference_result_dto.additional_properties = d
        return inference_result_dto

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
