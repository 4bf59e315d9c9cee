from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.list_registry_webhooks import ListRegistryWebhooks
from ...models.registry_webhook_event import RegistryWebhookEvent
from ...operations import OPERATIONS, Endpoint
from ...types import UNSET, Response, Unset


def build_kwargs(
    *,
    events: list[RegistryWebhookEvent] | Unset = UNSET,
    max_results: int | Unset = UNSET,
    model_name: str | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> dict[str, Any]:
    """The keyword arguments of `httpx.Client.build_request` for this operation: method, url (path
    parameters percent-encoded), query params and JSON body. Sends nothing."""

    params: dict[str, Any] = {}

    json_events: list[str] | Unset = UNSET
    if not isinstance(events, Unset):
        json_events = []
        for events_item_data in events:
            events_item = events_item_data.value
            json_events.append(events_item)

    params["events"] = json_events

    params["max_results"] = max_results

    params["model_name"] = model_name

    params["page_token"] = page_token

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/2.0/mlflow/registry-webhooks/list",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | ListRegistryWebhooks | None:
    if response.status_code == 200:
        response_200 = ListRegistryWebhooks.from_dict(response.json())

        return response_200

    if 400 <= response.status_code <= 499:
        response_4xx = Error.from_dict(response.json())

        return response_4xx

    if 500 <= response.status_code <= 599:
        response_5xx = Error.from_dict(response.json())

        return response_5xx

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def parse_response(response: httpx.Response) -> ListRegistryWebhooks:
    """The 200 response as ListRegistryWebhooks. An empty body reads as `{}` (proto3 JSON leaves empty messages out).

    Raises ValueError when the body is not JSON, TypeError when it is not a JSON object, and whatever
    ListRegistryWebhooks.from_dict raises on a body that does not match the spec.
    """
    data = response.json() if response.content.strip() else {}
    if not isinstance(data, dict):
        raise TypeError(f"a JSON {type(data).__name__} instead of an object")
    return ListRegistryWebhooks.from_dict(data)


ENDPOINT = Endpoint(OPERATIONS["list_webhooks"], build_kwargs, parse_response)
"""This operation for a caller that sends requests itself: its spec metadata, builder and 200 parser."""


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | ListRegistryWebhooks]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    events: list[RegistryWebhookEvent] | Unset = UNSET,
    max_results: int | Unset = UNSET,
    model_name: str | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> Response[Error | ListRegistryWebhooks]:
    """List registry webhooks

     Lists webhooks, optionally only those of one model or with at least one of the given events.
    Paginated: repeat the call with `page_token` set to `next_page_token` until it is empty.

    Args:
        events (list[RegistryWebhookEvent] | Unset):
        max_results (int | Unset):
        model_name (str | Unset):
        page_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ListRegistryWebhooks]
    """

    kwargs = build_kwargs(
        events=events,
        max_results=max_results,
        model_name=model_name,
        page_token=page_token,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    events: list[RegistryWebhookEvent] | Unset = UNSET,
    max_results: int | Unset = UNSET,
    model_name: str | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> Error | ListRegistryWebhooks | None:
    """List registry webhooks

     Lists webhooks, optionally only those of one model or with at least one of the given events.
    Paginated: repeat the call with `page_token` set to `next_page_token` until it is empty.

    Args:
        events (list[RegistryWebhookEvent] | Unset):
        max_results (int | Unset):
        model_name (str | Unset):
        page_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ListRegistryWebhooks
    """

    return sync_detailed(
        client=client,
        events=events,
        max_results=max_results,
        model_name=model_name,
        page_token=page_token,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    events: list[RegistryWebhookEvent] | Unset = UNSET,
    max_results: int | Unset = UNSET,
    model_name: str | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> Response[Error | ListRegistryWebhooks]:
    """List registry webhooks

     Lists webhooks, optionally only those of one model or with at least one of the given events.
    Paginated: repeat the call with `page_token` set to `next_page_token` until it is empty.

    Args:
        events (list[RegistryWebhookEvent] | Unset):
        max_results (int | Unset):
        model_name (str | Unset):
        page_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ListRegistryWebhooks]
    """

    kwargs = build_kwargs(
        events=events,
        max_results=max_results,
        model_name=model_name,
        page_token=page_token,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    events: list[RegistryWebhookEvent] | Unset = UNSET,
    max_results: int | Unset = UNSET,
    model_name: str | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> Error | ListRegistryWebhooks | None:
    """List registry webhooks

     Lists webhooks, optionally only those of one model or with at least one of the given events.
    Paginated: repeat the call with `page_token` set to `next_page_token` until it is empty.

    Args:
        events (list[RegistryWebhookEvent] | Unset):
        max_results (int | Unset):
        model_name (str | Unset):
        page_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ListRegistryWebhooks
    """

    return (
        await asyncio_detailed(
            client=client,
            events=events,
            max_results=max_results,
            model_name=model_name,
            page_token=page_token,
        )
    ).parsed
