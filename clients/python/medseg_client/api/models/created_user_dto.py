from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.user_dto import UserDto





T = TypeVar("T", bound="CreatedUserDto")



@_attrs_define
class CreatedUserDto:
    """ 
        Attributes:
            user (UserDto):
            login_link (None | str): One-time login link (when no password was given)
     """

    user: UserDto
    login_link: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.user_dto import UserDto # noqa: PLC0415
        user = self.user.to_dict()

        login_link: None | str
        login_link = self.login_link


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "user": user,
            "loginLink": login_link,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.user_dto import UserDto # noqa: PLC0415
        d = dict(src_dict)
        user = UserDto.from_dict(d.pop("user"))




        def _parse_login_link(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        login_link = _parse_login_link(d.pop("loginLink"))


        created_user_dto = cls(
            user=user,
            login_link=login_link,
        )


        created_user_dto.additional_properties = d
        return created_user_dto

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
