from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.experiment_tag import ExperimentTag
    from ..models.experiment_trace_location import ExperimentTraceLocation


T = TypeVar("T", bound="Experiment")


@_attrs_define
class Experiment:
    """An MLflow experiment.

    Attributes:
        experiment_id (str | Unset): ID of the experiment.
        name (str | Unset): Name of the experiment (a workspace path on Databricks).
        artifact_location (str | Unset): Where the experiment's artifacts are stored.
        lifecycle_stage (str | Unset): `active` or `deleted`.
        creation_time (int | Unset): Creation time, in milliseconds since the epoch.
        last_update_time (int | Unset): Last update time, in milliseconds since the epoch.
        tags (list[ExperimentTag] | Unset): Tags of the experiment.
        trace_location (ExperimentTraceLocation | Unset): Where an experiment's traces are stored.
    """

    experiment_id: str | Unset = UNSET
    name: str | Unset = UNSET
    artifact_location: str | Unset = UNSET
    lifecycle_stage: str | Unset = UNSET
    creation_time: int | Unset = UNSET
    last_update_time: int | Unset = UNSET
    tags: list[ExperimentTag] | Unset = UNSET
    trace_location: ExperimentTraceLocation | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        experiment_id = self.experiment_id

        name = self.name

        artifact_location = self.artifact_location

        lifecycle_stage = self.lifecycle_stage

        creation_time = self.creation_time

        last_update_time = self.last_update_time

        tags: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.tags, Unset):
            tags = []
            for tags_item_data in self.tags:
                tags_item = tags_item_data.to_dict()
                tags.append(tags_item)

        trace_location: dict[str, Any] | Unset = UNSET
        if not isinstance(self.trace_location, Unset):
            trace_location = self.trace_location.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if experiment_id is not UNSET:
            field_dict["experiment_id"] = experiment_id
        if name is not UNSET:
            field_dict["name"] = name
        if artifact_location is not UNSET:
            field_dict["artifact_location"] = artifact_location
        if lifecycle_stage is not UNSET:
            field_dict["lifecycle_stage"] = lifecycle_stage
        if creation_time is not UNSET:
            field_dict["creation_time"] = creation_time
        if last_update_time is not UNSET:
            field_dict["last_update_time"] = last_update_time
        if tags is not UNSET:
            field_dict["tags"] = tags
        if trace_location is not UNSET:
            field_dict["trace_location"] = trace_location

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.experiment_tag import ExperimentTag  # noqa: PLC0415
        from ..models.experiment_trace_location import ExperimentTraceLocation  # noqa: PLC0415

        d = dict(src_dict)
        experiment_id = d.pop("experiment_id", UNSET)

        name = d.pop("name", UNSET)

        artifact_location = d.pop("artifact_location", UNSET)

        lifecycle_stage = d.pop("lifecycle_stage", UNSET)

        creation_time = d.pop("creation_time", UNSET)

        last_update_time = d.pop("last_update_time", UNSET)

        _tags = d.pop("tags", UNSET)
        tags: list[ExperimentTag] | Unset = UNSET
        if _tags is not UNSET:
            tags = []
            for tags_item_data in _tags:
                tags_item = ExperimentTag.from_dict(tags_item_data)

                tags.append(tags_item)

        _trace_location = d.pop("trace_location", UNSET)
        trace_location: ExperimentTraceLocation | Unset
        if isinstance(_trace_location, Unset):
            trace_location = UNSET
        else:
            trace_location = ExperimentTraceLocation.from_dict(_trace_location)

        experiment = cls(
            experiment_id=experiment_id,
            name=name,
            artifact_location=artifact_location,
            lifecycle_stage=lifecycle_stage,
            creation_time=creation_time,
            last_update_time=last_update_time,
            tags=tags,
            trace_location=trace_location,
        )

        experiment.additional_properties = d
        return experiment

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
