from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="BatchCompareDto")



@_attrs_define
class BatchCompareDto:
    """ 
        Attributes:
            model_ids (list[str]): The models to evaluate (1 to 20 model ids)
            dataset_id (str): The dataset every model is evaluated on (all its labelled pairs)
            surface_tolerance_mm (float | Unset): Normalized surface Dice tolerance in mm (pixels for 2D images); 0 or
                absent = 1
     """

    model_ids: list[str]
    dataset_id: str
    surface_tolerance_mm: float | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        model_ids = self.model_ids



        dataset_id = self.dataset_id

        surface_tolerance_mm = self.surface_tolerance_mm


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "modelIds": model_ids,
            "datasetId": dataset_id,
        })
        if surface_tolerance_mm is not UNSET:
            field_dict["surfaceToleranceMm"] = surface_tolerance_mm

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        model_ids = cast(list[str], d.pop("modelIds"))


        dataset_id = d.pop("datasetId")

        surface_tolerance_mm = d.pop("surfaceToleranceMm", UNSET)

        batch_compare_dto = cls(
            model_ids=model_ids,
            dataset_id=dataset_id,
            surface_tolerance_mm=surface_tolerance_mm,
        )


        batch_compare_dto.additional_properties = d
        return batch_compare_dto

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
