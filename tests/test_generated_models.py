"""The generated package against the spec: examples round-trip through the generated models, unknown enum
values and unknown fields survive, the request builders put every argument where the spec says, and
generated/ is what the generator makes of the current spec."""

from __future__ import annotations

import copy
import enum
import importlib
import inspect
import json
import re
import subprocess
import sys
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import attrs
import databricks_mlflow_api.models as models
import httpx
import pytest
from _spec_helpers import (
    ROOT,
    SPEC,
    Node,
    operations,
    ref_name,
    request_media,
    resolve,
    response_media,
)

OPS = operations(SPEC)
SCHEMAS: dict[str, Node] = SPEC["components"]["schemas"]
OBJECT_SCHEMAS = sorted(n for n, s in SCHEMAS.items() if s.get("type") == "object")
ENUM_SCHEMAS = sorted(n for n, s in SCHEMAS.items() if "enum" in s)
WITH_BODY = sorted(op_id for op_id, op in OPS.items() if request_media(SPEC, op) is not None)

UNKNOWN = "VALUE_FROM_A_NEWER_SERVER"
EXTRA_KEY = "field_from_a_newer_server"
EXTRA_VALUE = {"nested": [1, "two", {"three": None}], "flag": False}


def _model(name: str) -> Any:
    return getattr(models, name)


def _round_trip(model_name: str, data: dict[str, Any]) -> None:
    original = copy.deepcopy(data)
    parsed = _model(model_name).from_dict(data)
    assert data == original, "from_dict must not modify its input"
    assert parsed.to_dict() == original


# ------------------------------------------------------------------------------------ examples round-trip


@pytest.mark.parametrize("op_id", sorted(OPS))
def test_response_example_round_trips(op_id: str) -> None:
    media = response_media(SPEC, OPS[op_id])
    _round_trip(str(ref_name(media["schema"])), media["example"])


@pytest.mark.parametrize("op_id", WITH_BODY)
def test_request_body_example_round_trips(op_id: str) -> None:
    media = request_media(SPEC, OPS[op_id])
    assert media is not None
    _round_trip(str(ref_name(media["schema"])), media["example"])


def test_error_example_round_trips() -> None:
    media = SPEC["components"]["responses"]["Error"]["content"]["application/json"]
    _round_trip(str(ref_name(media["schema"])), media["example"])


# ------------------------------------------------------------------------------- forward compatibility


@dataclass
class Synthetic:
    """A value with every property of a schema filled, plus where the enums and extra fields are."""

    value: Any = None
    enums: list[tuple[tuple[str | int, ...], str, str, bool]] = field(
        default_factory=list
    )  # path, enum, raw, known
    objects: list[tuple[tuple[str | int, ...], int]] = field(
        default_factory=list
    )  # path, number of properties


def synthesize(schema: Node, unknown: bool = True) -> Synthetic:
    """Fill every property of `schema` (recursively). Scalar enums get a value the spec does not list;
    enum arrays get a known value followed by an unknown one; every object gets an extra field."""
    out = Synthetic()

    def build(node: Node, path: tuple[str | int, ...]) -> Any:
        name = ref_name(node)
        node = resolve(SPEC, node)
        if "enum" in node:
            assert name is not None, f"inline enum at {path}: no generated class to check"
            raw = f"{UNKNOWN}_{name}" if unknown else node["enum"][-1]
            out.enums.append((path, name, raw, not unknown))
            return raw
        kind = node.get("type")
        if kind == "object":
            obj = {prop: build(sub, (*path, prop)) for prop, sub in node.get("properties", {}).items()}
            out.objects.append((path, len(obj)))
            obj[EXTRA_KEY] = copy.deepcopy(EXTRA_VALUE)
            return obj
        if kind == "array":
            items = node["items"]
            item = resolve(SPEC, items)
            if "enum" in item:
                out.enums.append(((*path, 0), str(ref_name(items)), item["enum"][0], True))
                return [item["enum"][0], build(items, (*path, 1))]
            return [build(items, (*path, 0))]
        if kind == "string":
            return f"text-{'.'.join(map(str, path))}"
        if kind == "integer":
            return int(node.get("maximum", 2**40))
        if kind == "boolean":
            return False
        if kind == "number":
            return 1.5
        raise AssertionError(f"unexpected schema at {path}: {node}")

    out.value = build(schema, ())
    return out


