from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.model_version_info import ModelVersionInfo
from ...operations import OPERATIONS, Endpoint
from ...types import UNSET, Response, Unset


def build_kwargs(
    full_name: str,
    alias: str,
    *,
    include_aliases: bool | Unset = UNSET,
) -> dict[str, Any]:
    """The keyword arguments of `httpx.Client.build_request` for this operation: method, url (path
    parameters percent-encoded), query params and JSON body. Sends nothing."""

    params: dict[str, Any] = {}

    params["include_aliases"] = include_aliases

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/2.1/unity-catalog/models/{full_name}/aliases/{alias}".format(
            full_name=quote(str(full_name), safe=""),
            alias=quote(str(alias), safe=""),
        ),
        "params": params,
    }

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


ENDPOINT = Endpoint(OPERATIONS["get_uc_model_version_by_alias"], build_kwargs, parse_response)
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
    alias: str,
    *,
    client: AuthenticatedClient | Client,
    include_aliases: bool | Unset = UNSET,
) -> Response[Error | ModelVersionInfo]:
    """Get the model version an alias points to

     Returns the model version the alias designates. Needs ownership of or EXECUTE on the model, with USE
    CATALOG and USE SCHEMA on the parents.

    Args:
        full_name (str):
        alias (str):
        include_aliases (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ModelVersionInfo]
    """

    kwargs = build_kwargs(
        full_name=full_name,
        alias=alias,
        include_aliases=include_aliases,
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
    include_aliases: bool | Unset = UNSET,
) -> Error | ModelVersionInfo | None:
    """Get the model version an alias points to

     Returns the model version the alias designates. Needs ownership of or EXECUTE on the model, with USE
    CATALOG and USE SCHEMA on the parents.

    Args:
        full_name (str):
        alias (str):
        include_aliases (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ModelVersionInfo
    """

    return sync_detailed(
        full_name=full_name,
        alias=alias,
        client=client,
        include_aliases=include_aliases,
    ).parsed


async def asyncio_detailed(
    full_name: str,
    alias: str,
    *,
    client: AuthenticatedClient | Client,
    include_aliases: bool | Unset = UNSET,
) -> Response[Error | ModelVersionInfo]:
    """Get the model version an alias points to

     Returns the model version the alias designates. Needs ownership of or EXECUTE on the model, with USE
    CATALOG and USE SCHEMA on the parents.

    Args:
        full_name (str):
        alias (str):
        include_aliases (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ModelVersionInfo]
    """

    kwargs = build_kwargs(
        full_name=full_name,
        alias=alias,
        include_aliases=include_aliases,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    full_name: str,
    alias: str,
    *,
    client: AuthenticatedClient | Client,
    include_aliases: bool | Unset = UNSET,
) -> Error | ModelVersionInfo | None:
    """Get the model version an alias points to

     Returns the model version the alias designates. Needs ownership of or EXECUTE on the model, with USE
    CATALOG and USE SCHEMA on the parents.

    Args:
        full_name (str):
        alias (str):
        include_aliases (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ModelVersionInfo
    """

    return (
        await asyncio_detailed(
            full_name=full_name,
            alias=alias,
            client=client,
            include_aliases=include_aliases,
        )
    ).parsed
