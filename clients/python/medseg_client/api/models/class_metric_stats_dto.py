from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.stat_dto import StatDto





T = TypeVar("T", bound="ClassMetricStatsDto")



@_attrs_define
class ClassMetricStatsDto:
    """ 
        Attributes:
            dice (StatDto):
            iou (StatDto):
            hausdorff95 (StatDto):
            surface_distance (StatDto):
            nsd (StatDto):
            class_index (float):
            label_value (float):
            name (str): The dataset's name of the label; '' when it names none (show "label <value>")
     """

    dice: StatDto
    iou: StatDto
    hausdorff95: StatDto
    surface_distance: StatDto
    nsd: StatDto
    class_index: float
    label_value: float
    name: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.stat_dto import StatDto # noqa: PLC0415
        dice = self.dice.to_dict()

        iou = self.iou.to_dict()

        hausdorff95 = self.hausdorff95.to_dict()

        surface_distance = self.surface_distance.to_dict()

        nsd = self.nsd.to_dict()

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
        from ..models.stat_dto import StatDto # noqa: PLC0415
        d = dict(src_dict)
        dice = StatDto.from_dict(d.pop("dice"))




        iou = StatDto.from_dict(d.pop("iou"))




        hausdorff95 = StatDto.from_dict(d.pop("hausdorff95"))




        surface_distance = StatDto.from_dict(d.pop("surfaceDistance"))




        nsd = StatDto.from_dict(d.pop("nsd"))




        class_index = d.pop("classIndex")

        label_value = d.pop("labelValue")

        name = d.pop("name")

        class_metric_stats_dto = cls(
            dice=dice,
            iou=iou,
            hausdorff95=hausdorff95,
            surface_distance=surface_distance,
            nsd=nsd,
            class_index=class_index,
            label_value=label_value,
            name=name,
        )


        class_metric_stats_dto.additional_properties = d
        return class_metric_stats_dto

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
