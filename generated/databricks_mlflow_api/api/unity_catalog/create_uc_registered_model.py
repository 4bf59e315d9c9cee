from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.create_registered_model_request import CreateRegisteredModelRequest
from ...models.error import Error
from ...models.registered_model_info import RegisteredModelInfo
from ...types import Response


def _get_kwargs(
    *,
    body: CreateRegisteredModelRequest,
) -> dict[str, Any]:
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

    kwargs = _get_kwargs(
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

    kwargs = _get_kwargs(
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
