from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.effective_privilege import EffectivePrivilege


T = TypeVar("T", bound="EffectivePrivilegeAssignment")


@_attrs_define
class EffectivePrivilegeAssignment:
    """The privileges one principal holds, directly or inherited.

    Attributes:
        principal (str | Unset): User name, group name or application id.
        privileges (list[EffectivePrivilege] | Unset): The privileges.
    """

    principal: str | Unset = UNSET
    privileges: list[EffectivePrivilege] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        principal = self.principal

        privileges: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.privileges, Unset):
            privileges = []
            for privileges_item_data in self.privileges:
                privileges_item = privileges_item_data.to_dict()
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
        from ..models.effective_privilege import EffectivePrivilege  # noqa: PLC0415

        d = dict(src_dict)
        principal = d.pop("principal", UNSET)

        _privileges = d.pop("privileges", UNSET)
        privileges: list[EffectivePrivilege] | Unset = UNSET
        if _privileges is not UNSET:
            privileges = []
            for privileges_item_data in _privileges:
                privileges_item = EffectivePrivilege.from_dict(privileges_item_data)

                privileges.append(privileges_item)

        effective_privilege_assignment = cls(
            principal=principal,
            privileges=privileges,
        )

        effective_privilege_assignment.additional_properties = d
        return effective_privilege_assignment

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
