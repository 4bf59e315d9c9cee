from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.permissions_change import PermissionsChange


T = TypeVar("T", bound="UpdatePermissions")


@_attrs_define
class UpdatePermissions:
    """Request body of update_uc_grants.

    Attributes:
        changes (list[PermissionsChange] | Unset): The grants and revocations to apply.
        omit_permissions_in_response (bool | Unset): Answer without the grants after the change (default false).
    """

    changes: list[PermissionsChange] | Unset = UNSET
    omit_permissions_in_response: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        changes: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.changes, Unset):
            changes = []
            for changes_item_data in self.changes:
                changes_item = changes_item_data.to_dict()
                changes.append(changes_item)

        omit_permissions_in_response = self.omit_permissions_in_response

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if changes is not UNSET:
            field_dict["changes"] = changes
        if omit_permissions_in_response is not UNSET:
            field_dict["omit_permissions_in_response"] = omit_permissions_in_response

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.permissions_change import PermissionsChange  # noqa: PLC0415

        d = dict(src_dict)
        _changes = d.pop("changes", UNSET)
        changes: list[PermissionsChange] | Unset = UNSET
        if _changes is not UNSET:
            changes = []
            for changes_item_data in _changes:
                changes_item = PermissionsChange.from_dict(changes_item_data)

                changes.append(changes_item)

        omit_permissions_in_response = d.pop("omit_permissions_in_response", UNSET)

        update_permissions = cls(
            changes=changes,
            omit_permissions_in_response=omit_permissions_in_response,
        )

        update_permissions.additional_properties = d
        return update_permissions

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
