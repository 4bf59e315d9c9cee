from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="LinkedFeature")


@_attrs_define
class LinkedFeature:
    """A feature-store feature a model version uses.

    Attributes:
        feature_name (str | Unset): Name of the feature.
        feature_table_id (str | Unset): ID of the feature table.
        feature_table_name (str | Unset): Name of the feature table.
    """

    feature_name: str | Unset = UNSET
    feature_table_id: str | Unset = UNSET
    feature_table_name: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        feature_name = self.feature_name

        feature_table_id = self.feature_table_id

        feature_table_name = self.feature_table_name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if feature_name is not UNSET:
            field_dict["feature_name"] = feature_name
        if feature_table_id is not UNSET:
            field_dict["feature_table_id"] = feature_table_id
        if feature_table_name is not UNSET:
            field_dict["feature_table_name"] = feature_table_name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        feature_name = d.pop("feature_name", UNSET)

        feature_table_id = d.pop("feature_table_id", UNSET)

        feature_table_name = d.pop("feature_table_name", UNSET)

        linked_feature = cls(
            feature_name=feature_name,
            feature_table_id=feature_table_id,
            feature_table_name=feature_table_name,
        )

        linked_feature.additional_properties = d
        return linked_feature

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
