"""The emulator's own reading of requests: routes and parameters from the spec JSON, errors in MLflow's words.

This is deliberately not the client's validator: a misreading of the spec shared by both sides would pass
both. The reader follows what MLflow's tracking server does (`mlflow/server/handlers.py`), from which the
Databricks service grew:

- GET and DELETE arguments come from the query string *or* a JSON body (Databricks' own clients send DELETE
  arguments as a body); the query string wins when both name a field. POST, PUT and PATCH read the JSON body.
- Fields the spec does not know are ignored, as protobuf's JSON parser does with `ignore_unknown_fields`;
  a known field sent as JSON null is refused (the spec declares no field nullable).
- int64 fields accept a JSON number or a numeric string (proto3 JSON); query strings are typed by the spec.
- Errors are 400 INVALID_PARAMETER_VALUE with MLflow's sentences ("Missing value for required parameter
  'name'. See the API docs ...").
- Every registry-webhooks path is also served under `/api/2.0/preview/mlflow/registry-webhooks/`.

Both spec documents are read: `openapi.json` (the Databricks-only half) and `openapi-oss.json` (the OSS MLflow
endpoints a workspace also serves), from the generated package.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final
from urllib.parse import unquote

import attrs

from ._principals import ApiError, bad_param

__all__ = ["PREVIEW_ALIASES", "Route", "Router", "default_specs", "read_params"]

SPEC_FILES: Final = ("openapi.json", "openapi-oss.json")
PREVIEW_ALIASES: Final = {"/api/2.0/preview/mlflow/registry-webhooks/": "/api/2.0/mlflow/registry-webhooks/"}
_METHODS: Final = ("get", "put", "post", "delete", "patch")
_SEE_DOCS: Final = " See the API docs for more information about request parameters."
_INT_TEXT: Final = re.compile(r"-?[0-9]{1,19}")
_BOOL_TEXT: Final = {"true": True, "false": False}


def missing(path: str) -> ApiError:
    """MLflow's error for a required parameter that is absent or empty."""
    return bad_param(f"Missing value for required parameter '{path}'.{_SEE_DOCS}")


def invalid(path: str, value: object, hint: str | None = None) -> ApiError:
    """MLflow's error for a value of the wrong type or outside its set."""
    shown = json.dumps(value) if isinstance(value, (str, int, float, bool, type(None))) else repr(value)
    hint = hint or f"Value was of type '{type(value).__name__}'."
    return bad_param(f"Invalid value {shown[:200]} for parameter '{path}' supplied. Hint: {hint}{_SEE_DOCS}")


@attrs.frozen
class Route:
    """One operation of the spec: where it is served and the schemas of its arguments."""

    operation_id: str
    tag: str
    method: str
    template: str
    pattern: re.Pattern[str]
    parameters: Mapping[str, Mapping[str, Any]]
    """name -> parameter object (with `in`, `required`, `schema`), $refs resolved."""
    body: Mapping[str, Any] | None
    body_required: bool
    spec: Mapping[str, Any] = attrs.field(repr=False)


class Router:
    """Routes of one or more OpenAPI documents; the same method and path in two documents is an error."""

    def __init__(self, specs: Iterable[Mapping[str, Any]]) -> None:
        self.routes: dict[str, Route] = {}
        self._by_method: dict[str, list[Route]] = {}
        seen: set[tuple[str, str]] = set()
        for spec in specs:
            for template, item in spec["paths"].items():
                shared = [_deref(spec, p) for p in item.get("parameters", ())]
                for method in _METHODS:
                    operation = item.get(method)
                    if operation is None:
                        continue
                    if (method, template) in seen:
                        raise ValueError(f"{method.upper()} {template} is described twice")
                    seen.add((method, template))
                    route = _route(spec, method.upper(), template, operation, shared)
                    if route.operation_id in self.routes:
                        raise ValueError(f"operationId {route.operation_id!r} is used twice")
                    self.routes[route.operation_id] = route
                    self._by_method.setdefault(route.method, []).append(route)
        for routes in self._by_method.values():
            # A literal segment beats a parameter in the same place, whatever the document order.
            routes.sort(key=lambda route: _specificity(route.template))

    def match(self, method: str, path: str) -> tuple[Route, dict[str, str]] | None:
        """The route serving `method path` (preview aliases included) and its URL-decoded path parameters."""
        path = canonical_path(path)
        for route in self._by_method.get(method, ()):
            found = route.pattern.fullmatch(path)
            if found is not None:
                return route, {name: unquote(value) for name, value in found.groupdict().items()}
        return None

    def allowed_methods(self, path: str) -> list[str]:
        """The methods some route serves at `path`, in a fixed order."""
        path = canonical_path(path)
        return [
            method
            for method in ("GET", "POST", "PUT", "PATCH", "DELETE")
            if any(route.pattern.fullmatch(path) for route in self._by_method.get(method, ()))
        ]


