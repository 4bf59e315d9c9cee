from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="HttpUrlSpecWithoutSecret")


@_attrs_define
class HttpUrlSpecWithoutSecret:
    """The HTTPS endpoint a webhook calls, as returned (credentials are never returned).

    Attributes:
        url (str | Unset): HTTPS URL that receives a POST on each event.
        enable_ssl_verification (bool | Unset): Whether the target's TLS certificate is verified.
    """

    url: str | Unset = UNSET
    enable_ssl_verification: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        url = self.url

        enable_ssl_verification = self.enable_ssl_verification

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if url is not UNSET:
            field_dict["url"] = url
        if enable_ssl_verification is not UNSET:
            field_dict["enable_ssl_verification"] = enable_ssl_verification

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        url = d.pop("url", UNSET)

        enable_ssl_verification = d.pop("enable_ssl_verification", UNSET)

        http_url_spec_without_secret = cls(
            url=url,
            enable_ssl_verification=enable_ssl_verification,
        )

        http_url_spec_without_secret.additional_properties = d
        return http_url_spec_without_secret

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
