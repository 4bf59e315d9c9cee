from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.group import Group


T = TypeVar("T", bound="ListGroupsResponse")


@_attrs_define
class ListGroupsResponse:
    """Response of list_groups, one page.

    Attributes:
        items_per_page (int | Unset): Number of results in this page.
        resources (list[Group] | Unset): The groups of this page.
        schemas (list[str] | Unset): SCIM schemas of the response: `urn:ietf:params:scim:api:messages:2.0:ListResponse`.
        start_index (int | Unset): Index of the first result of this page among all matches; the first is number 1.
        total_results (int | Unset): Number of results that match the filter.
    """

    items_per_page: int | Unset = UNSET
    resources: list[Group] | Unset = UNSET
    schemas: list[str] | Unset = UNSET
    start_index: int | Unset = UNSET
    total_results: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        items_per_page = self.items_per_page

        resources: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.resources, Unset):
            resources = []
            for resources_item_data in self.resources:
                resources_item = resources_item_data.to_dict()
                resources.append(resources_item)

        schemas: list[str] | Unset = UNSET
        if not isinstance(self.schemas, Unset):
            schemas = self.schemas

        start_index = self.start_index

        total_results = self.total_results

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if items_per_page is not UNSET:
            field_dict["itemsPerPage"] = items_per_page
        if resources is not UNSET:
            field_dict["Resources"] = resources
        if schemas is not UNSET:
            field_dict["schemas"] = schemas
        if start_index is not UNSET:
            field_dict["startIndex"] = start_index
        if total_results is not UNSET:
            field_dict["totalResults"] = total_results

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.group import Group  # noqa: PLC0415

        d = dict(src_dict)
        items_per_page = d.pop("itemsPerPage", UNSET)

        _resources = d.pop("Resources", UNSET)
        resources: list[Group] | Unset = UNSET
        if _resources is not UNSET:
            resources = []
            for resources_item_data in _resources:
                resources_item = Group.from_dict(resources_item_data)

                resources.append(resources_item)

        schemas = cast(list[str], d.pop("schemas", UNSET))

        start_index = d.pop("startIndex", UNSET)

        total_results = d.pop("totalResults", UNSET)

        list_groups_response = cls(
            items_per_page=items_per_page,
            resources=resources,
            schemas=schemas,
            start_index=start_index,
            total_results=total_results,
        )

        list_groups_response.additional_properties = d
        return list_groups_response

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
