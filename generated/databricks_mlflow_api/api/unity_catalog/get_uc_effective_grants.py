from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.effective_permissions_list import EffectivePermissionsList
from ...models.error import Error
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
        "url": "/api/2.1/unity-catalog/effective-permissions/{securable_type}/{full_name}".format(
            securable_type=quote(str(securable_type), safe=""),
            full_name=quote(str(full_name), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> EffectivePermissionsList | Error | None:
    if response.status_code == 200:
        response_200 = EffectivePermissionsList.from_dict(response.json())

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


def parse_response(response: httpx.Response) -> EffectivePermissionsList:
    """The 200 response as EffectivePermissionsList. An empty body reads as `{}` (proto3 JSON leaves empty messages out).

    Raises ValueError when the body is not JSON, TypeError when it is not a JSON object, and whatever
    EffectivePermissionsList.from_dict raises on a body that does not match the spec.
    """
    data = response.json() if response.content.strip() else {}
    if not isinstance(data, dict):
        raise TypeError(f"a JSON {type(data).__name__} instead of an object")
    return EffectivePermissionsList.from_dict(data)


ENDPOINT = Endpoint(OPERATIONS["get_uc_effective_grants"], build_kwargs, parse_response)
"""This operation for a caller that sends requests itself: its spec metadata, builder and 200 parser."""


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[EffectivePermissionsList | Error]:
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
) -> Response[EffectivePermissionsList | Error]:
    """Get the effective grants on a securable

     Returns the privileges each principal holds on the securable, directly or inherited from its catalog
    and schema; an inherited privilege names where it comes from.

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
        Response[EffectivePermissionsList | Error]
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
) -> EffectivePermissionsList | Error | None:
    """Get the effective grants on a securable

     Returns the privileges each principal holds on the securable, directly or inherited from its catalog
    and schema; an inherited privilege names where it comes from.

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
        EffectivePermissionsList | Error
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
) -> Response[EffectivePermissionsList | Error]:
    """Get the effective grants on a securable

     Returns the privileges each principal holds on the securable, directly or inherited from its catalog
    and schema; an inherited privilege names where it comes from.

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
        Response[EffectivePermissionsList | Error]
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
) -> EffectivePermissionsList | Error | None:
    """Get the effective grants on a securable

     Returns the privileges each principal holds on the securable, directly or inherited from its catalog
    and schema; an inherited privilege names where it comes from.

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
        EffectivePermissionsList | Error
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
