from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.create_evaluation_dto_subset import CreateEvaluationDtoSubset
from ..types import UNSET, Unset






T = TypeVar("T", bound="CreateEvaluationDto")



@_attrs_define
class CreateEvaluationDto:
    """ 
        Attributes:
            dataset_id (str | Unset): Defaults to the model's own dataset
            subset (CreateEvaluationDtoSubset | Unset): validation: the model's validation split (its own dataset only);
                all: every pair. Defaults to validation on the model's dataset, all on another
            surface_tolerance_mm (float | Unset): Normalized surface Dice tolerance in mm (pixels for 2D images); 0 or
                absent = 1
            split_model_id (str | Unset): Score on this completed model's validation split of its dataset as of its dataset
                version (subset validation), e.g. a parent on its fine-tuned child's cases with the corrected masks; the model
                evaluated must know every label of that dataset
     """

    dataset_id: str | Unset = UNSET
    subset: CreateEvaluationDtoSubset | Unset = UNSET
    surface_tolerance_mm: float | Unset = UNSET
    split_model_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        dataset_id = self.dataset_id

        subset: str | Unset = UNSET
        if not isinstance(self.subset, Unset):
            subset = self.subset.value


        surface_tolerance_mm = self.surface_tolerance_mm

        split_model_id = self.split_model_id


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
        })
        if dataset_id is not UNSET:
            field_dict["datasetId"] = dataset_id
        if subset is not UNSET:
            field_dict["subset"] = subset
        if surface_tolerance_mm is not UNSET:
            field_dict["surfaceToleranceMm"] = surface_tolerance_mm
        if split_model_id is not UNSET:
            field_dict["splitModelId"] = split_model_id

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        dataset_id = d.pop("datasetId", UNSET)

        _subset = d.pop("subset", UNSET)
        subset: CreateEvaluationDtoSubset | Unset
        if isinstance(_subset,  Unset):
            subset = UNSET
        else:
            subset = CreateEvaluationDtoSubset(_subset)




        surface_tolerance_mm = d.pop("surfaceToleranceMm", UNSET)

        split_model_id = d.pop("splitModelId", UNSET)

        create_evaluation_dto = cls(
            dataset_id=dataset_id,
            subset=subset,
            surface_tolerance_mm=surface_tolerance_mm,
            split_model_id=split_model_id,
        )


        create_evaluation_dto.additional_properties = d
        return create_evaluation_dto

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
