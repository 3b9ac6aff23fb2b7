from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.oidc_provider_dto import OidcProviderDto





T = TypeVar("T", bound="AuthProvidersDto")



@_attrs_define
class AuthProvidersDto:
    """ 
        Attributes:
            password (bool):
            oidc (None | OidcProviderDto):
     """

    password: bool
    oidc: None | OidcProviderDto
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.oidc_provider_dto import OidcProviderDto # noqa: PLC0415
        password = self.password

        oidc: dict[str, Any] | None
        if isinstance(self.oidc, OidcProviderDto):
            oidc = self.oidc.to_dict()
        else:
            oidc = self.oidc


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "password": password,
            "oidc": oidc,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.oidc_provider_dto import OidcProviderDto # noqa: PLC0415
        d = dict(src_dict)
        password = d.pop("password")

        def _parse_oidc(data: object) -> None | OidcProviderDto:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                oidc_type_0 = OidcProviderDto.from_dict(data)



                return oidc_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | OidcProviderDto, data)

        oidc = _parse_oidc(d.pop("oidc"))


        auth_providers_dto = cls(
            password=password,
            oidc=oidc,
        )


        auth_providers_dto.additional_properties = d
        return auth_providers_dto

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
