from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.experiment_permissions import ExperimentPermissions
from ...models.experiment_permissions_request import ExperimentPermissionsRequest
from ...operations import OPERATIONS, Endpoint
from ...types import Response


def build_kwargs(
    experiment_id: str,
    body: ExperimentPermissionsRequest,
) -> dict[str, Any]:
    """The keyword arguments of `httpx.Client.build_request` for this operation: method, url (path
    parameters percent-encoded), query params and JSON body. Sends nothing."""
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/api/2.0/permissions/experiments/{experiment_id}".format(
            experiment_id=quote(str(experiment_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | ExperimentPermissions | None:
    if response.status_code == 200:
        response_200 = ExperimentPermissions.from_dict(response.json())

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


def parse_response(response: httpx.Response) -> ExperimentPermissions:
    """The 200 response as ExperimentPermissions. An empty body reads as `{}` (proto3 JSON leaves empty messages out).

    Raises ValueError when the body is not JSON, TypeError when it is not a JSON object, and whatever
    ExperimentPermissions.from_dict raises on a body that does not match the spec.
    """
    data = response.json() if response.content.strip() else {}
    if not isinstance(data, dict):
        raise TypeError(f"a JSON {type(data).__name__} instead of an object")
    return ExperimentPermissions.from_dict(data)


ENDPOINT = Endpoint(OPERATIONS["update_experiment_permissions"], build_kwargs, parse_response)
"""This operation for a caller that sends requests itself: its spec metadata, builder and 200 parser."""


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | ExperimentPermissions]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    experiment_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ExperimentPermissionsRequest,
) -> Response[Error | ExperimentPermissions]:
    """Add or change permissions on an experiment

     Merges the given grants into the experiment's direct permissions and leaves the other grants alone.

    Args:
        experiment_id (str):
        body (ExperimentPermissionsRequest): Request body of the PUT (replace) and PATCH (merge)
            experiment permissions calls.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ExperimentPermissions]
    """

    kwargs = build_kwargs(
        experiment_id=experiment_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    experiment_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ExperimentPermissionsRequest,
) -> Error | ExperimentPermissions | None:
    """Add or change permissions on an experiment

     Merges the given grants into the experiment's direct permissions and leaves the other grants alone.

    Args:
        experiment_id (str):
        body (ExperimentPermissionsRequest): Request body of the PUT (replace) and PATCH (merge)
            experiment permissions calls.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ExperimentPermissions
    """

    return sync_detailed(
        experiment_id=experiment_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    experiment_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ExperimentPermissionsRequest,
) -> Response[Error | ExperimentPermissions]:
    """Add or change permissions on an experiment

     Merges the given grants into the experiment's direct permissions and leaves the other grants alone.

    Args:
        experiment_id (str):
        body (ExperimentPermissionsRequest): Request body of the PUT (replace) and PATCH (merge)
            experiment permissions calls.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ExperimentPermissions]
    """

    kwargs = build_kwargs(
        experiment_id=experiment_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    experiment_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ExperimentPermissionsRequest,
) -> Error | ExperimentPermissions | None:
    """Add or change permissions on an experiment

     Merges the given grants into the experiment's direct permissions and leaves the other grants alone.

    Args:
        experiment_id (str):
        body (ExperimentPermissionsRequest): Request body of the PUT (replace) and PATCH (merge)
            experiment permissions calls.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ExperimentPermissions
    """

    return (
        await asyncio_detailed(
            experiment_id=experiment_id,
            client=client,
            body=body,
        )
    ).parsed
