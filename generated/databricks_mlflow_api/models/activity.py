from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.activity_type import ActivityType
from ..types import UNSET, Unset

T = TypeVar("T", bound="Activity")


@_attrs_define
class Activity:
    """A recorded activity on a model version, such as a transition request or its approval.

    Attributes:
        id (str | Unset): ID of the activity.
        activity_type (ActivityType | Unset): Kind of activity recorded on a model version.
        comment (str | Unset): Comment the user gave with the activity.
        system_comment (str | Unset): Comment written by the system, for example explaining a SYSTEM_TRANSITION.
        from_stage (str | Unset): Source stage: one of `None`, `Staging`, `Production`, `Archived`.
        to_stage (str | Unset): Target stage: one of `None`, `Staging`, `Production`, `Archived`.
        user_id (str | Unset): User who caused the activity.
        creation_timestamp (int | Unset): Creation time, in milliseconds since the epoch.
        last_updated_timestamp (int | Unset): Last update time, in milliseconds since the epoch.
    """

    id: str | Unset = UNSET
    activity_type: ActivityType | Unset = UNSET
    comment: str | Unset = UNSET
    system_comment: str | Unset = UNSET
    from_stage: str | Unset = UNSET
    to_stage: str | Unset = UNSET
    user_id: str | Unset = UNSET
    creation_timestamp: int | Unset = UNSET
    last_updated_timestamp: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        activity_type: str | Unset = UNSET
        if not isinstance(self.activity_type, Unset):
            activity_type = self.activity_type.value

        comment = self.comment

        system_comment = self.system_comment

        from_stage = self.from_stage

        to_stage = self.to_stage

        user_id = self.user_id

        creation_timestamp = self.creation_timestamp

        last_updated_timestamp = self.last_updated_timestamp

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if id is not UNSET:
            field_dict["id"] = id
        if activity_type is not UNSET:
            field_dict["activity_type"] = activity_type
        if comment is not UNSET:
            field_dict["comment"] = comment
        if system_comment is not UNSET:
            field_dict["system_comment"] = system_comment
        if from_stage is not UNSET:
            field_dict["from_stage"] = from_stage
        if to_stage is not UNSET:
            field_dict["to_stage"] = to_stage
        if user_id is not UNSET:
            field_dict["user_id"] = user_id
        if creation_timestamp is not UNSET:
            field_dict["creation_timestamp"] = creation_timestamp
        if last_updated_timestamp is not UNSET:
            field_dict["last_updated_timestamp"] = last_updated_timestamp

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id", UNSET)

        _activity_type = d.pop("activity_type", UNSET)
        activity_type: ActivityType | Unset
        if isinstance(_activity_type, Unset):
            activity_type = UNSET
        else:
            activity_type = ActivityType(_activity_type)

        comment = d.pop("comment", UNSET)

        system_comment = d.pop("system_comment", UNSET)

        from_stage = d.pop("from_stage", UNSET)

        to_stage = d.pop("to_stage", UNSET)

        user_id = d.pop("user_id", UNSET)

        creation_timestamp = d.pop("creation_timestamp", UNSET)

        last_updated_timestamp = d.pop("last_updated_timestamp", UNSET)

        activity = cls(
            id=id,
            activity_type=activity_type,
            comment=comment,
            system_comment=system_comment,
            from_stage=from_stage,
            to_stage=to_stage,
            user_id=user_id,
            creation_timestamp=creation_timestamp,
            last_updated_timestamp=last_updated_timestamp,
        )

        activity.additional_properties = d
        return activity

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
