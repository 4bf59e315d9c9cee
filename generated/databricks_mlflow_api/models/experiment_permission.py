from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.experiment_permission_level import ExperimentPermissionLevel
from ..types import UNSET, Unset

T = TypeVar("T", bound="ExperimentPermission")


@_attrs_define
class ExperimentPermission:
    """One permission a principal holds on an experiment.

    Attributes:
        permission_level (ExperimentPermissionLevel | Unset): A permission level that can be granted on an experiment.
        inherited (bool | Unset): True when the permission comes from a parent object.
        inherited_from_object (list[str] | Unset): The objects the permission is inherited from.
    """

    permission_level: ExperimentPermissionLevel | Unset = UNSET
    inherited: bool | Unset = UNSET
    inherited_from_object: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        permission_level: str | Unset = UNSET
        if not isinstance(self.permission_level, Unset):
            permission_level = self.permission_level.value

        inherited = self.inherited

        inherited_from_object: list[str] | Unset = UNSET
        if not isinstance(self.inherited_from_object, Unset):
            inherited_from_object = self.inherited_from_object

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if permission_level is not UNSET:
            field_dict["permission_level"] = permission_level
        if inherited is not UNSET:
            field_dict["inherited"] = inherited
        if inherited_from_object is not UNSET:
            field_dict["inherited_from_object"] = inherited_from_object

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

        inherited = d.pop("inherited", UNSET)

        inherited_from_object = cast(list[str], d.pop("inherited_from_object", UNSET))

        experiment_permission = cls(
            permission_level=permission_level,
            inherited=inherited,
            inherited_from_object=inherited_from_object,
        )

        experiment_permission.additional_properties = d
        return experiment_permission

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