def _specificity(template: str) -> list[int]:
    """Sort key: at the first segment where two templates differ, a literal one sorts before a parameter."""
    return [1 if segment.startswith("{") else 0 for segment in template.strip("/").split("/")]


def canonical_path(path: str) -> str:
    """The path an alias stands for (`/api/2.0/preview/mlflow/registry-webhooks/x` -> `/api/2.0/mlflow/...`)."""
    for alias, target in PREVIEW_ALIASES.items():
        if path.startswith(alias):
            return target + path[len(alias) :]
    return path


def _route(
    spec: Mapping[str, Any],
    method: str,
    template: str,
    operation: Mapping[str, Any],
    shared: Sequence[Mapping[str, Any]],
) -> Route:
    parameters = {p["name"]: p for p in shared}
    parameters.update({p["name"]: p for p in (_deref(spec, raw) for raw in operation.get("parameters", ()))})
    regex = "".join(
        f"(?P<{part[1:-1]}>[^/]+)" if part.startswith("{") else re.escape(part)
        for part in re.split(r"(\{[^}]+\})", template)
        if part
    )
    request_body = operation.get("requestBody")
    body = None
    if request_body is not None:
        body = _deref(spec, request_body["content"]["application/json"]["schema"])
    return Route(
        operation_id=operation["operationId"],
        tag=(operation.get("tags") or [""])[0],
        method=method,
        template=template,
        pattern=re.compile(regex),
        parameters=parameters,
        body=body,
        body_required=bool(request_body and request_body.get("required")),
        spec=spec,
    )


