from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.create_registered_model_request import CreateRegisteredModelRequest
from ...models.error import Error
from ...models.registered_model_info import RegisteredModelInfo
from ...operations import OPERATIONS, Endpoint
from ...types import Response


def build_kwargs(
    body: CreateRegisteredModelRequest,
) -> dict[str, Any]:
    """The keyword arguments of `httpx.Client.build_request` for this operation: method, url (path
    parameters percent-encoded), query params and JSON body. Sends nothing."""
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/2.1/unity-catalog/models",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | RegisteredModelInfo | None:
    if response.status_code == 200:
        response_200 = RegisteredModelInfo.from_dict(response.json())

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


def parse_response(response: httpx.Response) -> RegisteredModelInfo:
    """The 200 response as RegisteredModelInfo. An empty body reads as `{}` (proto3 JSON leaves empty messages out).

    Raises ValueError when the body is not JSON, TypeError when it is not a JSON object, and whatever
    RegisteredModelInfo.from_dict raises on a body that does not match the spec.
    """
    data = response.json() if response.content.strip() else {}
    if not isinstance(data, dict):
        raise TypeError(f"a JSON {type(data).__name__} instead of an object")
    return RegisteredModelInfo.from_dict(data)


ENDPOINT = Endpoint(OPERATIONS["create_uc_registered_model"], build_kwargs, parse_response)
"""This operation for a caller that sends requests itself: its spec metadata, builder and 200 parser."""


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | RegisteredModelInfo]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: CreateRegisteredModelRequest,
) -> Response[Error | RegisteredModelInfo]:
    """Create a registered model in Unity Catalog

     Creates an empty registered model in `catalog_name.schema_name`. The caller needs USE CATALOG and
    USE SCHEMA on the parents and CREATE MODEL (or CREATE FUNCTION) on the schema, and becomes the
    owner.

    Args:
        body (CreateRegisteredModelRequest): Request body of create_uc_registered_model; the
            service reads `catalog_name`, `schema_name`, `name`, `comment` (and `storage_location`)
            and sets the rest itself.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | RegisteredModelInfo]
    """

    kwargs = build_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: CreateRegisteredModelRequest,
) -> Error | RegisteredModelInfo | None:
    """Create a registered model in Unity Catalog

     Creates an empty registered model in `catalog_name.schema_name`. The caller needs USE CATALOG and
    USE SCHEMA on the parents and CREATE MODEL (or CREATE FUNCTION) on the schema, and becomes the
    owner.

    Args:
        body (CreateRegisteredModelRequest): Request body of create_uc_registered_model; the
            service reads `catalog_name`, `schema_name`, `name`, `comment` (and `storage_location`)
            and sets the rest itself.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | RegisteredModelInfo
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: CreateRegisteredModelRequest,
) -> Response[Error | RegisteredModelInfo]:
    """Create a registered model in Unity Catalog

     Creates an empty registered model in `catalog_name.schema_name`. The caller needs USE CATALOG and
    USE SCHEMA on the parents and CREATE MODEL (or CREATE FUNCTION) on the schema, and becomes the
    owner.

    Args:
        body (CreateRegisteredModelRequest): Request body of create_uc_registered_model; the
            service reads `catalog_name`, `schema_name`, `name`, `comment` (and `storage_location`)
            and sets the rest itself.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | RegisteredModelInfo]
    """

    kwargs = build_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: CreateRegisteredModelRequest,
) -> Error | RegisteredModelInfo | None:
    """Create a registered model in Unity Catalog

     Creates an empty registered model in `catalog_name.schema_name`. The caller needs USE CATALOG and
    USE SCHEMA on the parents and CREATE MODEL (or CREATE FUNCTION) on the schema, and becomes the
    owner.

    Args:
        body (CreateRegisteredModelRequest): Request body of create_uc_registered_model; the
            service reads `catalog_name`, `schema_name`, `name`, `comment` (and `storage_location`)
            and sets the rest itself.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | RegisteredModelInfo
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
