"""Response checks for the tests: is what a server (the emulator, a recording) answered what the spec says?

Lenient: unknown fields are allowed, every problem is collected; write-only (secret) fields must never
appear. The client does not check responses at run time: its generated parsers read what they know.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from databricks_mlflow_client._validation import (
    _bound_problem,
    _enum_rule,
    _flag,
    _in_enum,
    _is_type,
    _length_problem,
    _Node,
    _plain,
    _SchemaResolver,
    _unknown_rule,
    _unwrap,
    type_rule,
)
from databricks_mlflow_client.emulator._wire import default_specs

_HTTP_METHODS = ("get", "put", "post", "delete", "patch")


class _ResponseChecker:
    """Walks a response against resolved nodes and collects every problem.

    `secret_names` are the names of fields that are writeOnly somewhere in the spec. Response schemas often leave
    secrets out altogether (`HttpUrlSpecWithoutSecret`) rather than marking them, and unknown fields are allowed
    in responses, so a leaked secret would otherwise pass unnoticed.
    """

    def __init__(self, secret_names: frozenset[str]) -> None:
        self.secret_names = secret_names
        self.problems: list[str] = []

    def check(self, node: _Node, value: object, path: str) -> None:
        node = _unwrap(node)
        value = _plain(value)
        if node.type is not None and not _is_type(node.type, value):
            self.problems.append(f"{path}: {type_rule(node.type, value)}")
            return
        if node.enum is not None and not _in_enum(node.enum, value):
            self.problems.append(f"{path}: {_enum_rule(node.enum, value)}")
        problem: str | None = None
        if isinstance(value, int | float) and not isinstance(value, bool):
            problem = _bound_problem(node, value)
        elif isinstance(value, str):
            problem = _length_problem(node, value)
        elif isinstance(value, list | tuple) and node.items is not None:
            for index, element in enumerate(value):
                self.check(node.items, element, f"{path}[{index}]")
        elif isinstance(value, Mapping):
            self._check_object(node, value, path)
        if problem is not None:
            self.problems.append(f"{path}: {problem}")

    def _check_object(self, node: _Node, value: Mapping[Any, Any], path: str) -> None:
        prefix = "" if path == "body" else f"{path}."
        properties = node.properties or {}
        for name, field_value in value.items():
            field_path = f"{prefix}{name}"
            sub = properties.get(name)
            if sub is not None and not _flag(node, name, "write_only"):
                self.check(sub, field_value, field_path)
            elif sub is not None or name in self.secret_names:
                self.problems.append(f"{field_path}: write-only field must not appear in a response")
            elif isinstance(node.additional, _Node):
                self.check(node.additional, field_value, field_path)
            elif node.additional is False and node.properties is not None:
                self.problems.append(f"{field_path}: {_unknown_rule(tuple(properties))}")
            # any other unknown field is fine in a response
        for name in node.required:
            # OpenAPI: a required writeOnly field is required in requests only
            if name not in value and not _flag(node, name, "write_only"):
                self.problems.append(f"{prefix}{name}: required field is missing")


def _write_only_names(item: object) -> Iterator[str]:
    if isinstance(item, Mapping):
        properties = item.get("properties")
        if isinstance(properties, Mapping):
            for name, sub in properties.items():
                if isinstance(sub, Mapping) and sub.get("writeOnly") is True:
                    yield name
        for value in item.values():
            yield from _write_only_names(value)
    elif isinstance(item, list):
        for value in item:
            yield from _write_only_names(value)


class _SpecResponses:
    def __init__(self, spec: Mapping[str, Any]) -> None:
        self.resolver = _SchemaResolver(spec)
        self.secret_names = frozenset(_write_only_names(spec))
        self.raw: dict[str, Mapping[str, Any]] = {}
        for item in spec.get("paths", {}).values():
            for method in _HTTP_METHODS:
                if method in item:
                    operation = item[method]
                    self.raw[operation.get("operationId", "")] = operation

    def response_node(self, operation_id: str, status_code: int) -> tuple[bool, _Node | None]:
        """(is the status documented, the JSON body schema if there is one)."""
        responses = self.raw[operation_id].get("responses", {})
        status = str(status_code)
        response = responses.get(status) or responses.get(f"{status[0]}XX") or responses.get("default")
        if response is None:
            return False, None
        content: Mapping[str, Any] = self.resolver.deref(response).get("content", {})
        media: Mapping[str, Any] = content.get("application/json") or next(iter(content.values()), {})
        schema = media.get("schema")
        return True, self.resolver.node(schema) if isinstance(schema, Mapping) else None


_by_spec: dict[int, tuple[Mapping[str, Any], _SpecResponses]] = {}


def _responses(spec: Mapping[str, Any]) -> _SpecResponses:
    entry = _by_spec.get(id(spec))
    if entry is None or entry[0] is not spec:
        entry = _by_spec[id(spec)] = (spec, _SpecResponses(spec))
    return entry[1]


def validate_response(
    operation_id: str, status_code: int, body: object, *, spec: Mapping[str, Any] | None = None
) -> list[str]:
    """Problems with a response (empty when fine). Unknown fields are allowed; write-only fields are not."""
    compiled = _responses(default_specs()[0] if spec is None else spec)  # openapi.json
    if operation_id not in compiled.raw:
        return [f"unknown operation {operation_id!r}"]
    documented, node = compiled.response_node(operation_id, status_code)
    if not documented:
        return [f"status {status_code} is not documented"] if 200 <= status_code < 300 else []
    if node is None:
        return []
    checker = _ResponseChecker(compiled.secret_names)
    checker.check(node, {} if body is None else body, "body")  # an empty body stands for {}
    return checker.problems