def _deref(spec: Mapping[str, Any], item: Mapping[str, Any]) -> Mapping[str, Any]:
    while "$ref" in item:
        target: Any = spec
        for part in item["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        item = target
    return item


def _package_dir() -> Path:
    found = importlib.util.find_spec("databricks_mlflow_api")
    locations = list(found.submodule_search_locations or []) if found is not None else []
    if not locations:
        raise RuntimeError("the generated package databricks_mlflow_api is not installed")
    return Path(locations[0])


@functools.cache
def default_specs() -> tuple[Mapping[str, Any], ...]:
    """The spec documents the generated package ships (read once; treat them as read-only)."""
    directory = _package_dir()
    return tuple(
        json.loads((directory / name).read_text(encoding="utf-8"))
        for name in SPEC_FILES
        if (directory / name).is_file()
    )


# ---------------------------------------------------------------------------------------------------- reading


def read_params(
    route: Route, path_params: Mapping[str, str], query: Sequence[tuple[str, str]], body: object
) -> dict[str, Any]:
    """Merge and type the arguments of one request; ApiError 400 in MLflow's words when one is wrong.

    `body` is the decoded JSON body, or None when none was sent.
    """
    if body is not None and not isinstance(body, dict):
        raise bad_param(f"Invalid JSON in request body: expected an object, got {type(body).__name__}.")
    params: dict[str, Any] = {}
    if route.body is not None:
        if body is None and route.body_required:
            raise bad_param("Missing request body: this API expects a JSON object.")
        params.update(_object(route.spec, route.body, body or {}, ""))
    # Declared query parameters; for an operation without a request body, from a JSON body as well.
    from_body = (body or {}) if route.body is None else {}
    from_query = _group(query)
    for name, parameter in route.parameters.items():
        if parameter["in"] != "query":
            continue
        schema = _deref(route.spec, parameter.get("schema", {}))
        if name in from_query:
            value = _from_text(route.spec, schema, from_query[name], name)
        elif name in from_body:
            value = _value(route.spec, schema, _listify(schema, from_body[name]), name)
        else:
            value = None
        if value is None or value == "":
            if parameter.get("required"):
                raise missing(name)
            continue
        params[name] = value
    for name, text in path_params.items():
        parameter = route.parameters.get(name, {})
        params[name] = _from_text(route.spec, _deref(route.spec, parameter.get("schema", {})), [text], name)
    return params


def _group(query: Sequence[tuple[str, str]]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for key, text in query:
        grouped.setdefault(key, []).append(text)
    return grouped


def _listify(schema: Mapping[str, Any], value: object) -> object:
    """A single value where the field is repeated counts as a list of one, as MLflow's GET reader does."""
    return [value] if schema.get("type") == "array" and not isinstance(value, list) else value


def _from_text(spec: Mapping[str, Any], schema: Mapping[str, Any], texts: list[str], path: str) -> Any:
    if schema.get("type") == "array":
        item = _deref(spec, schema.get("items", {}))
        return [_from_text(spec, item, [text], path) for text in texts]
    text = texts[-1]
    kind = schema.get("type")
    if kind == "integer":
        if _INT_TEXT.fullmatch(text) is None:
            raise invalid(path, text)
        return _value(spec, schema, int(text), path)
    if kind == "boolean":
        if text.lower() not in _BOOL_TEXT:
            raise invalid(path, text)
        return _BOOL_TEXT[text.lower()]
    return _value(spec, schema, text, path)


def _object(spec: Mapping[str, Any], schema: Mapping[str, Any], value: object, path: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise invalid(path, value)
    properties: Mapping[str, Any] = schema.get("properties", {})
    result: dict[str, Any] = {}
    for name, sub in properties.items():
        if name in value:  # an explicit null is refused too: the spec declares no field nullable
            result[name] = _value(spec, _deref(spec, sub), value[name], f"{path}.{name}" if path else name)
    for name in schema.get("required", ()):
        if result.get(name) in (None, ""):
            raise missing(f"{path}.{name}" if path else name)
    if schema.get("additionalProperties") is True:
        result.update((key, item) for key, item in value.items() if key not in properties)
    return result


def _value(spec: Mapping[str, Any], schema: Mapping[str, Any], value: Any, path: str) -> Any:
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        return _object(spec, schema, value, path)
    if kind == "array":
        if not isinstance(value, list):
            raise invalid(path, value)
        item = _deref(spec, schema.get("items", {}))
        return [_value(spec, item, entry, f"{path}[{index}]") for index, entry in enumerate(value)]
    if kind == "integer":
        if isinstance(value, str) and _INT_TEXT.fullmatch(value):  # proto3 JSON: int64 may be a string
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise invalid(path, value)
        _range(schema, value, path)
    elif kind == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise invalid(path, value)
    elif kind == "boolean":
        if not isinstance(value, bool):
            raise invalid(path, value)
    elif kind == "string":
        if not isinstance(value, str):
            raise invalid(path, value)
        _length(schema, value, path)
    if "enum" in schema and value not in schema["enum"]:
        raise invalid(path, value, f"Value must be one of {', '.join(map(str, schema['enum']))}.")
    return value


def _range(schema: Mapping[str, Any], value: int, path: str) -> None:
    int64 = schema.get("format") == "int64"  # the wire type's own bounds when the spec sets none
    low, high = (
        schema.get("minimum", -(2**63) if int64 else None),
        schema.get("maximum", 2**63 - 1 if int64 else None),
    )
    if (low is not None and value < low) or (high is not None and value > high):
        bounds = " and ".join(
            text
            for text in (
                f"at least {low}" if low is not None else "",
                f"at most {high}" if high is not None else "",
            )
            if text
        )
        raise bad_param(
            f"Invalid value for request parameter {path}. It must be {bounds}, but got value {value}"
        )


def _length(schema: Mapping[str, Any], value: str, path: str) -> None:
    if value == "":
        return  # proto3 reads "" as absent: the required check answers it in MLflow's words
    low, high = schema.get("minLength"), schema.get("maxLength")
    if (low is not None and len(value) < low) or (high is not None and len(value) > high):
        raise bad_param(
            f"Invalid value for parameter '{path}': its length must be between {low or 0} and "
            f"{high if high is not None else 'unbounded'} characters, got {len(value)}."
        )
