"""Validation of requests (strict) and responses (lenient) against the OpenAPI spec.

Each operation's schemas are compiled on first use into small closures, so a typical call validates in about a
microsecond; the raw spec is never walked per call. Validators signal a problem by raising `_Fail`, and each
enclosing object/array adds its key or index on the way out, so field paths cost nothing unless something fails.

Only the schema keywords this project's spec style uses are supported. Any other constraint keyword makes
compilation fail loudly, so a spec change can never be silently half-enforced.
"""

from __future__ import annotations

import enum
import functools
import re
import reprlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, Final
from urllib.parse import unquote

import attrs

from databricks_mlflow_client._spec import load_spec

__all__ = [
    "Operation",
    "RequestValidationError",
    "get_operation",
    "match_route",
    "operations",
    "validate_request",
    "validate_response",
    "validate_wire_request",
]

_HTTP_METHODS: Final = ("get", "put", "post", "delete", "patch")
_INT_RANGES: Final = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}
_TYPE_NAMES: Final = {
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "a boolean",
    "array": "an array",
    "object": "an object",
}
_CONSTRAINT_KEYWORDS: Final = frozenset(
    {
        "type",
        "format",
        "enum",
        "minimum",
        "maximum",
        "minLength",
        "maxLength",
        "items",
        "properties",
        "required",
        "additionalProperties",
        "readOnly",
        "writeOnly",
        "$ref",
    }
)
_ANNOTATION_KEYWORDS: Final = frozenset(
    {"description", "title", "example", "examples", "default", "deprecated"}
)
_INT_TEXT = re.compile(r"-?[0-9]{1,40}")
_NUMBER_TEXT = re.compile(r"-?[0-9]{1,40}(\.[0-9]{1,40})?([eE][-+]?[0-9]{1,3})?")
_WIRE_BOOLEANS: Final = {"true": True, "false": False}

_repr = reprlib.Repr()
_repr.maxstring = 80
_repr.maxother = 80


class RequestValidationError(ValueError):
    """A request does not match the spec. `str(err)` is `"{operation_id}: {field}: {rule}"`."""

    operation_id: str
    field: str
    rule: str

    def __init__(self, operation_id: str, field: str, rule: str) -> None:
        super().__init__(f"{operation_id}: {field}: {rule}")
        self.operation_id = operation_id
        self.field = field
        self.rule = rule

    def __reduce__(self) -> tuple[type[RequestValidationError], tuple[str, str, str]]:
        return (type(self), (self.operation_id, self.field, self.rule))


@attrs.frozen
class Operation:
    operation_id: str
    method: str
    path: str
    tag: str
    idempotent: bool
    path_params: tuple[str, ...]
    query_params: tuple[str, ...]
    body_fields: tuple[str, ...]
    has_body: bool


# --------------------------------------------------------------------------------------------------------------
# Schema nodes: the spec's schemas with every $ref resolved, shared by the request compiler and response checker.


class _Node:
    """One resolved schema. Mutable only while being built, so recursive $refs can point at themselves."""

    __slots__ = (
        "additional",
        "enum",
        "format",
        "items",
        "max_length",
        "maximum",
        "min_length",
        "minimum",
        "properties",
        "read_only",
        "required",
        "target",
        "type",
        "write_only",
    )

    def __init__(self) -> None:
        self.type: str | None = None  # None: any type
        self.format: str | None = None
        self.enum: tuple[Any, ...] | None = None
        self.minimum: float | None = None
        self.maximum: float | None = None
        self.min_length: int | None = None
        self.max_length: int | None = None
        self.items: _Node | None = None
        self.properties: dict[str, _Node] | None = None  # None: a free-form object
        self.required: tuple[str, ...] = ()
        # None: not given (unknown fields are errors in requests); True: anything; a node: the extra values' schema
        self.additional: _Node | bool | None = None
        self.target: _Node | None = None  # set on a `$ref` that carries readOnly/writeOnly next to it
        self.read_only = False
        self.write_only = False


def _unwrap(node: _Node) -> _Node:
    while node.target is not None:
        node = node.target
    return node


def _flag(node: _Node, name: str, flag: str) -> bool:
    """Is property `name` of `node` readOnly/writeOnly, directly or on the schema its $ref points at?"""
    sub = (node.properties or {}).get(name)
    return sub is not None and bool(getattr(sub, flag) or getattr(_unwrap(sub), flag))


