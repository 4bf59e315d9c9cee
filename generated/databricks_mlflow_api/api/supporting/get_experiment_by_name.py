from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.get_experiment_by_name_response import GetExperimentByNameResponse
from ...operations import OPERATIONS, Endpoint
from ...types import UNSET, Response


def build_kwargs(
    *,
    experiment_name: str,
) -> dict[str, Any]:
    """The keyword arguments of `httpx.Client.build_request` for this operation: method, url (path
    parameters percent-encoded), query params and JSON body. Sends nothing."""

    params: dict[str, Any] = {}

    params["experiment_name"] = experiment_name

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/2.0/mlflow/experiments/get-by-name",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | GetExperimentByNameResponse | None:
    if response.status_code == 200:
        response_200 = GetExperimentByNameResponse.from_dict(response.json())

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


def parse_response(response: httpx.Response) -> GetExperimentByNameResponse:
    """The 200 response as GetExperimentByNameResponse. An empty body reads as `{}` (proto3 JSON leaves empty messages out).

    Raises ValueError when the body is not JSON, TypeError when it is not a JSON object, and whatever
    GetExperimentByNameResponse.from_dict raises on a body that does not match the spec.
    """
    data = response.json() if response.content.strip() else {}
    if not isinstance(data, dict):
        raise TypeError(f"a JSON {type(data).__name__} instead of an object")
    return GetExperimentByNameResponse.from_dict(data)


ENDPOINT = Endpoint(OPERATIONS["get_experiment_by_name"], build_kwargs, parse_response)
"""This operation for a caller that sends requests itself: its spec metadata, builder and 200 parser."""


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | GetExperimentByNameResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    experiment_name: str,
) -> Response[Error | GetExperimentByNameResponse]:
    """Get an experiment by name

     OSS MLflow call that resolves an experiment name to its metadata. Prefers the active experiment when
    an active and a deleted one share the name.

    Args:
        experiment_name (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | GetExperimentByNameResponse]
    """

    kwargs = build_kwargs(
        experiment_name=experiment_name,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    experiment_name: str,
) -> Error | GetExperimentByNameResponse | None:
    """Get an experiment by name

     OSS MLflow call that resolves an experiment name to its metadata. Prefers the active experiment when
    an active and a deleted one share the name.

    Args:
        experiment_name (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | GetExperimentByNameResponse
    """

    return sync_detailed(
        client=client,
        experiment_name=experiment_name,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    experiment_name: str,
) -> Response[Error | GetExperimentByNameResponse]:
    """Get an experiment by name

     OSS MLflow call that resolves an experiment name to its metadata. Prefers the active experiment when
    an active and a deleted one share the name.

    Args:
        experiment_name (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | GetExperimentByNameResponse]
    """

    kwargs = build_kwargs(
        experiment_name=experiment_name,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    experiment_name: str,
) -> Error | GetExperimentByNameResponse | None:
    """Get an experiment by name

     OSS MLflow call that resolves an experiment name to its metadata. Prefers the active experiment when
    an active and a deleted one share the name.

    Args:
        experiment_name (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | GetExperimentByNameResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            experiment_name=experiment_name,
        )
    ).parsed
