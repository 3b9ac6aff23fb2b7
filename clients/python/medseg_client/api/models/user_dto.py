from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.user_dto_role import UserDtoRole
from typing import cast






T = TypeVar("T", bound="UserDto")



@_attrs_define
class UserDto:
    """ 
        Attributes:
            id (str):
            username (str):
            display_name (str):
            role (UserDtoRole):
            disabled (bool):
            has_password (bool):
            oidc (bool): Signs in through the single sign-on provider
            created_at (str):
            last_login_at (None | str):
     """

    id: str
    username: str
    display_name: str
    role: UserDtoRole
    disabled: bool
    has_password: bool
    oidc: bool
    created_at: str
    last_login_at: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        username = self.username

        display_name = self.display_name

        role = self.role.value

        disabled = self.disabled

        has_password = self.has_password

        oidc = self.oidc

        created_at = self.created_at

        last_login_at: None | str
        last_login_at = self.last_login_at


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "username": username,
            "displayName": display_name,
            "role": role,
            "disabled": disabled,
            "hasPassword": has_password,
            "oidc": oidc,
            "createdAt": created_at,
            "lastLoginAt": last_login_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        username = d.pop("username")

        display_name = d.pop("displayName")

        role = UserDtoRole(d.pop("role"))




        disabled = d.pop("disabled")

        has_password = d.pop("hasPassword")

        oidc = d.pop("oidc")

        created_at = d.pop("createdAt")

        def _parse_last_login_at(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        last_login_at = _parse_last_login_at(d.pop("lastLoginAt"))


        user_dto = cls(
            id=id,
            username=username,
            display_name=display_name,
            role=role,
            disabled=disabled,
            has_password=has_password,
            oidc=oidc,
            created_at=created_at,
            last_login_at=last_login_at,
        )


        user_dto.additional_properties = d
        return user_dto

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
