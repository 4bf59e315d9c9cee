from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.registry_webhook_event import RegistryWebhookEvent
from ..types import UNSET, Unset

T = TypeVar("T", bound="TestRegistryWebhookRequest")


@_attrs_define
class TestRegistryWebhookRequest:
    """Request body of test_registry_webhook.

    Attributes:
        id (str): ID of the webhook to fire.
        event (RegistryWebhookEvent | Unset): A model registry event that can trigger a webhook.
            REGISTERED_MODEL_CREATED is only valid for registry-wide webhooks (no model name).
    """

    id: str
    event: RegistryWebhookEvent | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        event: str | Unset = UNSET
        if not isinstance(self.event, Unset):
            event = self.event.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
            }
        )
        if event is not UNSET:
            field_dict["event"] = event

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        _event = d.pop("event", UNSET)
        event: RegistryWebhookEvent | Unset
        if isinstance(_event, Unset):
            event = UNSET
        else:
            event = RegistryWebhookEvent(_event)

        test_registry_webhook_request = cls(
            id=id,
            event=event,
        )

        test_registry_webhook_request.additional_properties = d
        return test_registry_webhook_request

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
