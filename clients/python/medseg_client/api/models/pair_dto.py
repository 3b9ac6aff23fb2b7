from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="PairDto")



@_attrs_define
class PairDto:
    """ 
        Attributes:
            index (float):
            name (str):
            image_path (str):
            mask_path (str):
            image_format (str):
            mask_format (str):
            width (float):
            height (float):
            channels (float):
            volume (str): Volume the slice belongs to; empty for 2D images
            slice_index (float):
            slice_count (float):
            labels (list[float]):
            modality (str):
            case_index (float): The case (GET /api/datasets/:id/cases) of a volume slice; 0 for 2D images
            unlabeled (bool): Slice of an unlabeled case: its mask is empty, it is never trained or scored on
            thumbnail_url (str):
            preview_url (str):
     """

    index: float
    name: str
    image_path: str
    mask_path: str
    image_format: str
    mask_format: str
    width: float
    height: float
    channels: float
    volume: str
    slice_index: float
    slice_count: float
    labels: list[float]
    modality: str
    case_index: float
    unlabeled: bool
    thumbnail_url: str
    preview_url: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        index = self.index

        name = self.name

        image_path = self.image_path

        mask_path = self.mask_path

        image_format = self.image_format

        mask_format = self.mask_format

        width = self.width

        height = self.height

        channels = self.channels

        volume = self.volume

        slice_index = self.slice_index

        slice_count = self.slice_count

        labels = self.labels



        modality = self.modality

        case_index = self.case_index

        unlabeled = self.unlabeled

        thumbnail_url = self.thumbnail_url

        preview_url = self.preview_url


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "index": index,
            "name": name,
            "imagePath": image_path,
            "maskPath": mask_path,
            "imageFormat": image_format,
            "maskFormat": mask_format,
            "width": width,
            "height": height,
            "channels": channels,
            "volume": volume,
            "sliceIndex": slice_index,
            "sliceCount": slice_count,
            "labels": labels,
            "modality": modality,
            "caseIndex": case_index,
            "unlabeled": unlabeled,
            "thumbnailUrl": thumbnail_url,
            "previewUrl": preview_url,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        index = d.pop("index")

        name = d.pop("name")

        image_path = d.pop("imagePath")

        mask_path = d.pop("maskPath")

        image_format = d.pop("imageFormat")

        mask_format = d.pop("maskFormat")

        width = d.pop("width")

        height = d.pop("height")

        channels = d.pop("channels")

        volume = d.pop("volume")

        slice_index = d.pop("sliceIndex")

        slice_count = d.pop("sliceCount")

        labels = cast(list[float], d.pop("labels"))


        modality = d.pop("modality")

        case_index = d.pop("caseIndex")

        unlabeled = d.pop("unlabeled")

        thumbnail_url = d.pop("thumbnailUrl")

        preview_url = d.pop("previewUrl")

        pair_dto = cls(
            index=index,
            name=name,
            image_path=image_path,
            mask_path=mask_path,
            image_format=image_format,
            mask_format=mask_format,
            width=width,
            height=height,
            channels=channels,
            volume=volume,
            slice_index=slice_index,
            slice_count=slice_count,
            labels=labels,
            modality=modality,
            case_index=case_index,
            unlabeled=unlabeled,
            thumbnail_url=thumbnail_url,
            preview_url=preview_url,
        )


        pair_dto.additional_properties = d
        return pair_dto

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
