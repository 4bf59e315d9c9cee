from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.permission_level import PermissionLevel
from ..models.registry_email_subscription_type import RegistryEmailSubscriptionType
from ..models.status import Status
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.activity import Activity
    from ..models.feature_list import FeatureList
    from ..models.model_version_tag import ModelVersionTag


T = TypeVar("T", bound="ModelVersionDatabricks")


@_attrs_define
class ModelVersionDatabricks:
    """A model version with Databricks-only fields (permission level, open requests, features).

    Attributes:
        name (str | Unset): Name of the registered model.
        version (str | Unset): Version number, as a string.
        creation_timestamp (int | Unset): Creation time, in milliseconds since the epoch.
        last_updated_timestamp (int | Unset): Last update time, in milliseconds since the epoch.
        user_id (str | Unset): User name of the version's creator.
        current_stage (str | Unset): Current stage: one of `None`, `Staging`, `Production`, `Archived`.
        description (str | Unset): Description of the version.
        source (str | Unset): URI of the model artifacts the version was created from.
        run_id (str | Unset): ID of the MLflow run that produced the artifacts.
        run_link (str | Unset): Link to the producing run when it lives on another tracking server.
        status (Status | Unset): Registration status of a Databricks model version.
        status_message (str | Unset): Details on the status, for example why registration failed.
        tags (list[ModelVersionTag] | Unset): Tags of the version.
        permission_level (PermissionLevel | Unset): The caller's permission level on a registered model.
        open_requests (list[Activity] | Unset): Open transition requests of the version.
        email_subscription_status (RegistryEmailSubscriptionType | Unset): The caller's email subscription to a model
            version's events.
        feature_list (FeatureList | Unset): The features a model version uses.
    """

    name: str | Unset = UNSET
    version: str | Unset = UNSET
    creation_timestamp: int | Unset = UNSET
    last_updated_timestamp: int | Unset = UNSET
    user_id: str | Unset = UNSET
    current_stage: str | Unset = UNSET
    description: str | Unset = UNSET
    source: str | Unset = UNSET
    run_id: str | Unset = UNSET
    run_link: str | Unset = UNSET
    status: Status | Unset = UNSET
    status_message: str | Unset = UNSET
    tags: list[ModelVersionTag] | Unset = UNSET
    permission_level: PermissionLevel | Unset = UNSET
    open_requests: list[Activity] | Unset = UNSET
    email_subscription_status: RegistryEmailSubscriptionType | Unset = UNSET
    feature_list: FeatureList | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        version = self.version

        creation_timestamp = self.creation_timestamp

        last_updated_timestamp = self.last_updated_timestamp

        user_id = self.user_id

        current_stage = self.current_stage

        description = self.description

        source = self.source

        run_id = self.run_id

        run_link = self.run_link

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

        status_message = self.status_message

        tags: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.tags, Unset):
            tags = []
            for tags_item_data in self.tags:
                tags_item = tags_item_data.to_dict()
                tags.append(tags_item)

        permission_level: str | Unset = UNSET
        if not isinstance(self.permission_level, Unset):
            permission_level = self.permission_level.value

        open_requests: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.open_requests, Unset):
            open_requests = []
            for open_requests_item_data in self.open_requests:
                open_requests_item = open_requests_item_data.to_dict()
                open_requests.append(open_requests_item)

        email_subscription_status: str | Unset = UNSET
        if not isinstance(self.email_subscription_status, Unset):
            email_subscription_status = self.email_subscription_status.value

        feature_list: dict[str, Any] | Unset = UNSET
        if not isinstance(self.feature_list, Unset):
            feature_list = self.feature_list.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if version is not UNSET:
            field_dict["version"] = version
        if creation_timestamp is not UNSET:
            field_dict["creation_timestamp"] = creation_timestamp
        if last_updated_timestamp is not UNSET:
            field_dict["last_updated_timestamp"] = last_updated_timestamp
        if user_id is not UNSET:
            field_dict["user_id"] = user_id
        if current_stage is not UNSET:
            field_dict["current_stage"] = current_stage
        if description is not UNSET:
            field_dict["description"] = description
        if source is not UNSET:
            field_dict["source"] = source
        if run_id is not UNSET:
            field_dict["run_id"] = run_id
        if run_link is not UNSET:
            field_dict["run_link"] = run_link
        if status is not UNSET:
            field_dict["status"] = status
        if status_message is not UNSET:
            field_dict["status_message"] = status_message
        if tags is not UNSET:
            field_dict["tags"] = tags
        if permission_level is not UNSET:
            field_dict["permission_level"] = permission_level
        if open_requests is not UNSET:
            field_dict["open_requests"] = open_requests
        if email_subscription_status is not UNSET:
            field_dict["email_subscription_status"] = email_subscription_status
        if feature_list is not UNSET:
            field_dict["feature_list"] = feature_list

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.activity import Activity  # noqa: PLC0415
        from ..models.feature_list import FeatureList  # noqa: PLC0415
        from ..models.model_version_tag import ModelVersionTag  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name", UNSET)

        version = d.pop("version", UNSET)

        creation_timestamp = d.pop("creation_timestamp", UNSET)

        last_updated_timestamp = d.pop("last_updated_timestamp", UNSET)

        user_id = d.pop("user_id", UNSET)

        current_stage = d.pop("current_stage", UNSET)

        description = d.pop("description", UNSET)

        source = d.pop("source", UNSET)

        run_id = d.pop("run_id", UNSET)

        run_link = d.pop("run_link", UNSET)

        _status = d.pop("status", UNSET)
        status: Status | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = Status(_status)

        status_message = d.pop("status_message", UNSET)

        _tags = d.pop("tags", UNSET)
        tags: list[ModelVersionTag] | Unset = UNSET
        if _tags is not UNSET:
            tags = []
            for tags_item_data in _tags:
                tags_item = ModelVersionTag.from_dict(tags_item_data)

                tags.append(tags_item)

        _permission_level = d.pop("permission_level", UNSET)
        permission_level: PermissionLevel | Unset
        if isinstance(_permission_level, Unset):
            permission_level = UNSET
        else:
            permission_level = PermissionLevel(_permission_level)

        _open_requests = d.pop("open_requests", UNSET)
        open_requests: list[Activity] | Unset = UNSET
        if _open_requests is not UNSET:
            open_requests = []
            for open_requests_item_data in _open_requests:
                open_requests_item = Activity.from_dict(open_requests_item_data)

                open_requests.append(open_requests_item)

        _email_subscription_status = d.pop("email_subscription_status", UNSET)
        email_subscription_status: RegistryEmailSubscriptionType | Unset
        if isinstance(_email_subscription_status, Unset):
            email_subscription_status = UNSET
        else:
            email_subscription_status = RegistryEmailSubscriptionType(_email_subscription_status)

        _feature_list = d.pop("feature_list", UNSET)
        feature_list: FeatureList | Unset
        if isinstance(_feature_list, Unset):
            feature_list = UNSET
        else:
            feature_list = FeatureList.from_dict(_feature_list)

        model_version_databricks = cls(
            name=name,
            version=version,
            creation_timestamp=creation_timestamp,
            last_updated_timestamp=last_updated_timestamp,
            user_id=user_id,
            current_stage=current_stage,
            description=description,
            source=source,
            run_id=run_id,
            run_link=run_link,
            status=status,
            status_message=status_message,
            tags=tags,
            permission_level=permission_level,
            open_requests=open_requests,
            email_subscription_status=email_subscription_status,
            feature_list=feature_list,
        )

        model_version_databricks.additional_properties = d
        return model_version_databricks

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
