from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.volume_scores_dto_distance_unit import VolumeScoresDtoDistanceUnit
from typing import cast

if TYPE_CHECKING:
  from ..models.class_scores_dto import ClassScoresDto





T = TypeVar("T", bound="VolumeScoresDto")



@_attrs_define
class VolumeScoresDto:
    """ 
        Attributes:
            distance_unit (VolumeScoresDtoDistanceUnit):
            per_class (list[ClassScoresDto]): Foreground classes; null where a class has no value (absent from both)
            dice (float | None):
            iou (float | None):
            hd95 (float | None):
            asd (float | None):
            nsd (float | None):
            surface_tolerance (float): Normalized surface Dice tolerance, in distanceUnit
     """

    distance_unit: VolumeScoresDtoDistanceUnit
    per_class: list[ClassScoresDto]
    dice: float | None
    iou: float | None
    hd95: float | None
    asd: float | None
    nsd: float | None
    surface_tolerance: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.class_scores_dto import ClassScoresDto # noqa: PLC0415
        distance_unit = self.distance_unit.value

        per_class = []
        for per_class_item_data in self.per_class:
            per_class_item = per_class_item_data.to_dict()
            per_class.append(per_class_item)



        dice: float | None
        dice = self.dice

        iou: float | None
        iou = self.iou

        hd95: float | None
        hd95 = self.hd95

        asd: float | None
        asd = self.asd

        nsd: float | None
        nsd = self.nsd

        surface_tolerance = self.surface_tolerance


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "distanceUnit": distance_unit,
            "perClass": per_class,
            "dice": dice,
            "iou": iou,
            "hd95": hd95,
            "asd": asd,
            "nsd": nsd,
            "surfaceTolerance": surface_tolerance,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.class_scores_dto import ClassScoresDto # noqa: PLC0415
        d = dict(src_dict)
        distance_unit = VolumeScoresDtoDistanceUnit(d.pop("distanceUnit"))




        per_class = []
        _per_class = d.pop("perClass")
        for per_class_item_data in (_per_class):
            per_class_item = ClassScoresDto.from_dict(per_class_item_data)



            per_class.append(per_class_item)


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


        def _parse_hd95(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        hd95 = _parse_hd95(d.pop("hd95"))


        def _parse_asd(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        asd = _parse_asd(d.pop("asd"))


        def _parse_nsd(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        nsd = _parse_nsd(d.pop("nsd"))


        surface_tolerance = d.pop("surfaceTolerance")

        volume_scores_dto = cls(
            distance_unit=distance_unit,
            per_class=per_class,
            dice=dice,
            iou=iou,
            hd95=hd95,
            asd=asd,
            nsd=nsd,
            surface_tolerance=surface_tolerance,
        )


        volume_scores_dto.additional_properties = d
        return volume_scores_dto

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
