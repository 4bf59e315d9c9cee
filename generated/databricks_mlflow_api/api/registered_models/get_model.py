from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.get_model_response import GetModelResponse
from ...operations import OPERATIONS, Endpoint
from ...types import UNSET, Response


def build_kwargs(
    *,
    name: str,
) -> dict[str, Any]:
    """The keyword arguments of `httpx.Client.build_request` for this operation: method, url (path
    parameters percent-encoded), query params and JSON body. Sends nothing."""

    params: dict[str, Any] = {}

    params["name"] = name

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/2.0/mlflow/databricks/registered-models/get",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | GetModelResponse | None:
    if response.status_code == 200:
        response_200 = GetModelResponse.from_dict(response.json())

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


def parse_response(response: httpx.Response) -> GetModelResponse:
    """The 200 response as GetModelResponse. An empty body reads as `{}` (proto3 JSON leaves empty messages out).

    Raises ValueError when the body is not JSON, TypeError when it is not a JSON object, and whatever
    GetModelResponse.from_dict raises on a body that does not match the spec.
    """
    data = response.json() if response.content.strip() else {}
    if not isinstance(data, dict):
        raise TypeError(f"a JSON {type(data).__name__} instead of an object")
    return GetModelResponse.from_dict(data)


ENDPOINT = Endpoint(OPERATIONS["get_model"], build_kwargs, parse_response)
"""This operation for a caller that sends requests itself: its spec metadata, builder and 200 parser."""


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | GetModelResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    name: str,
) -> Response[Error | GetModelResponse]:
    """Get a registered model with its Databricks ID

     Databricks version of the OSS get-registered-model call. Besides the OSS fields it returns the
    model's workspace `id` (the key the permissions endpoints expect) and the caller's permission level.

    Args:
        name (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | GetModelResponse]
    """

    kwargs = build_kwargs(
        name=name,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    name: str,
) -> Error | GetModelResponse | None:
    """Get a registered model with its Databricks ID

     Databricks version of the OSS get-registered-model call. Besides the OSS fields it returns the
    model's workspace `id` (the key the permissions endpoints expect) and the caller's permission level.

    Args:
        name (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | GetModelResponse
    """

    return sync_detailed(
        client=client,
        name=name,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    name: str,
) -> Response[Error | GetModelResponse]:
    """Get a registered model with its Databricks ID

     Databricks version of the OSS get-registered-model call. Besides the OSS fields it returns the
    model's workspace `id` (the key the permissions endpoints expect) and the caller's permission level.

    Args:
        name (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | GetModelResponse]
    """

    kwargs = build_kwargs(
        name=name,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    name: str,
) -> Error | GetModelResponse | None:
    """Get a registered model with its Databricks ID

     Databricks version of the OSS get-registered-model call. Besides the OSS fields it returns the
    model's workspace `id` (the key the permissions endpoints expect) and the caller's permission level.

    Args:
        name (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | GetModelResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            name=name,
        )
    ).parsed
