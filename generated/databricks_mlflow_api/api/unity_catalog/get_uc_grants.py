from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.get_permissions_response import GetPermissionsResponse
from ...operations import OPERATIONS, Endpoint
from ...types import UNSET, Response, Unset


def build_kwargs(
    securable_type: str,
    full_name: str,
    *,
    max_results: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
    principal: str | Unset = UNSET,
) -> dict[str, Any]:
    """The keyword arguments of `httpx.Client.build_request` for this operation: method, url (path
    parameters percent-encoded), query params and JSON body. Sends nothing."""

    params: dict[str, Any] = {}

    params["max_results"] = max_results

    params["page_token"] = page_token

    params["principal"] = principal

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/2.1/unity-catalog/permissions/{securable_type}/{full_name}".format(
            securable_type=quote(str(securable_type), safe=""),
            full_name=quote(str(full_name), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | GetPermissionsResponse | None:
    if response.status_code == 200:
        response_200 = GetPermissionsResponse.from_dict(response.json())

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


def parse_response(response: httpx.Response) -> GetPermissionsResponse:
    """The 200 response as GetPermissionsResponse. An empty body reads as `{}` (proto3 JSON leaves empty messages out).

    Raises ValueError when the body is not JSON, TypeError when it is not a JSON object, and whatever
    GetPermissionsResponse.from_dict raises on a body that does not match the spec.
    """
    data = response.json() if response.content.strip() else {}
    if not isinstance(data, dict):
        raise TypeError(f"a JSON {type(data).__name__} instead of an object")
    return GetPermissionsResponse.from_dict(data)


ENDPOINT = Endpoint(OPERATIONS["get_uc_grants"], build_kwargs, parse_response)
"""This operation for a caller that sends requests itself: its spec metadata, builder and 200 parser."""


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | GetPermissionsResponse]:
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
    max_results: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
    principal: str | Unset = UNSET,
) -> Response[Error | GetPermissionsResponse]:
    """Get the direct grants on a securable

     Returns the privileges granted directly on the securable, one entry per principal; inherited grants
    are not included (see get_uc_effective_grants).

    Args:
        securable_type (str):
        full_name (str):
        max_results (int | Unset):
        page_token (str | Unset):
        principal (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | GetPermissionsResponse]
    """

    kwargs = build_kwargs(
        securable_type=securable_type,
        full_name=full_name,
        max_results=max_results,
        page_token=page_token,
        principal=principal,
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
    max_results: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
    principal: str | Unset = UNSET,
) -> Error | GetPermissionsResponse | None:
    """Get the direct grants on a securable

     Returns the privileges granted directly on the securable, one entry per principal; inherited grants
    are not included (see get_uc_effective_grants).

    Args:
        securable_type (str):
        full_name (str):
        max_results (int | Unset):
        page_token (str | Unset):
        principal (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | GetPermissionsResponse
    """

    return sync_detailed(
        securable_type=securable_type,
        full_name=full_name,
        client=client,
        max_results=max_results,
        page_token=page_token,
        principal=principal,
    ).parsed


async def asyncio_detailed(
    securable_type: str,
    full_name: str,
    *,
    client: AuthenticatedClient | Client,
    max_results: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
    principal: str | Unset = UNSET,
) -> Response[Error | GetPermissionsResponse]:
    """Get the direct grants on a securable

     Returns the privileges granted directly on the securable, one entry per principal; inherited grants
    are not included (see get_uc_effective_grants).

    Args:
        securable_type (str):
        full_name (str):
        max_results (int | Unset):
        page_token (str | Unset):
        principal (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | GetPermissionsResponse]
    """

    kwargs = build_kwargs(
        securable_type=securable_type,
        full_name=full_name,
        max_results=max_results,
        page_token=page_token,
        principal=principal,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    securable_type: str,
    full_name: str,
    *,
    client: AuthenticatedClient | Client,
    max_results: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
    principal: str | Unset = UNSET,
) -> Error | GetPermissionsResponse | None:
    """Get the direct grants on a securable

     Returns the privileges granted directly on the securable, one entry per principal; inherited grants
    are not included (see get_uc_effective_grants).

    Args:
        securable_type (str):
        full_name (str):
        max_results (int | Unset):
        page_token (str | Unset):
        principal (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | GetPermissionsResponse
    """

    return (
        await asyncio_detailed(
            securable_type=securable_type,
            full_name=full_name,
            client=client,
            max_results=max_results,
            page_token=page_token,
            principal=principal,
        )
    ).parsed
