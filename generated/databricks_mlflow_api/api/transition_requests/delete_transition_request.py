from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.delete_transition_request_response import DeleteTransitionRequestResponse
from ...models.error import Error
from ...operations import OPERATIONS, Endpoint
from ...types import UNSET, Response, Unset


def build_kwargs(
    *,
    name: str,
    version: str,
    stage: str,
    creator: str,
    comment: str | Unset = UNSET,
) -> dict[str, Any]:
    """The keyword arguments of `httpx.Client.build_request` for this operation: method, url (path
    parameters percent-encoded), query params and JSON body. Sends nothing."""

    params: dict[str, Any] = {}

    params["name"] = name

    params["version"] = version

    params["stage"] = stage

    params["creator"] = creator

    params["comment"] = comment

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/api/2.0/mlflow/transition-requests/delete",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DeleteTransitionRequestResponse | Error | None:
    if response.status_code == 200:
        response_200 = DeleteTransitionRequestResponse.from_dict(response.json())

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


def parse_response(response: httpx.Response) -> DeleteTransitionRequestResponse:
    """The 200 response as DeleteTransitionRequestResponse. An empty body reads as `{}` (proto3 JSON leaves empty messages out).

    Raises ValueError when the body is not JSON, TypeError when it is not a JSON object, and whatever
    DeleteTransitionRequestResponse.from_dict raises on a body that does not match the spec.
    """
    data = response.json() if response.content.strip() else {}
    if not isinstance(data, dict):
        raise TypeError(f"a JSON {type(data).__name__} instead of an object")
    return DeleteTransitionRequestResponse.from_dict(data)


ENDPOINT = Endpoint(OPERATIONS["delete_transition_request"], build_kwargs, parse_response)
"""This operation for a caller that sends requests itself: its spec metadata, builder and 200 parser."""


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[DeleteTransitionRequestResponse | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    name: str,
    version: str,
    stage: str,
    creator: str,
    comment: str | Unset = UNSET,
) -> Response[DeleteTransitionRequestResponse | Error]:
    """Cancel a stage transition request

     Cancels the open request of `creator` to move the model version to `stage`.

    Args:
        name (str):
        version (str):
        stage (str):
        creator (str):
        comment (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeleteTransitionRequestResponse | Error]
    """

    kwargs = build_kwargs(
        name=name,
        version=version,
        stage=stage,
        creator=creator,
        comment=comment,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    name: str,
    version: str,
    stage: str,
    creator: str,
    comment: str | Unset = UNSET,
) -> DeleteTransitionRequestResponse | Error | None:
    """Cancel a stage transition request

     Cancels the open request of `creator` to move the model version to `stage`.

    Args:
        name (str):
        version (str):
        stage (str):
        creator (str):
        comment (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeleteTransitionRequestResponse | Error
    """

    return sync_detailed(
        client=client,
        name=name,
        version=version,
        stage=stage,
        creator=creator,
        comment=comment,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    name: str,
    version: str,
    stage: str,
    creator: str,
    comment: str | Unset = UNSET,
) -> Response[DeleteTransitionRequestResponse | Error]:
    """Cancel a stage transition request

     Cancels the open request of `creator` to move the model version to `stage`.

    Args:
        name (str):
        version (str):
        stage (str):
        creator (str):
        comment (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeleteTransitionRequestResponse | Error]
    """

    kwargs = build_kwargs(
        name=name,
        version=version,
        stage=stage,
        creator=creator,
        comment=comment,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    name: str,
    version: str,
    stage: str,
    creator: str,
    comment: str | Unset = UNSET,
) -> DeleteTransitionRequestResponse | Error | None:
    """Cancel a stage transition request

     Cancels the open request of `creator` to move the model version to `stage`.

    Args:
        name (str):
        version (str):
        stage (str):
        creator (str):
        comment (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeleteTransitionRequestResponse | Error
    """

    return (
        await asyncio_detailed(
            client=client,
            name=name,
            version=version,
            stage=stage,
            creator=creator,
            comment=comment,
        )
    ).parsed
