from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.create_user_dto_role import CreateUserDtoRole
from ..types import UNSET, Unset






T = TypeVar("T", bound="CreateUserDto")



@_attrs_define
class CreateUserDto:
    """ 
        Attributes:
            username (str):
            display_name (str):
            role (CreateUserDtoRole):
            password (str | Unset): Absent: the answer carries a one-time login link at which the user sets one
     """

    username: str
    display_name: str
    role: CreateUserDtoRole
    password: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        username = self.username

        display_name = self.display_name

        role = self.role.value

        password = self.password


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "username": username,
            "displayName": display_name,
            "role": role,
        })
        if password is not UNSET:
            field_dict["password"] = password

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        username = d.pop("username")

        display_name = d.pop("displayName")

        role = CreateUserDtoRole(d.pop("role"))




        password = d.pop("password", UNSET)

        create_user_dto = cls(
            username=username,
            display_name=display_name,
            role=role,
            password=password,
        )


        create_user_dto.additional_properties = d
        return create_user_dto

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
