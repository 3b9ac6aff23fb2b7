from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.session_dto_spatial_dims import SessionDtoSpatialDims
from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.label_name_dto import LabelNameDto
  from ..models.mask_patch_dto import MaskPatchDto
  from ..models.session_grid_dto import SessionGridDto





T = TypeVar("T", bound="SessionDto")



@_attrs_define
class SessionDto:
    """ 
        Attributes:
            id (str): Send prompts to POST /api/sessions/:id/prompts
            model_id (str):
            grid (SessionGridDto):
            guided (bool): false: a model without guidance channels; prompts are refused
            spatial_dims (SessionDtoSpatialDims):
            label_values (list[float]): Class i is label value labelValues[i]
            labels (list[LabelNameDto]):
            ttl_s (float): Idle seconds before the session expires (then prompts answer 410: reopen)
            mask (MaskPatchDto | Unset):
     """

    id: str
    model_id: str
    grid: SessionGridDto
    guided: bool
    spatial_dims: SessionDtoSpatialDims
    label_values: list[float]
    labels: list[LabelNameDto]
    ttl_s: float
    mask: MaskPatchDto | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.label_name_dto import LabelNameDto # noqa: PLC0415
        from ..models.mask_patch_dto import MaskPatchDto # noqa: PLC0415
        from ..models.session_grid_dto import SessionGridDto # noqa: PLC0415
        id = self.id

        model_id = self.model_id

        grid = self.grid.to_dict()

        guided = self.guided

        spatial_dims = self.spatial_dims.value

        label_values = self.label_values



        labels = []
        for labels_item_data in self.labels:
            labels_item = labels_item_data.to_dict()
            labels.append(labels_item)



        ttl_s = self.ttl_s

        mask: dict[str, Any] | Unset = UNSET
        if not isinstance(self.mask, Unset):
            mask = self.mask.to_dict()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "modelId": model_id,
            "grid": grid,
            "guided": guided,
            "spatialDims": spatial_dims,
            "labelValues": label_values,
            "labels": labels,
            "ttlS": ttl_s,
        })
        if mask is not UNSET:
            field_dict["mask"] = mask

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.label_name_dto import LabelNameDto # noqa: PLC0415
        from ..models.mask_patch_dto import MaskPatchDto # noqa: PLC0415
        from ..models.session_grid_dto import SessionGridDto # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        model_id = d.pop("modelId")

        grid = SessionGridDto.from_dict(d.pop("grid"))




        guided = d.pop("guided")

        spatial_dims = SessionDtoSpatialDims(d.pop("spatialDims"))




        label_values = cast(list[float], d.pop("labelValues"))


        labels = []
        _labels = d.pop("labels")
        for labels_item_data in (_labels):
            labels_item = LabelNameDto.from_dict(labels_item_data)



            labels.append(labels_item)


        ttl_s = d.pop("ttlS")

        _mask = d.pop("mask", UNSET)
        mask: MaskPatchDto | Unset
        if isinstance(_mask,  Unset):
            mask = UNSET
        else:
            mask = MaskPatchDto.from_dict(_mask)




        session_dto = cls(
            id=id,
            model_id=model_id,
            grid=grid,
            guided=guided,
            spatial_dims=spatial_dims,
            label_values=label_values,
            labels=labels,
            ttl_s=ttl_s,
            mask=mask,
        )


        session_dto.additional_properties = d
        return session_dto

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