class _SchemaResolver:
    def __init__(self, spec: Mapping[str, Any]) -> None:
        self._spec = spec
        self._by_ref: dict[str, _Node] = {}

    def lookup(self, ref: str) -> Mapping[str, Any]:
        if not ref.startswith("#/"):
            raise ValueError(f"only local $refs are supported, got {ref!r}")
        target: Any = self._spec
        for part in ref[2:].split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        if not isinstance(target, Mapping):
            raise ValueError(f"$ref {ref!r} does not point at an object")
        return target

    def deref(self, item: Mapping[str, Any]) -> Mapping[str, Any]:
        """The raw object behind a chain of $refs (for cheap shallow reads such as property names)."""
        for _ in range(32):
            if "$ref" not in item:
                return item
            item = self.lookup(item["$ref"])
        raise ValueError("$ref chain too long")

    def node(self, schema: Mapping[str, Any]) -> _Node:
        _check_keywords(schema)
        ref = schema.get("$ref")
        if ref is None:
            node = _Node()
            self._fill(node, schema)
            return node
        if _CONSTRAINT_KEYWORDS.intersection(schema) - {"$ref", "readOnly", "writeOnly"}:
            raise ValueError(f"constraints next to $ref {ref!r} are not supported")
        target = self._by_ref.get(ref)
        if target is None:
            target = _Node()
            self._by_ref[ref] = target  # registered before filling, so recursive refs terminate
            self._fill(target, self.deref(schema))
        if not (schema.get("readOnly") or schema.get("writeOnly")):
            return target
        wrapper = _Node()
        wrapper.target = target
        wrapper.read_only = bool(schema.get("readOnly"))
        wrapper.write_only = bool(schema.get("writeOnly"))
        return wrapper

    def _fill(self, node: _Node, schema: Mapping[str, Any]) -> None:
        _check_keywords(schema)
        kind = schema.get("type")
        if kind is not None and kind not in _TYPE_NAMES:
            raise ValueError(f"unsupported schema type {kind!r}")
        node.type = kind
        node.format = schema.get("format")
        node.enum = tuple(schema["enum"]) if "enum" in schema else None
        node.minimum = schema.get("minimum")
        node.maximum = schema.get("maximum")
        node.min_length = schema.get("minLength")
        node.max_length = schema.get("maxLength")
        node.read_only = bool(schema.get("readOnly"))
        node.write_only = bool(schema.get("writeOnly"))
        if "items" in schema:
            node.items = self.node(schema["items"])
        if "properties" in schema:
            node.properties = {name: self.node(sub) for name, sub in schema["properties"].items()}
        node.required = tuple(schema.get("required", ()))
        additional = schema.get("additionalProperties")
        node.additional = self.node(additional) if isinstance(additional, Mapping) else additional
        if node.type is None and node.properties is not None:
            node.type = "object"


def _check_keywords(schema: Mapping[str, Any]) -> None:
    for keyword in schema:
        known = keyword in _CONSTRAINT_KEYWORDS or keyword in _ANNOTATION_KEYWORDS
        if not known and not str(keyword).startswith("x-"):
            raise ValueError(f"unsupported schema keyword {keyword!r}")


# --------------------------------------------------------------------------------------------------------------
# Rule texts, shared by requests and responses.


def _show(value: object) -> str:
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 128:
        return f"<{value.bit_length()}-bit integer>"  # str() of a huge int raises in Python >= 3.11
    return _repr.repr(value)


def _type_rule(kind: str, value: object) -> str:
    got = "None" if value is None else f"{type(value).__name__} {_show(value)}"
    return f"must be {_TYPE_NAMES[kind]} (got {got})"


def _enum_rule(allowed: Sequence[Any], value: object) -> str:
    listing = ", ".join(sorted(str(v) for v in allowed))
    return f"must be one of {listing} (got {_show(value)})"


def _unknown_rule(known: Sequence[str]) -> str:
    return f"unknown field (expected one of {', '.join(sorted(known))})" if known else "unknown field"


def _is_type(kind: str, value: object) -> bool:
    if kind == "string":
        return isinstance(value, str)
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "array":
        return isinstance(value, list | tuple)
    return isinstance(value, Mapping)


def _plain(value: object) -> object:
    """A str-valued Enum member stands for its value (hashing a str-Enum member uses its *name*)."""
    if isinstance(value, enum.Enum) and isinstance(value.value, str):
        return value.value
    return value


def _in_enum(allowed: Sequence[Any], value: object) -> bool:
    # `True == 1` in Python, so compare types as well.
    return any(type(value) is type(option) and value == option for option in allowed)


