from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.registry_webhook_event import RegistryWebhookEvent
from ..models.registry_webhook_status import RegistryWebhookStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.http_url_spec import HttpUrlSpec
    from ..models.job_spec import JobSpec


T = TypeVar("T", bound="CreateRegistryWebhook")


@_attrs_define
class CreateRegistryWebhook:
    """Request body of create_webhook; set http_url_spec or job_spec.

    Attributes:
        events (list[RegistryWebhookEvent]): Events that trigger the webhook.
        description (str | Unset): Description of the webhook.
        model_name (str | Unset): Model whose events trigger the webhook; leave out for a registry-wide webhook.
        status (RegistryWebhookStatus | Unset): ACTIVE fires on real events (the default), DISABLED never fires,
            TEST_MODE fires only through the test endpoint.
        http_url_spec (HttpUrlSpec | Unset): The HTTPS endpoint a webhook calls, with its credentials (request form).
        job_spec (JobSpec | Unset): The job a webhook runs, with the token to run it (request form).
    """

    events: list[RegistryWebhookEvent]
    description: str | Unset = UNSET
    model_name: str | Unset = UNSET
    status: RegistryWebhookStatus | Unset = UNSET
    http_url_spec: HttpUrlSpec | Unset = UNSET
    job_spec: JobSpec | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        events = []
        for events_item_data in self.events:
            events_item = events_item_data.value
            events.append(events_item)

        description = self.description

        model_name = self.model_name

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

        http_url_spec: dict[str, Any] | Unset = UNSET
        if not isinstance(self.http_url_spec, Unset):
            http_url_spec = self.http_url_spec.to_dict()

        job_spec: dict[str, Any] | Unset = UNSET
        if not isinstance(self.job_spec, Unset):
            job_spec = self.job_spec.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "events": events,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if model_name is not UNSET:
            field_dict["model_name"] = model_name
        if status is not UNSET:
            field_dict["status"] = status
        if http_url_spec is not UNSET:
            field_dict["http_url_spec"] = http_url_spec
        if job_spec is not UNSET:
            field_dict["job_spec"] = job_spec

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.http_url_spec import HttpUrlSpec  # noqa: PLC0415
        from ..models.job_spec import JobSpec  # noqa: PLC0415

        d = dict(src_dict)
        events = []
        _events = d.pop("events")
        for events_item_data in _events:
            events_item = RegistryWebhookEvent(events_item_data)

            events.append(events_item)

        description = d.pop("description", UNSET)

        model_name = d.pop("model_name", UNSET)

        _status = d.pop("status", UNSET)
        status: RegistryWebhookStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = RegistryWebhookStatus(_status)

        _http_url_spec = d.pop("http_url_spec", UNSET)
        http_url_spec: HttpUrlSpec | Unset
        if isinstance(_http_url_spec, Unset):
            http_url_spec = UNSET
        else:
            http_url_spec = HttpUrlSpec.from_dict(_http_url_spec)

        _job_spec = d.pop("job_spec", UNSET)
        job_spec: JobSpec | Unset
        if isinstance(_job_spec, Unset):
            job_spec = UNSET
        else:
            job_spec = JobSpec.from_dict(_job_spec)

        create_registry_webhook = cls(
            events=events,
            description=description,
            model_name=model_name,
            status=status,
            http_url_spec=http_url_spec,
            job_spec=job_spec,
        )

        create_registry_webhook.additional_properties = d
        return create_registry_webhook

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
