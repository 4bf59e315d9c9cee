from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.registry_webhook_event import RegistryWebhookEvent
from ..models.registry_webhook_status import RegistryWebhookStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.http_url_spec_without_secret import HttpUrlSpecWithoutSecret
    from ..models.job_spec_without_secret import JobSpecWithoutSecret


T = TypeVar("T", bound="RegistryWebhook")


@_attrs_define
class RegistryWebhook:
    """A model registry webhook.

    Attributes:
        id (str | Unset): ID of the webhook.
        model_name (str | Unset): Model whose events trigger the webhook; absent for a registry-wide webhook.
        description (str | Unset): Description of the webhook.
        events (list[RegistryWebhookEvent] | Unset): Events that trigger the webhook.
        status (RegistryWebhookStatus | Unset): ACTIVE fires on real events (the default), DISABLED never fires,
            TEST_MODE fires only through the test endpoint.
        http_url_spec (HttpUrlSpecWithoutSecret | Unset): The HTTPS endpoint a webhook calls, as returned (credentials
            are never returned).
        job_spec (JobSpecWithoutSecret | Unset): The job a webhook runs, as returned (the token is never returned).
        creation_timestamp (int | Unset): Creation time, in milliseconds since the epoch.
        last_updated_timestamp (int | Unset): Last update time, in milliseconds since the epoch.
    """

    id: str | Unset = UNSET
    model_name: str | Unset = UNSET
    description: str | Unset = UNSET
    events: list[RegistryWebhookEvent] | Unset = UNSET
    status: RegistryWebhookStatus | Unset = UNSET
    http_url_spec: HttpUrlSpecWithoutSecret | Unset = UNSET
    job_spec: JobSpecWithoutSecret | Unset = UNSET
    creation_timestamp: int | Unset = UNSET
    last_updated_timestamp: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        model_name = self.model_name

        description = self.description

        events: list[str] | Unset = UNSET
        if not isinstance(self.events, Unset):
            events = []
            for events_item_data in self.events:
                events_item = events_item_data.value
                events.append(events_item)

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

        http_url_spec: dict[str, Any] | Unset = UNSET
        if not isinstance(self.http_url_spec, Unset):
            http_url_spec = self.http_url_spec.to_dict()

        job_spec: dict[str, Any] | Unset = UNSET
        if not isinstance(self.job_spec, Unset):
            job_spec = self.job_spec.to_dict()

        creation_timestamp = self.creation_timestamp

        last_updated_timestamp = self.last_updated_timestamp

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if id is not UNSET:
            field_dict["id"] = id
        if model_name is not UNSET:
            field_dict["model_name"] = model_name
        if description is not UNSET:
            field_dict["description"] = description
        if events is not UNSET:
            field_dict["events"] = events
        if status is not UNSET:
            field_dict["status"] = status
        if http_url_spec is not UNSET:
            field_dict["http_url_spec"] = http_url_spec
        if job_spec is not UNSET:
            field_dict["job_spec"] = job_spec
        if creation_timestamp is not UNSET:
            field_dict["creation_timestamp"] = creation_timestamp
        if last_updated_timestamp is not UNSET:
            field_dict["last_updated_timestamp"] = last_updated_timestamp

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.http_url_spec_without_secret import HttpUrlSpecWithoutSecret  # noqa: PLC0415
        from ..models.job_spec_without_secret import JobSpecWithoutSecret  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id", UNSET)

        model_name = d.pop("model_name", UNSET)

        description = d.pop("description", UNSET)

        _events = d.pop("events", UNSET)
        events: list[RegistryWebhookEvent] | Unset = UNSET
        if _events is not UNSET:
            events = []
            for events_item_data in _events:
                events_item = RegistryWebhookEvent(events_item_data)

                events.append(events_item)

        _status = d.pop("status", UNSET)
        status: RegistryWebhookStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = RegistryWebhookStatus(_status)

        _http_url_spec = d.pop("http_url_spec", UNSET)
        http_url_spec: HttpUrlSpecWithoutSecret | Unset
        if isinstance(_http_url_spec, Unset):
            http_url_spec = UNSET
        else:
            http_url_spec = HttpUrlSpecWithoutSecret.from_dict(_http_url_spec)

        _job_spec = d.pop("job_spec", UNSET)
        job_spec: JobSpecWithoutSecret | Unset
        if isinstance(_job_spec, Unset):
            job_spec = UNSET
        else:
            job_spec = JobSpecWithoutSecret.from_dict(_job_spec)

        creation_timestamp = d.pop("creation_timestamp", UNSET)

        last_updated_timestamp = d.pop("last_updated_timestamp", UNSET)

        registry_webhook = cls(
            id=id,
            model_name=model_name,
            description=description,
            events=events,
            status=status,
            http_url_spec=http_url_spec,
            job_spec=job_spec,
            creation_timestamp=creation_timestamp,
            last_updated_timestamp=last_updated_timestamp,
        )

        registry_webhook.additional_properties = d
        return registry_webhook

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
