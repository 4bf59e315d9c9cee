from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.registered_model_access_control_response import RegisteredModelAccessControlResponse


T = TypeVar("T", bound="RegisteredModelPermissions")


@_attrs_define
class RegisteredModelPermissions:
    """The access control list of a registered model.

    Attributes:
        object_id (str | Unset): ID of the object the list belongs to.
        object_type (str | Unset): Type of the object the list belongs to.
        access_control_list (list[RegisteredModelAccessControlResponse] | Unset): One entry per principal.
    """

    object_id: str | Unset = UNSET
    object_type: str | Unset = UNSET
    access_control_list: list[RegisteredModelAccessControlResponse] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        object_id = self.object_id

        object_type = self.object_type

        access_control_list: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.access_control_list, Unset):
            access_control_list = []
            for access_control_list_item_data in self.access_control_list:
                access_control_list_item = access_control_list_item_data.to_dict()
                access_control_list.append(access_control_list_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if object_id is not UNSET:
            field_dict["object_id"] = object_id
        if object_type is not UNSET:
            field_dict["object_type"] = object_type
        if access_control_list is not UNSET:
            field_dict["access_control_list"] = access_control_list

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.registered_model_access_control_response import RegisteredModelAccessControlResponse  # noqa: PLC0415

        d = dict(src_dict)
        object_id = d.pop("object_id", UNSET)

        object_type = d.pop("object_type", UNSET)

        _access_control_list = d.pop("access_control_list", UNSET)
        access_control_list: list[RegisteredModelAccessControlResponse] | Unset = UNSET
        if _access_control_list is not UNSET:
            access_control_list = []
            for access_control_list_item_data in _access_control_list:
                access_control_list_item = RegisteredModelAccessControlResponse.from_dict(access_control_list_item_data)

                access_control_list.append(access_control_list_item)

        registered_model_permissions = cls(
            object_id=object_id,
            object_type=object_type,
            access_control_list=access_control_list,
        )

        registered_model_permissions.additional_properties = d
        return registered_model_permissions

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
