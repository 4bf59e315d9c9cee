from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.effective_privilege_assignment import EffectivePrivilegeAssignment


T = TypeVar("T", bound="EffectivePermissionsList")


@_attrs_define
class EffectivePermissionsList:
    """Response of get_uc_effective_grants.

    Attributes:
        next_page_token (str | Unset): Token of the next page; absent on the last page.
        privilege_assignments (list[EffectivePrivilegeAssignment] | Unset): One entry per principal.
    """

    next_page_token: str | Unset = UNSET
    privilege_assignments: list[EffectivePrivilegeAssignment] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        next_page_token = self.next_page_token

        privilege_assignments: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.privilege_assignments, Unset):
            privilege_assignments = []
            for privilege_assignments_item_data in self.privilege_assignments:
                privilege_assignments_item = privilege_assignments_item_data.to_dict()
                privilege_assignments.append(privilege_assignments_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if next_page_token is not UNSET:
            field_dict["next_page_token"] = next_page_token
        if privilege_assignments is not UNSET:
            field_dict["privilege_assignments"] = privilege_assignments

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.effective_privilege_assignment import EffectivePrivilegeAssignment  # noqa: PLC0415

        d = dict(src_dict)
        next_page_token = d.pop("next_page_token", UNSET)

        _privilege_assignments = d.pop("privilege_assignments", UNSET)
        privilege_assignments: list[EffectivePrivilegeAssignment] | Unset = UNSET
        if _privilege_assignments is not UNSET:
            privilege_assignments = []
            for privilege_assignments_item_data in _privilege_assignments:
                privilege_assignments_item = EffectivePrivilegeAssignment.from_dict(privilege_assignments_item_data)

                privilege_assignments.append(privilege_assignments_item)

        effective_permissions_list = cls(
            next_page_token=next_page_token,
            privilege_assignments=privilege_assignments,
        )

        effective_permissions_list.additional_properties = d
        return effective_permissions_list

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
