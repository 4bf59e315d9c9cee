from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.list_registered_models_response import ListRegisteredModelsResponse
from ...operations import OPERATIONS, Endpoint
from ...types import UNSET, Response, Unset


def build_kwargs(
    *,
    catalog_name: str | Unset = UNSET,
    include_browse: bool | Unset = UNSET,
    max_results: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
    schema_name: str | Unset = UNSET,
) -> dict[str, Any]:
    """The keyword arguments of `httpx.Client.build_request` for this operation: method, url (path
    parameters percent-encoded), query params and JSON body. Sends nothing."""

    params: dict[str, Any] = {}

    params["catalog_name"] = catalog_name

    params["include_browse"] = include_browse

    params["max_results"] = max_results

    params["page_token"] = page_token

    params["schema_name"] = schema_name

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/2.1/unity-catalog/models",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | ListRegisteredModelsResponse | None:
    if response.status_code == 200:
        response_200 = ListRegisteredModelsResponse.from_dict(response.json())

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


def parse_response(response: httpx.Response) -> ListRegisteredModelsResponse:
    """The 200 response as ListRegisteredModelsResponse. An empty body reads as `{}` (proto3 JSON leaves empty messages out).

    Raises ValueError when the body is not JSON, TypeError when it is not a JSON object, and whatever
    ListRegisteredModelsResponse.from_dict raises on a body that does not match the spec.
    """
    data = response.json() if response.content.strip() else {}
    if not isinstance(data, dict):
        raise TypeError(f"a JSON {type(data).__name__} instead of an object")
    return ListRegisteredModelsResponse.from_dict(data)


ENDPOINT = Endpoint(OPERATIONS["list_uc_registered_models"], build_kwargs, parse_response)
"""This operation for a caller that sends requests itself: its spec metadata, builder and 200 parser."""


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | ListRegisteredModelsResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    catalog_name: str | Unset = UNSET,
    include_browse: bool | Unset = UNSET,
    max_results: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
    schema_name: str | Unset = UNSET,
) -> Response[Error | ListRegisteredModelsResponse]:
    """List registered models in Unity Catalog

     Lists the registered models of one schema (set both `catalog_name` and `schema_name`) or of the
    whole metastore. Only models the caller owns or holds EXECUTE on are returned, and only where the
    caller also holds USE CATALOG and USE SCHEMA on the parents. Paginated: a page may be empty and
    still carry a `next_page_token`; repeat the call until the token is absent.

    Args:
        catalog_name (str | Unset):
        include_browse (bool | Unset):
        max_results (int | Unset):
        page_token (str | Unset):
        schema_name (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ListRegisteredModelsResponse]
    """

    kwargs = build_kwargs(
        catalog_name=catalog_name,
        include_browse=include_browse,
        max_results=max_results,
        page_token=page_token,
        schema_name=schema_name,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    catalog_name: str | Unset = UNSET,
    include_browse: bool | Unset = UNSET,
    max_results: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
    schema_name: str | Unset = UNSET,
) -> Error | ListRegisteredModelsResponse | None:
    """List registered models in Unity Catalog

     Lists the registered models of one schema (set both `catalog_name` and `schema_name`) or of the
    whole metastore. Only models the caller owns or holds EXECUTE on are returned, and only where the
    caller also holds USE CATALOG and USE SCHEMA on the parents. Paginated: a page may be empty and
    still carry a `next_page_token`; repeat the call until the token is absent.

    Args:
        catalog_name (str | Unset):
        include_browse (bool | Unset):
        max_results (int | Unset):
        page_token (str | Unset):
        schema_name (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ListRegisteredModelsResponse
    """

    return sync_detailed(
        client=client,
        catalog_name=catalog_name,
        include_browse=include_browse,
        max_results=max_results,
        page_token=page_token,
        schema_name=schema_name,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    catalog_name: str | Unset = UNSET,
    include_browse: bool | Unset = UNSET,
    max_results: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
    schema_name: str | Unset = UNSET,
) -> Response[Error | ListRegisteredModelsResponse]:
    """List registered models in Unity Catalog

     Lists the registered models of one schema (set both `catalog_name` and `schema_name`) or of the
    whole metastore. Only models the caller owns or holds EXECUTE on are returned, and only where the
    caller also holds USE CATALOG and USE SCHEMA on the parents. Paginated: a page may be empty and
    still carry a `next_page_token`; repeat the call until the token is absent.

    Args:
        catalog_name (str | Unset):
        include_browse (bool | Unset):
        max_results (int | Unset):
        page_token (str | Unset):
        schema_name (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ListRegisteredModelsResponse]
    """

    kwargs = build_kwargs(
        catalog_name=catalog_name,
        include_browse=include_browse,
        max_results=max_results,
        page_token=page_token,
        schema_name=schema_name,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    catalog_name: str | Unset = UNSET,
    include_browse: bool | Unset = UNSET,
    max_results: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
    schema_name: str | Unset = UNSET,
) -> Error | ListRegisteredModelsResponse | None:
    """List registered models in Unity Catalog

     Lists the registered models of one schema (set both `catalog_name` and `schema_name`) or of the
    whole metastore. Only models the caller owns or holds EXECUTE on are returned, and only where the
    caller also holds USE CATALOG and USE SCHEMA on the parents. Paginated: a page may be empty and
    still carry a `next_page_token`; repeat the call until the token is absent.

    Args:
        catalog_name (str | Unset):
        include_browse (bool | Unset):
        max_results (int | Unset):
        page_token (str | Unset):
        schema_name (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ListRegisteredModelsResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            catalog_name=catalog_name,
            include_browse=include_browse,
            max_results=max_results,
            page_token=page_token,
            schema_name=schema_name,
        )
    ).parsed
