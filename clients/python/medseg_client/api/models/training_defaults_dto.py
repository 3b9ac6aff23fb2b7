from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.auto_choice_dto import AutoChoiceDto
  from ..models.hyperparameters_dto import HyperparametersDto
  from ..models.input_size_rule_dto import InputSizeRuleDto
  from ..models.training_defaults_dto_ranges import TrainingDefaultsDtoRanges





T = TypeVar("T", bound="TrainingDefaultsDto")



@_attrs_define
class TrainingDefaultsDto:
    """ 
        Attributes:
            hyperparameters (HyperparametersDto):
            ranges (TrainingDefaultsDtoRanges): By hyper-parameter name (camelCase)
            input_size_rules (list[InputSizeRuleDto]): inputSize must be a multiple of the rule for the architecture and
                depth
            volume_defaults (HyperparametersDto | None): unet_3d's values (patchSize, targetSpacing from the dataset's
                fingerprint); null without a dataset with volumes
            auto_defaults (HyperparametersDto | None): The "Auto" preset for the dataset: what a 2D model of it trains with
                when a field is not sent (input size, batch size within the device memory, epochs from its size); null without a
                dataset
            auto_choices (list[AutoChoiceDto]): Why autoDefaults hold what they hold
            volume_choices (list[AutoChoiceDto]): Why volumeDefaults hold what they hold
     """

    hyperparameters: HyperparametersDto
    ranges: TrainingDefaultsDtoRanges
    input_size_rules: list[InputSizeRuleDto]
    volume_defaults: HyperparametersDto | None
    auto_defaults: HyperparametersDto | None
    auto_choices: list[AutoChoiceDto]
    volume_choices: list[AutoChoiceDto]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.auto_choice_dto import AutoChoiceDto # noqa: PLC0415
        from ..models.hyperparameters_dto import HyperparametersDto # noqa: PLC0415
        from ..models.input_size_rule_dto import InputSizeRuleDto # noqa: PLC0415
        from ..models.training_defaults_dto_ranges import TrainingDefaultsDtoRanges # noqa: PLC0415
        hyperparameters = self.hyperparameters.to_dict()

        ranges = self.ranges.to_dict()

        input_size_rules = []
        for input_size_rules_item_data in self.input_size_rules:
            input_size_rules_item = input_size_rules_item_data.to_dict()
            input_size_rules.append(input_size_rules_item)



        volume_defaults: dict[str, Any] | None
        if isinstance(self.volume_defaults, HyperparametersDto):
            volume_defaults = self.volume_defaults.to_dict()
        else:
            volume_defaults = self.volume_defaults

        auto_defaults: dict[str, Any] | None
        if isinstance(self.auto_defaults, HyperparametersDto):
            auto_defaults = self.auto_defaults.to_dict()
        else:
            auto_defaults = self.auto_defaults

        auto_choices = []
        for auto_choices_item_data in self.auto_choices:
            auto_choices_item = auto_choices_item_data.to_dict()
            auto_choices.append(auto_choices_item)



        volume_choices = []
        for volume_choices_item_data in self.volume_choices:
            volume_choices_item = volume_choices_item_data.to_dict()
            volume_choices.append(volume_choices_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "hyperparameters": hyperparameters,
            "ranges": ranges,
            "inputSizeRules": input_size_rules,
            "volumeDefaults": volume_defaults,
            "autoDefaults": auto_defaults,
            "autoChoices": auto_choices,
            "volumeChoices": volume_choices,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.auto_choice_dto import AutoChoiceDto # noqa: PLC0415
        from ..models.hyperparameters_dto import HyperparametersDto # noqa: PLC0415
        from ..models.input_size_rule_dto import InputSizeRuleDto # noqa: PLC0415
        from ..models.training_defaults_dto_ranges import TrainingDefaultsDtoRanges # noqa: PLC0415
        d = dict(src_dict)
        hyperparameters = HyperparametersDto.from_dict(d.pop("hyperparameters"))




        ranges = TrainingDefaultsDtoRanges.from_dict(d.pop("ranges"))




        input_size_rules = []
        _input_size_rules = d.pop("inputSizeRules")
        for input_size_rules_item_data in (_input_size_rules):
            input_size_rules_item = InputSizeRuleDto.from_dict(input_size_rules_item_data)



            input_size_rules.append(input_size_rules_item)


        def _parse_volume_defaults(data: object) -> HyperparametersDto | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                volume_defaults_type_0 = HyperparametersDto.from_dict(data)



                return volume_defaults_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(HyperparametersDto | None, data)

        volume_defaults = _parse_volume_defaults(d.pop("volumeDefaults"))


        def _parse_auto_defaults(data: object) -> HyperparametersDto | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                auto_defaults_type_0 = HyperparametersDto.from_dict(data)



                return auto_defaults_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(HyperparametersDto | None, data)

        auto_defaults = _parse_auto_defaults(d.pop("autoDefaults"))


        auto_choices = []
        _auto_choices = d.pop("autoChoices")
        for auto_choices_item_data in (_auto_choices):
            auto_choices_item = AutoChoiceDto.from_dict(auto_choices_item_data)



            auto_choices.append(auto_choices_item)


        volume_choices = []
        _volume_choices = d.pop("volumeChoices")
        for volume_choices_item_data in (_volume_choices):
            volume_choices_item = AutoChoiceDto.from_dict(volume_choices_item_data)



            volume_choices.append(volume_choices_item)


        training_defaults_dto = cls(
            hyperparameters=hyperparameters,
            ranges=ranges,
            input_size_rules=input_size_rules,
            volume_defaults=volume_defaults,
            auto_defaults=auto_defaults,
            auto_choices=auto_choices,
            volume_choices=volume_choices,
        )


        training_defaults_dto.additional_properties = d
        return training_defaults_dto

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
