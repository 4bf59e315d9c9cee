"""Structural checks of spec/databricks-mlflow.yaml: validity, operation metadata, examples, secrets,
stage fields and the wire conventions of GET/DELETE."""

from __future__ import annotations

import re
from typing import Any

import jsonschema
import pytest
from _spec_helpers import (
    JSON,
    SPEC,
    SchemaChecker,
    Spec,
    iter_examples,
    iter_operations,
    json_keys,
    mutable_copy,
    operations,
    reachable_schemas,
    ref_name,
    request_media,
    resolve,
    response_media,
)
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError
from referencing.exceptions import Unresolvable

OPS = operations(SPEC)
CHECKER = SchemaChecker(SPEC)
EXAMPLES = list(iter_examples(SPEC))

TAGS = {
    "registered-models",
    "permissions",
    "runs",
    "transition-requests",
    "comments",
    "webhooks",
    "supporting",
    "unity-catalog",
}
# The tag follows from where the endpoint lives; the first matching prefix wins.
TAG_BY_PATH_PREFIX = (
    ("/api/2.0/permissions/", "permissions"),
    ("/api/2.0/mlflow/databricks/runs/", "runs"),
    ("/api/2.0/mlflow/databricks/", "registered-models"),
    ("/api/2.0/mlflow/transition-requests/", "transition-requests"),
    ("/api/2.0/mlflow/comments/", "comments"),
    ("/api/2.0/mlflow/registry-webhooks/", "webhooks"),
    ("/api/2.0/mlflow/", "supporting"),  # OSS MLflow paths
    ("/api/2.1/unity-catalog/", "unity-catalog"),
    ("/api/2.0/preview/scim/v2/", "supporting"),  # SCIM look-ups of principals
)
SUPPORTING = {
    "get_experiment_by_name",
    "search_registered_models",
    "search_model_versions",
    "search_experiments",
    "search_runs",
    "list_users",
    "list_groups",
    "list_service_principals",
}
# Re-sending these after the bytes may have reached the server is not harmless: each one creates a
# record (request, approval/rejection activity, comment, webhook, stage-change activity) or fires a
# webhook again, and delete/restore-runs act on "up to max_runs" runs, so a re-send takes a second batch.
# Everything else, including every GET, PUT and DELETE, is idempotent.
NOT_IDEMPOTENT = {
    "transition_stage",
    "delete_runs",
    "restore_runs",
    "create_transition_request",
    "approve_transition_request",
    "reject_transition_request",
    "create_comment",
    "create_webhook",
    "test_registry_webhook",
    "create_uc_registered_model",  # a re-send after success answers ALREADY_EXISTS
}
SECRETS = {("HttpUrlSpec", "secret"), ("HttpUrlSpec", "authorization"), ("JobSpec", "access_token")}
STAGE_FIELDS = {"stage", "to_stage", "from_stage", "current_stage"}
SNAKE_CASE = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*")


# ------------------------------------------------------------------------------------------- validity


def test_spec_is_valid_openapi_3_1() -> None:
    assert SPEC["openapi"].startswith("3.1.")
    validate(SPEC)


BREAKAGES = ["dangling $ref", "duplicate operationId", "optional path parameter", "undeclared path parameter"]


@pytest.mark.parametrize("breakage", BREAKAGES)
def test_validator_rejects_a_broken_copy(breakage: str) -> None:
    """The validity test above can fail: the validator really rejects specs with these mistakes."""
    spec = mutable_copy(SPEC)
    op = spec["paths"]["/api/2.0/mlflow/registry-webhooks/delete"]["delete"]
    if breakage == "dangling $ref":
        op["responses"]["200"]["content"][JSON]["schema"] = {"$ref": "#/components/schemas/NoSuchSchema"}
    elif breakage == "duplicate operationId":
        op["operationId"] = "get_model"
    elif breakage == "optional path parameter":
        spec["components"]["parameters"]["ExperimentId"]["required"] = False
    else:
        spec["paths"]["/api/2.0/mlflow/registry-webhooks/{id}"] = {"get": op}
    with pytest.raises((OpenAPIValidationError, Unresolvable)):
        validate(spec)


# ------------------------------------------------------------------------------------ operation metadata


def test_operation_ids_are_unique_snake_case() -> None:
    ids = [op.op_id for op in iter_operations(SPEC)]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    assert [i for i in ids if not SNAKE_CASE.fullmatch(i)] == []


