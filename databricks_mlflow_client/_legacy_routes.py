"""LEGACY, to be deleted once the emulator reads requests through its own code (the fidelity issue):
the spec compiled at run time for the emulator and the tests: the operation table, route matching
(`match_route`), typing of raw path/query strings (`validate_wire_request`), and request validation against
an arbitrary spec (`validate_request(..., spec=...)`). The client itself never imports this module: it
sends through the generated operations and validates from the schemas prepared by `make generate`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Final
from urllib.parse import unquote

import attrs
from databricks_mlflow_api.operations import Operation

from ._spec import load_spec
from ._validation import (
    RequestValidationError,
    Validator,
    _Fail,
    _Node,
    _RequestCompiler,
    _SchemaResolver,
    _show,
    _unknown_rule,
    _unwrap,
    validate_request,
)

__all__ = [
    "Operation",
    "get_operation",
    "match_route",
    "operations",
    "spec_validator",
    "validate_wire_request",
]

_HTTP_METHODS: Final = ("get", "put", "post", "delete", "patch")
_INT_TEXT = re.compile(r"-?[0-9]{1,40}")
_NUMBER_TEXT = re.compile(r"-?[0-9]{1,40}(\.[0-9]{1,40})?([eE][-+]?[0-9]{1,3})?")
_WIRE_BOOLEANS: Final = {"true": True, "false": False}


# --------------------------------------------------------------------------------------------------------------
# One spec, compiled: operations, routes, and lazily compiled per-operation validators.


def _json_schema(request_or_response: Mapping[str, Any]) -> Mapping[str, Any] | None:
    content: Mapping[str, Any] = request_or_response.get("content", {})
    media: Mapping[str, Any] = content.get("application/json") or next(iter(content.values()), {})
    schema = media.get("schema")
    return schema if isinstance(schema, Mapping) else None


@attrs.frozen
class _Route:
    pattern: re.Pattern[str]
    names: tuple[str, ...]
    operation: Operation


@attrs.frozen
class _WireParams:
    """The schemas that type an emulator's raw path and query strings."""

    path: Mapping[str, _Node]
    query: Mapping[str, _Node]


