from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.gain_metric_dto_metric import GainMetricDtoMetric
from typing import cast






T = TypeVar("T", bound="GainMetricDto")



@_attrs_define
class GainMetricDto:
    """ 
        Attributes:
            metric (GainMetricDtoMetric):
            parent (float | None): The parent's mean over the cases
            child (float | None): The child's mean over the same cases
            difference (float | None): child - parent; null when either is
            higher_is_better (bool): false for distances (hausdorff95, surfaceDistance): a negative difference is the gain
     """

    metric: GainMetricDtoMetric
    parent: float | None
    child: float | None
    difference: float | None
    higher_is_better: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        metric = self.metric.value

        parent: float | None
        parent = self.parent

        child: float | None
        child = self.child

        difference: float | None
        difference = self.difference

        higher_is_better = self.higher_is_better


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "metric": metric,
            "parent": parent,
            "child": child,
            "difference": difference,
            "higherIsBetter": higher_is_better,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        metric = GainMetricDtoMetric(d.pop("metric"))




        def _parse_parent(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        parent = _parse_parent(d.pop("parent"))


        def _parse_child(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        child = _parse_child(d.pop("child"))


        def _parse_difference(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        difference = _parse_difference(d.pop("difference"))


        higher_is_better = d.pop("higherIsBetter")

        gain_metric_dto = cls(
            metric=metric,
            parent=parent,
            child=child,
            difference=difference,
            higher_is_better=higher_is_better,
        )


        gain_metric_dto.additional_properties = d
        return gain_metric_dto

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
