from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.volume_result_dto_kind import VolumeResultDtoKind
from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.label_name_dto import LabelNameDto
  from ..models.label_voxels_dto import LabelVoxelsDto
  from ..models.timings_dto import TimingsDto
  from ..models.volume_scores_dto import VolumeScoresDto





T = TypeVar("T", bound="VolumeResultDto")



@_attrs_define
class VolumeResultDto:
    """ 
        Attributes:
            id (str): The stored inference result
            kind (VolumeResultDtoKind):
            file_name (str): The uploaded file, or "<dataset> / <case>"
            depth (float): Slices
            height (float): Rows
            width (float): Columns
            channels (float):
            spacing (list[float]): mm per (slice, row, column); 1 = pixels for a 2D image
            label_values (list[float]): Class i is label value labelValues[i]
            labels (list[LabelNameDto]): Names of the foreground label values (the model card)
            window_center (float): The input's own window (DICOM), else from its 0.5/99.5 percentiles
            window_width (float):
            timings (TimingsDto):
            model_was_loaded (bool):
            has_image (bool): false when storing inference inputs is off: volume/image.nii.gz was not kept
            has_ground_truth (bool): A dataset case: volume/ground-truth.nii.gz and scores
            has_dicom_seg (bool): DICOM series input: mask?format=dicom-seg
            label_voxels (list[LabelVoxelsDto]): Predicted voxels per foreground label value
            scores (VolumeScoresDto | Unset):
     """

    id: str
    kind: VolumeResultDtoKind
    file_name: str
    depth: float
    height: float
    width: float
    channels: float
    spacing: list[float]
    label_values: list[float]
    labels: list[LabelNameDto]
    window_center: float
    window_width: float
    timings: TimingsDto
    model_was_loaded: bool
    has_image: bool
    has_ground_truth: bool
    has_dicom_seg: bool
    label_voxels: list[LabelVoxelsDto]
    scores: VolumeScoresDto | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.label_name_dto import LabelNameDto # noqa: PLC0415
        from ..models.label_voxels_dto import LabelVoxelsDto # noqa: PLC0415
        from ..models.timings_dto import TimingsDto # noqa: PLC0415
        from ..models.volume_scores_dto import VolumeScoresDto # noqa: PLC0415
        id = self.id

        kind = self.kind.value

        file_name = self.file_name

        depth = self.depth

        height = self.height

        width = self.width

        channels = self.channels

        spacing = self.spacing



        label_values = self.label_values



        labels = []
        for labels_item_data in self.labels:
            labels_item = labels_item_data.to_dict()
            labels.append(labels_item)



        window_center = self.window_center

        window_width = self.window_width

        timings = self.timings.to_dict()

        model_was_loaded = self.model_was_loaded

        has_image = self.has_image

        has_ground_truth = self.has_ground_truth

        has_dicom_seg = self.has_dicom_seg

        label_voxels = []
        for label_voxels_item_data in self.label_voxels:
            label_voxels_item = label_voxels_item_data.to_dict()
            label_voxels.append(label_voxels_item)



        scores: dict[str, Any] | Unset = UNSET
        if not isinstance(self.scores, Unset):
            scores = self.scores.to_dict()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "kind": kind,
            "fileName": file_name,
            "depth": depth,
            "height": height,
            "width": width,
            "channels": channels,
            "spacing": spacing,
            "labelValues": label_values,
            "labels": labels,
            "windowCenter": window_center,
            "windowWidth": window_width,
            "timings": timings,
            "modelWasLoaded": model_was_loaded,
            "hasImage": has_image,
            "hasGroundTruth": has_ground_truth,
            "hasDicomSeg": has_dicom_seg,
            "labelVoxels": label_voxels,
        })
        if scores is not UNSET:
            field_dict["scores"] = scores

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.label_name_dto import LabelNameDto # noqa: PLC0415
        from ..models.label_voxels_dto import LabelVoxelsDto # noqa: PLC0415
        from ..models.timings_dto import TimingsDto # noqa: PLC0415
        from ..models.volume_scores_dto import VolumeScoresDto # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        kind = VolumeResultDtoKind(d.pop("kind"))




        file_name = d.pop("fileName")

        depth = d.pop("depth")

        height = d.pop("height")

        width = d.pop("width")

        channels = d.pop("channels")

        spacing = cast(list[float], d.pop("spacing"))


        label_values = cast(list[float], d.pop("labelValues"))


        labels = []
        _labels = d.pop("labels")
        for labels_item_data in (_labels):
            labels_item = LabelNameDto.from_dict(labels_item_data)



            labels.append(labels_item)


        window_center = d.pop("windowCenter")

        window_width = d.pop("windowWidth")

        timings = TimingsDto.from_dict(d.pop("timings"))




        model_was_loaded = d.pop("modelWasLoaded")

        has_image = d.pop("hasImage")

        has_ground_truth = d.pop("hasGroundTruth")

        has_dicom_seg = d.pop("hasDicomSeg")

        label_voxels = []
        _label_voxels = d.pop("labelVoxels")
        for label_voxels_item_data in (_label_voxels):
            label_voxels_item = LabelVoxelsDto.from_dict(label_voxels_item_data)



            label_voxels.append(label_voxels_item)


        _scores = d.pop("scores", UNSET)
        scores: VolumeScoresDto | Unset
        if isinstance(_scores,  Unset):
            scores = UNSET
        else:
            scores = VolumeScoresDto.from_dict(_scores)




        volume_result_dto = cls(
            id=id,
            kind=kind,
            file_name=file_name,
            depth=depth,
            height=height,
            width=width,
            channels=channels,
            spacing=spacing,
            label_values=label_values,
            labels=labels,
            window_center=window_center,
            window_width=window_width,
            timings=timings,
            model_was_loaded=model_was_loaded,
            has_image=has_image,
            has_ground_truth=has_ground_truth,
            has_dicom_seg=has_dicom_seg,
            label_voxels=label_voxels,
            scores=scores,
        )


        volume_result_dto.additional_properties = d
        return volume_result_dto

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
