from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="JobCompletedDto")



@_attrs_define
class JobCompletedDto:
    """ 
        Attributes:
            best_epoch (float | Unset): Training
            best_val_dice (float | None | Unset): Training; null when no validation image had a foreground class
            stopped_early (bool | Unset): Training: a cancel kept the best checkpoint
            report_bytes (float | Unset): Evaluation and batch
            masks_bytes (float | Unset): Batch
            csv_bytes (float | Unset): Batch
     """

    best_epoch: float | Unset = UNSET
    best_val_dice: float | None | Unset = UNSET
    stopped_early: bool | Unset = UNSET
    report_bytes: float | Unset = UNSET
    masks_bytes: float | Unset = UNSET
    csv_bytes: float | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        best_epoch = self.best_epoch

        best_val_dice: float | None | Unset
        if isinstance(self.best_val_dice, Unset):
            best_val_dice = UNSET
        else:
            best_val_dice = self.best_val_dice

        stopped_early = self.stopped_early

        report_bytes = self.report_bytes

        masks_bytes = self.masks_bytes

        csv_bytes = self.csv_bytes


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
        })
        if best_epoch is not UNSET:
            field_dict["bestEpoch"] = best_epoch
        if best_val_dice is not UNSET:
            field_dict["bestValDice"] = best_val_dice
        if stopped_early is not UNSET:
            field_dict["stoppedEarly"] = stopped_early
        if report_bytes is not UNSET:
            field_dict["reportBytes"] = report_bytes
        if masks_bytes is not UNSET:
            field_dict["masksBytes"] = masks_bytes
        if csv_bytes is not UNSET:
            field_dict["csvBytes"] = csv_bytes

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        best_epoch = d.pop("bestEpoch", UNSET)

        def _parse_best_val_dice(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        best_val_dice = _parse_best_val_dice(d.pop("bestValDice", UNSET))


        stopped_early = d.pop("stoppedEarly", UNSET)

        report_bytes = d.pop("reportBytes", UNSET)

        masks_bytes = d.pop("masksBytes", UNSET)

        csv_bytes = d.pop("csvBytes", UNSET)

        job_completed_dto = cls(
            best_epoch=best_epoch,
            best_val_dice=best_val_dice,
            stopped_early=stopped_early,
            report_bytes=report_bytes,
            masks_bytes=masks_bytes,
            csv_bytes=csv_bytes,
        )


        job_completed_dto.additional_properties = d
        return job_completed_dto

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
