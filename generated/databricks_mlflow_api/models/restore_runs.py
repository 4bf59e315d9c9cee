from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="RestoreRuns")


@_attrs_define
class RestoreRuns:
    """Request body of restore_runs.

    Attributes:
        experiment_id (str): ID of the experiment whose runs are restored.
        min_timestamp_millis (int): Only runs deleted at or after this time (ms since the epoch) are restored.
        max_runs (int | Unset): Maximum number of runs to restore in this call (1 to 10000).
    """

    experiment_id: str
    min_timestamp_millis: int
    max_runs: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        experiment_id = self.experiment_id

        min_timestamp_millis = self.min_timestamp_millis

        max_runs = self.max_runs

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "experiment_id": experiment_id,
                "min_timestamp_millis": min_timestamp_millis,
            }
        )
        if max_runs is not UNSET:
            field_dict["max_runs"] = max_runs

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        experiment_id = d.pop("experiment_id")

        min_timestamp_millis = d.pop("min_timestamp_millis")

        max_runs = d.pop("max_runs", UNSET)

        restore_runs = cls(
            experiment_id=experiment_id,
            min_timestamp_millis=min_timestamp_millis,
            max_runs=max_runs,
        )

        restore_runs.additional_properties = d
        return restore_runs

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
