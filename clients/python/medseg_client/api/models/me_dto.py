from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.me_dto_auth_method import MeDtoAuthMethod
from ..models.me_dto_role import MeDtoRole






T = TypeVar("T", bound="MeDto")



@_attrs_define
class MeDto:
    """ 
        Attributes:
            id (str):
            username (str):
            display_name (str):
            role (MeDtoRole):
            must_set_password (bool): Signed in with a login link: set a password before anything else
            auth_method (MeDtoAuthMethod):
     """

    id: str
    username: str
    display_name: str
    role: MeDtoRole
    must_set_password: bool
    auth_method: MeDtoAuthMethod
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        username = self.username

        display_name = self.display_name

        role = self.role.value

        must_set_password = self.must_set_password

        auth_method = self.auth_method.value


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "username": username,
            "displayName": display_name,
            "role": role,
            "mustSetPassword": must_set_password,
            "authMethod": auth_method,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        username = d.pop("username")

        display_name = d.pop("displayName")

        role = MeDtoRole(d.pop("role"))




        must_set_password = d.pop("mustSetPassword")

        auth_method = MeDtoAuthMethod(d.pop("authMethod"))




        me_dto = cls(
            id=id,
            username=username,
            display_name=display_name,
            role=role,
            must_set_password=must_set_password,
            auth_method=auth_method,
        )


        me_dto.additional_properties = d
        return me_dto

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
