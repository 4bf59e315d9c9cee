from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.list_service_principal_response import ListServicePrincipalResponse
from ...operations import OPERATIONS, Endpoint
from ...types import UNSET, Response, Unset


def build_kwargs(
    *,
    attributes: str | Unset = UNSET,
    count: int | Unset = UNSET,
    excluded_attributes: str | Unset = UNSET,
    filter_: str | Unset = UNSET,
    sort_by: str | Unset = UNSET,
    sort_order: str | Unset = UNSET,
    start_index: int | Unset = UNSET,
) -> dict[str, Any]:
    """The keyword arguments of `httpx.Client.build_request` for this operation: method, url (path
    parameters percent-encoded), query params and JSON body. Sends nothing."""

    params: dict[str, Any] = {}

    params["attributes"] = attributes

    params["count"] = count

    params["excludedAttributes"] = excluded_attributes

    params["filter"] = filter_

    params["sortBy"] = sort_by

    params["sortOrder"] = sort_order

    params["startIndex"] = start_index

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/2.0/preview/scim/v2/ServicePrincipals",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | ListServicePrincipalResponse | None:
    if response.status_code == 200:
        response_200 = ListServicePrincipalResponse.from_dict(response.json())

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


def parse_response(response: httpx.Response) -> ListServicePrincipalResponse:
    """The 200 response as ListServicePrincipalResponse. An empty body reads as `{}` (proto3 JSON leaves empty messages out).

    Raises ValueError when the body is not JSON, TypeError when it is not a JSON object, and whatever
    ListServicePrincipalResponse.from_dict raises on a body that does not match the spec.
    """
    data = response.json() if response.content.strip() else {}
    if not isinstance(data, dict):
        raise TypeError(f"a JSON {type(data).__name__} instead of an object")
    return ListServicePrincipalResponse.from_dict(data)


ENDPOINT = Endpoint(OPERATIONS["list_service_principals"], build_kwargs, parse_response)
"""This operation for a caller that sends requests itself: its spec metadata, builder and 200 parser."""


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | ListServicePrincipalResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    attributes: str | Unset = UNSET,
    count: int | Unset = UNSET,
    excluded_attributes: str | Unset = UNSET,
    filter_: str | Unset = UNSET,
    sort_by: str | Unset = UNSET,
    sort_order: str | Unset = UNSET,
    start_index: int | Unset = UNSET,
) -> Response[Error | ListServicePrincipalResponse]:
    """List the workspace's service principals (SCIM)

     SCIM call that returns one page of the workspace's service principals, optionally filtered, for
    example `applicationId eq "6f1c1b5e-0c5a-4d4e-9a53-2d0f3c1e8b7a"`.

    Args:
        attributes (str | Unset):
        count (int | Unset):
        excluded_attributes (str | Unset):
        filter_ (str | Unset):
        sort_by (str | Unset):
        sort_order (str | Unset):
        start_index (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ListServicePrincipalResponse]
    """

    kwargs = build_kwargs(
        attributes=attributes,
        count=count,
        excluded_attributes=excluded_attributes,
        filter_=filter_,
        sort_by=sort_by,
        sort_order=sort_order,
        start_index=start_index,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    attributes: str | Unset = UNSET,
    count: int | Unset = UNSET,
    excluded_attributes: str | Unset = UNSET,
    filter_: str | Unset = UNSET,
    sort_by: str | Unset = UNSET,
    sort_order: str | Unset = UNSET,
    start_index: int | Unset = UNSET,
) -> Error | ListServicePrincipalResponse | None:
    """List the workspace's service principals (SCIM)

     SCIM call that returns one page of the workspace's service principals, optionally filtered, for
    example `applicationId eq "6f1c1b5e-0c5a-4d4e-9a53-2d0f3c1e8b7a"`.

    Args:
        attributes (str | Unset):
        count (int | Unset):
        excluded_attributes (str | Unset):
        filter_ (str | Unset):
        sort_by (str | Unset):
        sort_order (str | Unset):
        start_index (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ListServicePrincipalResponse
    """

    return sync_detailed(
        client=client,
        attributes=attributes,
        count=count,
        excluded_attributes=excluded_attributes,
        filter_=filter_,
        sort_by=sort_by,
        sort_order=sort_order,
        start_index=start_index,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    attributes: str | Unset = UNSET,
    count: int | Unset = UNSET,
    excluded_attributes: str | Unset = UNSET,
    filter_: str | Unset = UNSET,
    sort_by: str | Unset = UNSET,
    sort_order: str | Unset = UNSET,
    start_index: int | Unset = UNSET,
) -> Response[Error | ListServicePrincipalResponse]:
    """List the workspace's service principals (SCIM)

     SCIM call that returns one page of the workspace's service principals, optionally filtered, for
    example `applicationId eq "6f1c1b5e-0c5a-4d4e-9a53-2d0f3c1e8b7a"`.

    Args:
        attributes (str | Unset):
        count (int | Unset):
        excluded_attributes (str | Unset):
        filter_ (str | Unset):
        sort_by (str | Unset):
        sort_order (str | Unset):
        start_index (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ListServicePrincipalResponse]
    """

    kwargs = build_kwargs(
        attributes=attributes,
        count=count,
        excluded_attributes=excluded_attributes,
        filter_=filter_,
        sort_by=sort_by,
        sort_order=sort_order,
        start_index=start_index,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    attributes: str | Unset = UNSET,
    count: int | Unset = UNSET,
    excluded_attributes: str | Unset = UNSET,
    filter_: str | Unset = UNSET,
    sort_by: str | Unset = UNSET,
    sort_order: str | Unset = UNSET,
    start_index: int | Unset = UNSET,
) -> Error | ListServicePrincipalResponse | None:
    """List the workspace's service principals (SCIM)

     SCIM call that returns one page of the workspace's service principals, optionally filtered, for
    example `applicationId eq "6f1c1b5e-0c5a-4d4e-9a53-2d0f3c1e8b7a"`.

    Args:
        attributes (str | Unset):
        count (int | Unset):
        excluded_attributes (str | Unset):
        filter_ (str | Unset):
        sort_by (str | Unset):
        sort_order (str | Unset):
        start_index (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ListServicePrincipalResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            attributes=attributes,
            count=count,
            excluded_attributes=excluded_attributes,
            filter_=filter_,
            sort_by=sort_by,
            sort_order=sort_order,
            start_index=start_index,
        )
    ).parsed