def test_operation_set() -> None:
    by_tag: dict[str, set[str]] = {}
    for op_id, op in OPS.items():
        by_tag.setdefault(op.node["tags"][0], set()).add(op_id)
    assert len(OPS) == 48
    assert by_tag.pop("supporting") == SUPPORTING
    assert len(by_tag.pop("unity-catalog")) == 15, "Unity Catalog models, versions, aliases and grants"
    assert sum(len(ids) for ids in by_tag.values()) == 25, "Databricks-only operations"
    assert set(by_tag) == TAGS - {"supporting", "unity-catalog"}, "every Databricks-only tag has operations"
    declared = {t["name"] for t in SPEC["tags"]}
    assert declared == TAGS


def test_idempotency_flags() -> None:
    flags = {op_id: op.node["x-idempotent"] for op_id, op in OPS.items()}
    assert all(isinstance(v, bool) for v in flags.values()), flags
    assert {op_id for op_id, v in flags.items() if not v} == NOT_IDEMPOTENT
    for op_id, op in OPS.items():
        if op.method in ("GET", "PUT", "DELETE"):
            assert flags[op_id] is True, f"{op_id}: {op.method} is idempotent by HTTP semantics"


def _expected_tag(path: str) -> str:
    return next(tag for prefix, tag in TAG_BY_PATH_PREFIX if path.startswith(prefix))


@pytest.mark.parametrize("op_id", sorted(OPS))
def test_operation_metadata(op_id: str) -> None:
    op = OPS[op_id]
    node = op.node
    assert node["tags"] == [_expected_tag(op.path)]
    assert node["tags"][0] in TAGS
    for key in ("summary", "description"):
        assert isinstance(node.get(key), str) and node[key].strip(), key
    assert "x-idempotent" in node


@pytest.mark.parametrize("op_id", sorted(OPS))
def test_operation_has_request_and_response_examples(op_id: str) -> None:
    op = OPS[op_id]
    media = request_media(SPEC, op)
    assert op.params or media is not None, "an operation without input"
    for param in op.params:
        assert "example" in param.node or "examples" in param.node, f"parameter {param.name}"
    if media is not None:
        assert "example" in media or "examples" in media, "request body"
    ok = response_media(SPEC, op, "200")
    assert "schema" in ok
    assert "example" in ok or "examples" in ok, "200 response"


@pytest.mark.parametrize("op_id", sorted(OPS))
def test_errors_are_declared_with_the_error_schema(op_id: str) -> None:
    responses = OPS[op_id].node["responses"]
    for status in ("4XX", "5XX"):
        assert status in responses, status
        media = response_media(SPEC, OPS[op_id], status)
        assert media["schema"] == {"$ref": "#/components/schemas/Error"}, status
    assert "200" in responses


def test_error_schema() -> None:
    error = SPEC["components"]["schemas"]["Error"]
    assert error["type"] == "object"
    assert {"error_code", "message", "details"} <= set(error["properties"])


@pytest.mark.parametrize("op_id", sorted(OPS))
def test_parameters_follow_the_wire_conventions(op_id: str) -> None:
    op = OPS[op_id]
    if op.method in ("GET", "DELETE"):
        assert "requestBody" not in op.node, "GET/DELETE send no body"
    else:
        assert op.node["requestBody"].get("required") is True, "POST/PUT/PATCH always send a JSON body"
        assert not op.params_in("query"), "POST/PUT/PATCH send their arguments in the body"
    for param in op.params_in("query").values():
        if resolve(SPEC, param.node["schema"]).get("type") == "array":
            assert (param.node.get("style"), param.node.get("explode")) == ("form", True), param.name
    template = set(re.findall(r"{(\w+)}", op.path))
    path_params = op.params_in("path")
    assert set(path_params) == template
    assert all(p.required for p in path_params.values())


# ------------------------------------------------------------------------------------------------- examples


def test_every_operation_example_is_found() -> None:
    """The example walker sees the request and 200 examples of every operation (and the error one)."""
    pointers = {e.pointer for e in EXAMPLES}
    for op in OPS.values():
        assert f"{op.pointer}/responses/200/content/{JSON.replace('/', '~1')}/example" in pointers, op.op_id
    assert "/components/responses/Error/content/application~1json/example" in pointers
    assert sum(e.in_response for e in EXAMPLES) == len(OPS) + 1


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.pointer for e in EXAMPLES])
def test_example_validates_against_its_schema(example: Any) -> None:
    assert CHECKER.errors(example.schema, example.value) == []


