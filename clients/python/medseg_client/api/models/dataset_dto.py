from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.dataset_dto_status import DatasetDtoStatus
from ..models.dataset_dto_visibility import DatasetDtoVisibility
from typing import cast

if TYPE_CHECKING:
  from ..models.dataset_progress_dto import DatasetProgressDto
  from ..models.owner_dto import OwnerDto





T = TypeVar("T", bound="DatasetDto")



@_attrs_define
class DatasetDto:
    """ 
        Attributes:
            id (str):
            name (str):
            status (DatasetDtoStatus): uploaded: stored, being inspected
            uploaded_at (str):
            archive_bytes (float):
            file_count (float): Entries in the archive
            pair_count (float):
            progress (DatasetProgressDto | None):
            errors (list[str]): Why the dataset is in error
            warning_count (float):
            owner (None | OwnerDto): null: stored before accounts existed (shared; only admins change it)
            latest_version (float): The newest dataset version (1: never edited); saved annotations make new versions
            visibility (DatasetDtoVisibility): private: its owner and admins; shared: everyone signed in
            can_change (bool): Whether the caller may change, share, cancel or delete it (its owner or an admin)
     """

    id: str
    name: str
    status: DatasetDtoStatus
    uploaded_at: str
    archive_bytes: float
    file_count: float
    pair_count: float
    progress: DatasetProgressDto | None
    errors: list[str]
    warning_count: float
    owner: None | OwnerDto
    latest_version: float
    visibility: DatasetDtoVisibility
    can_change: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.dataset_progress_dto import DatasetProgressDto # noqa: PLC0415
        from ..models.owner_dto import OwnerDto # noqa: PLC0415
        id = self.id

        name = self.name

        status = self.status.value

        uploaded_at = self.uploaded_at

        archive_bytes = self.archive_bytes

        file_count = self.file_count

        pair_count = self.pair_count

        progress: dict[str, Any] | None
        if isinstance(self.progress, DatasetProgressDto):
            progress = self.progress.to_dict()
        else:
            progress = self.progress

        errors = self.errors



        warning_count = self.warning_count

        owner: dict[str, Any] | None
        if isinstance(self.owner, OwnerDto):
            owner = self.owner.to_dict()
        else:
            owner = self.owner

        latest_version = self.latest_version

        visibility = self.visibility.value

        can_change = self.can_change


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "name": name,
            "status": status,
            "uploadedAt": uploaded_at,
            "archiveBytes": archive_bytes,
            "fileCount": file_count,
            "pairCount": pair_count,
            "progress": progress,
            "errors": errors,
            "warningCount": warning_count,
            "owner": owner,
            "latestVersion": latest_version,
            "visibility": visibility,
            "canChange": can_change,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.dataset_progress_dto import DatasetProgressDto # noqa: PLC0415
        from ..models.owner_dto import OwnerDto # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        status = DatasetDtoStatus(d.pop("status"))




        uploaded_at = d.pop("uploadedAt")

        archive_bytes = d.pop("archiveBytes")

        file_count = d.pop("fileCount")

        pair_count = d.pop("pairCount")

        def _parse_progress(data: object) -> DatasetProgressDto | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                progress_type_0 = DatasetProgressDto.from_dict(data)



                return progress_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DatasetProgressDto | None, data)

        progress = _parse_progress(d.pop("progress"))


        errors = cast(list[str], d.pop("errors"))


        warning_count = d.pop("warningCount")

        def _parse_owner(data: object) -> None | OwnerDto:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                owner_type_0 = OwnerDto.from_dict(data)



                return owner_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | OwnerDto, data)

        owner = _parse_owner(d.pop("owner"))


        latest_version = d.pop("latestVersion")

        visibility = DatasetDtoVisibility(d.pop("visibility"))




        can_change = d.pop("canChange")

        dataset_dto = cls(
            id=id,
            name=name,
            status=status,
            uploaded_at=uploaded_at,
            archive_bytes=archive_bytes,
            file_count=file_count,
            pair_count=pair_count,
            progress=progress,
            errors=errors,
            warning_count=warning_count,
            owner=owner,
            latest_version=latest_version,
            visibility=visibility,
            can_change=can_change,
        )


        dataset_dto.additional_properties = d
        return dataset_dto

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
