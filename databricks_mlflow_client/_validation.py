"""Request validation: each operation's parameters checked against the schema prepared by `make generate`.

`make generate` writes `databricks_mlflow_api/request_schemas.json`: per operation, its path, query and body
fields as one object schema, plus the component schemas they reach. Each operation's schema is compiled on
first use into small closures, so a typical call validates in about a microsecond; the spec itself is never
read. Validators signal a problem by raising `_Fail`, and each enclosing object/array adds its key or index on
the way out, so field paths cost nothing unless something fails.

Only the schema keywords this project's spec style uses are supported. Any other constraint keyword makes
compilation fail loudly, so a spec change can never be silently half-enforced.

Why not jsonschema-rs (compiled, well kept; evaluated on these prepared schemas): per call it is faster
(0.5-0.9 µs against 0.8-3.6 µs here, on a loaded 2-core machine), but both are under 1 % of a loopback
round trip, so the "validation on >= 0.95x off" target holds either way. Against it: a 15 MB runtime
dependency with ~11 ms of import, and messages that would need translating kind by kind into ours
("access_control_list[0].permission_level: must be one of CAN_EDIT, ... (got 'CAN_FLY')"): it lists two
enum values "or 3 other candidates", quotes writeOnly secrets, and has no readOnly or int32/int64 rules.
"""

from __future__ import annotations

import enum
import functools
import importlib.resources
import importlib.util
import json
import reprlib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

__all__ = ["RequestValidationError", "validate_request"]

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


def type_rule(kind: str, value: object) -> str:
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
        if not text:  # proto3 has no empty string apart from "absent": the service answers "Missing value"
            return "must not be empty"
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
                    raise _Fail(type_rule("string", value))
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
                raise _Fail(type_rule(kind, value))
            if (low is not None and value < low) or (high is not None and value > high):
                raise _Fail(_bound_problem(node, value) or f"out of range (got {_show(value)})")
            if allowed is not None and not _in_enum(allowed, value):
                raise _Fail(_enum_rule(allowed, value))

        return check_number

    @staticmethod
    def _boolean() -> Validator:
        def check_boolean(value: Any) -> None:
            if type(value) is not bool:
                raise _Fail(type_rule("boolean", value))

        return check_boolean

    def _array(self, node: _Node) -> Validator:
        item = self.compile(node.items) if node.items is not None else _accept_anything

        def check_array(value: Any) -> None:
            if type(value) is not list and not isinstance(value, list | tuple):
                raise _Fail(type_rule("array", value))
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
                raise _Fail(type_rule("object", value))
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
# The prepared request schemas and the public entry point.


class _PreparedSchemas:
    """A request-schemas document ({"operations": {id: schema}, "components": ...}), compiled lazily per operation."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        self._operations: Mapping[str, Mapping[str, Any]] = document["operations"]
        self._resolver = _SchemaResolver(document)
        self._compiler = _RequestCompiler()
        self._validators: dict[str, Validator] = {}

    def validator(self, operation_id: str) -> Validator:
        validator = self._validators.get(operation_id)
        if validator is None:
            schema = self._operations.get(operation_id)
            if schema is None:
                raise RequestValidationError(operation_id, "operation_id", "unknown operation")
            validator = self._compiler.compile(self._resolver.node(schema))
            self._validators[operation_id] = validator
        return validator

    def validate(self, operation_id: str, params: Mapping[str, Any]) -> None:
        validator = self.validator(operation_id)
        try:
            validator(params)
        except _Fail as failure:
            raise RequestValidationError(operation_id, failure.field("params"), failure.rule) from None


def _read_generated(resource: str) -> bytes:
    """The bytes of a data file of the generated package."""
    # Locating the package without importing it skips the generated client's imports.
    found = importlib.util.find_spec("databricks_mlflow_api")
    for location in (found.submodule_search_locations or []) if found is not None else []:
        candidate = Path(location) / resource
        if candidate.is_file():
            return candidate.read_bytes()
    # zipped or otherwise unusual installs
    return importlib.resources.files("databricks_mlflow_api").joinpath(resource).read_bytes()


@functools.cache
def _prepared() -> _PreparedSchemas:
    return _PreparedSchemas(json.loads(_read_generated("request_schemas.json")))


def validate_request(operation_id: str, params: Mapping[str, Any]) -> None:
    """Check a call's parameters (path + query + body fields by wire name) and raise on the first problem.

    Raises RequestValidationError naming the field path and the rule. Unset optional parameters must be
    left out: None is not a value on the wire.
    """
    _prepared().validate(operation_id, params)
