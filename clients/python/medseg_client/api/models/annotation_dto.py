from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.annotation_dto_proposal_source import AnnotationDtoProposalSource
from typing import cast

if TYPE_CHECKING:
  from ..models.label_voxels_dto import LabelVoxelsDto
  from ..models.user_ref_dto import UserRefDto





T = TypeVar("T", bound="AnnotationDto")



@_attrs_define
class AnnotationDto:
    """ 
        Attributes:
            id (str):
            case_index (float):
            case_name (str):
            version (float): The version that commits it
            base_version (float): The version the person opened
            created_at (str):
            created_by (None | UserRefDto):
            proposal_source (AnnotationDtoProposalSource):
            proposal_model_id (None | str):
            seconds_spent (float):
            changed_voxels (float):
            total_voxels (float):
            proposal_dice (float | None): Mean foreground Dice of the proposal against the saved mask
            label_voxels (list[LabelVoxelsDto]):
     """

    id: str
    case_index: float
    case_name: str
    version: float
    base_version: float
    created_at: str
    created_by: None | UserRefDto
    proposal_source: AnnotationDtoProposalSource
    proposal_model_id: None | str
    seconds_spent: float
    changed_voxels: float
    total_voxels: float
    proposal_dice: float | None
    label_voxels: list[LabelVoxelsDto]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.label_voxels_dto import LabelVoxelsDto # noqa: PLC0415
        from ..models.user_ref_dto import UserRefDto # noqa: PLC0415
        id = self.id

        case_index = self.case_index

        case_name = self.case_name

        version = self.version

        base_version = self.base_version

        created_at = self.created_at

        created_by: dict[str, Any] | None
        if isinstance(self.created_by, UserRefDto):
            created_by = self.created_by.to_dict()
        else:
            created_by = self.created_by

        proposal_source = self.proposal_source.value

        proposal_model_id: None | str
        proposal_model_id = self.proposal_model_id

        seconds_spent = self.seconds_spent

        changed_voxels = self.changed_voxels

        total_voxels = self.total_voxels

        proposal_dice: float | None
        proposal_dice = self.proposal_dice

        label_voxels = []
        for label_voxels_item_data in self.label_voxels:
            label_voxels_item = label_voxels_item_data.to_dict()
            label_voxels.append(label_voxels_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "caseIndex": case_index,
            "caseName": case_name,
            "version": version,
            "baseVersion": base_version,
            "createdAt": created_at,
            "createdBy": created_by,
            "proposalSource": proposal_source,
            "proposalModelId": proposal_model_id,
            "secondsSpent": seconds_spent,
            "changedVoxels": changed_voxels,
            "totalVoxels": total_voxels,
            "proposalDice": proposal_dice,
            "labelVoxels": label_voxels,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.label_voxels_dto import LabelVoxelsDto # noqa: PLC0415
        from ..models.user_ref_dto import UserRefDto # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        case_index = d.pop("caseIndex")

        case_name = d.pop("caseName")

        version = d.pop("version")

        base_version = d.pop("baseVersion")

        created_at = d.pop("createdAt")

        def _parse_created_by(data: object) -> None | UserRefDto:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                created_by_type_0 = UserRefDto.from_dict(data)



                return created_by_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UserRefDto, data)

        created_by = _parse_created_by(d.pop("createdBy"))


        proposal_source = AnnotationDtoProposalSource(d.pop("proposalSource"))




        def _parse_proposal_model_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        proposal_model_id = _parse_proposal_model_id(d.pop("proposalModelId"))


        seconds_spent = d.pop("secondsSpent")

        changed_voxels = d.pop("changedVoxels")

        total_voxels = d.pop("totalVoxels")

        def _parse_proposal_dice(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        proposal_dice = _parse_proposal_dice(d.pop("proposalDice"))


        label_voxels = []
        _label_voxels = d.pop("labelVoxels")
        for label_voxels_item_data in (_label_voxels):
            label_voxels_item = LabelVoxelsDto.from_dict(label_voxels_item_data)



            label_voxels.append(label_voxels_item)


        annotation_dto = cls(
            id=id,
            case_index=case_index,
            case_name=case_name,
            version=version,
            base_version=base_version,
            created_at=created_at,
            created_by=created_by,
            proposal_source=proposal_source,
            proposal_model_id=proposal_model_id,
            seconds_spent=seconds_spent,
            changed_voxels=changed_voxels,
            total_voxels=total_voxels,
            proposal_dice=proposal_dice,
            label_voxels=label_voxels,
        )


        annotation_dto.additional_properties = d
        return annotation_dto

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
