from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="ClassImageMetricsDto")



@_attrs_define
class ClassImageMetricsDto:
    """ 
        Attributes:
            dice (float | None):
            iou (float | None):
            hausdorff95 (float | None):
            surface_distance (float | None):
            nsd (float | None): Normalized surface Dice; null before v2
            class_index (float):
            label_value (float):
            name (str): '' when the dataset names none
     """

    dice: float | None
    iou: float | None
    hausdorff95: float | None
    surface_distance: float | None
    nsd: float | None
    class_index: float
    label_value: float
    name: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        dice: float | None
        dice = self.dice

        iou: float | None
        iou = self.iou

        hausdorff95: float | None
        hausdorff95 = self.hausdorff95

        surface_distance: float | None
        surface_distance = self.surface_distance

        nsd: float | None
        nsd = self.nsd

        class_index = self.class_index

        label_value = self.label_value

        name = self.name


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "dice": dice,
            "iou": iou,
            "hausdorff95": hausdorff95,
            "surfaceDistance": surface_distance,
            "nsd": nsd,
            "classIndex": class_index,
            "labelValue": label_value,
            "name": name,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
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


        def _parse_hausdorff95(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        hausdorff95 = _parse_hausdorff95(d.pop("hausdorff95"))


        def _parse_surface_distance(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        surface_distance = _parse_surface_distance(d.pop("surfaceDistance"))


        def _parse_nsd(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        nsd = _parse_nsd(d.pop("nsd"))


        class_index = d.pop("classIndex")

        label_value = d.pop("labelValue")

        name = d.pop("name")

        class_image_metrics_dto = cls(
            dice=dice,
            iou=iou,
            hausdorff95=hausdorff95,
            surface_distance=surface_distance,
            nsd=nsd,
            class_index=class_index,
            label_value=label_value,
            name=name,
        )


        class_image_metrics_dto.additional_properties = d
        return class_image_metrics_dto

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
