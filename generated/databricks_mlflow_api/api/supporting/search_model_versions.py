from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.search_model_versions_response import SearchModelVersionsResponse
from ...operations import OPERATIONS, Endpoint
from ...types import UNSET, Response, Unset


def build_kwargs(
    *,
    filter_: str | Unset = UNSET,
    max_results: int | Unset = UNSET,
    order_by: list[str] | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> dict[str, Any]:
    """The keyword arguments of `httpx.Client.build_request` for this operation: method, url (path
    parameters percent-encoded), query params and JSON body. Sends nothing."""

    params: dict[str, Any] = {}

    params["filter"] = filter_

    params["max_results"] = max_results

    json_order_by: list[str] | Unset = UNSET
    if not isinstance(order_by, Unset):
        json_order_by = order_by

    params["order_by"] = json_order_by

    params["page_token"] = page_token

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/2.0/mlflow/model-versions/search",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | SearchModelVersionsResponse | None:
    if response.status_code == 200:
        response_200 = SearchModelVersionsResponse.from_dict(response.json())

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


def parse_response(response: httpx.Response) -> SearchModelVersionsResponse:
    """The 200 response as SearchModelVersionsResponse. An empty body reads as `{}` (proto3 JSON leaves empty messages out).

    Raises ValueError when the body is not JSON, TypeError when it is not a JSON object, and whatever
    SearchModelVersionsResponse.from_dict raises on a body that does not match the spec.
    """
    data = response.json() if response.content.strip() else {}
    if not isinstance(data, dict):
        raise TypeError(f"a JSON {type(data).__name__} instead of an object")
    return SearchModelVersionsResponse.from_dict(data)


ENDPOINT = Endpoint(OPERATIONS["search_model_versions"], build_kwargs, parse_response)
"""This operation for a caller that sends requests itself: its spec metadata, builder and 200 parser."""


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | SearchModelVersionsResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    filter_: str | Unset = UNSET,
    max_results: int | Unset = UNSET,
    order_by: list[str] | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> Response[Error | SearchModelVersionsResponse]:
    """Search model versions

     OSS MLflow call that returns one page of the workspace registry's model versions matching a filter
    (every version, not only the latest per stage that a model's `latest_versions` shows).

    Args:
        filter_ (str | Unset):
        max_results (int | Unset):
        order_by (list[str] | Unset):
        page_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | SearchModelVersionsResponse]
    """

    kwargs = build_kwargs(
        filter_=filter_,
        max_results=max_results,
        order_by=order_by,
        page_token=page_token,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    filter_: str | Unset = UNSET,
    max_results: int | Unset = UNSET,
    order_by: list[str] | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> Error | SearchModelVersionsResponse | None:
    """Search model versions

     OSS MLflow call that returns one page of the workspace registry's model versions matching a filter
    (every version, not only the latest per stage that a model's `latest_versions` shows).

    Args:
        filter_ (str | Unset):
        max_results (int | Unset):
        order_by (list[str] | Unset):
        page_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | SearchModelVersionsResponse
    """

    return sync_detailed(
        client=client,
        filter_=filter_,
        max_results=max_results,
        order_by=order_by,
        page_token=page_token,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    filter_: str | Unset = UNSET,
    max_results: int | Unset = UNSET,
    order_by: list[str] | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> Response[Error | SearchModelVersionsResponse]:
    """Search model versions

     OSS MLflow call that returns one page of the workspace registry's model versions matching a filter
    (every version, not only the latest per stage that a model's `latest_versions` shows).

    Args:
        filter_ (str | Unset):
        max_results (int | Unset):
        order_by (list[str] | Unset):
        page_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | SearchModelVersionsResponse]
    """

    kwargs = build_kwargs(
        filter_=filter_,
        max_results=max_results,
        order_by=order_by,
        page_token=page_token,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    filter_: str | Unset = UNSET,
    max_results: int | Unset = UNSET,
    order_by: list[str] | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> Error | SearchModelVersionsResponse | None:
    """Search model versions

     OSS MLflow call that returns one page of the workspace registry's model versions matching a filter
    (every version, not only the latest per stage that a model's `latest_versions` shows).

    Args:
        filter_ (str | Unset):
        max_results (int | Unset):
        order_by (list[str] | Unset):
        page_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | SearchModelVersionsResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            filter_=filter_,
            max_results=max_results,
            order_by=order_by,
            page_token=page_token,
        )
    ).parsed
