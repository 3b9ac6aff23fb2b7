from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="ResyncResultDto")



@_attrs_define
class ResyncResultDto:
    """ 
        Attributes:
            datasets (float): Datasets found in S3 and written to the cache
            models (float): Models found in S3 (model.json cards, run.json of failed and cancelled runs) and written to the
                cache
            evaluations (float): Completed evaluations found in S3 (their reports) and written to the cache
            batches (float): Completed batches found in S3 (batch.json) and written to the cache
            inference_results (float): Stored segmentations found in S3 (inference/<id>/result.json) and written to the
                cache
            users (float): Users found in S3 (users/<id>.json) and written to the cache
            tokens (float): API tokens found in S3 (tokens/<id>.json) and written to the cache
            audit_events (float): Audit events found in S3 (audit/<day>/<time>-<id>.json) and written to the cache
            removed (float): Cached datasets, models, evaluations, batches, users, tokens and audit events no longer in S3,
                removed
            skipped (list[str]): Manifests that could not be read
     """

    datasets: float
    models: float
    evaluations: float
    batches: float
    inference_results: float
    users: float
    tokens: float
    audit_events: float
    removed: float
    skipped: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        datasets = self.datasets

        models = self.models

        evaluations = self.evaluations

        batches = self.batches

        inference_results = self.inference_results

        users = self.users

        tokens = self.tokens

        audit_events = self.audit_events

        removed = self.removed

        skipped = self.skipped




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "datasets": datasets,
            "models": models,
            "evaluations": evaluations,
            "batches": batches,
            "inferenceResults": inference_results,
            "users": users,
            "tokens": tokens,
            "auditEvents": audit_events,
            "removed": removed,
            "skipped": skipped,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        datasets = d.pop("datasets")

        models = d.pop("models")

        evaluations = d.pop("evaluations")

        batches = d.pop("batches")

        inference_results = d.pop("inferenceResults")

        users = d.pop("users")

        tokens = d.pop("tokens")

        audit_events = d.pop("auditEvents")

        removed = d.pop("removed")

        skipped = cast(list[str], d.pop("skipped"))


        resync_result_dto = cls(
            datasets=datasets,
            models=models,
            evaluations=evaluations,
            batches=batches,
            inference_results=inference_results,
            users=users,
            tokens=tokens,
            audit_events=audit_events,
            removed=removed,
            skipped=skipped,
        )


        resync_result_dto.additional_properties = d
        return resync_result_dto

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
