from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.dataset_detail_dto_status import DatasetDetailDtoStatus
from ..models.dataset_detail_dto_visibility import DatasetDetailDtoVisibility
from typing import cast

if TYPE_CHECKING:
  from ..models.dataset_progress_dto import DatasetProgressDto
  from ..models.dataset_stats_dto import DatasetStatsDto
  from ..models.file_issue_dto import FileIssueDto
  from ..models.fingerprint_dto import FingerprintDto
  from ..models.label_name_dto import LabelNameDto
  from ..models.owner_dto import OwnerDto





T = TypeVar("T", bound="DatasetDetailDto")



@_attrs_define
class DatasetDetailDto:
    """ 
        Attributes:
            id (str):
            name (str):
            status (DatasetDetailDtoStatus): uploaded: stored, being inspected
            uploaded_at (str):
            archive_bytes (float):
            file_count (float): Entries in the archive
            pair_count (float):
            progress (DatasetProgressDto | None):
            errors (list[str]): Why the dataset is in error
            warning_count (float):
            owner (None | OwnerDto): null: stored before accounts existed (shared; only admins change it)
            latest_version (float): The newest dataset version (1: never edited); saved annotations make new versions
            visibility (DatasetDetailDtoVisibility): private: its owner and admins; shared: everyone signed in
            can_change (bool): Whether the caller may change, share, cancel or delete it (its owner or an admin)
            stats (DatasetStatsDto | None):
            warnings (list[FileIssueDto]):
            layout (str): "msd" (imagesTr/ + labelsTr/), "images-masks", or empty (stored before layouts were recorded)
            labels (list[LabelNameDto]): Names of the label values the dataset names (dataset.json, labels.json)
            fingerprint (FingerprintDto | None): null without volumes
            case_count (float): Volumes (GET /api/datasets/:id/cases); 0 for 2D images
            unlabeled_count (float): Cases without a mask (MSD imagesTs/)
     """

    id: str
    name: str
    status: DatasetDetailDtoStatus
    uploaded_at: str
    archive_bytes: float
    file_count: float
    pair_count: float
    progress: DatasetProgressDto | None
    errors: list[str]
    warning_count: float
    owner: None | OwnerDto
    latest_version: float
    visibility: DatasetDetailDtoVisibility
    can_change: bool
    stats: DatasetStatsDto | None
    warnings: list[FileIssueDto]
    layout: str
    labels: list[LabelNameDto]
    fingerprint: FingerprintDto | None
    case_count: float
    unlabeled_count: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.dataset_progress_dto import DatasetProgressDto # noqa: PLC0415
        from ..models.dataset_stats_dto import DatasetStatsDto # noqa: PLC0415
        from ..models.file_issue_dto import FileIssueDto # noqa: PLC0415
        from ..models.fingerprint_dto import FingerprintDto # noqa: PLC0415
        from ..models.label_name_dto import LabelNameDto # noqa: PLC0415
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

        stats: dict[str, Any] | None
        if isinstance(self.stats, DatasetStatsDto):
            stats = self.stats.to_dict()
        else:
            stats = self.stats

        warnings = []
        for warnings_item_data in self.warnings:
            warnings_item = warnings_item_data.to_dict()
            warnings.append(warnings_item)



        layout = self.layout

        labels = []
        for labels_item_data in self.labels:
            labels_item = labels_item_data.to_dict()
            labels.append(labels_item)



        fingerprint: dict[str, Any] | None
        if isinstance(self.fingerprint, FingerprintDto):
            fingerprint = self.fingerprint.to_dict()
        else:
            fingerprint = self.fingerprint

        case_count = self.case_count

        unlabeled_count = self.unlabeled_count


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
            "stats": stats,
            "warnings": warnings,
            "layout": layout,
            "labels": labels,
            "fingerprint": fingerprint,
            "caseCount": case_count,
            "unlabeledCount": unlabeled_count,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.dataset_progress_dto import DatasetProgressDto # noqa: PLC0415
        from ..models.dataset_stats_dto import DatasetStatsDto # noqa: PLC0415
        from ..models.file_issue_dto import FileIssueDto # noqa: PLC0415
        from ..models.fingerprint_dto import FingerprintDto # noqa: PLC0415
        from ..models.label_name_dto import LabelNameDto # noqa: PLC0415
        from ..models.owner_dto import OwnerDto # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        status = DatasetDetailDtoStatus(d.pop("status"))




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

        visibility = DatasetDetailDtoVisibility(d.pop("visibility"))




        can_change = d.pop("canChange")

        def _parse_stats(data: object) -> DatasetStatsDto | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                stats_type_0 = DatasetStatsDto.from_dict(data)



                return stats_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DatasetStatsDto | None, data)

        stats = _parse_stats(d.pop("stats"))


        warnings = []
        _warnings = d.pop("warnings")
        for warnings_item_data in (_warnings):
            warnings_item = FileIssueDto.from_dict(warnings_item_data)



            warnings.append(warnings_item)


        layout = d.pop("layout")

        labels = []
        _labels = d.pop("labels")
        for labels_item_data in (_labels):
            labels_item = LabelNameDto.from_dict(labels_item_data)



            labels.append(labels_item)


        def _parse_fingerprint(data: object) -> FingerprintDto | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                fingerprint_type_0 = FingerprintDto.from_dict(data)



                return fingerprint_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(FingerprintDto | None, data)

        fingerprint = _parse_fingerprint(d.pop("fingerprint"))


        case_count = d.pop("caseCount")

        unlabeled_count = d.pop("unlabeledCount")

        dataset_detail_dto = cls(
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
            stats=stats,
            warnings=warnings,
            layout=layout,
            labels=labels,
            fingerprint=fingerprint,
            case_count=case_count,
            unlabeled_count=unlabeled_count,
        )


        dataset_detail_dto.additional_properties = d
        return dataset_detail_dto

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
