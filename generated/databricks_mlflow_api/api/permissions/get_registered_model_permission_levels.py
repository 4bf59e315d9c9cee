from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.get_registered_model_permission_levels_response import GetRegisteredModelPermissionLevelsResponse
from ...operations import OPERATIONS, Endpoint
from ...types import Response


def build_kwargs(
    registered_model_id: str,
) -> dict[str, Any]:
    """The keyword arguments of `httpx.Client.build_request` for this operation: method, url (path
    parameters percent-encoded), query params and JSON body. Sends nothing."""

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/2.0/permissions/registered-models/{registered_model_id}/permissionLevels".format(
            registered_model_id=quote(str(registered_model_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | GetRegisteredModelPermissionLevelsResponse | None:
    if response.status_code == 200:
        response_200 = GetRegisteredModelPermissionLevelsResponse.from_dict(response.json())

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


def parse_response(response: httpx.Response) -> GetRegisteredModelPermissionLevelsResponse:
    """The 200 response as GetRegisteredModelPermissionLevelsResponse. An empty body reads as `{}` (proto3 JSON leaves empty messages out).

    Raises ValueError when the body is not JSON, TypeError when it is not a JSON object, and whatever
    GetRegisteredModelPermissionLevelsResponse.from_dict raises on a body that does not match the spec.
    """
    data = response.json() if response.content.strip() else {}
    if not isinstance(data, dict):
        raise TypeError(f"a JSON {type(data).__name__} instead of an object")
    return GetRegisteredModelPermissionLevelsResponse.from_dict(data)


ENDPOINT = Endpoint(OPERATIONS["get_registered_model_permission_levels"], build_kwargs, parse_response)
"""This operation for a caller that sends requests itself: its spec metadata, builder and 200 parser."""


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | GetRegisteredModelPermissionLevelsResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    registered_model_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Error | GetRegisteredModelPermissionLevelsResponse]:
    """List the permission levels of a registered model

     Returns the permission levels a principal can be granted on the model, with their meaning.

    Args:
        registered_model_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | GetRegisteredModelPermissionLevelsResponse]
    """

    kwargs = build_kwargs(
        registered_model_id=registered_model_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    registered_model_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Error | GetRegisteredModelPermissionLevelsResponse | None:
    """List the permission levels of a registered model

     Returns the permission levels a principal can be granted on the model, with their meaning.

    Args:
        registered_model_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | GetRegisteredModelPermissionLevelsResponse
    """

    return sync_detailed(
        registered_model_id=registered_model_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    registered_model_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Error | GetRegisteredModelPermissionLevelsResponse]:
    """List the permission levels of a registered model

     Returns the permission levels a principal can be granted on the model, with their meaning.

    Args:
        registered_model_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | GetRegisteredModelPermissionLevelsResponse]
    """

    kwargs = build_kwargs(
        registered_model_id=registered_model_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    registered_model_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Error | GetRegisteredModelPermissionLevelsResponse | None:
    """List the permission levels of a registered model

     Returns the permission levels a principal can be granted on the model, with their meaning.

    Args:
        registered_model_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | GetRegisteredModelPermissionLevelsResponse
    """

    return (
        await asyncio_detailed(
            registered_model_id=registered_model_id,
            client=client,
        )
    ).parsed
