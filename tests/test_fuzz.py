"""Hypothesis against the client's request validation, request building and error parsing.

- validate_request: spec-valid parameters (generated here from the spec, independently of the validator's
  own compiled schemas) pass; one wrong-typed leaf fails with a RequestValidationError naming that leaf;
  arbitrary Python values only ever raise RequestValidationError.
- the generated builders behind the client's seam: what the client accepts and sends, the server-side
  emulator's request reader reads back unchanged.
- error_from_response: any status, content type, headers and body give a DatabricksError, never an
  exception, and never the parser's last-resort fallback.
- parse_retry_after and redact_text on arbitrary text.
"""

from __future__ import annotations

import enum
import importlib
import json
import math
import pickle
import re
import typing
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest
from databricks_mlflow_api.operations import OPERATIONS
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from databricks_mlflow_client import (
    DatabricksError,
    DatabricksMlflowClient,
    ModelId,
    RequestValidationError,
    RetryPolicy,
    validate_request,
)
from databricks_mlflow_client._api import SyncAPI
from databricks_mlflow_client._core import SyncCore
from databricks_mlflow_client._errors import (
    ERROR_CODE_CLASSES,
    REDACTED,
    SECRET_KEYS,
    STATUS_CLASSES,
    error_from_response,
    parse_retry_after,
    redact_text,
)
from databricks_mlflow_client.emulator._principals import ApiError
from databricks_mlflow_client.emulator._wire import Router, default_specs, read_params

SPEC = default_specs()[0]  # openapi.json: the spec the generated client was built from
ROUTER = Router([SPEC])
OPERATION_IDS = sorted(OPERATIONS)
FORMAT_RANGES = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}
MAX_DEPTH = 3
DOT_SEGMENTS = ("", ".", "..")  # not a path segment: httpx would resolve "." and ".." away
FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# ------------------------------------------------------------------------------------------ the spec, read here


def deref(schema: Mapping[str, Any]) -> Mapping[str, Any]:
    while "$ref" in schema:
        node: Any = SPEC
        for part in str(schema["$ref"]).removeprefix("#/").split("/"):
            node = node[part]
        schema = node
    return schema


def request_schema(operation_id: str) -> dict[str, Any]:
    """Path, query and body parameters of an operation as one object schema, read straight from the spec."""
    op = OPERATIONS[operation_id]
    path_item = SPEC["paths"][op.path]
    raw = path_item[op.method.lower()]
    properties: dict[str, Any] = {}
    required: list[str] = []
    for param in [*path_item.get("parameters", []), *raw.get("parameters", [])]:
        param = deref(param)
        if param["in"] not in ("path", "query"):
            continue
        properties[param["name"]] = param.get("schema", {})
        if param.get("required") or param["in"] == "path":
            required.append(param["name"])
    if "requestBody" in raw:
        body = deref(deref(raw["requestBody"])["content"]["application/json"]["schema"])
        properties.update(body.get("properties", {}))
        required.extend(body.get("required", []))
    return {"type": "object", "properties": properties, "required": required}


json_scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10)
json_values = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3)
    ),
    max_leaves=10,
)


def valid_value(schema: Mapping[str, Any], depth: int = 0) -> st.SearchStrategy[Any]:
    """Values the schema accepts (only the keywords this project's spec uses)."""
    schema = deref(schema)
    if "enum" in schema:
        return st.sampled_from(list(schema["enum"]))
    kind = schema.get("type")
    if kind == "string":
        return st.text(min_size=schema.get("minLength", 0), max_size=schema.get("maxLength", 12))
    if kind == "integer":
        low, high = FORMAT_RANGES.get(schema.get("format", ""), (None, None))
        low = (
            max(v for v in (low, schema.get("minimum")) if v is not None)
            if low or "minimum" in schema
            else low
        )
        high = (
            min(v for v in (high, schema.get("maximum")) if v is not None)
            if high or "maximum" in schema
            else high
        )
        return st.integers(min_value=low, max_value=high)
    if kind == "number":
        return st.floats(
            min_value=schema.get("minimum"),
            max_value=schema.get("maximum"),
            allow_nan=False,
            allow_infinity=False,
        )
    if kind == "boolean":
        return st.booleans()
    if kind == "array":
        items = schema.get("items", {})
        return st.lists(valid_value(items, depth + 1), max_size=0 if depth >= MAX_DEPTH else 3)
    if kind == "object" or "properties" in schema:
        return valid_object(schema, depth)
    return json_values


