"""Quick cross-checks of spec/databricks-mlflow.yaml against databricks-sdk (the oracle) and the generated enums."""

from __future__ import annotations

import dataclasses
import enum
import inspect
import re
import typing
from pathlib import Path
from typing import Any

import pytest
import yaml

ml = pytest.importorskip("databricks.sdk.service.ml")

SPEC_PATH = Path(__file__).resolve().parent.parent / "spec" / "databricks-mlflow.yaml"
SPEC: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
SCHEMAS: dict[str, Any] = SPEC["components"]["schemas"]

MR, EX = "ModelRegistryAPI", "ExperimentsAPI"
# operationId -> (tag, SDK class, SDK method, x-idempotent, SDK response class)
OPERATIONS: dict[str, tuple[str, str, str, bool, str | None]] = {
    "get_model": ("registered-models", MR, "get_model", True, "GetModelResponse"),
    "transition_stage": ("registered-models", MR, "transition_stage", True, "TransitionStageResponse"),
    "get_registered_model_permissions": (
        "permissions",
        MR,
        "get_permissions",
        True,
        "RegisteredModelPermissions",
    ),
    "set_registered_model_permissions": (
        "permissions",
        MR,
        "set_permissions",
        True,
        "RegisteredModelPermissions",
    ),
    "update_registered_model_permissions": (
        "permissions",
        MR,
        "update_permissions",
        True,
        "RegisteredModelPermissions",
    ),
    "get_registered_model_permission_levels": (
        "permissions",
        MR,
        "get_permission_levels",
        True,
        "GetRegisteredModelPermissionLevelsResponse",
    ),
    "get_experiment_permissions": ("permissions", EX, "get_permissions", True, "ExperimentPermissions"),
    "set_experiment_permissions": ("permissions", EX, "set_permissions", True, "ExperimentPermissions"),
    "update_experiment_permissions": ("permissions", EX, "update_permissions", True, "ExperimentPermissions"),
    "get_experiment_permission_levels": (
        "permissions",
        EX,
        "get_permission_levels",
        True,
        "GetExperimentPermissionLevelsResponse",
    ),
    "delete_runs": ("runs", EX, "delete_runs", True, "DeleteRunsResponse"),
    "restore_runs": ("runs", EX, "restore_runs", True, "RestoreRunsResponse"),
    "create_transition_request": (
        "transition-requests",
        MR,
        "create_transition_request",
        False,
        "CreateTransitionRequestResponse",
    ),
    "list_transition_requests": (
        "transition-requests",
        MR,
        "list_transition_requests",
        True,
        "ListTransitionRequestsResponse",
    ),
    "approve_transition_request": (
        "transition-requests",
        MR,
        "approve_transition_request",
        False,
        "ApproveTransitionRequestResponse",
    ),
    "reject_transition_request": (
        "transition-requests",
        MR,
        "reject_transition_request",
        False,
        "RejectTransitionRequestResponse",
    ),
    "delete_transition_request": (
        "transition-requests",
        MR,
        "delete_transition_request",
        True,
        "DeleteTransitionRequestResponse",
    ),
    "create_comment": ("comments", MR, "create_comment", False, "CreateCommentResponse"),
    "update_comment": ("comments", MR, "update_comment", True, "UpdateCommentResponse"),
    "delete_comment": ("comments", MR, "delete_comment", True, "DeleteCommentResponse"),
    "create_webhook": ("webhooks", MR, "create_webhook", False, "CreateWebhookResponse"),
    "list_webhooks": ("webhooks", MR, "list_webhooks", True, "ListRegistryWebhooks"),
    "update_webhook": ("webhooks", MR, "update_webhook", True, "UpdateWebhookResponse"),
    "delete_webhook": ("webhooks", MR, "delete_webhook", True, "DeleteWebhookResponse"),
    "test_registry_webhook": ("webhooks", MR, "test_registry_webhook", False, "TestRegistryWebhookResponse"),
    "get_experiment_by_name": ("supporting", EX, "get_by_name", True, "GetExperimentByNameResponse"),
    "search_registered_models": ("supporting", MR, "search_models", True, "SearchModelsResponse"),
    "search_experiments": ("supporting", EX, "search_experiments", True, "SearchExperimentsResponse"),
}


def _resolve(obj: dict[str, Any]) -> dict[str, Any]:
    ref = obj.get("$ref")
    if ref is None:
        return obj
    node: Any = SPEC
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    return typing.cast(dict[str, Any], node)


def _spec_operations() -> dict[str, tuple[str, str, dict[str, Any], list[dict[str, Any]]]]:
    ops = {}
    for path, item in SPEC["paths"].items():
        shared = item.get("parameters", [])
        for method in ("get", "put", "post", "patch", "delete"):
            if method in item:
                op = item[method]
                params = [_resolve(p) for p in shared + op.get("parameters", [])]
                ops[op["operationId"]] = (method.upper(), path, op, params)
    return ops


SPEC_OPS = _spec_operations()


def test_operation_set_and_metadata() -> None:
    assert set(SPEC_OPS) == set(OPERATIONS)
    assert len(SPEC_OPS) == 28
    for op_id, (_, _, op, _) in SPEC_OPS.items():
        tag, _, _, idempotent, _ = OPERATIONS[op_id]
        assert op["tags"] == [tag], op_id
        assert op["x-idempotent"] is idempotent, op_id
        assert op["summary"] and op["description"], op_id
        assert {"200", "4XX", "5XX"} <= set(op["responses"]), op_id


