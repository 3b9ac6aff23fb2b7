from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.annotation_queue_dto_ordering import AnnotationQueueDtoOrdering
from typing import cast

if TYPE_CHECKING:
  from ..models.annotation_queue_item_dto import AnnotationQueueItemDto





T = TypeVar("T", bound="AnnotationQueueDto")



@_attrs_define
class AnnotationQueueDto:
    """ 
        Attributes:
            version (float): The latest version, whose unlabeled cases these are
            ordering (AnnotationQueueDtoOrdering):
            items (list[AnnotationQueueItemDto]):
     """

    version: float
    ordering: AnnotationQueueDtoOrdering
    items: list[AnnotationQueueItemDto]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.annotation_queue_item_dto import AnnotationQueueItemDto # noqa: PLC0415
        version = self.version

        ordering = self.ordering.value

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "version": version,
            "ordering": ordering,
            "items": items,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.annotation_queue_item_dto import AnnotationQueueItemDto # noqa: PLC0415
        d = dict(src_dict)
        version = d.pop("version")

        ordering = AnnotationQueueDtoOrdering(d.pop("ordering"))




        items = []
        _items = d.pop("items")
        for items_item_data in (_items):
            items_item = AnnotationQueueItemDto.from_dict(items_item_data)



            items.append(items_item)


        annotation_queue_dto = cls(
            version=version,
            ordering=ordering,
            items=items,
        )


        annotation_queue_dto.additional_properties = d
        return annotation_queue_dto

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
