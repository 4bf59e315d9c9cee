from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.experiment_permission_level import ExperimentPermissionLevel
from ..types import UNSET, Unset

T = TypeVar("T", bound="ExperimentPermissionsDescription")


@_attrs_define
class ExperimentPermissionsDescription:
    """A grantable permission level and what it allows.

    Attributes:
        permission_level (ExperimentPermissionLevel | Unset): A permission level that can be granted on an experiment.
        description (str | Unset): What the level allows.
    """

    permission_level: ExperimentPermissionLevel | Unset = UNSET
    description: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        permission_level: str | Unset = UNSET
        if not isinstance(self.permission_level, Unset):
            permission_level = self.permission_level.value

        description = self.description

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if permission_level is not UNSET:
            field_dict["permission_level"] = permission_level
        if description is not UNSET:
            field_dict["description"] = description

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _permission_level = d.pop("permission_level", UNSET)
        permission_level: ExperimentPermissionLevel | Unset
        if isinstance(_permission_level, Unset):
            permission_level = UNSET
        else:
            permission_level = ExperimentPermissionLevel(_permission_level)

        description = d.pop("description", UNSET)

        experiment_permissions_description = cls(
            permission_level=permission_level,
            description=description,
        )

        experiment_permissions_description.additional_properties = d
        return experiment_permissions_description

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