@pytest.mark.parametrize("op_id", sorted(OPERATIONS))
def test_matches_sdk_wire_call(op_id: str) -> None:
    method, path, op, params = SPEC_OPS[op_id]
    _, cls_name, sdk_name, _, _ = OPERATIONS[op_id]
    fn = getattr(getattr(ml, cls_name), sdk_name)
    src = inspect.getsource(fn)
    call = re.search(r'self\._api\.do\(\s*"(\w+)",\s*f?"([^"]+)"', src)
    assert call is not None
    assert (method, path) == (call.group(1), call.group(2))

    query = {p["name"] for p in params if p["in"] == "query"}
    assert query == set(re.findall(r'query\["(\w+)"\] =', src))
    body_keys = set(re.findall(r'body\["(\w+)"\] =', src))
    body_schema: dict[str, Any] = {}
    if "requestBody" in op:
        body_schema = _resolve(op["requestBody"]["content"]["application/json"]["schema"])
    assert set(body_schema.get("properties", {})) == body_keys

    sig = inspect.signature(fn)
    positional = {n for n, p in sig.parameters.items() if n != "self" and p.kind is p.POSITIONAL_OR_KEYWORD}
    required = {p["name"] for p in params if p.get("required")} | set(body_schema.get("required", []))
    assert required == positional


def _unwrap(tp: Any) -> Any:
    args = [a for a in typing.get_args(tp) if a is not type(None)]
    origin = typing.get_origin(tp)
    if origin is typing.Union:
        return _unwrap(args[0])
    if origin is list:
        return _unwrap(args[0])
    return tp


def _compare(schema: dict[str, Any], cls: type, seen: set[str]) -> None:
    props: dict[str, Any] = schema.get("properties", {})
    hints = typing.get_type_hints(cls)
    assert set(props) == {f.name for f in dataclasses.fields(cls)}, cls.__name__
    for name, prop in props.items():
        tp = _unwrap(hints[name])
        target = prop["items"] if prop.get("type") == "array" and "items" in prop else prop
        if dataclasses.is_dataclass(tp):
            ref = target["$ref"].rsplit("/", 1)[1]
            assert ref == tp.__name__, f"{cls.__name__}.{name}"
            if ref not in seen:
                seen.add(ref)
                _compare(SCHEMAS[ref], tp, seen)
        elif isinstance(tp, type) and issubclass(tp, enum.Enum):
            ref = target["$ref"].rsplit("/", 1)[1]
            assert ref == tp.__name__, f"{cls.__name__}.{name}"
            assert SCHEMAS[ref]["enum"] == sorted(m.value for m in tp), ref
        else:
            expected = {str: "string", int: "integer", bool: "boolean"}[tp]
            assert target["type"] == expected, f"{cls.__name__}.{name}"


@pytest.mark.parametrize("op_id", sorted(OPERATIONS))
def test_response_schema_matches_sdk_dataclass(op_id: str) -> None:
    _, _, op, _ = SPEC_OPS[op_id]
    sdk_cls = getattr(ml, typing.cast(str, OPERATIONS[op_id][4]))
    schema = _resolve(op["responses"]["200"]["content"]["application/json"]["schema"])
    _compare(schema, sdk_cls, set())


def test_unknown_enum_values_and_fields_round_trip() -> None:
    from databricks_mlflow_api.models import RegisteredModelPermissions, RegistryWebhook

    webhook = {
        "id": "w1",
        "events": ["MODEL_VERSION_CREATED", "FUTURE_EVENT"],
        "status": "PAUSED",
        "http_url_spec": {"url": "https://h", "new_field": {"a": 1}},
        "brand_new": True,
    }
    parsed = RegistryWebhook.from_dict(webhook)
    assert parsed.events == ["MODEL_VERSION_CREATED", "FUTURE_EVENT"]
    assert parsed.status == "PAUSED"
    assert parsed.to_dict() == webhook

    perms = {
        "object_id": "/registered-models/1",
        "access_control_list": [
            {"user_name": "u", "all_permissions": [{"permission_level": "CAN_FLY", "x": 1}]}
        ],
    }
    assert RegisteredModelPermissions.from_dict(perms).to_dict() == perms


def _urn_refs(schema: dict[str, Any]) -> dict[str, Any]:
    """Point a top-level (or array item) $ref at the registered spec resource."""
    if "$ref" in schema:
        return {"$ref": "urn:spec" + schema["$ref"]}
    if schema.get("type") == "array":
        return {**schema, "items": _urn_refs(schema["items"])}
    return schema


def _keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def test_examples_are_valid() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    referencing = pytest.importorskip("referencing")
    resource = referencing.Resource.from_contents(SPEC, referencing.jsonschema.DRAFT202012)
    registry = referencing.Registry().with_resource("urn:spec", resource)

    def check(value: Any, schema: dict[str, Any]) -> None:
        jsonschema.Draft202012Validator(_urn_refs(schema), registry=registry).validate(value)

    with pytest.raises(jsonschema.ValidationError):
        check(
            {"experiment_id": "1", "max_timestamp_millis": 1, "max_runs": 0},
            {"$ref": "#/components/schemas/DeleteRuns"},
        )

    for op_id, (_, _, op, params) in SPEC_OPS.items():
        request_examples = 0
        for param in params:
            if "example" in param:
                check(param["example"], param["schema"])
                request_examples += 1
        if "requestBody" in op:
            media = op["requestBody"]["content"]["application/json"]
            check(media["example"], media["schema"])
            request_examples += 1
        assert request_examples, op_id
        media = op["responses"]["200"]["content"]["application/json"]
        check(media["example"], media["schema"])
        # writeOnly secrets must never appear in what the server returns.
        assert not _keys(media["example"]) & {"secret", "authorization", "access_token"}, op_id
