from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.audit_event_dto_action import AuditEventDtoAction
from ..models.audit_event_dto_kind import AuditEventDtoKind
from typing import cast

if TYPE_CHECKING:
  from ..models.audit_actor_dto import AuditActorDto





T = TypeVar("T", bound="AuditEventDto")



@_attrs_define
class AuditEventDto:
    """ 
        Attributes:
            id (str):
            time (str): ISO-8601 UTC
            actor (AuditActorDto | None): Null when nobody was signed in (a sign-in lock-out)
            action (AuditEventDtoAction):
            kind (AuditEventDtoKind):
            resource_id (None | str):
            resource_name (None | str): The name when the event happened
            detail (None | str): What changed, or more about it, for a person to read
     """

    id: str
    time: str
    actor: AuditActorDto | None
    action: AuditEventDtoAction
    kind: AuditEventDtoKind
    resource_id: None | str
    resource_name: None | str
    detail: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.audit_actor_dto import AuditActorDto # noqa: PLC0415
        id = self.id

        time = self.time

        actor: dict[str, Any] | None
        if isinstance(self.actor, AuditActorDto):
            actor = self.actor.to_dict()
        else:
            actor = self.actor

        action = self.action.value

        kind = self.kind.value

        resource_id: None | str
        resource_id = self.resource_id

        resource_name: None | str
        resource_name = self.resource_name

        detail: None | str
        detail = self.detail


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "time": time,
            "actor": actor,
            "action": action,
            "kind": kind,
            "resourceId": resource_id,
            "resourceName": resource_name,
            "detail": detail,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.audit_actor_dto import AuditActorDto # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        time = d.pop("time")

        def _parse_actor(data: object) -> AuditActorDto | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                actor_type_0 = AuditActorDto.from_dict(data)



                return actor_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AuditActorDto | None, data)

        actor = _parse_actor(d.pop("actor"))


        action = AuditEventDtoAction(d.pop("action"))




        kind = AuditEventDtoKind(d.pop("kind"))




        def _parse_resource_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        resource_id = _parse_resource_id(d.pop("resourceId"))


        def _parse_resource_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        resource_name = _parse_resource_name(d.pop("resourceName"))


        def _parse_detail(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        detail = _parse_detail(d.pop("detail"))


        audit_event_dto = cls(
            id=id,
            time=time,
            actor=actor,
            action=action,
            kind=kind,
            resource_id=resource_id,
            resource_name=resource_name,
            detail=detail,
        )


        audit_event_dto.additional_properties = d
        return audit_event_dto

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
