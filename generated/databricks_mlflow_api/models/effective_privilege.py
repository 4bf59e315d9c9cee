from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.privilege import Privilege
from ..models.securable_type import SecurableType
from ..types import UNSET, Unset

T = TypeVar("T", bound="EffectivePrivilege")


@_attrs_define
class EffectivePrivilege:
    """One privilege and where it comes from.

    Attributes:
        inherited_from_name (str | Unset): Full name of the securable the privilege is inherited from; absent when
            granted directly.
        inherited_from_type (SecurableType | Unset): Type of a Unity Catalog securable; a registered model is a
            FUNCTION.
        privilege (Privilege | Unset): A Unity Catalog privilege. Those that apply to a registered model:
            ALL_PRIVILEGES, APPLY_TAG, BROWSE, EXECUTE, MANAGE.
    """

    inherited_from_name: str | Unset = UNSET
    inherited_from_type: SecurableType | Unset = UNSET
    privilege: Privilege | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        inherited_from_name = self.inherited_from_name

        inherited_from_type: str | Unset = UNSET
        if not isinstance(self.inherited_from_type, Unset):
            inherited_from_type = self.inherited_from_type.value

        privilege: str | Unset = UNSET
        if not isinstance(self.privilege, Unset):
            privilege = self.privilege.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if inherited_from_name is not UNSET:
            field_dict["inherited_from_name"] = inherited_from_name
        if inherited_from_type is not UNSET:
            field_dict["inherited_from_type"] = inherited_from_type
        if privilege is not UNSET:
            field_dict["privilege"] = privilege

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        inherited_from_name = d.pop("inherited_from_name", UNSET)

        _inherited_from_type = d.pop("inherited_from_type", UNSET)
        inherited_from_type: SecurableType | Unset
        if isinstance(_inherited_from_type, Unset):
            inherited_from_type = UNSET
        else:
            inherited_from_type = SecurableType(_inherited_from_type)

        _privilege = d.pop("privilege", UNSET)
        privilege: Privilege | Unset
        if isinstance(_privilege, Unset):
            privilege = UNSET
        else:
            privilege = Privilege(_privilege)

        effective_privilege = cls(
            inherited_from_name=inherited_from_name,
            inherited_from_type=inherited_from_type,
            privilege=privilege,
        )

        effective_privilege.additional_properties = d
        return effective_privilege

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
