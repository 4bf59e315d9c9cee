from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.run_info_status import RunInfoStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="RunInfo")


@_attrs_define
class RunInfo:
    """Metadata of a run.

    Attributes:
        artifact_uri (str | Unset): Root of the run's artifacts.
        end_time (int | Unset): End time, in milliseconds since the epoch.
        experiment_id (str | Unset): ID of the run's experiment.
        lifecycle_stage (str | Unset): `active` or `deleted`.
        run_id (str | Unset): ID of the run.
        run_name (str | Unset): Name of the run.
        run_uuid (str | Unset): ID of the run (deprecated twin of `run_id`).
        start_time (int | Unset): Start time, in milliseconds since the epoch.
        status (RunInfoStatus | Unset): Status of a run.
        user_id (str | Unset): Who created the run.
    """

    artifact_uri: str | Unset = UNSET
    end_time: int | Unset = UNSET
    experiment_id: str | Unset = UNSET
    lifecycle_stage: str | Unset = UNSET
    run_id: str | Unset = UNSET
    run_name: str | Unset = UNSET
    run_uuid: str | Unset = UNSET
    start_time: int | Unset = UNSET
    status: RunInfoStatus | Unset = UNSET
    user_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        artifact_uri = self.artifact_uri

        end_time = self.end_time

        experiment_id = self.experiment_id

        lifecycle_stage = self.lifecycle_stage

        run_id = self.run_id

        run_name = self.run_name

        run_uuid = self.run_uuid

        start_time = self.start_time

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

        user_id = self.user_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if artifact_uri is not UNSET:
            field_dict["artifact_uri"] = artifact_uri
        if end_time is not UNSET:
            field_dict["end_time"] = end_time
        if experiment_id is not UNSET:
            field_dict["experiment_id"] = experiment_id
        if lifecycle_stage is not UNSET:
            field_dict["lifecycle_stage"] = lifecycle_stage
        if run_id is not UNSET:
            field_dict["run_id"] = run_id
        if run_name is not UNSET:
            field_dict["run_name"] = run_name
        if run_uuid is not UNSET:
            field_dict["run_uuid"] = run_uuid
        if start_time is not UNSET:
            field_dict["start_time"] = start_time
        if status is not UNSET:
            field_dict["status"] = status
        if user_id is not UNSET:
            field_dict["user_id"] = user_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        artifact_uri = d.pop("artifact_uri", UNSET)

        end_time = d.pop("end_time", UNSET)

        experiment_id = d.pop("experiment_id", UNSET)

        lifecycle_stage = d.pop("lifecycle_stage", UNSET)

        run_id = d.pop("run_id", UNSET)

        run_name = d.pop("run_name", UNSET)

        run_uuid = d.pop("run_uuid", UNSET)

        start_time = d.pop("start_time", UNSET)

        _status = d.pop("status", UNSET)
        status: RunInfoStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = RunInfoStatus(_status)

        user_id = d.pop("user_id", UNSET)

        run_info = cls(
            artifact_uri=artifact_uri,
            end_time=end_time,
            experiment_id=experiment_id,
            lifecycle_stage=lifecycle_stage,
            run_id=run_id,
            run_name=run_name,
            run_uuid=run_uuid,
            start_time=start_time,
            status=status,
            user_id=user_id,
        )

        run_info.additional_properties = d
        return run_info

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
