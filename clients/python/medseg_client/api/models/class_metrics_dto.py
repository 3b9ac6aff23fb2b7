from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="ClassMetricsDto")



@_attrs_define
class ClassMetricsDto:
    """ 
        Attributes:
            label_value (float):
            dice (float | None): Null when the class was absent from validation
            iou (float | None):
     """

    label_value: float
    dice: float | None
    iou: float | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        label_value = self.label_value

        dice: float | None
        dice = self.dice

        iou: float | None
        iou = self.iou


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "labelValue": label_value,
            "dice": dice,
            "iou": iou,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        label_value = d.pop("labelValue")

        def _parse_dice(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        dice = _parse_dice(d.pop("dice"))


        def _parse_iou(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        iou = _parse_iou(d.pop("iou"))


        class_metrics_dto = cls(
            label_value=label_value,
            dice=dice,
            iou=iou,
        )


        class_metrics_dto.additional_properties = d
        return class_metrics_dto

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
