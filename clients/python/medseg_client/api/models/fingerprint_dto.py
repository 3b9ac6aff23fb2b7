from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.channel_intensity_dto import ChannelIntensityDto
  from ..models.class_fraction_dto import ClassFractionDto





T = TypeVar("T", bound="FingerprintDto")



@_attrs_define
class FingerprintDto:
    """ 
        Attributes:
            case_count (float):
            median_shape (list[float]):
            median_spacing (list[float]):
            min_spacing (list[float]):
            max_spacing (list[float]):
            intensities (list[ChannelIntensityDto]):
            class_fractions (list[ClassFractionDto]):
            channel_names (list[str]): Modality or name per channel, in channel order
     """

    case_count: float
    median_shape: list[float]
    median_spacing: list[float]
    min_spacing: list[float]
    max_spacing: list[float]
    intensities: list[ChannelIntensityDto]
    class_fractions: list[ClassFractionDto]
    channel_names: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.channel_intensity_dto import ChannelIntensityDto # noqa: PLC0415
        from ..models.class_fraction_dto import ClassFractionDto # noqa: PLC0415
        case_count = self.case_count

        median_shape = self.median_shape



        median_spacing = self.median_spacing



        min_spacing = self.min_spacing



        max_spacing = self.max_spacing



        intensities = []
        for intensities_item_data in self.intensities:
            intensities_item = intensities_item_data.to_dict()
            intensities.append(intensities_item)



        class_fractions = []
        for class_fractions_item_data in self.class_fractions:
            class_fractions_item = class_fractions_item_data.to_dict()
            class_fractions.append(class_fractions_item)



        channel_names = self.channel_names




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "caseCount": case_count,
            "medianShape": median_shape,
            "medianSpacing": median_spacing,
            "minSpacing": min_spacing,
            "maxSpacing": max_spacing,
            "intensities": intensities,
            "classFractions": class_fractions,
            "channelNames": channel_names,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.channel_intensity_dto import ChannelIntensityDto # noqa: PLC0415
        from ..models.class_fraction_dto import ClassFractionDto # noqa: PLC0415
        d = dict(src_dict)
        case_count = d.pop("caseCount")

        median_shape = cast(list[float], d.pop("medianShape"))


        median_spacing = cast(list[float], d.pop("medianSpacing"))


        min_spacing = cast(list[float], d.pop("minSpacing"))


        max_spacing = cast(list[float], d.pop("maxSpacing"))


        intensities = []
        _intensities = d.pop("intensities")
        for intensities_item_data in (_intensities):
            intensities_item = ChannelIntensityDto.from_dict(intensities_item_data)



            intensities.append(intensities_item)


        class_fractions = []
        _class_fractions = d.pop("classFractions")
        for class_fractions_item_data in (_class_fractions):
            class_fractions_item = ClassFractionDto.from_dict(class_fractions_item_data)



            class_fractions.append(class_fractions_item)


        channel_names = cast(list[str], d.pop("channelNames"))


        fingerprint_dto = cls(
            case_count=case_count,
            median_shape=median_shape,
            median_spacing=median_spacing,
            min_spacing=min_spacing,
            max_spacing=max_spacing,
            intensities=intensities,
            class_fractions=class_fractions,
            channel_names=channel_names,
        )


        fingerprint_dto.additional_properties = d
        return fingerprint_dto

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
