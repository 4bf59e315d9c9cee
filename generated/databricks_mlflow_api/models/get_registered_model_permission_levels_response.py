from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.registered_model_permissions_description import RegisteredModelPermissionsDescription


T = TypeVar("T", bound="GetRegisteredModelPermissionLevelsResponse")


@_attrs_define
class GetRegisteredModelPermissionLevelsResponse:
    """Response of get_registered_model_permission_levels.

    Attributes:
        permission_levels (list[RegisteredModelPermissionsDescription] | Unset): The grantable levels.
    """

    permission_levels: list[RegisteredModelPermissionsDescription] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        permission_levels: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.permission_levels, Unset):
            permission_levels = []
            for permission_levels_item_data in self.permission_levels:
                permission_levels_item = permission_levels_item_data.to_dict()
                permission_levels.append(permission_levels_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if permission_levels is not UNSET:
            field_dict["permission_levels"] = permission_levels

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.registered_model_permissions_description import RegisteredModelPermissionsDescription  # noqa: PLC0415

        d = dict(src_dict)
        _permission_levels = d.pop("permission_levels", UNSET)
        permission_levels: list[RegisteredModelPermissionsDescription] | Unset = UNSET
        if _permission_levels is not UNSET:
            permission_levels = []
            for permission_levels_item_data in _permission_levels:
                permission_levels_item = RegisteredModelPermissionsDescription.from_dict(permission_levels_item_data)

                permission_levels.append(permission_levels_item)

        get_registered_model_permission_levels_response = cls(
            permission_levels=permission_levels,
        )

        get_registered_model_permission_levels_response.additional_properties = d
        return get_registered_model_permission_levels_response

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