def _writable(schema: Mapping[str, Any]) -> bool:
    return not deref(schema).get("readOnly") and not schema.get("readOnly")


def valid_object(schema: Mapping[str, Any], depth: int) -> st.SearchStrategy[dict[str, Any]]:
    properties = {name: sub for name, sub in schema.get("properties", {}).items() if _writable(sub)}
    required = [name for name in schema.get("required", []) if name in properties]
    optional = {} if depth >= MAX_DEPTH else {n: s for n, s in properties.items() if n not in required}
    fixed = st.fixed_dictionaries(
        {name: valid_value(properties[name], depth + 1) for name in required},
        optional={name: valid_value(sub, depth + 1) for name, sub in optional.items()},
    )
    extra = schema.get("additionalProperties")
    if isinstance(extra, Mapping) and depth < MAX_DEPTH:
        extras = st.dictionaries(
            st.text(max_size=6).filter(lambda k: k not in properties),
            valid_value(extra, depth + 1),
            max_size=2,
        )
        return st.builds(lambda a, b: {**b, **a}, fixed, extras)
    return fixed


def valid_params(operation_id: str) -> st.SearchStrategy[dict[str, Any]]:
    return valid_object(request_schema(operation_id), 0)


def typed_leaves(
    value: Any, schema: Mapping[str, Any], path: tuple[str | int, ...] = ()
) -> list[tuple[tuple[str | int, ...], str]]:
    """(path, declared type) of every value in `value` whose schema declares a type."""
    schema = deref(schema)
    found: list[tuple[tuple[str | int, ...], str]] = []
    kind = schema.get("type")
    if path and isinstance(kind, str):
        found.append((path, kind))
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        extra = schema.get("additionalProperties")
        for key, item in value.items():
            sub = properties.get(key, extra if isinstance(extra, Mapping) else None)
            if sub is not None:
                found += typed_leaves(item, sub, (*path, key))
    elif isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            found += typed_leaves(item, schema["items"], (*path, index))
    return found


WRONG_TYPE: dict[str, Any] = {
    "string": 7,
    "integer": "7",
    "number": "7.5",
    "boolean": "true",
    "array": {"not": "a list"},
    "object": ["not", "an object"],
}


def replaced(value: Any, path: tuple[str | int, ...], new: Any) -> Any:
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        return {**value, head: replaced(value[head], rest, new)}
    copy = list(value)
    copy[int(head)] = replaced(copy[int(head)], rest, new)
    return copy


