from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.search_runs import SearchRuns
from ...models.search_runs_response import SearchRunsResponse
from ...operations import OPERATIONS, Endpoint
from ...types import Response


def build_kwargs(
    body: SearchRuns,
) -> dict[str, Any]:
    """The keyword arguments of `httpx.Client.build_request` for this operation: method, url (path
    parameters percent-encoded), query params and JSON body. Sends nothing."""
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/2.0/mlflow/runs/search",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | SearchRunsResponse | None:
    if response.status_code == 200:
        response_200 = SearchRunsResponse.from_dict(response.json())

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


def parse_response(response: httpx.Response) -> SearchRunsResponse:
    """The 200 response as SearchRunsResponse. An empty body reads as `{}` (proto3 JSON leaves empty messages out).

    Raises ValueError when the body is not JSON, TypeError when it is not a JSON object, and whatever
    SearchRunsResponse.from_dict raises on a body that does not match the spec.
    """
    data = response.json() if response.content.strip() else {}
    if not isinstance(data, dict):
        raise TypeError(f"a JSON {type(data).__name__} instead of an object")
    return SearchRunsResponse.from_dict(data)


ENDPOINT = Endpoint(OPERATIONS["search_runs"], build_kwargs, parse_response)
"""This operation for a caller that sends requests itself: its spec metadata, builder and 200 parser."""


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | SearchRunsResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: SearchRuns,
) -> Response[Error | SearchRunsResponse]:
    """Search the runs of experiments

     OSS MLflow call that returns one page of the runs of some experiments matching a filter, for example
    `attributes.start_time < 1700000000000`, to count what a bulk delete or restore selects.

    Args:
        body (SearchRuns): Request body of search_runs.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | SearchRunsResponse]
    """

    kwargs = build_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: SearchRuns,
) -> Error | SearchRunsResponse | None:
    """Search the runs of experiments

     OSS MLflow call that returns one page of the runs of some experiments matching a filter, for example
    `attributes.start_time < 1700000000000`, to count what a bulk delete or restore selects.

    Args:
        body (SearchRuns): Request body of search_runs.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | SearchRunsResponse
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: SearchRuns,
) -> Response[Error | SearchRunsResponse]:
    """Search the runs of experiments

     OSS MLflow call that returns one page of the runs of some experiments matching a filter, for example
    `attributes.start_time < 1700000000000`, to count what a bulk delete or restore selects.

    Args:
        body (SearchRuns): Request body of search_runs.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | SearchRunsResponse]
    """

    kwargs = build_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: SearchRuns,
) -> Error | SearchRunsResponse | None:
    """Search the runs of experiments

     OSS MLflow call that returns one page of the runs of some experiments matching a filter, for example
    `attributes.start_time < 1700000000000`, to count what a bulk delete or restore selects.

    Args:
        body (SearchRuns): Request body of search_runs.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | SearchRunsResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
