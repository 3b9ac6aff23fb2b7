from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="JobProgressDto")



@_attrs_define
class JobProgressDto:
    """ 
        Attributes:
            done (float): Images (and volume slices) done so far, failed ones included
            total (float): 0 while not yet known (the archive is still being read)
            failed (float):
            images_per_second (float):
            elapsed_seconds (float):
            eta_seconds (float):
     """

    done: float
    total: float
    failed: float
    images_per_second: float
    elapsed_seconds: float
    eta_seconds: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        done = self.done

        total = self.total

        failed = self.failed

        images_per_second = self.images_per_second

        elapsed_seconds = self.elapsed_seconds

        eta_seconds = self.eta_seconds


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "done": done,
            "total": total,
            "failed": failed,
            "imagesPerSecond": images_per_second,
            "elapsedSeconds": elapsed_seconds,
            "etaSeconds": eta_seconds,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        done = d.pop("done")

        total = d.pop("total")

        failed = d.pop("failed")

        images_per_second = d.pop("imagesPerSecond")

        elapsed_seconds = d.pop("elapsedSeconds")

        eta_seconds = d.pop("etaSeconds")

        job_progress_dto = cls(
            done=done,
            total=total,
            failed=failed,
            images_per_second=images_per_second,
            elapsed_seconds=elapsed_seconds,
            eta_seconds=eta_seconds,
        )


        job_progress_dto.additional_properties = d
        return job_progress_dto

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
