from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.label_name_dto import LabelNameDto





T = TypeVar("T", bound="ModelClassesDto")



@_attrs_define
class ModelClassesDto:
    """ 
        Attributes:
            label_values (list[float]): Label value of each class in the masks (index = class)
            class_count (float):
            labels (list[LabelNameDto]): Names of the label values, from the dataset it was trained on (empty names where it
                gave none)
     """

    label_values: list[float]
    class_count: float
    labels: list[LabelNameDto]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.label_name_dto import LabelNameDto # noqa: PLC0415
        label_values = self.label_values



        class_count = self.class_count

        labels = []
        for labels_item_data in self.labels:
            labels_item = labels_item_data.to_dict()
            labels.append(labels_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "labelValues": label_values,
            "classCount": class_count,
            "labels": labels,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.label_name_dto import LabelNameDto # noqa: PLC0415
        d = dict(src_dict)
        label_values = cast(list[float], d.pop("labelValues"))


        class_count = d.pop("classCount")

        labels = []
        _labels = d.pop("labels")
        for labels_item_data in (_labels):
            labels_item = LabelNameDto.from_dict(labels_item_data)



            labels.append(labels_item)


        model_classes_dto = cls(
            label_values=label_values,
            class_count=class_count,
            labels=labels,
        )


        model_classes_dto.additional_properties = d
        return model_classes_dto

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
