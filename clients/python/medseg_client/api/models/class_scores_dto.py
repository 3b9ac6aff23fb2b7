from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="ClassScoresDto")



@_attrs_define
class ClassScoresDto:
    """ 
        Attributes:
            value (float):
            name (str):
            dice (float | None):
            iou (float | None):
            hd95 (float | None): In distanceUnit
            asd (float | None): In distanceUnit
            nsd (float | None): At surfaceTolerance
     """

    value: float
    name: str
    dice: float | None
    iou: float | None
    hd95: float | None
    asd: float | None
    nsd: float | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        value = self.value

        name = self.name

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


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "value": value,
            "name": name,
            "dice": dice,
            "iou": iou,
            "hd95": hd95,
            "asd": asd,
            "nsd": nsd,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        value = d.pop("value")

        name = d.pop("name")

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


        class_scores_dto = cls(
            value=value,
            name=name,
            dice=dice,
            iou=iou,
            hd95=hd95,
            asd=asd,
            nsd=nsd,
        )


        class_scores_dto.additional_properties = d
        return class_scores_dto

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
