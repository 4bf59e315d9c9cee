from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.privilege_assignment import PrivilegeAssignment


T = TypeVar("T", bound="UpdatePermissionsResponse")


@_attrs_define
class UpdatePermissionsResponse:
    """Response of update_uc_grants: the direct grants after the change.

    Attributes:
        privilege_assignments (list[PrivilegeAssignment] | Unset): One entry per principal.
    """

    privilege_assignments: list[PrivilegeAssignment] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        privilege_assignments: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.privilege_assignments, Unset):
            privilege_assignments = []
            for privilege_assignments_item_data in self.privilege_assignments:
                privilege_assignments_item = privilege_assignments_item_data.to_dict()
                privilege_assignments.append(privilege_assignments_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if privilege_assignments is not UNSET:
            field_dict["privilege_assignments"] = privilege_assignments

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.privilege_assignment import PrivilegeAssignment  # noqa: PLC0415

        d = dict(src_dict)
        _privilege_assignments = d.pop("privilege_assignments", UNSET)
        privilege_assignments: list[PrivilegeAssignment] | Unset = UNSET
        if _privilege_assignments is not UNSET:
            privilege_assignments = []
            for privilege_assignments_item_data in _privilege_assignments:
                privilege_assignments_item = PrivilegeAssignment.from_dict(privilege_assignments_item_data)

                privilege_assignments.append(privilege_assignments_item)

        update_permissions_response = cls(
            privilege_assignments=privilege_assignments,
        )

        update_permissions_response.additional_properties = d
        return update_permissions_response

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
