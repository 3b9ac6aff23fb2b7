from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.annotation_dto import AnnotationDto
  from ..models.dataset_version_dto import DatasetVersionDto





T = TypeVar("T", bound="SavedAnnotationDto")



@_attrs_define
class SavedAnnotationDto:
    """ 
        Attributes:
            version (DatasetVersionDto):
            annotation (AnnotationDto):
     """

    version: DatasetVersionDto
    annotation: AnnotationDto
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.annotation_dto import AnnotationDto # noqa: PLC0415
        from ..models.dataset_version_dto import DatasetVersionDto # noqa: PLC0415
        version = self.version.to_dict()

        annotation = self.annotation.to_dict()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "version": version,
            "annotation": annotation,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.annotation_dto import AnnotationDto # noqa: PLC0415
        from ..models.dataset_version_dto import DatasetVersionDto # noqa: PLC0415
        d = dict(src_dict)
        version = DatasetVersionDto.from_dict(d.pop("version"))




        annotation = AnnotationDto.from_dict(d.pop("annotation"))




        saved_annotation_dto = cls(
            version=version,
            annotation=annotation,
        )


        saved_annotation_dto.additional_properties = d
        return saved_annotation_dto

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
