from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.privilege import Privilege
from ..types import UNSET, Unset

T = TypeVar("T", bound="PermissionsChange")


@_attrs_define
class PermissionsChange:
    """Grants and revocations for one principal.

    Attributes:
        add (list[Privilege] | Unset): Privileges to grant.
        principal (str | Unset): User name, group name or application id.
        remove (list[Privilege] | Unset): Privileges to revoke.
    """

    add: list[Privilege] | Unset = UNSET
    principal: str | Unset = UNSET
    remove: list[Privilege] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        add: list[str] | Unset = UNSET
        if not isinstance(self.add, Unset):
            add = []
            for add_item_data in self.add:
                add_item = add_item_data.value
                add.append(add_item)

        principal = self.principal

        remove: list[str] | Unset = UNSET
        if not isinstance(self.remove, Unset):
            remove = []
            for remove_item_data in self.remove:
                remove_item = remove_item_data.value
                remove.append(remove_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if add is not UNSET:
            field_dict["add"] = add
        if principal is not UNSET:
            field_dict["principal"] = principal
        if remove is not UNSET:
            field_dict["remove"] = remove

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _add = d.pop("add", UNSET)
        add: list[Privilege] | Unset = UNSET
        if _add is not UNSET:
            add = []
            for add_item_data in _add:
                add_item = Privilege(add_item_data)

                add.append(add_item)

        principal = d.pop("principal", UNSET)

        _remove = d.pop("remove", UNSET)
        remove: list[Privilege] | Unset = UNSET
        if _remove is not UNSET:
            remove = []
            for remove_item_data in _remove:
                remove_item = Privilege(remove_item_data)

                remove.append(remove_item)

        permissions_change = cls(
            add=add,
            principal=principal,
            remove=remove,
        )

        permissions_change.additional_properties = d
        return permissions_change

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