class _CompiledSpec:
    def __init__(self, spec: Mapping[str, Any]) -> None:
        self.spec = spec
        self._resolver = _SchemaResolver(spec)
        self._compiler = _RequestCompiler()
        self._raw: dict[str, tuple[Mapping[str, Any], list[Mapping[str, Any]]]] = {}
        self.operations: dict[str, Operation] = {}
        self._literal_routes: dict[tuple[str, str], Operation] = {}
        self._templated_routes: dict[str, list[_Route]] = {}
        self._validators: dict[str, Validator] = {}
        self._wire_params: dict[str, _WireParams] = {}
        self._index_operations()

    def _index_operations(self) -> None:
        for path, path_item in self.spec.get("paths", {}).items():
            shared_params = path_item.get("parameters", ())
            for method in _HTTP_METHODS:
                raw = path_item.get(method)
                if raw is None:
                    continue
                params = self._merged_parameters([*shared_params, *raw.get("parameters", ())])
                operation = self._describe(path, method.upper(), raw, params)
                self.operations[operation.operation_id] = operation
                self._raw[operation.operation_id] = (raw, params)
                self._add_route(operation)
        for routes in self._templated_routes.values():
            # the route with the most literal text wins, so `{id}/permissionLevels` beats a bare `{id}`
            routes.sort(key=lambda route: -len(re.sub(r"\{[^}]*\}", "", route.operation.path)))

    def _merged_parameters(self, declared: list[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
        merged: dict[tuple[str, str], Mapping[str, Any]] = {}
        for param in map(self._resolver.deref, declared):
            merged[(param["in"], param["name"])] = param  # an operation's own declaration wins
        return [p for p in merged.values() if p["in"] in ("path", "query")]

    def _describe(
        self, path: str, method: str, raw: Mapping[str, Any], params: list[Mapping[str, Any]]
    ) -> Operation:
        body_schema = self._body_schema(raw)
        body_fields: tuple[str, ...] = ()
        if body_schema is not None:
            body_fields = tuple(self._resolver.deref(body_schema).get("properties", {}))
        tags = raw.get("tags") or [""]
        return Operation(
            operation_id=raw.get("operationId") or f"{method.lower()} {path}",
            method=method,
            path=path,
            tag=str(tags[0]),
            # unknown means unsafe: the core must never re-send a request that may not be idempotent
            idempotent=raw.get("x-idempotent") is True,
            path_params=tuple(p["name"] for p in params if p["in"] == "path"),
            query_params=tuple(p["name"] for p in params if p["in"] == "query"),
            body_fields=body_fields,
            has_body="requestBody" in raw,
        )

    def _body_schema(self, raw: Mapping[str, Any]) -> Mapping[str, Any] | None:
        if "requestBody" not in raw:
            return None
        return _json_schema(self._resolver.deref(raw["requestBody"]))

    def _add_route(self, operation: Operation) -> None:
        if "{" not in operation.path:
            self._literal_routes[(operation.method, operation.path)] = operation
            return
        names: list[str] = []
        regex = ""
        for literal, name in re.findall(r"([^{]*)(?:\{([^}]*)\})?", operation.path):
            regex += re.escape(literal)
            if name:
                names.append(name)
                regex += "([^/]+)"
        route = _Route(re.compile(regex), tuple(names), operation)
        self._templated_routes.setdefault(operation.method, []).append(route)

    def operation(self, operation_id: str) -> Operation:
        operation = self.operations.get(operation_id)
        if operation is None:
            raise RequestValidationError(operation_id, "operation_id", "unknown operation")
        return operation

    def match(self, method: str, path: str) -> tuple[Operation, dict[str, str]] | None:
        method = method.upper()
        path = path.split("?", 1)[0]
        operation = self._literal_routes.get((method, path))
        if operation is not None:
            return operation, {}
        for route in self._templated_routes.get(method, ()):
            found = route.pattern.fullmatch(path)
            if found is not None:
                values = (unquote(v) for v in found.groups())
                return route.operation, dict(zip(route.names, values, strict=True))
        return None

    def validator(self, operation_id: str) -> Validator:
        validator = self._validators.get(operation_id)
        if validator is None:
            self.operation(operation_id)
            validator = self._compiler.compile(self._request_node(operation_id))
            self._validators[operation_id] = validator
        return validator

    def _request_node(self, operation_id: str) -> _Node:
        """All parameters of an operation (path + query + body fields) as one strict object schema."""
        raw, params = self._raw[operation_id]
        node = _Node()
        node.type = "object"
        node.properties = {}
        required: list[str] = []
        for param in params:
            node.properties[param["name"]] = self._resolver.node(param.get("schema", {}))
            if param.get("required") or param["in"] == "path":
                required.append(param["name"])
        body_schema = self._body_schema(raw)
        if body_schema is not None:
            body = _unwrap(self._resolver.node(body_schema))
            node.properties.update(body.properties or {})
            required.extend(body.required)
        node.required = tuple(dict.fromkeys(required))
        return node

    def wire_params(self, operation_id: str) -> _WireParams:
        found = self._wire_params.get(operation_id)
        if found is None:
            _, params = self._raw[operation_id]
            by_location: dict[str, dict[str, _Node]] = {"path": {}, "query": {}}
            for param in params:
                schema = self._resolver.node(param.get("schema", {}))
                by_location[param["in"]][param["name"]] = _unwrap(schema)
            found = _WireParams(path=by_location["path"], query=by_location["query"])
            self._wire_params[operation_id] = found
        return found


_MAX_EXTRA_SPECS: Final = 8
_extra_specs: dict[int, tuple[Mapping[str, Any], _CompiledSpec]] = {}


@functools.cache
def _default_compiled() -> _CompiledSpec:
    return _CompiledSpec(load_spec())


def _compiled(spec: Mapping[str, Any] | None) -> _CompiledSpec:
    if spec is None:
        return _default_compiled()
    if _default_compiled.cache_info().currsize and spec is _default_compiled().spec:
        return _default_compiled()  # the packaged spec passed explicitly: no second compile
    entry = _extra_specs.get(id(spec))
    if entry is not None and entry[0] is spec:  # the stored spec keeps its id from being reused
        return entry[1]
    compiled = _CompiledSpec(spec)
    if len(_extra_specs) >= _MAX_EXTRA_SPECS:
        _extra_specs.pop(next(iter(_extra_specs)))
    _extra_specs[id(spec)] = (spec, compiled)
    return compiled


# --------------------------------------------------------------------------------------------------------------
# Public API. `spec=` defaults to the packaged spec; tests pass their own.


def operations(*, spec: Mapping[str, Any] | None = None) -> Mapping[str, Operation]:
    """Every operation in the spec, by operationId."""
    return _compiled(spec).operations


def get_operation(operation_id: str, *, spec: Mapping[str, Any] | None = None) -> Operation:
    return _compiled(spec).operation(operation_id)


def spec_validator(operation_id: str, spec: Mapping[str, Any]) -> Validator:
    """The compiled request validator of an operation of another spec (validate_request's ``spec=``)."""
    return _compiled(spec).validator(operation_id)


def match_route(
    method: str, path: str, *, spec: Mapping[str, Any] | None = None
) -> tuple[Operation, dict[str, str]] | None:
    """The operation serving a wire path, and its URL-decoded path parameters; None when nothing matches."""
    return _compiled(spec).match(method, path)


def validate_wire_request(
    operation: Operation,
    path_params: Mapping[str, str],
    query: Sequence[tuple[str, str]],
    body: object,
    *,
    spec: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Type the strings of a received request by the spec, validate everything, return the merged params.

    `body` is the decoded JSON body, or None when none was sent.
    """
    operation_id = operation.operation_id
    wire = _compiled(spec).wire_params(operation_id)
    try:
        merged: dict[str, Any] = {}
        for name, text in path_params.items():
            node = wire.path.get(name)
            merged[name] = _from_wire_text(node, text) if node is not None else text
        merged.update(_typed_query(wire.query, query))
        merged.update(_body_fields(operation, body))
    except _Fail as failure:
        raise RequestValidationError(operation_id, failure.field("params"), failure.rule) from None
    validate_request(operation_id, merged, spec=spec)
    return merged


# --------------------------------------------------------------------------------------------------------------
# Wire coercion helpers for validate_wire_request.


def _typed_query(nodes: Mapping[str, _Node], query: Sequence[tuple[str, str]]) -> Iterator[tuple[str, Any]]:
    grouped: dict[str, list[str]] = {}
    for key, text in query:
        if key not in nodes:
            raise _Fail(_unknown_rule(tuple(nodes)), key)
        grouped.setdefault(key, []).append(text)
    for key, texts in grouped.items():
        try:
            yield key, _typed_query_value(nodes[key], texts)
        except _Fail as failure:
            failure.path.append(key)
            raise


def _typed_query_value(node: _Node, texts: list[str]) -> Any:
    if node.type != "array":
        if len(texts) > 1:
            raise _Fail(f"must be given at most once (got {len(texts)} values)")
        return _from_wire_text(node, texts[0])
    item = _unwrap(node.items) if node.items is not None else None
    values = []
    for index, text in enumerate(texts):
        try:
            values.append(_from_wire_text(item, text) if item is not None else text)
        except _Fail as failure:
            failure.path.append(index)
            raise
    return values


def _from_wire_text(node: _Node, text: str) -> Any:
    if node.type == "integer":
        if _INT_TEXT.fullmatch(text) is None:
            raise _Fail(f"must be an integer (got {_show(text)})")
        return int(text)
    if node.type == "number":
        if _NUMBER_TEXT.fullmatch(text) is None:
            raise _Fail(f"must be a number (got {_show(text)})")
        return float(text) if any(c in text for c in ".eE") else int(text)
    if node.type == "boolean":
        if text not in _WIRE_BOOLEANS:
            raise _Fail(f"must be true or false (got {_show(text)})")
        return _WIRE_BOOLEANS[text]
    return text


def _body_fields(operation: Operation, body: object) -> Iterator[tuple[str, Any]]:
    if body is None:
        if operation.has_body:  # every request body in the spec is required: {} when all fields are left out
            raise _Fail("a JSON object is required (send {} when every field is left out)", "body")
        return
    if not isinstance(body, Mapping):
        got = type(body).__name__
        raise _Fail(f"must be a JSON object (got {got} {_show(body)})", "body")
    if not operation.has_body:
        if body:
            raise _Fail("this operation takes no request body", "body")
        return
    for key, value in body.items():
        if key not in operation.body_fields:
            raise _Fail(_unknown_rule(operation.body_fields), str(key))
        yield key, value
