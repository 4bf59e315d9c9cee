from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.model_tag import ModelTag
    from ..models.model_version import ModelVersion


T = TypeVar("T", bound="Model")


@_attrs_define
class Model:
    """A registered model as OSS MLflow returns it.

    Attributes:
        name (str | Unset): Unique name of the model.
        description (str | Unset): Description of the model.
        creation_timestamp (int | Unset): Creation time, in milliseconds since the epoch.
        last_updated_timestamp (int | Unset): Last update time, in milliseconds since the epoch.
        user_id (str | Unset): User who created the model.
        latest_versions (list[ModelVersion] | Unset): The latest version in each stage.
        tags (list[ModelTag] | Unset): Tags of the model.
    """

    name: str | Unset = UNSET
    description: str | Unset = UNSET
    creation_timestamp: int | Unset = UNSET
    last_updated_timestamp: int | Unset = UNSET
    user_id: str | Unset = UNSET
    latest_versions: list[ModelVersion] | Unset = UNSET
    tags: list[ModelTag] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        description = self.description

        creation_timestamp = self.creation_timestamp

        last_updated_timestamp = self.last_updated_timestamp

        user_id = self.user_id

        latest_versions: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.latest_versions, Unset):
            latest_versions = []
            for latest_versions_item_data in self.latest_versions:
                latest_versions_item = latest_versions_item_data.to_dict()
                latest_versions.append(latest_versions_item)

        tags: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.tags, Unset):
            tags = []
            for tags_item_data in self.tags:
                tags_item = tags_item_data.to_dict()
                tags.append(tags_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if description is not UNSET:
            field_dict["description"] = description
        if creation_timestamp is not UNSET:
            field_dict["creation_timestamp"] = creation_timestamp
        if last_updated_timestamp is not UNSET:
            field_dict["last_updated_timestamp"] = last_updated_timestamp
        if user_id is not UNSET:
            field_dict["user_id"] = user_id
        if latest_versions is not UNSET:
            field_dict["latest_versions"] = latest_versions
        if tags is not UNSET:
            field_dict["tags"] = tags

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.model_tag import ModelTag  # noqa: PLC0415
        from ..models.model_version import ModelVersion  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name", UNSET)

        description = d.pop("description", UNSET)

        creation_timestamp = d.pop("creation_timestamp", UNSET)

        last_updated_timestamp = d.pop("last_updated_timestamp", UNSET)

        user_id = d.pop("user_id", UNSET)

        _latest_versions = d.pop("latest_versions", UNSET)
        latest_versions: list[ModelVersion] | Unset = UNSET
        if _latest_versions is not UNSET:
            latest_versions = []
            for latest_versions_item_data in _latest_versions:
                latest_versions_item = ModelVersion.from_dict(latest_versions_item_data)

                latest_versions.append(latest_versions_item)

        _tags = d.pop("tags", UNSET)
        tags: list[ModelTag] | Unset = UNSET
        if _tags is not UNSET:
            tags = []
            for tags_item_data in _tags:
                tags_item = ModelTag.from_dict(tags_item_data)

                tags.append(tags_item)

        model = cls(
            name=name,
            description=description,
            creation_timestamp=creation_timestamp,
            last_updated_timestamp=last_updated_timestamp,
            user_id=user_id,
            latest_versions=latest_versions,
            tags=tags,
        )

        model.additional_properties = d
        return model

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
