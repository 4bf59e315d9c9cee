from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.comment_activity_action import CommentActivityAction
from ..types import UNSET, Unset

T = TypeVar("T", bound="CommentObject")


@_attrs_define
class CommentObject:
    """A comment on a model version.

    Attributes:
        id (str | Unset): ID of the comment.
        comment (str | Unset): Text of the comment.
        user_id (str | Unset): User who wrote the comment.
        creation_timestamp (int | Unset): Creation time, in milliseconds since the epoch.
        last_updated_timestamp (int | Unset): Last edit time, in milliseconds since the epoch.
        available_actions (list[CommentActivityAction] | Unset): Actions the caller may take on the comment.
    """

    id: str | Unset = UNSET
    comment: str | Unset = UNSET
    user_id: str | Unset = UNSET
    creation_timestamp: int | Unset = UNSET
    last_updated_timestamp: int | Unset = UNSET
    available_actions: list[CommentActivityAction] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        comment = self.comment

        user_id = self.user_id

        creation_timestamp = self.creation_timestamp

        last_updated_timestamp = self.last_updated_timestamp

        available_actions: list[str] | Unset = UNSET
        if not isinstance(self.available_actions, Unset):
            available_actions = []
            for available_actions_item_data in self.available_actions:
                available_actions_item = available_actions_item_data.value
                available_actions.append(available_actions_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if id is not UNSET:
            field_dict["id"] = id
        if comment is not UNSET:
            field_dict["comment"] = comment
        if user_id is not UNSET:
            field_dict["user_id"] = user_id
        if creation_timestamp is not UNSET:
            field_dict["creation_timestamp"] = creation_timestamp
        if last_updated_timestamp is not UNSET:
            field_dict["last_updated_timestamp"] = last_updated_timestamp
        if available_actions is not UNSET:
            field_dict["available_actions"] = available_actions

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id", UNSET)

        comment = d.pop("comment", UNSET)

        user_id = d.pop("user_id", UNSET)

        creation_timestamp = d.pop("creation_timestamp", UNSET)

        last_updated_timestamp = d.pop("last_updated_timestamp", UNSET)

        _available_actions = d.pop("available_actions", UNSET)
        available_actions: list[CommentActivityAction] | Unset = UNSET
        if _available_actions is not UNSET:
            available_actions = []
            for available_actions_item_data in _available_actions:
                available_actions_item = CommentActivityAction(available_actions_item_data)

                available_actions.append(available_actions_item)

        comment_object = cls(
            id=id,
            comment=comment,
            user_id=user_id,
            creation_timestamp=creation_timestamp,
            last_updated_timestamp=last_updated_timestamp,
            available_actions=available_actions,
        )

        comment_object.additional_properties = d
        return comment_object

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
