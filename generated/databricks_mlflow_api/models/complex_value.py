from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ComplexValue")


@_attrs_define
class ComplexValue:
    """A SCIM multi-valued attribute entry (an email, a group membership, an entitlement...).

    Attributes:
        display (str | Unset): Human-readable form of the value.
        primary (bool | Unset): Whether this is the primary value.
        type_ (str | Unset): Kind of the value, for example `work` for an email.
        value (str | Unset): The value, for example a group id or an email address.
    """

    display: str | Unset = UNSET
    primary: bool | Unset = UNSET
    type_: str | Unset = UNSET
    value: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        display = self.display

        primary = self.primary

        type_ = self.type_

        value = self.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if display is not UNSET:
            field_dict["display"] = display
        if primary is not UNSET:
            field_dict["primary"] = primary
        if type_ is not UNSET:
            field_dict["type"] = type_
        if value is not UNSET:
            field_dict["value"] = value

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        display = d.pop("display", UNSET)

        primary = d.pop("primary", UNSET)

        type_ = d.pop("type", UNSET)

        value = d.pop("value", UNSET)

        complex_value = cls(
            display=display,
            primary=primary,
            type_=type_,
            value=value,
        )

        complex_value.additional_properties = d
        return complex_value

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