@pytest.mark.parametrize(
    ("schema", "value", "reason"),
    [
        (
            "DeleteRuns",
            {"experiment_id": "1", "max_timestamp_millis": 1, "max_runs": 0},
            "less than the minimum",
        ),
        ("DeleteRuns", {"experiment_id": "1"}, "'max_timestamp_millis' is a required property"),
        ("TestRegistryWebhookResponse", {"status_code": 2**31}, "int32"),
        (
            "GetModelResponse",
            {"registered_model_databricks": {"permission_level": "CAN_FLY"}},
            "is not one of",
        ),
        ("ListRegistryWebhooks", {"webhooks": [{"http_url_spec": {"url": 1}}]}, "is not of type 'string'"),
    ],
)
def test_schema_checker_rejects_invalid_values(schema: str, value: Any, reason: str) -> None:
    """The example check can fail: nested `$ref`s, enums, formats and bounds are really enforced."""
    errors = CHECKER.errors({"$ref": f"#/components/schemas/{schema}"}, value)
    assert any(reason in e for e in errors), errors
    with pytest.raises(jsonschema.ValidationError):
        CHECKER.validator({"$ref": f"#/components/schemas/{schema}"}).validate(value)


# -------------------------------------------------------------------------------------------------- secrets


def _write_only(spec: Spec) -> set[tuple[str, str]]:
    return {
        (name, prop)
        for name, schema in spec["components"]["schemas"].items()
        for prop, sub in schema.get("properties", {}).items()
        if sub.get("writeOnly") is True
    }


def test_secrets_are_write_only() -> None:
    assert _write_only(SPEC) == SECRETS
    for name, prop in SECRETS:
        assert SPEC["components"]["schemas"][name]["properties"][prop]["type"] == "string"


def secret_leaks(spec: Spec) -> list[str]:
    """Places where a response could carry a write-only secret: a response example that contains a
    secret's field name, or a response schema that (transitively) contains a schema with a secret."""
    holders = {name for name, _ in _write_only(spec)}
    names = {prop for _, prop in _write_only(spec)}
    leaks = [
        f"{e.pointer}: {sorted(json_keys(e.value) & names)}"
        for e in iter_examples(spec)
        if e.in_response and json_keys(e.value) & names
    ]
    for op in iter_operations(spec):
        for status, response in op.node["responses"].items():
            if found := reachable_schemas(spec, resolve(spec, response)) & holders:
                leaks.append(f"{op.op_id} {status}: {sorted(found)}")
    return leaks


def test_no_response_can_carry_a_secret() -> None:
    assert secret_leaks(SPEC) == []
    # ... while the create and update requests do carry them.
    holders = {name for name, _ in SECRETS}
    for op_id in ("create_webhook", "update_webhook"):
        assert holders <= reachable_schemas(SPEC, OPS[op_id].node["requestBody"])


def test_secret_leaks_are_reported() -> None:
    spec = mutable_copy(SPEC)
    webhook = spec["components"]["schemas"]["RegistryWebhook"]
    webhook["properties"]["job_spec"] = {"$ref": "#/components/schemas/JobSpec"}
    ok = spec["paths"]["/api/2.0/mlflow/registry-webhooks/update"]["patch"]["responses"]["200"]
    ok["content"][JSON]["example"]["webhook"]["http_url_spec"]["secret"] = "s3cr3t"
    leaks = secret_leaks(spec)
    assert any("update_webhook 200: ['JobSpec']" in leak for leak in leaks), leaks
    assert any("registry-webhooks~1update/patch/responses/200" in leak and "secret" in leak for leak in leaks)


# ----------------------------------------------------------------------------------------------- stages


def _stage_fields(spec: Spec) -> list[tuple[str, dict[str, Any]]]:
    """(where, schema) of every property and parameter that names a stage."""
    found = [
        (f"{name}.{prop}", sub)
        for name, schema in spec["components"]["schemas"].items()
        for prop, sub in schema.get("properties", {}).items()
        if prop in STAGE_FIELDS
    ]
    for op in iter_operations(spec):
        found += [(f"{op.op_id}?{p.name}", p.node["schema"]) for p in op.params if p.name in STAGE_FIELDS]
    return found


def test_stage_fields_are_plain_strings() -> None:
    fields = _stage_fields(SPEC)
    assert {where.rsplit(".", 1)[-1].rsplit("?", 1)[-1] for where, _ in fields} == STAGE_FIELDS
    not_plain = {
        where: schema for where, schema in fields if set(schema) - {"description", "minLength"} != {"type"}
    }
    assert not_plain == {}
    assert all(schema["type"] == "string" for _, schema in fields)
    stage_values = {"None", "Staging", "Production", "Archived"}
    enums = {n: s["enum"] for n, s in SPEC["components"]["schemas"].items() if "enum" in s}
    assert {n: v for n, v in enums.items() if stage_values & set(v)} == {}, "no Stage enum"


def test_request_and_response_schemas_are_named_components() -> None:
    """Request bodies and 200 responses are `$ref`s, so each has a generated model of that name."""
    for op in OPS.values():
        media = request_media(SPEC, op)
        if media is not None:
            assert ref_name(media["schema"]) is not None, op.op_id
        assert ref_name(response_media(SPEC, op)["schema"]) is not None, op.op_id
