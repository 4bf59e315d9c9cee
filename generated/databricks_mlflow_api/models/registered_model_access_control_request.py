from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.registered_model_permission_level import RegisteredModelPermissionLevel
from ..types import UNSET, Unset

T = TypeVar("T", bound="RegisteredModelAccessControlRequest")


@_attrs_define
class RegisteredModelAccessControlRequest:
    """One grant to set on a registered model; set exactly one principal field.

    Attributes:
        user_name (str | Unset): User name (email) of the user.
        group_name (str | Unset): Name of the group.
        service_principal_name (str | Unset): Application ID of the service principal.
        permission_level (RegisteredModelPermissionLevel | Unset): A permission level that can be granted on a
            registered model.
    """

    user_name: str | Unset = UNSET
    group_name: str | Unset = UNSET
    service_principal_name: str | Unset = UNSET
    permission_level: RegisteredModelPermissionLevel | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        user_name = self.user_name

        group_name = self.group_name

        service_principal_name = self.service_principal_name

        permission_level: str | Unset = UNSET
        if not isinstance(self.permission_level, Unset):
            permission_level = self.permission_level.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if user_name is not UNSET:
            field_dict["user_name"] = user_name
        if group_name is not UNSET:
            field_dict["group_name"] = group_name
        if service_principal_name is not UNSET:
            field_dict["service_principal_name"] = service_principal_name
        if permission_level is not UNSET:
            field_dict["permission_level"] = permission_level

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        user_name = d.pop("user_name", UNSET)

        group_name = d.pop("group_name", UNSET)

        service_principal_name = d.pop("service_principal_name", UNSET)

        _permission_level = d.pop("permission_level", UNSET)
        permission_level: RegisteredModelPermissionLevel | Unset
        if isinstance(_permission_level, Unset):
            permission_level = UNSET
        else:
            permission_level = RegisteredModelPermissionLevel(_permission_level)

        registered_model_access_control_request = cls(
            user_name=user_name,
            group_name=group_name,
            service_principal_name=service_principal_name,
            permission_level=permission_level,
        )

        registered_model_access_control_request.additional_properties = d
        return registered_model_access_control_request

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
