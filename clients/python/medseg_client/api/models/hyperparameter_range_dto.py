from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="HyperparameterRangeDto")



@_attrs_define
class HyperparameterRangeDto:
    """ 
        Attributes:
            min_ (float):
            max_ (float):
            step (float): What a form steps by; not enforced
            min_exclusive (bool): min itself is refused
            allowed (list[float]): When not empty, the only values accepted
     """

    min_: float
    max_: float
    step: float
    min_exclusive: bool
    allowed: list[float]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        min_ = self.min_

        max_ = self.max_

        step = self.step

        min_exclusive = self.min_exclusive

        allowed = self.allowed




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "min": min_,
            "max": max_,
            "step": step,
            "minExclusive": min_exclusive,
            "allowed": allowed,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        min_ = d.pop("min")

        max_ = d.pop("max")

        step = d.pop("step")

        min_exclusive = d.pop("minExclusive")

        allowed = cast(list[float], d.pop("allowed"))


        hyperparameter_range_dto = cls(
            min_=min_,
            max_=max_,
            step=step,
            min_exclusive=min_exclusive,
            allowed=allowed,
        )


        hyperparameter_range_dto.additional_properties = d
        return hyperparameter_range_dto

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