def _bound_problem(node: _Node, value: float) -> str | None:
    if node.minimum is not None and value < node.minimum:
        return f"must be >= {node.minimum} (got {_show(value)})"
    if node.maximum is not None and value > node.maximum:
        return f"must be <= {node.maximum} (got {_show(value)})"
    if isinstance(value, int) and node.format in _INT_RANGES:
        low, high = _INT_RANGES[node.format]
        if not low <= value <= high:
            return f"must fit in {node.format} (got {_show(value)})"
    return None


def _length_problem(node: _Node, text: str) -> str | None:
    if node.min_length is not None and len(text) < node.min_length:
        return f"must be at least {node.min_length} characters long (got {_show(text)})"
    if node.max_length is not None and len(text) > node.max_length:
        return f"must be at most {node.max_length} characters long (got {len(text)})"
    return None


# --------------------------------------------------------------------------------------------------------------
# Request validators: closures compiled once per schema node.

Validator = Callable[[Any], None]


class _Fail(Exception):
    """Raised by compiled validators; `path` collects keys and indices innermost first."""

    def __init__(self, rule: str, key: str | int | None = None) -> None:
        super().__init__(rule)
        self.rule = rule
        self.path: list[str | int] = [] if key is None else [key]

    def field(self, root: str) -> str:
        text = ""
        for part in reversed(self.path):
            if isinstance(part, int):
                text += f"[{part}]"
            else:
                text += f".{part}" if text else part
        return text or root


def _reject_read_only(_value: object) -> None:
    raise _Fail("read-only field must not be sent")


def _without_the_value(validate: Validator) -> Validator:
    """writeOnly fields are secrets: a rule broken by one must not quote it."""

    def check(value: object) -> None:
        try:
            validate(value)
        except _Fail as failure:
            broken = failure
        else:
            return
        # Raised outside the except block, so the original (which quotes the value) is not its __context__.
        hidden = _Fail(broken.rule.split(" (got ", 1)[0] + f" (got {type(value).__name__}, value hidden)")
        hidden.path = broken.path
        raise hidden

    return check


def _accept_anything(_value: object) -> None:
    return None


class _RequestCompiler:
    def __init__(self) -> None:
        # keyed by id(node); the node is kept alongside so its id cannot be reused by another node
        self._done: dict[int, tuple[_Node, Validator]] = {}
        self._in_progress: set[int] = set()

    def compile(self, node: _Node) -> Validator:
        key = id(node)
        done = self._done.get(key)
        if done is not None:
            return done[1]
        if key in self._in_progress:  # a recursive schema: look the finished validator up at call time
            return lambda value: self._done[key][1](value)
        self._in_progress.add(key)
        validator = self._build(node)
        self._in_progress.discard(key)
        self._done[key] = (node, validator)
        return validator

    def _build(self, node: _Node) -> Validator:
        if node.read_only:
            return _reject_read_only
        if node.write_only:
            return _without_the_value(self._typed(node))
        return self._typed(node)

    def _typed(self, node: _Node) -> Validator:
        if node.target is not None:
            return self.compile(node.target)
        if node.type == "string":
            return self._string(node)
        if node.type == "integer" or node.type == "number":
            return self._numeric(node, node.type)
        if node.type == "boolean":
            return self._boolean()
        if node.type == "array":
            return self._array(node)
        if node.type == "object":
            return self._object(node)
        if node.enum is not None:
            return self._bare_enum(node.enum)
        return _accept_anything

    @staticmethod
    def _string(node: _Node) -> Validator:
        allowed = frozenset(v for v in node.enum if isinstance(v, str)) if node.enum is not None else None
        has_length_rules = node.min_length is not None or node.max_length is not None

        def check_string(value: Any) -> None:
            if type(value) is not str:
                value = _plain(value)
                if not isinstance(value, str):
                    raise _Fail(_type_rule("string", value))
            if allowed is not None and value not in allowed:
                raise _Fail(_enum_rule(tuple(allowed), value))
            if has_length_rules:
                problem = _length_problem(node, value)
                if problem is not None:
                    raise _Fail(problem)

        return check_string

    @staticmethod
    def _numeric(node: _Node, kind: str) -> Validator:
        accepted: tuple[type, ...] = (int,) if kind == "integer" else (int, float)
        low: float | None = None
        high: float | None = None
        if kind == "integer" and node.format in _INT_RANGES:
            low, high = _INT_RANGES[node.format]
        if node.minimum is not None:
            low = node.minimum if low is None else max(low, node.minimum)
        if node.maximum is not None:
            high = node.maximum if high is None else min(high, node.maximum)
        allowed = node.enum

        def check_number(value: Any) -> None:
            if type(value) not in accepted and (isinstance(value, bool) or not isinstance(value, accepted)):
                raise _Fail(_type_rule(kind, value))
            if (low is not None and value < low) or (high is not None and value > high):
                raise _Fail(_bound_problem(node, value) or f"out of range (got {_show(value)})")
            if allowed is not None and not _in_enum(allowed, value):
                raise _Fail(_enum_rule(allowed, value))

        return check_number

    @staticmethod
    def _boolean() -> Validator:
        def check_boolean(value: Any) -> None:
            if type(value) is not bool:
                raise _Fail(_type_rule("boolean", value))

        return check_boolean

    def _array(self, node: _Node) -> Validator:
        item = self.compile(node.items) if node.items is not None else _accept_anything

        def check_array(value: Any) -> None:
            if type(value) is not list and not isinstance(value, list | tuple):
                raise _Fail(_type_rule("array", value))
            for index, element in enumerate(value):
                try:
                    item(element)
                except _Fail as failure:
                    failure.path.append(index)
                    raise

        return check_array

    def _object(self, node: _Node) -> Validator:
        properties = {name: self.compile(sub) for name, sub in (node.properties or {}).items()}
        # OpenAPI: a required readOnly field is required in responses only
        required = tuple(name for name in node.required if not _flag(node, name, "read_only"))
        known = tuple(properties)
        extra: Validator | None = None
        if isinstance(node.additional, _Node):
            extra = self.compile(node.additional)
        elif node.additional is True or (node.additional is None and node.properties is None):
            extra = _accept_anything

        def check_object(value: Any) -> None:
            if type(value) is not dict and not isinstance(value, Mapping):
                raise _Fail(_type_rule("object", value))
            for name, field_value in value.items():
                validator = properties.get(name, extra)
                if validator is None:
                    raise _Fail(_unknown_rule(known), str(name))
                try:
                    validator(field_value)
                except _Fail as failure:
                    failure.path.append(str(name))
                    raise
            for name in required:
                if name not in value:
                    raise _Fail("required field is missing", name)

        return check_object

    @staticmethod
    def _bare_enum(allowed: tuple[Any, ...]) -> Validator:
        def check_enum(value: Any) -> None:
            if not _in_enum(allowed, _plain(value)):
                raise _Fail(_enum_rule(allowed, _plain(value)))

        return check_enum


