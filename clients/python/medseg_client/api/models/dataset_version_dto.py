from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.user_ref_dto import UserRefDto
  from ..models.version_change_dto import VersionChangeDto





T = TypeVar("T", bound="DatasetVersionDto")



@_attrs_define
class DatasetVersionDto:
    """ 
        Attributes:
            version (float): 1: the dataset as uploaded
            parent (float | None):
            created_at (str):
            created_by (None | UserRefDto): Null for version 1 and for deleted accounts
            labelled_cases (float):
            unlabeled_cases (float):
            changes (list[VersionChangeDto]): This version's own changes
     """

    version: float
    parent: float | None
    created_at: str
    created_by: None | UserRefDto
    labelled_cases: float
    unlabeled_cases: float
    changes: list[VersionChangeDto]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.user_ref_dto import UserRefDto # noqa: PLC0415
        from ..models.version_change_dto import VersionChangeDto # noqa: PLC0415
        version = self.version

        parent: float | None
        parent = self.parent

        created_at = self.created_at

        created_by: dict[str, Any] | None
        if isinstance(self.created_by, UserRefDto):
            created_by = self.created_by.to_dict()
        else:
            created_by = self.created_by

        labelled_cases = self.labelled_cases

        unlabeled_cases = self.unlabeled_cases

        changes = []
        for changes_item_data in self.changes:
            changes_item = changes_item_data.to_dict()
            changes.append(changes_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "version": version,
            "parent": parent,
            "createdAt": created_at,
            "createdBy": created_by,
            "labelledCases": labelled_cases,
            "unlabeledCases": unlabeled_cases,
            "changes": changes,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.user_ref_dto import UserRefDto # noqa: PLC0415
        from ..models.version_change_dto import VersionChangeDto # noqa: PLC0415
        d = dict(src_dict)
        version = d.pop("version")

        def _parse_parent(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        parent = _parse_parent(d.pop("parent"))


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


        labelled_cases = d.pop("labelledCases")

        unlabeled_cases = d.pop("unlabeledCases")

        changes = []
        _changes = d.pop("changes")
        for changes_item_data in (_changes):
            changes_item = VersionChangeDto.from_dict(changes_item_data)



            changes.append(changes_item)


        dataset_version_dto = cls(
            version=version,
            parent=parent,
            created_at=created_at,
            created_by=created_by,
            labelled_cases=labelled_cases,
            unlabeled_cases=unlabeled_cases,
            changes=changes,
        )


        dataset_version_dto.additional_properties = d
        return dataset_version_dto

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
