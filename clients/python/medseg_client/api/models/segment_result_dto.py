from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.label_name_dto import LabelNameDto
  from ..models.timings_dto import TimingsDto





T = TypeVar("T", bound="SegmentResultDto")



@_attrs_define
class SegmentResultDto:
    """ 
        Attributes:
            result_id (None | str): Stored result id; null with persist=false
            width (float):
            height (float):
            slice_count (float):
            image (None | str): data:image/png;base64 display image; null unless asked for (include=image)
            mask (str): data:image/png;base64 class-index mask
            probabilities (list[str]): data:image/png;base64 probability map per class; empty unless asked for
                (include=probabilities)
            label_values (list[float]):
            labels (list[LabelNameDto]): The model's names of its label values (empty names where it has none)
            timings (TimingsDto):
            model_was_loaded (bool):
            ground_truth (None | str):
            dice_per_class (list[float]): Index i = class i (background included); null for a class absent from both
                prediction and truth
            iou_per_class (list[float]):
            dice (float | None):
            iou (float | None):
     """

    result_id: None | str
    width: float
    height: float
    slice_count: float
    image: None | str
    mask: str
    probabilities: list[str]
    label_values: list[float]
    labels: list[LabelNameDto]
    timings: TimingsDto
    model_was_loaded: bool
    ground_truth: None | str
    dice_per_class: list[float]
    iou_per_class: list[float]
    dice: float | None
    iou: float | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.label_name_dto import LabelNameDto # noqa: PLC0415
        from ..models.timings_dto import TimingsDto # noqa: PLC0415
        result_id: None | str
        result_id = self.result_id

        width = self.width

        height = self.height

        slice_count = self.slice_count

        image: None | str
        image = self.image

        mask = self.mask

        probabilities = self.probabilities



        label_values = self.label_values



        labels = []
        for labels_item_data in self.labels:
            labels_item = labels_item_data.to_dict()
            labels.append(labels_item)



        timings = self.timings.to_dict()

        model_was_loaded = self.model_was_loaded

        ground_truth: None | str
        ground_truth = self.ground_truth

        dice_per_class = self.dice_per_class



        iou_per_class = self.iou_per_class



        dice: float | None
        dice = self.dice

        iou: float | None
        iou = self.iou


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "resultId": result_id,
            "width": width,
            "height": height,
            "sliceCount": slice_count,
            "image": image,
            "mask": mask,
            "probabilities": probabilities,
            "labelValues": label_values,
            "labels": labels,
            "timings": timings,
            "modelWasLoaded": model_was_loaded,
            "groundTruth": ground_truth,
            "dicePerClass": dice_per_class,
            "iouPerClass": iou_per_class,
            "dice": dice,
            "iou": iou,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.label_name_dto import LabelNameDto # noqa: PLC0415
        from ..models.timings_dto import TimingsDto # noqa: PLC0415
        d = dict(src_dict)
        def _parse_result_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        result_id = _parse_result_id(d.pop("resultId"))


        width = d.pop("width")

        height = d.pop("height")

        slice_count = d.pop("sliceCount")

        def _parse_image(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        image = _parse_image(d.pop("image"))


        mask = d.pop("mask")

        probabilities = cast(list[str], d.pop("probabilities"))


        label_values = cast(list[float], d.pop("labelValues"))


        labels = []
        _labels = d.pop("labels")
        for labels_item_data in (_labels):
            labels_item = LabelNameDto.from_dict(labels_item_data)



            labels.append(labels_item)


        timings = TimingsDto.from_dict(d.pop("timings"))




        model_was_loaded = d.pop("modelWasLoaded")

        def _parse_ground_truth(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        ground_truth = _parse_ground_truth(d.pop("groundTruth"))


        dice_per_class = cast(list[float], d.pop("dicePerClass"))


        iou_per_class = cast(list[float], d.pop("iouPerClass"))


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


        segment_result_dto = cls(
            result_id=result_id,
            width=width,
            height=height,
            slice_count=slice_count,
            image=image,
            mask=mask,
            probabilities=probabilities,
            label_values=label_values,
            labels=labels,
            timings=timings,
            model_was_loaded=model_was_loaded,
            ground_truth=ground_truth,
            dice_per_class=dice_per_class,
            iou_per_class=iou_per_class,
            dice=dice,
            iou=iou,
        )


        segment_result_dto.additional_properties = d
        return segment_result_dto

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