# --------------------------------------------------------------------------------------------------------------
# Response checking: lenient, collects every problem, walks the resolved nodes directly.


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
            self.problems.append(f"{path}: {_type_rule(node.type, value)}")
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
        self._secret_names: frozenset[str] | None = None
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

    def secret_names(self) -> frozenset[str]:
        if self._secret_names is None:
            self._secret_names = frozenset(_write_only_names(self.spec))
        return self._secret_names

    def response_node(self, operation_id: str, status_code: int) -> tuple[bool, _Node | None]:
        """(is the status documented, the JSON body schema if there is one)."""
        raw, _ = self._raw[operation_id]
        responses = raw.get("responses", {})
        status = str(status_code)
        response = responses.get(status) or responses.get(f"{status[0]}XX") or responses.get("default")
        if response is None:
            return False, None
        schema = _json_schema(self._resolver.deref(response))
        return True, self._resolver.node(schema) if schema is not None else None


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


def validate_request(
    operation_id: str, params: Mapping[str, Any], *, spec: Mapping[str, Any] | None = None
) -> None:
    """Check a call's parameters (path + query + body fields by wire name) and raise on the first problem.

    Unset optional parameters must be left out: None is not a value on the wire.
    """
    validator = _compiled(spec).validator(operation_id)
    try:
        validator(params)
    except _Fail as failure:
        raise RequestValidationError(operation_id, failure.field("params"), failure.rule) from None


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


def validate_response(
    operation_id: str, status_code: int, body: object, *, spec: Mapping[str, Any] | None = None
) -> list[str]:
    """Problems with a response (empty when fine). Unknown fields are allowed; write-only fields are not."""
    compiled = _compiled(spec)
    if operation_id not in compiled.operations:
        return [f"unknown operation {operation_id!r}"]
    documented, node = compiled.response_node(operation_id, status_code)
    if not documented:
        return [f"status {status_code} is not documented"] if 200 <= status_code < 300 else []
    if node is None:
        return []
    checker = _ResponseChecker(compiled.secret_names())
    checker.check(node, {} if body is None else body, "body")  # an empty body stands for {}
    return checker.problems


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