def field_name(path: tuple[str | int, ...]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


# ------------------------------------------------------------------------------------------ validate_request


@FUZZ
@given(data=st.data())
def test_spec_valid_params_pass_validation(data: st.DataObject) -> None:
    operation_id = data.draw(st.sampled_from(OPERATION_IDS))
    params = data.draw(valid_params(operation_id))
    validate_request(operation_id, params)


@FUZZ
@given(data=st.data())
def test_one_wrong_typed_field_is_reported_by_name(data: st.DataObject) -> None:
    operation_id = data.draw(st.sampled_from(OPERATION_IDS))
    params = data.draw(valid_params(operation_id))
    leaves = typed_leaves(params, request_schema(operation_id))
    assume(leaves)
    path, kind = data.draw(st.sampled_from(leaves))
    broken = replaced(params, path, WRONG_TYPE[kind])
    try:
        validate_request(operation_id, broken)
    except RequestValidationError as error:
        assert error.operation_id == operation_id
        assert error.field == field_name(path), str(error)
    else:
        raise AssertionError(f"{operation_id}: {field_name(path)} = {WRONG_TYPE[kind]!r} was accepted")


class Opaque:
    """Not JSON at all."""

    def __repr__(self) -> str:
        return "Opaque()"


python_values = st.recursive(
    json_scalars
    | st.binary(max_size=5)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.integers(min_value=-(2**80), max_value=2**80)
    | st.just(Opaque()),
    lambda children: (
        st.lists(children, max_size=3)
        | st.tuples(children, children)
        | st.frozensets(st.integers(), max_size=2)
        | st.dictionaries(st.text(max_size=6) | st.integers(), children, max_size=3)
    ),
    max_leaves=10,
)


@FUZZ
@given(data=st.data())
def test_arbitrary_params_raise_only_request_validation_errors(data: st.DataObject) -> None:
    operation_id = data.draw(st.sampled_from(OPERATION_IDS))
    names = [*sorted(request_schema(operation_id)["properties"]), "", "x"]
    valid = data.draw(valid_params(operation_id))
    noise = data.draw(
        st.dictionaries(st.sampled_from(names) | st.text(max_size=5), python_values, max_size=4)
    )
    try:
        validate_request(operation_id, {**valid, **noise})
    except RequestValidationError as error:
        assert str(error) == f"{operation_id}: {error.field}: {error.rule}"


@FUZZ
@given(operation_id=st.sampled_from(OPERATION_IDS), params=python_values)
def test_params_that_are_not_a_mapping_raise_request_validation_error(operation_id: str, params: Any) -> None:
    assume(not isinstance(params, Mapping))
    try:
        validate_request(operation_id, params)
    except RequestValidationError:
        return
    raise AssertionError(f"{operation_id}: params {params!r} accepted")


# ------------------------------------------------------------------------------------------ build_request


def read_back(request: httpx.Request) -> tuple[str, dict[str, Any]]:
    """What the emulator's own request reader makes of a request the client built: operation id and params."""
    matched = ROUTER.match(request.method, request.url.raw_path.decode("ascii").split("?", 1)[0])
    assert matched is not None, f"no route for {request.method} {request.url.raw_path!r}"
    route, path_params = matched
    body = json.loads(request.content) if request.content else None
    query = parse_qsl(request.url.query.decode("ascii"), keep_blank_values=True)
    return route.operation_id, read_params(route, path_params, query, body)


def _enum_in(hint: Any) -> type[enum.Enum] | None:
    for arg in (*typing.get_args(hint), hint):
        inner = typing.get_args(arg)[0] if typing.get_origin(arg) is list else arg
        if isinstance(inner, type) and issubclass(inner, enum.Enum):
            return inner
    return None


def typed_call(operation_id: str, params: Mapping[str, Any]) -> tuple[Any, dict[str, Any]]:
    """The generated operation and its typed arguments for wire-form params (as a resource passes them)."""
    op = OPERATIONS[operation_id]
    module = importlib.import_module(f"databricks_mlflow_api.api.{op.tag.replace('-', '_')}.{operation_id}")
    hints = typing.get_type_hints(module.build_kwargs)
    kwargs: dict[str, Any] = {}
    for name in (*op.path_params, *op.query_params):
        if name in params:
            snake = re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()  # startIndex -> start_index
            python_name = snake if snake in hints else f"{snake}_"
            kind = _enum_in(hints[python_name])
            value = params[name]
            if kind is not None:
                value = [kind(item) for item in value] if isinstance(value, list) else kind(value)
            kwargs[python_name] = value
    if op.has_body:
        body_type = next(
            a for a in (*typing.get_args(hints["body"]), hints["body"]) if hasattr(a, "from_dict")
        )
        kwargs["body"] = body_type.from_dict({k: params[k] for k in op.body_fields if k in params})
    return module.ENDPOINT, kwargs


@pytest.fixture(scope="module")
def api() -> Iterator[SyncAPI]:
    """Only builds requests; nothing is sent."""
    with httpx.Client(base_url="https://example.cloud.databricks.com") as client:
        yield SyncAPI(SyncCore(client), validate=True)


@FUZZ
@given(data=st.data())
def test_what_the_client_sends_the_server_reads_back_unchanged(api: SyncAPI, data: st.DataObject) -> None:
    operation_id = data.draw(st.sampled_from(OPERATION_IDS))
    params = data.draw(valid_params(operation_id))
    op = OPERATIONS[operation_id]
    endpoint, kwargs = typed_call(operation_id, params)
    if any(str(params[name]) in DOT_SEGMENTS for name in op.path_params):
        with pytest.raises(RequestValidationError):  # no request could address this operation
            api.request(endpoint, **kwargs)
        return
    request = api.request(endpoint, **kwargs)
    assert request.url.host == "example.cloud.databricks.com"
    try:
        read_operation, got = read_back(request)
    except ApiError as error:
        # MLflow's reader takes an empty required value for a missing one; the spec sets no minLength there.
        found = re.fullmatch(r"Missing value for required parameter '([^']+)'\..*", error.message)
        assert found is not None, error.message
        assert value_at(params, found.group(1)) == "", error.message
        return
    assert read_operation == operation_id
    # An empty array or string in the query string is the same as no value: MLflow's reader drops it.
    expected = {k: v for k, v in params.items() if not (k in op.query_params and v in ([], ""))}
    assert got == expected


def value_at(params: Mapping[str, Any], dotted: str) -> Any:
    value: Any = params
    for name in dotted.split("."):
        value = value.get(name) if isinstance(value, Mapping) else None
    return value


@pytest.mark.parametrize("value", DOT_SEGMENTS)
def test_a_path_parameter_that_is_no_path_segment_is_refused(value: str) -> None:
    """httpx normalises dot segments away, so '..' would address another endpoint: refused, nothing sent."""
    sent: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(404, json={"error_code": "ENDPOINT_NOT_FOUND", "message": "no such route"})

    client = DatabricksMlflowClient(
        "https://example.cloud.databricks.com",
        "dapi-fuzz",
        transport=httpx.MockTransport(record),
        retry=RetryPolicy(timeout=1.0, backoff_initial=0.001, backoff_max=0.01),
    )
    with client, pytest.raises(RequestValidationError):
        client.permissions.registered_models.get(ModelId(value))
    assert [str(request.url) for request in sent] == []


# ------------------------------------------------------------------------------------------ error parsing

content_types = st.sampled_from(
    [
        None,
        "application/json",
        "application/json; charset=utf-8",
        "text/html; charset=utf-8",
        "text/plain",
        "application/problem+json",
        "application/octet-stream",
    ]
) | st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=20)
header_text = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=40)
error_fields = st.fixed_dictionaries(
    {},
    optional={
        "error_code": json_values,
        "message": json_values,
        "details": json_values,
        "error": json_values,
        "detail": json_values,
        "scimType": json_values,
        "status": json_values,
    },
)
bodies = st.one_of(
    st.binary(max_size=200),
    st.text(max_size=200).map(str.encode),
    json_values.map(lambda value: json.dumps(value).encode()),
    error_fields.map(lambda value: json.dumps(value).encode()),
    st.tuples(st.from_regex(r"[A-Z][A-Z0-9_]{0,20}", fullmatch=True), st.text(max_size=40)).map(
        lambda pair: f"{pair[0]}: {pair[1]}".encode()
    ),
    st.tuples(st.sampled_from(["pre", "title", "PRE", "h1"]), st.text(max_size=40)).map(
        lambda pair: f"<html><{pair[0]}>{pair[1]}</{pair[0]}></html>".encode()
    ),
)


