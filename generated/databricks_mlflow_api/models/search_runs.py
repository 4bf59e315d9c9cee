from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.view_type import ViewType
from ..types import UNSET, Unset

T = TypeVar("T", bound="SearchRuns")


@_attrs_define
class SearchRuns:
    """Request body of search_runs.

    Attributes:
        experiment_ids (list[str] | Unset): IDs of the experiments whose runs to search.
        filter_ (str | Unset): Filter over params, metrics, tags and attributes, for example `attributes.start_time <
            1700000000000`.
        max_results (int | Unset): Maximum number of runs in one page (server default 1000, at most 50000).
        order_by (list[str] | Unset): Columns to sort by, each optionally followed by `ASC` or `DESC`.
        page_token (str | Unset): Token of the page to fetch, from a previous `next_page_token`.
        run_view_type (ViewType | Unset): Which experiments a search returns, by lifecycle stage.
    """

    experiment_ids: list[str] | Unset = UNSET
    filter_: str | Unset = UNSET
    max_results: int | Unset = UNSET
    order_by: list[str] | Unset = UNSET
    page_token: str | Unset = UNSET
    run_view_type: ViewType | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        experiment_ids: list[str] | Unset = UNSET
        if not isinstance(self.experiment_ids, Unset):
            experiment_ids = self.experiment_ids

        filter_ = self.filter_

        max_results = self.max_results

        order_by: list[str] | Unset = UNSET
        if not isinstance(self.order_by, Unset):
            order_by = self.order_by

        page_token = self.page_token

        run_view_type: str | Unset = UNSET
        if not isinstance(self.run_view_type, Unset):
            run_view_type = self.run_view_type.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if experiment_ids is not UNSET:
            field_dict["experiment_ids"] = experiment_ids
        if filter_ is not UNSET:
            field_dict["filter"] = filter_
        if max_results is not UNSET:
            field_dict["max_results"] = max_results
        if order_by is not UNSET:
            field_dict["order_by"] = order_by
        if page_token is not UNSET:
            field_dict["page_token"] = page_token
        if run_view_type is not UNSET:
            field_dict["run_view_type"] = run_view_type

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        experiment_ids = cast(list[str], d.pop("experiment_ids", UNSET))

        filter_ = d.pop("filter", UNSET)

        max_results = d.pop("max_results", UNSET)

        order_by = cast(list[str], d.pop("order_by", UNSET))

        page_token = d.pop("page_token", UNSET)

        _run_view_type = d.pop("run_view_type", UNSET)
        run_view_type: ViewType | Unset
        if isinstance(_run_view_type, Unset):
            run_view_type = UNSET
        else:
            run_view_type = ViewType(_run_view_type)

        search_runs = cls(
            experiment_ids=experiment_ids,
            filter_=filter_,
            max_results=max_results,
            order_by=order_by,
            page_token=page_token,
            run_view_type=run_view_type,
        )

        search_runs.additional_properties = d
        return search_runs

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
