"""Registry webhooks (Public Preview): create, list, update, delete and test."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from databricks_mlflow_api.models import (
    CreateRegistryWebhook,
    HttpUrlSpec,
    JobSpec,
    RegistryWebhook,
    RegistryWebhookEvent,
    RegistryWebhookStatus,
    TestRegistryWebhookRequest,
    TestRegistryWebhookResponse,
    UpdateRegistryWebhook,
)
from databricks_mlflow_api.types import UNSET

from ..._response import AsyncItems
from .._base import AsyncResource, enum_of, enums_of, model_of, opt, required

Event = RegistryWebhookEvent | str
Status = RegistryWebhookStatus | str
HttpTarget = HttpUrlSpec | Mapping[str, Any]
JobTarget = JobSpec | Mapping[str, Any]


class AsyncWebhooks(AsyncResource):
    """Registry webhooks (``client.webhooks``). Every method raises RequestValidationError, before anything
    is sent, for an argument the spec does not allow, and DatabricksError for what the server refuses."""

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
        """Create a webhook on ``model_name``, or registry-wide when it is left out (that needs a workspace
        admin). Sends ``create_webhook`` (POST, never re-sent); returns the webhook, secrets left out."""
        from databricks_mlflow_api.api.webhooks import create_webhook

        op = "create_webhook"
        body = CreateRegistryWebhook(
            events=enums_of(RegistryWebhookEvent, events, op, "events"),
            model_name=opt(model_name),
            http_url_spec=model_of(HttpUrlSpec, http_url_spec, op, "http_url_spec"),
            job_spec=model_of(JobSpec, job_spec, op, "job_spec"),
            description=opt(description),
            status=enum_of(RegistryWebhookStatus, status, op, "status"),
        )
        response = await self._api.call(create_webhook.ENDPOINT, body=body)
        return required(response.webhook, op, "webhook")

    def list(
        self,
        *,
        model_name: str | None = None,
        events: Sequence[Event] | None = None,
        page_size: int | None = None,
    ) -> AsyncItems[RegistryWebhook]:
        """Every matching webhook, fetched page by page (``list_webhooks``) as you iterate; ``.pages()``
        gives each page with its HTTP response."""
        from databricks_mlflow_api.api.webhooks import list_webhooks

        event_filter = (
            UNSET if events is None else enums_of(RegistryWebhookEvent, events, "list_webhooks", "events")
        )
        return AsyncItems(
            lambda token: self._api.call(
                list_webhooks.ENDPOINT,
                model_name=opt(model_name),
                events=event_filter,
                max_results=opt(page_size),
                page_token=token,
            ),
            lambda page: page.webhooks,
        )

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
        """Change only the fields given. Sends ``update_webhook`` (PATCH); returns the webhook as it now is."""
        from databricks_mlflow_api.api.webhooks import update_webhook

        op = "update_webhook"
        body = UpdateRegistryWebhook(
            id=id,
            events=UNSET if events is None else enums_of(RegistryWebhookEvent, events, op, "events"),
            http_url_spec=model_of(HttpUrlSpec, http_url_spec, op, "http_url_spec"),
            job_spec=model_of(JobSpec, job_spec, op, "job_spec"),
            description=opt(description),
            status=enum_of(RegistryWebhookStatus, status, op, "status"),
        )
        response = await self._api.call(update_webhook.ENDPOINT, body=body)
        return required(response.webhook, op, "webhook")

    async def delete(self, id: str) -> None:
        """Delete the webhook. Sends ``delete_webhook``; a retry that finds it already gone counts as done."""
        from databricks_mlflow_api.api.webhooks import delete_webhook

        await self._api.call(delete_webhook.ENDPOINT, id=id)

    async def test(self, id: str, *, event: Event | None = None) -> TestRegistryWebhookResponse:
        """Fire a test delivery (``test_registry_webhook``); returns the target's status code and body."""
        from databricks_mlflow_api.api.webhooks import test_registry_webhook

        body = TestRegistryWebhookRequest(
            id=id, event=enum_of(RegistryWebhookEvent, event, "test_registry_webhook", "event")
        )
        return await self._api.call(test_registry_webhook.ENDPOINT, body=body)
