from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.update_user_dto_role import UpdateUserDtoRole
from ..types import UNSET, Unset






T = TypeVar("T", bound="UpdateUserDto")



@_attrs_define
class UpdateUserDto:
    """ 
        Attributes:
            display_name (str | Unset):
            role (UpdateUserDtoRole | Unset):
            disabled (bool | Unset): A disabled user cannot sign in; their sessions and tokens stop working
     """

    display_name: str | Unset = UNSET
    role: UpdateUserDtoRole | Unset = UNSET
    disabled: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        display_name = self.display_name

        role: str | Unset = UNSET
        if not isinstance(self.role, Unset):
            role = self.role.value


        disabled = self.disabled


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
        })
        if display_name is not UNSET:
            field_dict["displayName"] = display_name
        if role is not UNSET:
            field_dict["role"] = role
        if disabled is not UNSET:
            field_dict["disabled"] = disabled

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        display_name = d.pop("displayName", UNSET)

        _role = d.pop("role", UNSET)
        role: UpdateUserDtoRole | Unset
        if isinstance(_role,  Unset):
            role = UNSET
        else:
            role = UpdateUserDtoRole(_role)




        disabled = d.pop("disabled", UNSET)

        update_user_dto = cls(
            display_name=display_name,
            role=role,
            disabled=disabled,
        )


        update_user_dto.additional_properties = d
        return update_user_dto

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
