from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.user_ref_dto import UserRefDto





T = TypeVar("T", bound="AnnotationConflictDto")



@_attrs_define
class AnnotationConflictDto:
    """ 
        Attributes:
            case_index (float):
            version (float):
            annotation_id (str):
            created_by (None | UserRefDto):
            created_at (str):
            mask_url (str): The other save's mask (mask.nii.gz of its version)
     """

    case_index: float
    version: float
    annotation_id: str
    created_by: None | UserRefDto
    created_at: str
    mask_url: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.user_ref_dto import UserRefDto # noqa: PLC0415
        case_index = self.case_index

        version = self.version

        annotation_id = self.annotation_id

        created_by: dict[str, Any] | None
        if isinstance(self.created_by, UserRefDto):
            created_by = self.created_by.to_dict()
        else:
            created_by = self.created_by

        created_at = self.created_at

        mask_url = self.mask_url


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "caseIndex": case_index,
            "version": version,
            "annotationId": annotation_id,
            "createdBy": created_by,
            "createdAt": created_at,
            "maskUrl": mask_url,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.user_ref_dto import UserRefDto # noqa: PLC0415
        d = dict(src_dict)
        case_index = d.pop("caseIndex")

        version = d.pop("version")

        annotation_id = d.pop("annotationId")

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


        created_at = d.pop("createdAt")

        mask_url = d.pop("maskUrl")

        annotation_conflict_dto = cls(
            case_index=case_index,
            version=version,
            annotation_id=annotation_id,
            created_by=created_by,
            created_at=created_at,
            mask_url=mask_url,
        )


        annotation_conflict_dto.additional_properties = d
        return annotation_conflict_dto

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
