"""Registry webhooks (Public Preview): create, list, update, delete and test."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from typing import Any

from databricks_mlflow_api.models import (
    HttpUrlSpec,
    JobSpec,
    RegistryWebhook,
    RegistryWebhookEvent,
    RegistryWebhookStatus,
    TestRegistryWebhookResponse,
)

from ._base import AsyncResource, SyncResource, as_list, required

Event = RegistryWebhookEvent | str
Status = RegistryWebhookStatus | str
HttpTarget = HttpUrlSpec | Mapping[str, Any]
JobTarget = JobSpec | Mapping[str, Any]


class Webhooks(SyncResource):
    def create(
        self,
        events: Sequence[Event],
        *,
        model_name: str | None = None,
        http_url_spec: HttpTarget | None = None,
        job_spec: JobTarget | None = None,
        description: str | None = None,
        status: Status | None = None,
    ) -> RegistryWebhook:
        """A webhook on ``model_name``, or registry-wide when it is left out (that needs a workspace admin)."""
        response = self._call(
            "create_webhook",
            events=as_list(events),
            model_name=model_name,
            http_url_spec=http_url_spec,
            job_spec=job_spec,
            description=description,
            status=status,
        )
        webhook: RegistryWebhook = required(response.webhook, "create_webhook", "webhook")
        return webhook

    def list(
        self,
        *,
        model_name: str | None = None,
        events: Sequence[Event] | None = None,
        page_size: int | None = None,
    ) -> Iterator[RegistryWebhook]:
        """Every matching webhook, fetched page by page as you iterate."""
        params = {
            "model_name": model_name,
            "events": as_list(events),
            "max_results": page_size,
        }
        return self._paginate("list_webhooks", lambda page: page.webhooks, params)

    def update(
        self,
        id: str,
        *,
        events: Sequence[Event] | None = None,
        http_url_spec: HttpTarget | None = None,
        job_spec: JobTarget | None = None,
        description: str | None = None,
        status: Status | None = None,
    ) -> RegistryWebhook:
        """Change only the fields given."""
        response = self._call(
            "update_webhook",
            id=id,
            events=as_list(events),
            http_url_spec=http_url_spec,
            job_spec=job_spec,
            description=description,
            status=status,
        )
        webhook: RegistryWebhook = required(response.webhook, "update_webhook", "webhook")
        return webhook

    def delete(self, id: str) -> None:
        self._call("delete_webhook", id=id)

    def test(self, id: str, *, event: Event | None = None) -> TestRegistryWebhookResponse:
        """Fire a test delivery; returns the target's status code and body."""
        result: TestRegistryWebhookResponse = self._call("test_registry_webhook", id=id, event=event)
        return result


class AsyncWebhooks(AsyncResource):
    async def create(
        self,
        events: Sequence[Event],
        *,
        model_name: str | None = None,
        http_url_spec: HttpTarget | None = None,
        job_spec: JobTarget | None = None,
        description: str | None = None,
        status: Status | None = None,
    ) -> RegistryWebhook:
        """A webhook on ``model_name``, or registry-wide when it is left out (that needs a workspace admin)."""
        response = await self._call(
            "create_webhook",
            events=as_list(events),
            model_name=model_name,
            http_url_spec=http_url_spec,
            job_spec=job_spec,
            description=description,
            status=status,
        )
        webhook: RegistryWebhook = required(response.webhook, "create_webhook", "webhook")
        return webhook

    def list(
        self,
        *,
        model_name: str | None = None,
        events: Sequence[Event] | None = None,
        page_size: int | None = None,
    ) -> AsyncIterator[RegistryWebhook]:
        """Every matching webhook, fetched page by page as you iterate (``async for``)."""
        params = {
            "model_name": model_name,
            "events": as_list(events),
            "max_results": page_size,
        }
        return self._paginate("list_webhooks", lambda page: page.webhooks, params)

    async def update(
        self,
        id: str,
        *,
        events: Sequence[Event] | None = None,
        http_url_spec: HttpTarget | None = None,
        job_spec: JobTarget | None = None,
        description: str | None = None,
        status: Status | None = None,
    ) -> RegistryWebhook:
        """Change only the fields given."""
        response = await self._call(
            "update_webhook",
            id=id,
            events=as_list(events),
            http_url_spec=http_url_spec,
            job_spec=job_spec,
            description=description,
            status=status,
        )
        webhook: RegistryWebhook = required(response.webhook, "update_webhook", "webhook")
        return webhook

    async def delete(self, id: str) -> None:
        await self._call("delete_webhook", id=id)

    async def test(self, id: str, *, event: Event | None = None) -> TestRegistryWebhookResponse:
        """Fire a test delivery; returns the target's status code and body."""
        result: TestRegistryWebhookResponse = await self._call("test_registry_webhook", id=id, event=event)
        return result
