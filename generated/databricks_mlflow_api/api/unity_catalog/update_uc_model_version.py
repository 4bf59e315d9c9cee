from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.model_version_info import ModelVersionInfo
from ...models.update_model_version_request import UpdateModelVersionRequest
from ...operations import OPERATIONS, Endpoint
from ...types import Response


def build_kwargs(
    full_name: str,
    version: int,
    body: UpdateModelVersionRequest,
) -> dict[str, Any]:
    """The keyword arguments of `httpx.Client.build_request` for this operation: method, url (path
    parameters percent-encoded), query params and JSON body. Sends nothing."""
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/api/2.1/unity-catalog/models/{full_name}/versions/{version}".format(
            full_name=quote(str(full_name), safe=""),
            version=quote(str(version), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | ModelVersionInfo | None:
    if response.status_code == 200:
        response_200 = ModelVersionInfo.from_dict(response.json())

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


def parse_response(response: httpx.Response) -> ModelVersionInfo:
    """The 200 response as ModelVersionInfo. An empty body reads as `{}` (proto3 JSON leaves empty messages out).

    Raises ValueError when the body is not JSON, TypeError when it is not a JSON object, and whatever
    ModelVersionInfo.from_dict raises on a body that does not match the spec.
    """
    data = response.json() if response.content.strip() else {}
    if not isinstance(data, dict):
        raise TypeError(f"a JSON {type(data).__name__} instead of an object")
    return ModelVersionInfo.from_dict(data)


ENDPOINT = Endpoint(OPERATIONS["update_uc_model_version"], build_kwargs, parse_response)
"""This operation for a caller that sends requests itself: its spec metadata, builder and 200 parser."""


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | ModelVersionInfo]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    full_name: str,
    version: int,
    *,
    client: AuthenticatedClient | Client,
    body: UpdateModelVersionRequest,
) -> Response[Error | ModelVersionInfo]:
    """Update a model version in Unity Catalog

     Changes the version's comment; the other fields are ignored by the service. Only the model's owner
    (or a metastore admin) may, with USE CATALOG and USE SCHEMA on the parents.

    Args:
        full_name (str):
        version (int):
        body (UpdateModelVersionRequest): Request body of update_uc_model_version; the service
            changes only `comment`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ModelVersionInfo]
    """

    kwargs = build_kwargs(
        full_name=full_name,
        version=version,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    full_name: str,
    version: int,
    *,
    client: AuthenticatedClient | Client,
    body: UpdateModelVersionRequest,
) -> Error | ModelVersionInfo | None:
    """Update a model version in Unity Catalog

     Changes the version's comment; the other fields are ignored by the service. Only the model's owner
    (or a metastore admin) may, with USE CATALOG and USE SCHEMA on the parents.

    Args:
        full_name (str):
        version (int):
        body (UpdateModelVersionRequest): Request body of update_uc_model_version; the service
            changes only `comment`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ModelVersionInfo
    """

    return sync_detailed(
        full_name=full_name,
        version=version,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    full_name: str,
    version: int,
    *,
    client: AuthenticatedClient | Client,
    body: UpdateModelVersionRequest,
) -> Response[Error | ModelVersionInfo]:
    """Update a model version in Unity Catalog

     Changes the version's comment; the other fields are ignored by the service. Only the model's owner
    (or a metastore admin) may, with USE CATALOG and USE SCHEMA on the parents.

    Args:
        full_name (str):
        version (int):
        body (UpdateModelVersionRequest): Request body of update_uc_model_version; the service
            changes only `comment`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ModelVersionInfo]
    """

    kwargs = build_kwargs(
        full_name=full_name,
        version=version,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    full_name: str,
    version: int,
    *,
    client: AuthenticatedClient | Client,
    body: UpdateModelVersionRequest,
) -> Error | ModelVersionInfo | None:
    """Update a model version in Unity Catalog

     Changes the version's comment; the other fields are ignored by the service. Only the model's owner
    (or a metastore admin) may, with USE CATALOG and USE SCHEMA on the parents.

    Args:
        full_name (str):
        version (int):
        body (UpdateModelVersionRequest): Request body of update_uc_model_version; the service
            changes only `comment`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ModelVersionInfo
    """

    return (
        await asyncio_detailed(
            full_name=full_name,
            version=version,
            client=client,
            body=body,
        )
    ).parsed
