from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.view_type import ViewType
from ..types import UNSET, Unset

T = TypeVar("T", bound="SearchExperiments")


@_attrs_define
class SearchExperiments:
    """Request body of search_experiments.

    Attributes:
        filter_ (str | Unset): SQL-like filter, for example `name ILIKE 'fraud%'`.
        max_results (int | Unset): Maximum number of experiments in one page (at most 3000).
        order_by (list[str] | Unset): Columns to sort by, each optionally followed by `ASC` or `DESC`.
        page_token (str | Unset): Token of the page to fetch, from a previous `next_page_token`.
        view_type (ViewType | Unset): Which experiments a search returns, by lifecycle stage.
    """

    filter_: str | Unset = UNSET
    max_results: int | Unset = UNSET
    order_by: list[str] | Unset = UNSET
    page_token: str | Unset = UNSET
    view_type: ViewType | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        filter_ = self.filter_

        max_results = self.max_results

        order_by: list[str] | Unset = UNSET
        if not isinstance(self.order_by, Unset):
            order_by = self.order_by

        page_token = self.page_token

        view_type: str | Unset = UNSET
        if not isinstance(self.view_type, Unset):
            view_type = self.view_type.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if filter_ is not UNSET:
            field_dict["filter"] = filter_
        if max_results is not UNSET:
            field_dict["max_results"] = max_results
        if order_by is not UNSET:
            field_dict["order_by"] = order_by
        if page_token is not UNSET:
            field_dict["page_token"] = page_token
        if view_type is not UNSET:
            field_dict["view_type"] = view_type

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        filter_ = d.pop("filter", UNSET)

        max_results = d.pop("max_results", UNSET)

        order_by = cast(list[str], d.pop("order_by", UNSET))

        page_token = d.pop("page_token", UNSET)

        _view_type = d.pop("view_type", UNSET)
        view_type: ViewType | Unset
        if isinstance(_view_type, Unset):
            view_type = UNSET
        else:
            view_type = ViewType(_view_type)

        search_experiments = cls(
            filter_=filter_,
            max_results=max_results,
            order_by=order_by,
            page_token=page_token,
            view_type=view_type,
        )

        search_experiments.additional_properties = d
        return search_experiments

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
