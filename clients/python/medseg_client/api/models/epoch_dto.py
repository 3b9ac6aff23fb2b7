from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="EpochDto")



@_attrs_define
class EpochDto:
    """ 
        Attributes:
            epoch (float):
            epochs (float):
            train_loss (float):
            val_loss (float):
            val_dice (float | None): Mean over validation images; null when no image has a foreground class in truth or
                prediction
            val_iou (float | None):
            val_dice_per_class (list[float]): Index i = class i (background included); null for a class absent from every
                validation image and its prediction
            val_iou_per_class (list[float]):
            learning_rate (float):
            samples_per_second (float):
            elapsed_seconds (float):
            eta_seconds (float):
            is_best (bool):
     """

    epoch: float
    epochs: float
    train_loss: float
    val_loss: float
    val_dice: float | None
    val_iou: float | None
    val_dice_per_class: list[float]
    val_iou_per_class: list[float]
    learning_rate: float
    samples_per_second: float
    elapsed_seconds: float
    eta_seconds: float
    is_best: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        epoch = self.epoch

        epochs = self.epochs

        train_loss = self.train_loss

        val_loss = self.val_loss

        val_dice: float | None
        val_dice = self.val_dice

        val_iou: float | None
        val_iou = self.val_iou

        val_dice_per_class = self.val_dice_per_class



        val_iou_per_class = self.val_iou_per_class



        learning_rate = self.learning_rate

        samples_per_second = self.samples_per_second

        elapsed_seconds = self.elapsed_seconds

        eta_seconds = self.eta_seconds

        is_best = self.is_best


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "epoch": epoch,
            "epochs": epochs,
            "trainLoss": train_loss,
            "valLoss": val_loss,
            "valDice": val_dice,
            "valIou": val_iou,
            "valDicePerClass": val_dice_per_class,
            "valIouPerClass": val_iou_per_class,
            "learningRate": learning_rate,
            "samplesPerSecond": samples_per_second,
            "elapsedSeconds": elapsed_seconds,
            "etaSeconds": eta_seconds,
            "isBest": is_best,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        epoch = d.pop("epoch")

        epochs = d.pop("epochs")

        train_loss = d.pop("trainLoss")

        val_loss = d.pop("valLoss")

        def _parse_val_dice(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        val_dice = _parse_val_dice(d.pop("valDice"))


        def _parse_val_iou(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        val_iou = _parse_val_iou(d.pop("valIou"))


        val_dice_per_class = cast(list[float], d.pop("valDicePerClass"))


        val_iou_per_class = cast(list[float], d.pop("valIouPerClass"))


        learning_rate = d.pop("learningRate")

        samples_per_second = d.pop("samplesPerSecond")

        elapsed_seconds = d.pop("elapsedSeconds")

        eta_seconds = d.pop("etaSeconds")

        is_best = d.pop("isBest")

        epoch_dto = cls(
            epoch=epoch,
            epochs=epochs,
            train_loss=train_loss,
            val_loss=val_loss,
            val_dice=val_dice,
            val_iou=val_iou,
            val_dice_per_class=val_dice_per_class,
            val_iou_per_class=val_iou_per_class,
            learning_rate=learning_rate,
            samples_per_second=samples_per_second,
            elapsed_seconds=elapsed_seconds,
            eta_seconds=eta_seconds,
            is_best=is_best,
        )


        epoch_dto.additional_properties = d
        return epoch_dto

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
