from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.channel_intensity_dto import ChannelIntensityDto
  from ..models.label_voxels_dto import LabelVoxelsDto





T = TypeVar("T", bound="CaseDto")



@_attrs_define
class CaseDto:
    """ 
        Attributes:
            index (float):
            name (str):  Example: BRATS_001.
            depth (float): Slices
            height (float):
            width (float):
            channels (float):
            spacing (list[float]): mm per (slice, row, column)
            modality (str):
            image_format (str):  Example: NIfTI.
            mask_format (str): Empty for an unlabeled case
            label_voxels (list[LabelVoxelsDto]):
            intensities (list[ChannelIntensityDto]):
            unlabeled (bool): No mask (MSD imagesTs/): never trained or scored on
            window_center (float): The file's own display window (DICOM); windowWidth 0: none given
            window_width (float):
            first_pair (float):
            series_instance_uid (str): DICOM series: its SeriesInstanceUID; else empty
            image_urls (list[str]): GET URLs of the gzipped NIfTI volume, one per channel
            mask_url (None | str): GET URL of the label volume; null for an unlabeled case
            annotation_id (None | str): The saved annotation its mask comes from in the version asked for; null: as uploaded
     """

    index: float
    name: str
    depth: float
    height: float
    width: float
    channels: float
    spacing: list[float]
    modality: str
    image_format: str
    mask_format: str
    label_voxels: list[LabelVoxelsDto]
    intensities: list[ChannelIntensityDto]
    unlabeled: bool
    window_center: float
    window_width: float
    first_pair: float
    series_instance_uid: str
    image_urls: list[str]
    mask_url: None | str
    annotation_id: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.channel_intensity_dto import ChannelIntensityDto # noqa: PLC0415
        from ..models.label_voxels_dto import LabelVoxelsDto # noqa: PLC0415
        index = self.index

        name = self.name

        depth = self.depth

        height = self.height

        width = self.width

        channels = self.channels

        spacing = self.spacing



        modality = self.modality

        image_format = self.image_format

        mask_format = self.mask_format

        label_voxels = []
        for label_voxels_item_data in self.label_voxels:
            label_voxels_item = label_voxels_item_data.to_dict()
            label_voxels.append(label_voxels_item)



        intensities = []
        for intensities_item_data in self.intensities:
            intensities_item = intensities_item_data.to_dict()
            intensities.append(intensities_item)



        unlabeled = self.unlabeled

        window_center = self.window_center

        window_width = self.window_width

        first_pair = self.first_pair

        series_instance_uid = self.series_instance_uid

        image_urls = self.image_urls



        mask_url: None | str
        mask_url = self.mask_url

        annotation_id: None | str
        annotation_id = self.annotation_id


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "index": index,
            "name": name,
            "depth": depth,
            "height": height,
            "width": width,
            "channels": channels,
            "spacing": spacing,
            "modality": modality,
            "imageFormat": image_format,
            "maskFormat": mask_format,
            "labelVoxels": label_voxels,
            "intensities": intensities,
            "unlabeled": unlabeled,
            "windowCenter": window_center,
            "windowWidth": window_width,
            "firstPair": first_pair,
            "seriesInstanceUid": series_instance_uid,
            "imageUrls": image_urls,
            "maskUrl": mask_url,
            "annotationId": annotation_id,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.channel_intensity_dto import ChannelIntensityDto # noqa: PLC0415
        from ..models.label_voxels_dto import LabelVoxelsDto # noqa: PLC0415
        d = dict(src_dict)
        index = d.pop("index")

        name = d.pop("name")

        depth = d.pop("depth")

        height = d.pop("height")

        width = d.pop("width")

        channels = d.pop("channels")

        spacing = cast(list[float], d.pop("spacing"))


        modality = d.pop("modality")

        image_format = d.pop("imageFormat")

        mask_format = d.pop("maskFormat")

        label_voxels = []
        _label_voxels = d.pop("labelVoxels")
        for label_voxels_item_data in (_label_voxels):
            label_voxels_item = LabelVoxelsDto.from_dict(label_voxels_item_data)



            label_voxels.append(label_voxels_item)


        intensities = []
        _intensities = d.pop("intensities")
        for intensities_item_data in (_intensities):
            intensities_item = ChannelIntensityDto.from_dict(intensities_item_data)



            intensities.append(intensities_item)


        unlabeled = d.pop("unlabeled")

        window_center = d.pop("windowCenter")

        window_width = d.pop("windowWidth")

        first_pair = d.pop("firstPair")

        series_instance_uid = d.pop("seriesInstanceUid")

        image_urls = cast(list[str], d.pop("imageUrls"))


        def _parse_mask_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        mask_url = _parse_mask_url(d.pop("maskUrl"))


        def _parse_annotation_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        annotation_id = _parse_annotation_id(d.pop("annotationId"))


        case_dto = cls(
            index=index,
            name=name,
            depth=depth,
            height=height,
            width=width,
            channels=channels,
            spacing=spacing,
            modality=modality,
            image_format=image_format,
            mask_format=mask_format,
            label_voxels=label_voxels,
            intensities=intensities,
            unlabeled=unlabeled,
            window_center=window_center,
            window_width=window_width,
            first_pair=first_pair,
            series_instance_uid=series_instance_uid,
            image_urls=image_urls,
            mask_url=mask_url,
            annotation_id=annotation_id,
        )


        case_dto.additional_properties = d
        return case_dto

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