@FUZZ
@given(
    status=st.integers(min_value=100, max_value=999),
    content_type=content_types,
    retry_after=st.none() | header_text | st.integers(-5, 10**6).map(str),
    body=bodies,
    attempts=st.integers(min_value=1, max_value=50),
)
def test_error_from_response_always_gives_a_databricks_error(
    status: int, content_type: str | None, retry_after: str | None, body: bytes, attempts: int
) -> None:
    headers = {}
    if content_type is not None:
        headers["Content-Type"] = content_type
    if retry_after is not None:
        headers["Retry-After"] = retry_after
    request = httpx.Request("POST", "https://example.cloud.databricks.com/api/2.0/mlflow/comments/create")
    response = httpx.Response(status, headers=headers, content=body, request=request)

    error = error_from_response(response, attempts=attempts)

    assert isinstance(error, DatabricksError)
    assert not error.message.startswith("unparseable error response"), "the parser raised internally"
    assert (error.status_code, error.attempts, error.method) == (status, attempts, "POST")
    assert error.path == "/api/2.0/mlflow/comments/create"
    assert error.response is response
    if error.error_code in ERROR_CODE_CLASSES:
        assert type(error) is ERROR_CODE_CLASSES[error.error_code]
    elif status in STATUS_CLASSES:
        assert type(error) is STATUS_CLASSES[status]
    assert error.retry_after is None or (math.isfinite(error.retry_after) and error.retry_after >= 0)
    text = str(error)
    assert str(status) in text
    copy = pickle.loads(pickle.dumps(error))
    assert (type(copy), str(copy)) == (type(error), text)


