from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.activity_action import ActivityAction
from ..types import UNSET, Unset

T = TypeVar("T", bound="TransitionRequest")


@_attrs_define
class TransitionRequest:
    """A newly created stage transition request (it carries no ID).

    Attributes:
        available_actions (list[ActivityAction] | Unset): Actions the caller may take on the request.
        comment (str | Unset): Comment given with the request.
        creation_timestamp (int | Unset): Creation time, in milliseconds since the epoch.
        to_stage (str | Unset): Requested stage: one of `None`, `Staging`, `Production`, `Archived`.
        user_id (str | Unset): User who made the request.
    """

    available_actions: list[ActivityAction] | Unset = UNSET
    comment: str | Unset = UNSET
    creation_timestamp: int | Unset = UNSET
    to_stage: str | Unset = UNSET
    user_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        available_actions: list[str] | Unset = UNSET
        if not isinstance(self.available_actions, Unset):
            available_actions = []
            for available_actions_item_data in self.available_actions:
                available_actions_item = available_actions_item_data.value
                available_actions.append(available_actions_item)

        comment = self.comment

        creation_timestamp = self.creation_timestamp

        to_stage = self.to_stage

        user_id = self.user_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if available_actions is not UNSET:
            field_dict["available_actions"] = available_actions
        if comment is not UNSET:
            field_dict["comment"] = comment
        if creation_timestamp is not UNSET:
            field_dict["creation_timestamp"] = creation_timestamp
        if to_stage is not UNSET:
            field_dict["to_stage"] = to_stage
        if user_id is not UNSET:
            field_dict["user_id"] = user_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _available_actions = d.pop("available_actions", UNSET)
        available_actions: list[ActivityAction] | Unset = UNSET
        if _available_actions is not UNSET:
            available_actions = []
            for available_actions_item_data in _available_actions:
                available_actions_item = ActivityAction(available_actions_item_data)

                available_actions.append(available_actions_item)

        comment = d.pop("comment", UNSET)

        creation_timestamp = d.pop("creation_timestamp", UNSET)

        to_stage = d.pop("to_stage", UNSET)

        user_id = d.pop("user_id", UNSET)

        transition_request = cls(
            available_actions=available_actions,
            comment=comment,
            creation_timestamp=creation_timestamp,
            to_stage=to_stage,
            user_id=user_id,
        )

        transition_request.additional_properties = d
        return transition_request

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
