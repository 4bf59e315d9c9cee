from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.update_permissions import UpdatePermissions
from ...models.update_permissions_response import UpdatePermissionsResponse
from ...operations import OPERATIONS, Endpoint
from ...types import Response


def build_kwargs(
    securable_type: str,
    full_name: str,
    body: UpdatePermissions,
) -> dict[str, Any]:
    """The keyword arguments of `httpx.Client.build_request` for this operation: method, url (path
    parameters percent-encoded), query params and JSON body. Sends nothing."""
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/api/2.1/unity-catalog/permissions/{securable_type}/{full_name}".format(
            securable_type=quote(str(securable_type), safe=""),
            full_name=quote(str(full_name), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | UpdatePermissionsResponse | None:
    if response.status_code == 200:
        response_200 = UpdatePermissionsResponse.from_dict(response.json())

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


def parse_response(response: httpx.Response) -> UpdatePermissionsResponse:
    """The 200 response as UpdatePermissionsResponse. An empty body reads as `{}` (proto3 JSON leaves empty messages out).

    Raises ValueError when the body is not JSON, TypeError when it is not a JSON object, and whatever
    UpdatePermissionsResponse.from_dict raises on a body that does not match the spec.
    """
    data = response.json() if response.content.strip() else {}
    if not isinstance(data, dict):
        raise TypeError(f"a JSON {type(data).__name__} instead of an object")
    return UpdatePermissionsResponse.from_dict(data)


ENDPOINT = Endpoint(OPERATIONS["update_uc_grants"], build_kwargs, parse_response)
"""This operation for a caller that sends requests itself: its spec metadata, builder and 200 parser."""


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | UpdatePermissionsResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    securable_type: str,
    full_name: str,
    *,
    client: AuthenticatedClient | Client,
    body: UpdatePermissions,
) -> Response[Error | UpdatePermissionsResponse]:
    """Grant and revoke privileges on a securable

     Applies each change: adds the `add` privileges and removes the `remove` privileges of its principal.
    The caller must own the securable or its catalog or schema, hold MANAGE on it, or be a metastore
    admin.

    Args:
        securable_type (str):
        full_name (str):
        body (UpdatePermissions): Request body of update_uc_grants.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | UpdatePermissionsResponse]
    """

    kwargs = build_kwargs(
        securable_type=securable_type,
        full_name=full_name,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    securable_type: str,
    full_name: str,
    *,
    client: AuthenticatedClient | Client,
    body: UpdatePermissions,
) -> Error | UpdatePermissionsResponse | None:
    """Grant and revoke privileges on a securable

     Applies each change: adds the `add` privileges and removes the `remove` privileges of its principal.
    The caller must own the securable or its catalog or schema, hold MANAGE on it, or be a metastore
    admin.

    Args:
        securable_type (str):
        full_name (str):
        body (UpdatePermissions): Request body of update_uc_grants.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | UpdatePermissionsResponse
    """

    return sync_detailed(
        securable_type=securable_type,
        full_name=full_name,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    securable_type: str,
    full_name: str,
    *,
    client: AuthenticatedClient | Client,
    body: UpdatePermissions,
) -> Response[Error | UpdatePermissionsResponse]:
    """Grant and revoke privileges on a securable

     Applies each change: adds the `add` privileges and removes the `remove` privileges of its principal.
    The caller must own the securable or its catalog or schema, hold MANAGE on it, or be a metastore
    admin.

    Args:
        securable_type (str):
        full_name (str):
        body (UpdatePermissions): Request body of update_uc_grants.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | UpdatePermissionsResponse]
    """

    kwargs = build_kwargs(
        securable_type=securable_type,
        full_name=full_name,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    securable_type: str,
    full_name: str,
    *,
    client: AuthenticatedClient | Client,
    body: UpdatePermissions,
) -> Error | UpdatePermissionsResponse | None:
    """Grant and revoke privileges on a securable

     Applies each change: adds the `add` privileges and removes the `remove` privileges of its principal.
    The caller must own the securable or its catalog or schema, hold MANAGE on it, or be a metastore
    admin.

    Args:
        securable_type (str):
        full_name (str):
        body (UpdatePermissions): Request body of update_uc_grants.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | UpdatePermissionsResponse
    """

    return (
        await asyncio_detailed(
            securable_type=securable_type,
            full_name=full_name,
            client=client,
            body=body,
        )
    ).parsed
