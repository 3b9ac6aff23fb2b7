from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.image_size_count_dto import ImageSizeCountDto
  from ..models.name_count_dto import NameCountDto





T = TypeVar("T", bound="DatasetStatsDto")



@_attrs_define
class DatasetStatsDto:
    """ 
        Attributes:
            pair_count (float):
            volume_count (float):
            channels (float):
            class_count (float):
            label_values (list[float]):
            sizes (list[ImageSizeCountDto]):
            modalities (list[NameCountDto]):
            formats (list[NameCountDto]):
            normalized_bytes (float):
            entry_count (float):
            uncompressed_bytes (float):
            unlabeled_count (float | Unset): Cases without a mask; absent in datasets stored before volumes
     """

    pair_count: float
    volume_count: float
    channels: float
    class_count: float
    label_values: list[float]
    sizes: list[ImageSizeCountDto]
    modalities: list[NameCountDto]
    formats: list[NameCountDto]
    normalized_bytes: float
    entry_count: float
    uncompressed_bytes: float
    unlabeled_count: float | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.image_size_count_dto import ImageSizeCountDto # noqa: PLC0415
        from ..models.name_count_dto import NameCountDto # noqa: PLC0415
        pair_count = self.pair_count

        volume_count = self.volume_count

        channels = self.channels

        class_count = self.class_count

        label_values = self.label_values



        sizes = []
        for sizes_item_data in self.sizes:
            sizes_item = sizes_item_data.to_dict()
            sizes.append(sizes_item)



        modalities = []
        for modalities_item_data in self.modalities:
            modalities_item = modalities_item_data.to_dict()
            modalities.append(modalities_item)



        formats = []
        for formats_item_data in self.formats:
            formats_item = formats_item_data.to_dict()
            formats.append(formats_item)



        normalized_bytes = self.normalized_bytes

        entry_count = self.entry_count

        uncompressed_bytes = self.uncompressed_bytes

        unlabeled_count = self.unlabeled_count


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "pairCount": pair_count,
            "volumeCount": volume_count,
            "channels": channels,
            "classCount": class_count,
            "labelValues": label_values,
            "sizes": sizes,
            "modalities": modalities,
            "formats": formats,
            "normalizedBytes": normalized_bytes,
            "entryCount": entry_count,
            "uncompressedBytes": uncompressed_bytes,
        })
        if unlabeled_count is not UNSET:
            field_dict["unlabeledCount"] = unlabeled_count

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.image_size_count_dto import ImageSizeCountDto # noqa: PLC0415
        from ..models.name_count_dto import NameCountDto # noqa: PLC0415
        d = dict(src_dict)
        pair_count = d.pop("pairCount")

        volume_count = d.pop("volumeCount")

        channels = d.pop("channels")

        class_count = d.pop("classCount")

        label_values = cast(list[float], d.pop("labelValues"))


        sizes = []
        _sizes = d.pop("sizes")
        for sizes_item_data in (_sizes):
            sizes_item = ImageSizeCountDto.from_dict(sizes_item_data)



            sizes.append(sizes_item)


        modalities = []
        _modalities = d.pop("modalities")
        for modalities_item_data in (_modalities):
            modalities_item = NameCountDto.from_dict(modalities_item_data)



            modalities.append(modalities_item)


        formats = []
        _formats = d.pop("formats")
        for formats_item_data in (_formats):
            formats_item = NameCountDto.from_dict(formats_item_data)



            formats.append(formats_item)


        normalized_bytes = d.pop("normalizedBytes")

        entry_count = d.pop("entryCount")

        uncompressed_bytes = d.pop("uncompressedBytes")

        unlabeled_count = d.pop("unlabeledCount", UNSET)

        dataset_stats_dto = cls(
            pair_count=pair_count,
            volume_count=volume_count,
            channels=channels,
            class_count=class_count,
            label_values=label_values,
            sizes=sizes,
            modalities=modalities,
            formats=formats,
            normalized_bytes=normalized_bytes,
            entry_count=entry_count,
            uncompressed_bytes=uncompressed_bytes,
            unlabeled_count=unlabeled_count,
        )


        dataset_stats_dto.additional_properties = d
        return dataset_stats_dto

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
