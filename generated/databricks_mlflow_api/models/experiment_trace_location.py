from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.uc_trace_location import UcTraceLocation


T = TypeVar("T", bound="ExperimentTraceLocation")


@_attrs_define
class ExperimentTraceLocation:
    """Where an experiment's traces are stored.

    Attributes:
        uc_trace_location (UcTraceLocation | Unset): A Unity Catalog schema where an experiment's traces are stored.
    """

    uc_trace_location: UcTraceLocation | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        uc_trace_location: dict[str, Any] | Unset = UNSET
        if not isinstance(self.uc_trace_location, Unset):
            uc_trace_location = self.uc_trace_location.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if uc_trace_location is not UNSET:
            field_dict["uc_trace_location"] = uc_trace_location

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.uc_trace_location import UcTraceLocation  # noqa: PLC0415

        d = dict(src_dict)
        _uc_trace_location = d.pop("uc_trace_location", UNSET)
        uc_trace_location: UcTraceLocation | Unset
        if isinstance(_uc_trace_location, Unset):
            uc_trace_location = UNSET
        else:
            uc_trace_location = UcTraceLocation.from_dict(_uc_trace_location)

        experiment_trace_location = cls(
            uc_trace_location=uc_trace_location,
        )

        experiment_trace_location.additional_properties = d
        return experiment_trace_location

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
