from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="RegisteredModelAlias")


@_attrs_define
class RegisteredModelAlias:
    """An alias: a mutable, named pointer from a registered model to one of its versions.

    Attributes:
        alias_name (str | Unset): Name of the alias.
        catalog_name (str | Unset): Name of the parent catalog.
        id (str | Unset): Unique identifier.
        model_name (str | Unset): Name of the registered model, relative to its schema.
        schema_name (str | Unset): Name of the parent schema, relative to its catalog.
        version_num (int | Unset): Version the alias points at.
    """

    alias_name: str | Unset = UNSET
    catalog_name: str | Unset = UNSET
    id: str | Unset = UNSET
    model_name: str | Unset = UNSET
    schema_name: str | Unset = UNSET
    version_num: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        alias_name = self.alias_name

        catalog_name = self.catalog_name

        id = self.id

        model_name = self.model_name

        schema_name = self.schema_name

        version_num = self.version_num

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if alias_name is not UNSET:
            field_dict["alias_name"] = alias_name
        if catalog_name is not UNSET:
            field_dict["catalog_name"] = catalog_name
        if id is not UNSET:
            field_dict["id"] = id
        if model_name is not UNSET:
            field_dict["model_name"] = model_name
        if schema_name is not UNSET:
            field_dict["schema_name"] = schema_name
        if version_num is not UNSET:
            field_dict["version_num"] = version_num

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        alias_name = d.pop("alias_name", UNSET)

        catalog_name = d.pop("catalog_name", UNSET)

        id = d.pop("id", UNSET)

        model_name = d.pop("model_name", UNSET)

        schema_name = d.pop("schema_name", UNSET)

        version_num = d.pop("version_num", UNSET)

        registered_model_alias = cls(
            alias_name=alias_name,
            catalog_name=catalog_name,
            id=id,
            model_name=model_name,
            schema_name=schema_name,
            version_num=version_num,
        )

        registered_model_alias.additional_properties = d
        return registered_model_alias

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
