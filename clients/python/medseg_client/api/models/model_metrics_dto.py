from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.class_metrics_dto import ClassMetricsDto





T = TypeVar("T", bound="ModelMetricsDto")



@_attrs_define
class ModelMetricsDto:
    """ 
        Attributes:
            best_epoch (float): The epoch whose weights are the model (best validation Dice)
            best_dice (float | None):
            best_iou (float | None):
            per_class (list[ClassMetricsDto]): Best epoch, one entry per class, background first
            epochs_run (float):
     """

    best_epoch: float
    best_dice: float | None
    best_iou: float | None
    per_class: list[ClassMetricsDto]
    epochs_run: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.class_metrics_dto import ClassMetricsDto # noqa: PLC0415
        best_epoch = self.best_epoch

        best_dice: float | None
        best_dice = self.best_dice

        best_iou: float | None
        best_iou = self.best_iou

        per_class = []
        for per_class_item_data in self.per_class:
            per_class_item = per_class_item_data.to_dict()
            per_class.append(per_class_item)



        epochs_run = self.epochs_run


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "bestEpoch": best_epoch,
            "bestDice": best_dice,
            "bestIou": best_iou,
            "perClass": per_class,
            "epochsRun": epochs_run,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.class_metrics_dto import ClassMetricsDto # noqa: PLC0415
        d = dict(src_dict)
        best_epoch = d.pop("bestEpoch")

        def _parse_best_dice(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        best_dice = _parse_best_dice(d.pop("bestDice"))


        def _parse_best_iou(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        best_iou = _parse_best_iou(d.pop("bestIou"))


        per_class = []
        _per_class = d.pop("perClass")
        for per_class_item_data in (_per_class):
            per_class_item = ClassMetricsDto.from_dict(per_class_item_data)



            per_class.append(per_class_item)


        epochs_run = d.pop("epochsRun")

        model_metrics_dto = cls(
            best_epoch=best_epoch,
            best_dice=best_dice,
            best_iou=best_iou,
            per_class=per_class,
            epochs_run=epochs_run,
        )


        model_metrics_dto.additional_properties = d
        return model_metrics_dto

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