@FUZZ
@given(status=st.integers(min_value=100, max_value=599), body=bodies)
def test_error_from_a_response_without_request_or_read_body(status: int, body: bytes) -> None:
    """Hand-built responses (no request) and streamed ones (body not read) still give an error."""
    bare = httpx.Response(status, content=body)
    assert isinstance(error_from_response(bare), DatabricksError)
    streamed = httpx.Response(status, stream=httpx.ByteStream(body))
    error = error_from_response(streamed)
    assert isinstance(error, DatabricksError)
    assert error.status_code == status


@FUZZ
@given(value=st.text(max_size=60))
def test_parse_retry_after_never_raises(value: str) -> None:
    seconds = parse_retry_after(value)
    assert seconds is None or (math.isfinite(seconds) and seconds >= 0)


SECRET = "s3cr3t-Fuzz-Value-9f2"


@FUZZ
@given(
    document=json_values,
    key=st.sampled_from(sorted(SECRET_KEYS))
    .map(lambda k: st.sampled_from([k, k.upper(), k.title()]))
    .flatmap(lambda s: s),
    where=st.lists(st.text(max_size=5), max_size=3),
)
def test_redaction_removes_secret_values_anywhere_in_json(document: Any, key: str, where: list[str]) -> None:
    secret_holder: Any = {key: SECRET}
    for name in where:
        secret_holder = {name: [secret_holder]}
    text = json.dumps({"payload": document, "nested": secret_holder})
    redacted = redact_text(text)
    assert SECRET not in redacted
    assert REDACTED in redacted


@FUZZ
@given(
    key=st.sampled_from(sorted(SECRET_KEYS)),
    separator=st.sampled_from(["=", ": ", ":", " = "]),
    quote=st.sampled_from(["", '"', "'"]),
    prefix=st.text(alphabet=" ,;&{", max_size=3),
)
def test_redaction_of_secrets_in_non_json_text(key: str, separator: str, quote: str, prefix: str) -> None:
    """Form bodies, truncated JSON and messages: `key=value`, `"key": "value"`, `Bearer value`."""
    text = f"{prefix}{quote}{key}{quote}{separator}{quote}{SECRET}{quote} and then Bearer {SECRET}"
    assert SECRET not in redact_text(text)
