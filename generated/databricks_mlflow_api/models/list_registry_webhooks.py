from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.registry_webhook import RegistryWebhook


T = TypeVar("T", bound="ListRegistryWebhooks")


@_attrs_define
class ListRegistryWebhooks:
    """Response of list_webhooks, one page.

    Attributes:
        webhooks (list[RegistryWebhook] | Unset): The webhooks of this page.
        next_page_token (str | Unset): Token of the next page; missing or empty on the last page.
    """

    webhooks: list[RegistryWebhook] | Unset = UNSET
    next_page_token: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        webhooks: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.webhooks, Unset):
            webhooks = []
            for webhooks_item_data in self.webhooks:
                webhooks_item = webhooks_item_data.to_dict()
                webhooks.append(webhooks_item)

        next_page_token = self.next_page_token

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if webhooks is not UNSET:
            field_dict["webhooks"] = webhooks
        if next_page_token is not UNSET:
            field_dict["next_page_token"] = next_page_token

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.registry_webhook import RegistryWebhook  # noqa: PLC0415

        d = dict(src_dict)
        _webhooks = d.pop("webhooks", UNSET)
        webhooks: list[RegistryWebhook] | Unset = UNSET
        if _webhooks is not UNSET:
            webhooks = []
            for webhooks_item_data in _webhooks:
                webhooks_item = RegistryWebhook.from_dict(webhooks_item_data)

                webhooks.append(webhooks_item)

        next_page_token = d.pop("next_page_token", UNSET)

        list_registry_webhooks = cls(
            webhooks=webhooks,
            next_page_token=next_page_token,
        )

        list_registry_webhooks.additional_properties = d
        return list_registry_webhooks

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
