from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="StepProgressDto")



@_attrs_define
class StepProgressDto:
    """ 
        Attributes:
            epoch (float):
            epochs (float):
            step (float):
            total_steps (float):
            train_loss (float):
            samples_per_second (float):
            elapsed_seconds (float):
            eta_seconds (float):
     """

    epoch: float
    epochs: float
    step: float
    total_steps: float
    train_loss: float
    samples_per_second: float
    elapsed_seconds: float
    eta_seconds: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        epoch = self.epoch

        epochs = self.epochs

        step = self.step

        total_steps = self.total_steps

        train_loss = self.train_loss

        samples_per_second = self.samples_per_second

        elapsed_seconds = self.elapsed_seconds

        eta_seconds = self.eta_seconds


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "epoch": epoch,
            "epochs": epochs,
            "step": step,
            "totalSteps": total_steps,
            "trainLoss": train_loss,
            "samplesPerSecond": samples_per_second,
            "elapsedSeconds": elapsed_seconds,
            "etaSeconds": eta_seconds,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        epoch = d.pop("epoch")

        epochs = d.pop("epochs")

        step = d.pop("step")

        total_steps = d.pop("totalSteps")

        train_loss = d.pop("trainLoss")

        samples_per_second = d.pop("samplesPerSecond")

        elapsed_seconds = d.pop("elapsedSeconds")

        eta_seconds = d.pop("etaSeconds")

        step_progress_dto = cls(
            epoch=epoch,
            epochs=epochs,
            step=step,
            total_steps=total_steps,
            train_loss=train_loss,
            samples_per_second=samples_per_second,
            elapsed_seconds=elapsed_seconds,
            eta_seconds=eta_seconds,
        )


        step_progress_dto.additional_properties = d
        return step_progress_dto

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
