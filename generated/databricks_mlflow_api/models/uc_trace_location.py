from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="UcTraceLocation")


@_attrs_define
class UcTraceLocation:
    """A Unity Catalog schema where an experiment's traces are stored.

    Attributes:
        catalog (str | Unset): Unity Catalog catalog name.
        schema (str | Unset): Schema name within the catalog.
        table_prefix (str | Unset): Prefix of the trace tables, when set at creation.
        effective_table_prefix (str | Unset): Prefix of the trace tables actually in use.
    """

    catalog: str | Unset = UNSET
    schema: str | Unset = UNSET
    table_prefix: str | Unset = UNSET
    effective_table_prefix: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        catalog = self.catalog

        schema = self.schema

        table_prefix = self.table_prefix

        effective_table_prefix = self.effective_table_prefix

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if catalog is not UNSET:
            field_dict["catalog"] = catalog
        if schema is not UNSET:
            field_dict["schema"] = schema
        if table_prefix is not UNSET:
            field_dict["table_prefix"] = table_prefix
        if effective_table_prefix is not UNSET:
            field_dict["effective_table_prefix"] = effective_table_prefix

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        catalog = d.pop("catalog", UNSET)

        schema = d.pop("schema", UNSET)

        table_prefix = d.pop("table_prefix", UNSET)

        effective_table_prefix = d.pop("effective_table_prefix", UNSET)

        uc_trace_location = cls(
            catalog=catalog,
            schema=schema,
            table_prefix=table_prefix,
            effective_table_prefix=effective_table_prefix,
        )

        uc_trace_location.additional_properties = d
        return uc_trace_location

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
