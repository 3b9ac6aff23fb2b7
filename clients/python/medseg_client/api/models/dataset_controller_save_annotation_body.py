from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field
import json
from .. import types

from ..types import UNSET, Unset

from ..models.dataset_controller_save_annotation_body_on_conflict import DatasetControllerSaveAnnotationBodyOnConflict
from ..models.dataset_controller_save_annotation_body_proposal_source import DatasetControllerSaveAnnotationBodyProposalSource
from ..types import File, FileTypes
from ..types import UNSET, Unset
from io import BytesIO






T = TypeVar("T", bound="DatasetControllerSaveAnnotationBody")



@_attrs_define
class DatasetControllerSaveAnnotationBody:
    """ 
        Attributes:
            base_version (int): The version the person opened; send the fields before the files
            proposal_source (DatasetControllerSaveAnnotationBodyProposalSource):
            mask (File): .nii.gz/.nii on the case's grid, or .png for a one-slice case
            proposal_model_id (str | Unset): When proposalSource is model
            seconds_spent (float | Unset):
            on_conflict (DatasetControllerSaveAnnotationBodyOnConflict | Unset):  Default:
                DatasetControllerSaveAnnotationBodyOnConflict.FAIL.
            proposal (File | Unset): Optional: the mask the person started from
     """

    base_version: int
    proposal_source: DatasetControllerSaveAnnotationBodyProposalSource
    mask: File
    proposal_model_id: str | Unset = UNSET
    seconds_spent: float | Unset = UNSET
    on_conflict: DatasetControllerSaveAnnotationBodyOnConflict | Unset = DatasetControllerSaveAnnotationBodyOnConflict.FAIL
    proposal: File | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        base_version = self.base_version

        proposal_source = self.proposal_source.value

        mask = self.mask.to_tuple()


        proposal_model_id = self.proposal_model_id

        seconds_spent = self.seconds_spent

        on_conflict: str | Unset = UNSET
        if not isinstance(self.on_conflict, Unset):
            on_conflict = self.on_conflict.value


        proposal: FileTypes | Unset = UNSET
        if not isinstance(self.proposal, Unset):
            proposal = self.proposal.to_tuple()



        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "baseVersion": base_version,
            "proposalSource": proposal_source,
            "mask": mask,
        })
        if proposal_model_id is not UNSET:
            field_dict["proposalModelId"] = proposal_model_id
        if seconds_spent is not UNSET:
            field_dict["secondsSpent"] = seconds_spent
        if on_conflict is not UNSET:
            field_dict["onConflict"] = on_conflict
        if proposal is not UNSET:
            field_dict["proposal"] = proposal

        return field_dict


    def to_multipart(self) -> types.RequestFiles:
        files: types.RequestFiles = []

        files.append(("baseVersion", (None, str(self.base_version).encode(), "text/plain")))



        files.append(("proposalSource",  (None, str(self.proposal_source.value).encode(), "text/plain")))



        files.append(("mask", self.mask.to_tuple()))



        if not isinstance(self.proposal_model_id, Unset):
            files.append(("proposalModelId", (None, str(self.proposal_model_id).encode(), "text/plain")))



        if not isinstance(self.seconds_spent, Unset):
            files.append(("secondsSpent", (None, str(self.seconds_spent).encode(), "text/plain")))



        if not isinstance(self.on_conflict, Unset):
            files.append(("onConflict",  (None, str(self.on_conflict.value).encode(), "text/plain")))



        if not isinstance(self.proposal, Unset):
            files.append(("proposal", self.proposal.to_tuple()))




        for prop_name, prop in self.additional_properties.items():
            files.append((prop_name, (None, str(prop).encode(), "text/plain")))



        return files


    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        base_version = d.pop("baseVersion")

        proposal_source = DatasetControllerSaveAnnotationBodyProposalSource(d.pop("proposalSource"))




        mask = File(
             payload = BytesIO(d.pop("mask"))
        )




        proposal_model_id = d.pop("proposalModelId", UNSET)

        seconds_spent = d.pop("secondsSpent", UNSET)

        _on_conflict = d.pop("onConflict", UNSET)
        on_conflict: DatasetControllerSaveAnnotationBodyOnConflict | Unset
        if isinstance(_on_conflict,  Unset):
            on_conflict = UNSET
        else:
            on_conflict = DatasetControllerSaveAnnotationBodyOnConflict(_on_conflict)




        _proposal = d.pop("proposal", UNSET)
        proposal: File | Unset
        if isinstance(_proposal,  Unset):
            proposal = UNSET
        else:
            proposal = File(
             payload = BytesIO(_proposal)
        )




        dataset_controller_save_annotation_body = cls(
            base_version=base_version,
            proposal_source=proposal_source,
            mask=mask,
            proposal_model_id=proposal_model_id,
            seconds_spent=seconds_spent,
            on_conflict=on_conflict,
            proposal=proposal,
        )


        dataset_controller_save_annotation_body.additional_properties = d
        return dataset_controller_save_annotation_body

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
