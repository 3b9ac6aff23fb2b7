from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.aggregate_dto_distance_unit import AggregateDtoDistanceUnit
from typing import cast

if TYPE_CHECKING:
  from ..models.class_metric_stats_dto import ClassMetricStatsDto
  from ..models.stat_dto import StatDto





T = TypeVar("T", bound="AggregateDto")



@_attrs_define
class AggregateDto:
    """ 
        Attributes:
            dice (StatDto):
            iou (StatDto):
            hausdorff95 (StatDto):
            surface_distance (StatDto):
            nsd (StatDto):
            per_class (list[ClassMetricStatsDto]): Foreground classes only
            distance_unit (AggregateDtoDistanceUnit): Unit of the distances: mm (volumes with spacing), px (2D images, and
                every report before v2), mixed
            surface_tolerance (float | None): NSD tolerance in distanceUnit; null before v2
     """

    dice: StatDto
    iou: StatDto
    hausdorff95: StatDto
    surface_distance: StatDto
    nsd: StatDto
    per_class: list[ClassMetricStatsDto]
    distance_unit: AggregateDtoDistanceUnit
    surface_tolerance: float | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.class_metric_stats_dto import ClassMetricStatsDto # noqa: PLC0415
        from ..models.stat_dto import StatDto # noqa: PLC0415
        dice = self.dice.to_dict()

        iou = self.iou.to_dict()

        hausdorff95 = self.hausdorff95.to_dict()

        surface_distance = self.surface_distance.to_dict()

        nsd = self.nsd.to_dict()

        per_class = []
        for per_class_item_data in self.per_class:
            per_class_item = per_class_item_data.to_dict()
            per_class.append(per_class_item)



        distance_unit = self.distance_unit.value

        surface_tolerance: float | None
        surface_tolerance = self.surface_tolerance


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "dice": dice,
            "iou": iou,
            "hausdorff95": hausdorff95,
            "surfaceDistance": surface_distance,
            "nsd": nsd,
            "perClass": per_class,
            "distanceUnit": distance_unit,
            "surfaceTolerance": surface_tolerance,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.class_metric_stats_dto import ClassMetricStatsDto # noqa: PLC0415
        from ..models.stat_dto import StatDto # noqa: PLC0415
        d = dict(src_dict)
        dice = StatDto.from_dict(d.pop("dice"))




        iou = StatDto.from_dict(d.pop("iou"))




        hausdorff95 = StatDto.from_dict(d.pop("hausdorff95"))




        surface_distance = StatDto.from_dict(d.pop("surfaceDistance"))




        nsd = StatDto.from_dict(d.pop("nsd"))




        per_class = []
        _per_class = d.pop("perClass")
        for per_class_item_data in (_per_class):
            per_class_item = ClassMetricStatsDto.from_dict(per_class_item_data)



            per_class.append(per_class_item)


        distance_unit = AggregateDtoDistanceUnit(d.pop("distanceUnit"))




        def _parse_surface_tolerance(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        surface_tolerance = _parse_surface_tolerance(d.pop("surfaceTolerance"))


        aggregate_dto = cls(
            dice=dice,
            iou=iou,
            hausdorff95=hausdorff95,
            surface_distance=surface_distance,
            nsd=nsd,
            per_class=per_class,
            distance_unit=distance_unit,
            surface_tolerance=surface_tolerance,
        )


        aggregate_dto.additional_properties = d
        return aggregate_dto

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
