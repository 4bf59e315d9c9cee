from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.registered_model_permissions import RegisteredModelPermissions
from ...models.registered_model_permissions_request import RegisteredModelPermissionsRequest
from ...types import Response


def _get_kwargs(
    registered_model_id: str,
    *,
    body: RegisteredModelPermissionsRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/api/2.0/permissions/registered-models/{registered_model_id}".format(
            registered_model_id=quote(str(registered_model_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | RegisteredModelPermissions | None:
    if response.status_code == 200:
        response_200 = RegisteredModelPermissions.from_dict(response.json())

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
) -> Response[Error | RegisteredModelPermissions]:
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
    body: RegisteredModelPermissionsRequest,
) -> Response[Error | RegisteredModelPermissions]:
    """Replace the direct permissions of a registered model

     Replaces every direct grant on the model with the given list. An empty or missing list removes all
    direct grants; inherited grants are unaffected.

    Args:
        registered_model_id (str):
        body (RegisteredModelPermissionsRequest): Request body of the PUT (replace) and PATCH
            (merge) registered-model permissions calls.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | RegisteredModelPermissions]
    """

    kwargs = _get_kwargs(
        registered_model_id=registered_model_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    registered_model_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: RegisteredModelPermissionsRequest,
) -> Error | RegisteredModelPermissions | None:
    """Replace the direct permissions of a registered model

     Replaces every direct grant on the model with the given list. An empty or missing list removes all
    direct grants; inherited grants are unaffected.

    Args:
        registered_model_id (str):
        body (RegisteredModelPermissionsRequest): Request body of the PUT (replace) and PATCH
            (merge) registered-model permissions calls.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | RegisteredModelPermissions
    """

    return sync_detailed(
        registered_model_id=registered_model_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    registered_model_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: RegisteredModelPermissionsRequest,
) -> Response[Error | RegisteredModelPermissions]:
    """Replace the direct permissions of a registered model

     Replaces every direct grant on the model with the given list. An empty or missing list removes all
    direct grants; inherited grants are unaffected.

    Args:
        registered_model_id (str):
        body (RegisteredModelPermissionsRequest): Request body of the PUT (replace) and PATCH
            (merge) registered-model permissions calls.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | RegisteredModelPermissions]
    """

    kwargs = _get_kwargs(
        registered_model_id=registered_model_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    registered_model_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: RegisteredModelPermissionsRequest,
) -> Error | RegisteredModelPermissions | None:
    """Replace the direct permissions of a registered model

     Replaces every direct grant on the model with the given list. An empty or missing list removes all
    direct grants; inherited grants are unaffected.

    Args:
        registered_model_id (str):
        body (RegisteredModelPermissionsRequest): Request body of the PUT (replace) and PATCH
            (merge) registered-model permissions calls.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | RegisteredModelPermissions
    """

    return (
        await asyncio_detailed(
            registered_model_id=registered_model_id,
            client=client,
            body=body,
        )
    ).parsed
