from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.privilege import Privilege
from ..types import UNSET, Unset

T = TypeVar("T", bound="PrivilegeAssignment")


@_attrs_define
class PrivilegeAssignment:
    """The privileges granted directly to one principal.

    Attributes:
        principal (str | Unset): User name, group name or application id.
        privileges (list[Privilege] | Unset): The privileges.
    """

    principal: str | Unset = UNSET
    privileges: list[Privilege] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        principal = self.principal

        privileges: list[str] | Unset = UNSET
        if not isinstance(self.privileges, Unset):
            privileges = []
            for privileges_item_data in self.privileges:
                privileges_item = privileges_item_data.value
                privileges.append(privileges_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if principal is not UNSET:
            field_dict["principal"] = principal
        if privileges is not UNSET:
            field_dict["privileges"] = privileges

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        principal = d.pop("principal", UNSET)

        _privileges = d.pop("privileges", UNSET)
        privileges: list[Privilege] | Unset = UNSET
        if _privileges is not UNSET:
            privileges = []
            for privileges_item_data in _privileges:
                privileges_item = Privilege(privileges_item_data)

                privileges.append(privileges_item)

        privilege_assignment = cls(
            principal=principal,
            privileges=privileges,
        )

        privilege_assignment.additional_properties = d
        return privilege_assignment

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
