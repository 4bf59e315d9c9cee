from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.experiment_access_control_request import ExperimentAccessControlRequest


T = TypeVar("T", bound="ExperimentPermissionsRequest")


@_attrs_define
class ExperimentPermissionsRequest:
    """Request body of the PUT (replace) and PATCH (merge) experiment permissions calls.

    Attributes:
        access_control_list (list[ExperimentAccessControlRequest] | Unset): Grants to set; with PUT an empty or missing
            list removes every direct grant.
    """

    access_control_list: list[ExperimentAccessControlRequest] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        access_control_list: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.access_control_list, Unset):
            access_control_list = []
            for access_control_list_item_data in self.access_control_list:
                access_control_list_item = access_control_list_item_data.to_dict()
                access_control_list.append(access_control_list_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if access_control_list is not UNSET:
            field_dict["access_control_list"] = access_control_list

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.experiment_access_control_request import ExperimentAccessControlRequest  # noqa: PLC0415

        d = dict(src_dict)
        _access_control_list = d.pop("access_control_list", UNSET)
        access_control_list: list[ExperimentAccessControlRequest] | Unset = UNSET
        if _access_control_list is not UNSET:
            access_control_list = []
            for access_control_list_item_data in _access_control_list:
                access_control_list_item = ExperimentAccessControlRequest.from_dict(access_control_list_item_data)

                access_control_list.append(access_control_list_item)

        experiment_permissions_request = cls(
            access_control_list=access_control_list,
        )

        experiment_permissions_request.additional_properties = d
        return experiment_permissions_request

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
