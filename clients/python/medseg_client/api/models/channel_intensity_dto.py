from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="ChannelIntensityDto")



@_attrs_define
class ChannelIntensityDto:
    """ 
        Attributes:
            channel (float):
            mean (float):
            std (float):
            min_ (float):
            max_ (float):
            p005 (float): 0.5th percentile
            p50 (float): Median
            p995 (float): 99.5th percentile
     """

    channel: float
    mean: float
    std: float
    min_: float
    max_: float
    p005: float
    p50: float
    p995: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        channel = self.channel

        mean = self.mean

        std = self.std

        min_ = self.min_

        max_ = self.max_

        p005 = self.p005

        p50 = self.p50

        p995 = self.p995


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "channel": channel,
            "mean": mean,
            "std": std,
            "min": min_,
            "max": max_,
            "p005": p005,
            "p50": p50,
            "p995": p995,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        channel = d.pop("channel")

        mean = d.pop("mean")

        std = d.pop("std")

        min_ = d.pop("min")

        max_ = d.pop("max")

        p005 = d.pop("p005")

        p50 = d.pop("p50")

        p995 = d.pop("p995")

        channel_intensity_dto = cls(
            channel=channel,
            mean=mean,
            std=std,
            min_=min_,
            max_=max_,
            p005=p005,
            p50=p50,
            p995=p995,
        )


        channel_intensity_dto.additional_properties = d
        return channel_intensity_dto

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
