from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.hyperparameters_dto import HyperparametersDto
  from ..models.input_size_rule_dto import InputSizeRuleDto
  from ..models.model_defaults_dto_ranges import ModelDefaultsDtoRanges





T = TypeVar("T", bound="ModelDefaultsDto")



@_attrs_define
class ModelDefaultsDto:
    """ 
        Attributes:
            hyperparameters (HyperparametersDto):
            ranges (ModelDefaultsDtoRanges): By hyper-parameter name (camelCase)
            input_size_rules (list[InputSizeRuleDto]): inputSize must be a multiple of the rule for the architecture and
                depth
     """

    hyperparameters: HyperparametersDto
    ranges: ModelDefaultsDtoRanges
    input_size_rules: list[InputSizeRuleDto]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.hyperparameters_dto import HyperparametersDto # noqa: PLC0415
        from ..models.input_size_rule_dto import InputSizeRuleDto # noqa: PLC0415
        from ..models.model_defaults_dto_ranges import ModelDefaultsDtoRanges # noqa: PLC0415
        hyperparameters = self.hyperparameters.to_dict()

        ranges = self.ranges.to_dict()

        input_size_rules = []
        for input_size_rules_item_data in self.input_size_rules:
            input_size_rules_item = input_size_rules_item_data.to_dict()
            input_size_rules.append(input_size_rules_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "hyperparameters": hyperparameters,
            "ranges": ranges,
            "inputSizeRules": input_size_rules,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.hyperparameters_dto import HyperparametersDto # noqa: PLC0415
        from ..models.input_size_rule_dto import InputSizeRuleDto # noqa: PLC0415
        from ..models.model_defaults_dto_ranges import ModelDefaultsDtoRanges # noqa: PLC0415
        d = dict(src_dict)
        hyperparameters = HyperparametersDto.from_dict(d.pop("hyperparameters"))




        ranges = ModelDefaultsDtoRanges.from_dict(d.pop("ranges"))




        input_size_rules = []
        _input_size_rules = d.pop("inputSizeRules")
        for input_size_rules_item_data in (_input_size_rules):
            input_size_rules_item = InputSizeRuleDto.from_dict(input_size_rules_item_data)



            input_size_rules.append(input_size_rules_item)


        model_defaults_dto = cls(
            hyperparameters=hyperparameters,
            ranges=ranges,
            input_size_rules=input_size_rules,
        )


        model_defaults_dto.additional_properties = d
        return model_defaults_dto

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