def python_name(wire: str, names: Collection[str]) -> str:
    """The generator's name for a wire name: snake_case (`userName` -> `user_name`), with a trailing
    underscore where it would shadow a builtin (`filter_`)."""
    snake = re.sub(r"(?<!^)(?=[A-Z])", "_", wire).lower()
    return snake if snake in names else f"{snake}_"


def navigate(obj: Any, path: tuple[str | int, ...]) -> Any:
    """Follow a JSON path through parsed models; a JSON key maps to the attribute of that name (or with
    the trailing underscore the generator adds to names such as `filter`)."""
    for step in path:
        if isinstance(step, int):
            obj = obj[step]
            continue
        names = attrs.fields_dict(type(obj))
        attr = python_name(step, names)
        assert attr in names, f"{type(obj).__name__} has no attribute for {step!r}"
        obj = getattr(obj, attr)
    return obj


def _declared_fields(model: type) -> set[str]:
    return {a.name for a in attrs.fields(model)} - {"additional_properties"}


@pytest.mark.parametrize("unknown", [True, False], ids=["unknown-enums", "known-enums"])
@pytest.mark.parametrize("name", OBJECT_SCHEMAS)
def test_full_object_survives_parse_and_to_dict(name: str, unknown: bool) -> None:
    """Every property, every enum position (scalar, in lists, nested) and an unknown field at every level."""
    synthetic = synthesize({"$ref": f"#/components/schemas/{name}"}, unknown)
    parsed = _model(name).from_dict(copy.deepcopy(synthetic.value))
    assert parsed.to_dict() == synthetic.value

    for path, enum_name, raw, known in synthetic.enums:
        value = navigate(parsed, path)
        enum_cls = _model(enum_name)
        assert value is not None, path
        assert isinstance(value, enum_cls), path
        assert value == raw and value.value == raw and str(value) == raw, path
        members = {m.value for m in enum_cls}
        assert (raw in members) is known, path
        if known:
            assert value is enum_cls[raw], path

    for path, properties in synthetic.objects:
        obj = navigate(parsed, path)
        # Every spec property became a declared field (the extra field is the only leftover), and the
        # model declares nothing the spec does not.
        assert set(obj.additional_properties) == {EXTRA_KEY}, path
        assert obj[EXTRA_KEY] == EXTRA_VALUE, path
        assert len(_declared_fields(type(obj))) == properties, path


def test_synthetic_values_cover_scalar_list_and_nested_enums() -> None:
    """The forward-compatibility test above is not vacuous."""
    all_enums = [
        s for name in OBJECT_SCHEMAS for s in synthesize({"$ref": f"#/components/schemas/{name}"}).enums
    ]
    unknown = [(path, e) for path, e, _, known in all_enums if not known]
    assert any(len(p) == 1 for p, _ in unknown), "a top-level scalar enum"
    assert any(isinstance(p[-1], int) for p, _ in unknown), "an enum inside a list"
    assert any(len(p) >= 3 for p, _ in unknown), "an enum nested in objects and lists"
    assert {e for _, e in unknown} == set(ENUM_SCHEMAS), "every enum schema"


@pytest.mark.parametrize("name", ENUM_SCHEMAS)
def test_enum_members_match_the_spec(name: str) -> None:
    enum_cls = _model(name)
    assert issubclass(enum_cls, enum.StrEnum)
    assert [m.value for m in enum_cls] == sorted(SCHEMAS[name]["enum"])
    unknown = enum_cls("NOT_IN_THE_SPEC")
    assert isinstance(unknown, enum_cls) and unknown == "NOT_IN_THE_SPEC"
    assert unknown not in list(enum_cls)


