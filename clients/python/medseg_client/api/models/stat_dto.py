from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="StatDto")



@_attrs_define
class StatDto:
    """ 
        Attributes:
            mean (float | None):
            median (float | None):
            std (float | None): Population standard deviation
            p25 (float | None): 25th percentile (null in reports before medseg-evaluation-v2)
            p75 (float | None): 75th percentile (null in reports before medseg-evaluation-v2)
            count (float): Items (volumes or images) with a defined value
     """

    mean: float | None
    median: float | None
    std: float | None
    p25: float | None
    p75: float | None
    count: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        mean: float | None
        mean = self.mean

        median: float | None
        median = self.median

        std: float | None
        std = self.std

        p25: float | None
        p25 = self.p25

        p75: float | None
        p75 = self.p75

        count = self.count


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "mean": mean,
            "median": median,
            "std": std,
            "p25": p25,
            "p75": p75,
            "count": count,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_mean(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        mean = _parse_mean(d.pop("mean"))


        def _parse_median(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        median = _parse_median(d.pop("median"))


        def _parse_std(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        std = _parse_std(d.pop("std"))


        def _parse_p25(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        p25 = _parse_p25(d.pop("p25"))


        def _parse_p75(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        p75 = _parse_p75(d.pop("p75"))


        count = d.pop("count")

        stat_dto = cls(
            mean=mean,
            median=median,
            std=std,
            p25=p25,
            p75=p75,
            count=count,
        )


        stat_dto.additional_properties = d
        return stat_dto

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
