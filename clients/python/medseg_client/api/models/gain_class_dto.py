from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.gain_metric_dto import GainMetricDto





T = TypeVar("T", bound="GainClassDto")



@_attrs_define
class GainClassDto:
    """ 
        Attributes:
            class_index (float):
            label_value (float):
            name (str): '' when the dataset names none
            metrics (list[GainMetricDto]):
     """

    class_index: float
    label_value: float
    name: str
    metrics: list[GainMetricDto]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.gain_metric_dto import GainMetricDto # noqa: PLC0415
        class_index = self.class_index

        label_value = self.label_value

        name = self.name

        metrics = []
        for metrics_item_data in self.metrics:
            metrics_item = metrics_item_data.to_dict()
            metrics.append(metrics_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "classIndex": class_index,
            "labelValue": label_value,
            "name": name,
            "metrics": metrics,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.gain_metric_dto import GainMetricDto # noqa: PLC0415
        d = dict(src_dict)
        class_index = d.pop("classIndex")

        label_value = d.pop("labelValue")

        name = d.pop("name")

        metrics = []
        _metrics = d.pop("metrics")
        for metrics_item_data in (_metrics):
            metrics_item = GainMetricDto.from_dict(metrics_item_data)



            metrics.append(metrics_item)


        gain_class_dto = cls(
            class_index=class_index,
            label_value=label_value,
            name=name,
            metrics=metrics,
        )


        gain_class_dto.additional_properties = d
        return gain_class_dto

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
