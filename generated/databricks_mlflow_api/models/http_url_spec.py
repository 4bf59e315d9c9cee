from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="HttpUrlSpec")


@_attrs_define
class HttpUrlSpec:
    """The HTTPS endpoint a webhook calls, with its credentials (request form).

    Attributes:
        url (str): HTTPS URL that receives a POST on each event.
        authorization (str | Unset): Value sent as the Authorization header of each call; an empty string sends none.
        enable_ssl_verification (bool | Unset): Verify the target's TLS certificate (default true).
        secret (str | Unset): Shared secret; each call carries the hex HMAC-SHA256 of its body in X-Databricks-
            Signature.
    """

    url: str
    authorization: str | Unset = UNSET
    enable_ssl_verification: bool | Unset = UNSET
    secret: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        url = self.url

        authorization = self.authorization

        enable_ssl_verification = self.enable_ssl_verification

        secret = self.secret

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "url": url,
            }
        )
        if authorization is not UNSET:
            field_dict["authorization"] = authorization
        if enable_ssl_verification is not UNSET:
            field_dict["enable_ssl_verification"] = enable_ssl_verification
        if secret is not UNSET:
            field_dict["secret"] = secret

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        url = d.pop("url")

        authorization = d.pop("authorization", UNSET)

        enable_ssl_verification = d.pop("enable_ssl_verification", UNSET)

        secret = d.pop("secret", UNSET)

        http_url_spec = cls(
            url=url,
            authorization=authorization,
            enable_ssl_verification=enable_ssl_verification,
            secret=secret,
        )

        http_url_spec.additional_properties = d
        return http_url_spec

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