def test_handwritten_unknown_values_round_trip() -> None:
    webhook = {
        "id": "w1",
        "events": ["MODEL_VERSION_CREATED", "FUTURE_EVENT"],
        "status": "FUTURE_STATUS",
        "http_url_spec": {"url": "https://h", "new_field": {"a": 1}},
        "brand_new": True,
    }
    parsed = models.RegistryWebhook.from_dict(copy.deepcopy(webhook))
    assert parsed.events == ["MODEL_VERSION_CREATED", "FUTURE_EVENT"]
    assert isinstance(parsed.events, list)
    assert parsed.events[0] is models.RegistryWebhookEvent.MODEL_VERSION_CREATED
    assert isinstance(parsed.events[1], models.RegistryWebhookEvent)
    assert isinstance(parsed.status, models.RegistryWebhookStatus)
    assert parsed.status == "FUTURE_STATUS"
    assert parsed["brand_new"] is True
    assert isinstance(parsed.http_url_spec, models.HttpUrlSpecWithoutSecret)
    assert parsed.http_url_spec["new_field"] == {"a": 1}
    assert parsed.to_dict() == webhook

    perms = {
        "object_id": "/registered-models/1",
        "access_control_list": [
            {"user_name": "u", "all_permissions": [{"permission_level": "CAN_FLY", "x": 1}]}
        ],
    }
    parsed_perms = models.RegisteredModelPermissions.from_dict(copy.deepcopy(perms))
    level = navigate(parsed_perms, ("access_control_list", 0, "all_permissions", 0, "permission_level"))
    assert isinstance(level, models.RegisteredModelPermissionLevel) and level == "CAN_FLY"
    assert parsed_perms.to_dict() == perms


# ----------------------------------------------------------------------------------- request builders


def _argument(schema: Node, example: Any) -> Any:
    """The Python value a generated function takes for a JSON example of `schema`."""
    node = resolve(SPEC, schema)
    if "enum" in node:
        return _model(str(ref_name(schema)))(example)
    if node.get("type") == "array":
        return [_argument(node["items"], item) for item in example]
    return example


@pytest.mark.parametrize("op_id", sorted(OPS))
def test_generated_request_builder_follows_the_spec(op_id: str) -> None:
    op = OPS[op_id]
    tag = op.node["tags"][0].replace("-", "_")
    module = importlib.import_module(f"databricks_mlflow_api.api.{tag}.{op_id}")
    for function in ("sync", "sync_detailed", "asyncio", "asyncio_detailed"):
        assert callable(getattr(module, function)), function
    accepted = set(inspect.signature(module.build_kwargs).parameters)

    kwargs: dict[str, Any] = {}
    for param in op.params:
        name = python_name(param.name, accepted)
        kwargs[name] = _argument(param.node["schema"], param.node["example"])
    media = request_media(SPEC, op)
    if media is not None:
        kwargs["body"] = _model(str(ref_name(media["schema"]))).from_dict(copy.deepcopy(media["example"]))
    assert set(kwargs) == accepted

    built = module.build_kwargs(**kwargs)
    assert built["method"] == op.method.lower()
    path_values = {p.name: quote(str(p.node["example"]), safe="") for p in op.params_in("path").values()}
    assert built["url"] == op.path.format(**path_values)
    query = {p.name: p.node["example"] for p in op.params_in("query").values()}
    assert built.get("params", {}) == query
    assert built.get("json") == (media["example"] if media is not None else None)

    # What the facade sends through: the operation table row and the 200 parser, both from the spec.
    endpoint = module.ENDPOINT
    assert endpoint.build is module.build_kwargs
    row = endpoint.operation
    assert (row.operation_id, row.method, row.path) == (op_id, op.method.upper(), op.path)
    assert row.idempotent is (op.node.get("x-idempotent") is True)
    assert set(row.path_params) == set(op.params_in("path"))
    assert set(row.query_params) == set(op.params_in("query"))
    ok = op.node["responses"]["200"]["content"]["application/json"]
    parsed = endpoint.parse(httpx.Response(200, json=ok["example"]))
    assert type(parsed) is _model(str(ref_name(ok["schema"])))
    assert parsed.to_dict() == ok["example"]


# ------------------------------------------------------------------------------- generated == generate(spec)


def test_generated_package_is_up_to_date() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "generate.py"), "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "up to date" in proc.stdout


def test_runtime_spec_copy_equals_the_yaml() -> None:
    runtime = json.loads((ROOT / "generated" / "databricks_mlflow_api" / "openapi.json").read_text("utf-8"))
    assert runtime == SPEC


def test_every_schema_has_a_generated_model() -> None:
    missing = [name for name in SCHEMAS if not hasattr(models, name)]
    assert missing == []
    for name in OBJECT_SCHEMAS:
        assert attrs.has(_model(name)), name
