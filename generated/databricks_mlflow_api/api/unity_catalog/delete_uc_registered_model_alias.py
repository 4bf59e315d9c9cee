from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.delete_response import DeleteResponse
from ...models.error import Error
from ...operations import OPERATIONS, Endpoint
from ...types import Response


def build_kwargs(
    full_name: str,
    alias: str,
) -> dict[str, Any]:
    """The keyword arguments of `httpx.Client.build_request` for this operation: method, url (path
    parameters percent-encoded), query params and JSON body. Sends nothing."""

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/api/2.1/unity-catalog/models/{full_name}/aliases/{alias}".format(
            full_name=quote(str(full_name), safe=""),
            alias=quote(str(alias), safe=""),
        ),
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> DeleteResponse | Error | None:
    if response.status_code == 200:
        response_200 = DeleteResponse.from_dict(response.json())

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


def parse_response(response: httpx.Response) -> DeleteResponse:
    """The 200 response as DeleteResponse. An empty body reads as `{}` (proto3 JSON leaves empty messages out).

    Raises ValueError when the body is not JSON, TypeError when it is not a JSON object, and whatever
    DeleteResponse.from_dict raises on a body that does not match the spec.
    """
    data = response.json() if response.content.strip() else {}
    if not isinstance(data, dict):
        raise TypeError(f"a JSON {type(data).__name__} instead of an object")
    return DeleteResponse.from_dict(data)


ENDPOINT = Endpoint(OPERATIONS["delete_uc_registered_model_alias"], build_kwargs, parse_response)
"""This operation for a caller that sends requests itself: its spec metadata, builder and 200 parser."""


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[DeleteResponse | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    full_name: str,
    alias: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[DeleteResponse | Error]:
    """Delete an alias

     Removes the alias from the model. Only the owner (or a metastore admin) may.

    Args:
        full_name (str):
        alias (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeleteResponse | Error]
    """

    kwargs = build_kwargs(
        full_name=full_name,
        alias=alias,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    full_name: str,
    alias: str,
    *,
    client: AuthenticatedClient | Client,
) -> DeleteResponse | Error | None:
    """Delete an alias

     Removes the alias from the model. Only the owner (or a metastore admin) may.

    Args:
        full_name (str):
        alias (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeleteResponse | Error
    """

    return sync_detailed(
        full_name=full_name,
        alias=alias,
        client=client,
    ).parsed


async def asyncio_detailed(
    full_name: str,
    alias: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[DeleteResponse | Error]:
    """Delete an alias

     Removes the alias from the model. Only the owner (or a metastore admin) may.

    Args:
        full_name (str):
        alias (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeleteResponse | Error]
    """

    kwargs = build_kwargs(
        full_name=full_name,
        alias=alias,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    full_name: str,
    alias: str,
    *,
    client: AuthenticatedClient | Client,
) -> DeleteResponse | Error | None:
    """Delete an alias

     Removes the alias from the model. Only the owner (or a metastore admin) may.

    Args:
        full_name (str):
        alias (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeleteResponse | Error
    """

    return (
        await asyncio_detailed(
            full_name=full_name,
            alias=alias,
            client=client,
        )
    ).parsed
