"""Turns an operation id and its wire params into an HTTP request, and a response into a generated model.

Everything about where a parameter goes (path, query or JSON body), the method and whether an operation
is safe to re-send comes from the spec (`_validation.Operation`), so resources only name the operation.
"""

from __future__ import annotations

import enum
import functools
import importlib
from collections.abc import Mapping
from typing import Any, Protocol
from urllib.parse import quote

import httpx

from ._core import AsyncCore, SyncCore
from ._errors import DatabricksError
from ._spec import load_spec
from ._validation import Operation, RequestValidationError, get_operation, validate_request


class _FromDict(Protocol):
    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Any: ...


def to_wire(value: Any) -> Any:
    """Generated models, enums and nested containers to plain JSON values; None stays None."""
    if isinstance(value, enum.Enum):
        return value.value
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        return to_dict()
    if isinstance(value, Mapping):
        return {key: to_wire(item) for key, item in value.items() if item is not None}
    if isinstance(value, list | tuple):
        return [to_wire(item) for item in value]
    return value


_NOT_A_SEGMENT = frozenset({"", ".", ".."})


def _query_value(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    return str(value)


def build_request(
    http: httpx.Client | httpx.AsyncClient, op: Operation, params: Mapping[str, Any]
) -> httpx.Request:
    path = op.path
    for name in op.path_params:
        segment = str(params[name])
        if segment in _NOT_A_SEGMENT:
            # httpx normalises dot segments away: ".." would address another endpoint, even with validate=False
            raise RequestValidationError(op.operation_id, name, f"must be a path segment (got {segment!r})")
        path = path.replace("{" + name + "}", quote(segment, safe=""))
    query: list[tuple[str, str | int | float | bool | None]] = []
    for name in op.query_params:
        value = params.get(name)
        if value is None:
            continue
        if isinstance(value, list):
            query.extend((name, _query_value(item)) for item in value)
        else:
            query.append((name, _query_value(value)))
    if not op.has_body:
        return http.build_request(op.method, path, params=query or None)
    body = {name: params[name] for name in op.body_fields if params.get(name) is not None}
    return http.build_request(op.method, path, params=query or None, json=body)


@functools.cache
def _response_model(operation_id: str) -> _FromDict:
    op = get_operation(operation_id)
    responses = load_spec()["paths"][op.path][op.method.lower()]["responses"]
    ref: str = responses["200"]["content"]["application/json"]["schema"]["$ref"]
    models = importlib.import_module("databricks_mlflow_api.models")
    model: _FromDict = getattr(models, ref.rsplit("/", 1)[1])
    return model


def _unusable(operation_id: str, response: httpx.Response, problem: str) -> DatabricksError:
    return DatabricksError(
        f"{operation_id}: the server answered {response.status_code} with {problem}",
        status_code=response.status_code,
        method=response.request.method,
        path=response.request.url.path,
        raw_body=response.text[:2000],
        response=response,
    )


def parse_response(operation_id: str, response: httpx.Response) -> Any:
    """The 2xx body as the operation's generated model; a body that cannot be one is a DatabricksError."""
    try:
        data = response.json() if response.content.strip() else {}
    except ValueError as exc:
        raise _unusable(operation_id, response, "a body that is not JSON") from exc
    if not isinstance(data, dict):
        raise _unusable(operation_id, response, f"a JSON {type(data).__name__} instead of an object")
    try:
        return _response_model(operation_id).from_dict(data)
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        # e.g. a list where the spec has an object: the generated parser fails on the first wrong field
        raise _unusable(operation_id, response, f"a body that does not match the spec ({exc!r})") from exc


def _prepare(
    operation_id: str, params: Mapping[str, Any], validate: bool
) -> tuple[Operation, dict[str, Any]]:
    op = get_operation(operation_id)
    wire = {name: to_wire(value) for name, value in params.items() if value is not None}
    if validate:
        validate_request(operation_id, wire)
    return op, wire


class _API:
    def __init__(self, *, validate: bool) -> None:
        self.validate = validate

    def check(self, operation_id: str, params: Mapping[str, Any]) -> None:
        """Validate early, e.g. before a name is resolved, so that a bad request sends nothing at all."""
        _prepare(operation_id, params, self.validate)


class SyncAPI(_API):
    """Executes spec operations over a SyncCore; shared by every sync resource of one client."""

    def __init__(self, core: SyncCore, *, validate: bool) -> None:
        super().__init__(validate=validate)
        self._core = core

    def call(self, operation_id: str, params: Mapping[str, Any]) -> Any:
        op, wire = _prepare(operation_id, params, self.validate)
        response = self._core.send(build_request(self._core.http, op, wire), idempotent=op.idempotent)
        return parse_response(operation_id, response)


class AsyncAPI(_API):
    """The async twin of SyncAPI."""

    def __init__(self, core: AsyncCore, *, validate: bool) -> None:
        super().__init__(validate=validate)
        self._core = core

    async def call(self, operation_id: str, params: Mapping[str, Any]) -> Any:
        op, wire = _prepare(operation_id, params, self.validate)
        response = await self._core.send(build_request(self._core.http, op, wire), idempotent=op.idempotent)
        return parse_response(operation_id, response)
