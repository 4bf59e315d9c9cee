"""Request/response validation against the spec: a small fixture spec, plus the real one once generated.

The fixture goes through what `make generate` derives from a spec (scripts/generate.py: the operation table and
the request schemas), then through the client's validator, as the real spec does. How a server reads the wire
(routes, query typing) is the emulator's own code (emulator/_wire.py), tested here on the same fixture.
"""

from __future__ import annotations

import enum
import importlib.resources
import importlib.util
import pickle
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from _response_checks import validate_response
from databricks_mlflow_api.operations import OPERATIONS, Operation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from databricks_mlflow_client._validation import RequestValidationError, _PreparedSchemas, validate_request
from databricks_mlflow_client.emulator._principals import ApiError
from databricks_mlflow_client.emulator._wire import Router, default_specs, read_params

_GENERATE = importlib.util.spec_from_file_location(
    "generate", Path(__file__).resolve().parent.parent / "scripts" / "generate.py"
)
assert _GENERATE is not None and _GENERATE.loader is not None
generate = importlib.util.module_from_spec(_GENERATE)
_GENERATE.loader.exec_module(generate)


def described(spec: Mapping[str, Any]) -> dict[str, Operation]:
    """The operation table `make generate` writes for a spec."""
    table = generate.operation_table(spec)
    return {
        op_id: Operation(**{k: v for k, v in row.items() if not k.startswith("_")})
        for op_id, row in table.items()
    }


def prepared(spec: Mapping[str, Any]) -> _PreparedSchemas:
    """The request schemas `make generate` writes for a spec, compiled as the client compiles its own."""
    return _PreparedSchemas(generate.request_schemas(spec, generate.operation_table(spec)))


RM_LEVELS = [
    "CAN_EDIT",
    "CAN_MANAGE",
    "CAN_MANAGE_PRODUCTION_VERSIONS",
    "CAN_MANAGE_STAGING_VERSIONS",
    "CAN_READ",
]
WEBHOOK_EVENTS = [
    "MODEL_VERSION_CREATED",
    "MODEL_VERSION_TRANSITIONED_STAGE",
    "TRANSITION_REQUEST_CREATED",
    "COMMENT_CREATED",
    "REGISTERED_MODEL_CREATED",
    "MODEL_VERSION_TAG_SET",
]


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": schema}}}


def _op(
    operation_id: str,
    tag: str,
    idempotent: bool,
    *,
    params: list[dict[str, Any]] | None = None,
    body: str | None = None,
    response: str | None = None,
) -> dict[str, Any]:
    op: dict[str, Any] = {
        "operationId": operation_id,
        "tags": [tag],
        "x-idempotent": idempotent,
        "responses": {"200": _json(_ref(response)) if response else {"description": "empty"}},
    }
    if params:
        op["parameters"] = params
    if body:
        op["requestBody"] = {"required": True, **_json(_ref(body))}
    return op


def _query(name: str, schema: dict[str, Any], required: bool = False) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": required, "schema": schema}


def _obj(properties: dict[str, Any], required: tuple[str, ...] = ()) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        schema["required"] = list(required)
    return schema


STR: dict[str, Any] = {"type": "string"}
INT64: dict[str, Any] = {"type": "integer", "format": "int64"}
RM_ID_PARAM = {"name": "registered_model_id", "in": "path", "required": True, "schema": STR}

FIXTURE_SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "fixture", "version": "0"},
    "paths": {
        # generic route listed first: the more literal registered-models route must still win
        "/api/2.0/permissions/{request_object_type}/{request_object_id}": {
            "get": _op(
                "get_permissions",
                "permissions",
                True,
                params=[
                    {"name": "request_object_type", "in": "path", "required": True, "schema": STR},
                    {"name": "request_object_id", "in": "path", "required": True, "schema": STR},
                ],
            ),
        },
        "/api/2.0/permissions/registered-models/{registered_model_id}": {
            "parameters": [RM_ID_PARAM],
            "get": _op(
                "get_registered_model_permissions", "permissions", True, response="RegisteredModelPermissions"
            ),
            "patch": _op(
                "update_registered_model_permissions",
                "permissions",
                True,
                body="RegisteredModelPermissionsRequest",
                response="RegisteredModelPermissions",
            ),
        },
        "/api/2.0/permissions/registered-models/{registered_model_id}/permissionLevels": {
            "get": _op("get_registered_model_permission_levels", "permissions", True, params=[RM_ID_PARAM]),
        },
        "/api/2.0/mlflow/databricks/runs/delete-runs": {
            "post": _op("delete_runs", "runs", False, body="DeleteRuns", response="DeleteRunsResponse"),
        },
        "/api/2.0/mlflow/comments/create": {
            "post": _op("create_comment", "comments", False, body="CreateComment"),
        },
        "/api/2.0/mlflow/comments/update": {
            "patch": _op("update_comment", "comments", True, body="UpdateComment"),
        },
        "/api/2.0/mlflow/comments/delete": {
            "delete": _op("delete_comment", "comments", True, params=[_query("id", STR, True)]),
        },
        "/api/2.0/mlflow/transition-requests/approve": {
            "post": _op("approve_transition_request", "transition-requests", False, body="ApproveTransition"),
        },
        "/api/2.0/mlflow/registry-webhooks/create": {
            "post": _op(
                "create_webhook", "webhooks", False, body="CreateWebhook", response="WebhookResponse"
            ),
        },
        "/api/2.0/mlflow/registry-webhooks/list": {
            "get": _op(
                "list_webhooks",
                "webhooks",
                True,
                params=[
                    _query("events", {"type": "array", "items": _ref("RegistryWebhookEvent")}),
                    _query("max_results", {"type": "integer", "format": "int32", "minimum": 1}),
                    _query("model_name", STR),
                    _query("page_token", STR),
                ],
            ),
        },
        # fixture-only shapes, so that rules the real spec may not exercise still get tested
        "/api/2.0/fixture/search": {
            "get": _op(
                "fixture_search",
                "supporting",
                True,
                params=[
                    _query("include_deleted", {"type": "boolean"}),
                    _query("min_score", {"type": "number", "minimum": 0}),
                    _query("filter", {"type": "string", "minLength": 1}),
                ],
            ),
        },
    },
    "components": {
        "schemas": {
            "RegisteredModelPermissionLevel": {"type": "string", "enum": RM_LEVELS},
            "RegistryWebhookEvent": {"type": "string", "enum": WEBHOOK_EVENTS},
            "RegisteredModelAccessControlRequest": _obj(
                {
                    "user_name": STR,
                    "group_name": STR,
                    "service_principal_name": STR,
                    "permission_level": _ref("RegisteredModelPermissionLevel"),
                }
            ),
            "RegisteredModelPermissionsRequest": _obj(
                {
                    "access_control_list": {
                        "type": "array",
                        "items": _ref("RegisteredModelAccessControlRequest"),
                    }
                }
            ),
            "RegisteredModelPermissions": _obj(
                {
                    "object_id": STR,
                    "object_type": STR,
                    "access_control_list": {"type": "array", "items": {"type": "object"}},
                }
            ),
            "DeleteRuns": _obj(
                {
                    "experiment_id": STR,
                    "max_timestamp_millis": INT64,
                    "max_runs": {"type": "integer", "format": "int32", "minimum": 1, "maximum": 10000},
                },
                ("experiment_id", "max_timestamp_millis"),
            ),
            "DeleteRunsResponse": _obj({"runs_deleted": {"type": "integer", "format": "int32"}}),
            "CreateComment": _obj(
                {"name": STR, "version": STR, "comment": STR}, ("name", "version", "comment")
            ),
            "UpdateComment": _obj(
                {
                    "id": STR,
                    "comment": STR,
                    "creation_timestamp": {**INT64, "readOnly": True},
                },
                ("id", "comment", "creation_timestamp"),
            ),
            "ApproveTransition": _obj(
                {"name": STR, "version": STR, "stage": STR, "archive_existing_versions": {"type": "boolean"}},
                ("name", "version", "stage", "archive_existing_versions"),
            ),
            "HttpUrlSpec": _obj(
                {
                    "url": STR,
                    "authorization": {**STR, "writeOnly": True},
                    "enable_ssl_verification": {"type": "boolean"},
                    "secret": {**STR, "writeOnly": True},
                },
                ("url",),
            ),
            "JobSpec": _obj(
                {"job_id": STR, "access_token": {**STR, "writeOnly": True}, "workspace_url": STR},
                ("job_id", "access_token"),
            ),
            "RegistryWebhookStatus": {"type": "string", "enum": ["ACTIVE", "DISABLED", "TEST_MODE"]},
            "CreateWebhook": _obj(
                {
                    "events": {"type": "array", "items": _ref("RegistryWebhookEvent")},
                    "description": STR,
                    "http_url_spec": _ref("HttpUrlSpec"),
                    "job_spec": _ref("JobSpec"),
                    "model_name": STR,
                    "status": _ref("RegistryWebhookStatus"),
                },
                ("events",),
            ),
            "HttpUrlSpecWithoutSecret": _obj({"url": STR, "enable_ssl_verification": {"type": "boolean"}}),
            "RegistryWebhook": _obj(
                {
                    "id": STR,
                    "events": {"type": "array", "items": _ref("RegistryWebhookEvent")},
                    "http_url_spec": _ref("HttpUrlSpecWithoutSecret"),
                    "job_spec": _ref("JobSpec"),
                    "status": _ref("RegistryWebhookStatus"),
                    "creation_timestamp": INT64,
                }
            ),
            "WebhookResponse": _obj({"webhook": _ref("RegistryWebhook")}),
        }
    },
}

ACL_3 = [
    {"user_name": "a@example.com", "permission_level": "CAN_READ"},
    {"group_name": "admins", "permission_level": "CAN_MANAGE"},
    {"service_principal_name": "0a1b-app-id", "permission_level": "CAN_EDIT"},
]
WEBHOOK = {
    "events": ["MODEL_VERSION_CREATED", "COMMENT_CREATED"],
    "http_url_spec": {
        "url": "https://hooks.example.com/x",
        "secret": "s3cret",
        "enable_ssl_verification": True,
    },
    "model_name": "m",
    "status": "ACTIVE",
}


def _real_spec() -> Mapping[str, Any] | None:
    try:
        resource = importlib.resources.files("databricks_mlflow_api").joinpath("openapi.json")
        return default_specs()[0] if resource.is_file() else None
    except ModuleNotFoundError:
        return None


REAL_SPEC = _real_spec()
needs_real_spec = pytest.mark.skipif(
    REAL_SPEC is None, reason="generated/databricks_mlflow_api/openapi.json missing"
)


FIXTURE = prepared(FIXTURE_SPEC)
FIXTURE_OPERATIONS = described(FIXTURE_SPEC)


def check(operation_id: str, params: Mapping[str, Any]) -> None:
    FIXTURE.validate(operation_id, params)


def problem(operation_id: str, params: Mapping[str, Any]) -> str:
    with pytest.raises(RequestValidationError) as caught:
        check(operation_id, params)
    err = caught.value
    assert str(err) == f"{err.operation_id}: {err.field}: {err.rule}"
    assert err.operation_id == operation_id
    return str(err)


# ---------------------------------------------------------------------------------------------- operations


def test_operations_are_described_from_the_spec() -> None:
    ops = FIXTURE_OPERATIONS
    assert ops["update_registered_model_permissions"] == Operation(
        operation_id="update_registered_model_permissions",
        method="PATCH",
        path="/api/2.0/permissions/registered-models/{registered_model_id}",
        tag="permissions",
        idempotent=True,
        path_params=("registered_model_id",),
        query_params=(),
        body_fields=("access_control_list",),
        has_body=True,
    )
    listing = ops["list_webhooks"]
    assert (listing.method, listing.has_body, listing.body_fields) == ("GET", False, ())
    assert listing.query_params == ("events", "max_results", "model_name", "page_token")
    assert ops["delete_runs"].idempotent is False
    assert ops["delete_runs"].body_fields == ("experiment_id", "max_timestamp_millis", "max_runs")


def test_an_unknown_operation_is_refused() -> None:
    with pytest.raises(RequestValidationError) as caught:
        check("delete_everything", {})
    assert caught.value.field == "operation_id"
    with pytest.raises(RequestValidationError) as caught:
        validate_request("delete_everything", {})
    assert caught.value.field == "operation_id"


def test_error_is_a_value_error_and_survives_pickling() -> None:
    err = RequestValidationError("delete_runs", "max_runs", "must be <= 10000 (got 20000)")
    assert isinstance(err, ValueError)
    copy = pickle.loads(pickle.dumps(err))
    assert (copy.operation_id, copy.field, copy.rule, str(copy)) == (
        err.operation_id,
        err.field,
        err.rule,
        str(err),
    )


# ---------------------------------------------------------------------------------------------- requests


def test_valid_requests_pass() -> None:
    check("update_registered_model_permissions", {"registered_model_id": "123", "access_control_list": ACL_3})
    check("update_registered_model_permissions", {"registered_model_id": "123"})
    check("delete_runs", {"experiment_id": "42", "max_timestamp_millis": 1700000000000, "max_runs": 10})
    check("create_comment", {"name": "m", "version": "3", "comment": "hi"})
    check("create_webhook", WEBHOOK)  # writeOnly fields are fine in a request
    check("list_webhooks", {"events": ["COMMENT_CREATED"], "max_results": 5})
    check("delete_comment", {"id": "c1"})


def test_missing_required_field() -> None:
    assert problem("delete_runs", {"experiment_id": "42"}) == (
        "delete_runs: max_timestamp_millis: required field is missing"
    )
    assert problem("delete_comment", {}) == "delete_comment: id: required field is missing"


def test_missing_path_parameter() -> None:
    assert problem("update_registered_model_permissions", {"access_control_list": []}) == (
        "update_registered_model_permissions: registered_model_id: required field is missing"
    )


def test_wrong_scalar_types() -> None:
    assert problem("create_comment", {"name": "m", "version": 3, "comment": "c"}) == (
        "create_comment: version: must be a string (got int 3)"
    )
    base = {"experiment_id": "42", "max_timestamp_millis": 1}
    assert problem("delete_runs", {**base, "max_runs": True}) == (
        "delete_runs: max_runs: must be an integer (got bool True)"
    )
    assert "must be an integer (got float 5.0)" in problem("delete_runs", {**base, "max_runs": 5.0})
    assert "must be an integer (got str '5')" in problem("delete_runs", {**base, "max_runs": "5"})
    approve = {"name": "m", "version": "1", "stage": "Production"}
    assert problem("approve_transition_request", {**approve, "archive_existing_versions": 1}) == (
        "approve_transition_request: archive_existing_versions: must be a boolean (got int 1)"
    )
    check("approve_transition_request", {**approve, "archive_existing_versions": False})


def test_none_is_not_a_value() -> None:
    assert problem("create_comment", {"name": "m", "version": "1", "comment": None}) == (
        "create_comment: comment: must be a string (got None)"
    )


def test_number_accepts_int_and_float_but_not_bool() -> None:
    check("fixture_search", {"min_score": 0.5})
    check("fixture_search", {"min_score": 2})
    assert "must be a number (got bool False)" in problem("fixture_search", {"min_score": False})
    assert "must be >= 0 (got -0.5)" in problem("fixture_search", {"min_score": -0.5})


def test_range_rules() -> None:
    base = {"experiment_id": "42", "max_timestamp_millis": 1}
    assert problem("delete_runs", {**base, "max_runs": 20000}) == (
        "delete_runs: max_runs: must be <= 10000 (got 20000)"
    )
    assert problem("delete_runs", {**base, "max_runs": 0}) == "delete_runs: max_runs: must be >= 1 (got 0)"
    check("delete_runs", {**base, "max_runs": 10000})
    check("delete_runs", {**base, "max_runs": 1})
    check("delete_runs", {**base, "max_timestamp_millis": 2**63 - 1})
    assert problem("delete_runs", {**base, "max_timestamp_millis": 2**63}) == (
        f"delete_runs: max_timestamp_millis: must fit in int64 (got {2**63})"
    )
    assert "must fit in int64" in problem("delete_runs", {**base, "max_timestamp_millis": -(2**63) - 1})
    assert "must fit in int32" in problem("list_webhooks", {"max_results": 2**31})
    assert "-bit integer>" in problem("delete_runs", {**base, "max_timestamp_millis": 10**5000})


def test_min_length() -> None:
    check("fixture_search", {"filter": "x"})
    assert problem("fixture_search", {"filter": ""}) == ("fixture_search: filter: must not be empty")


def test_enum_in_a_nested_array_item() -> None:
    acl = [{"user_name": "a", "permission_level": "CAN_WRITE"}]
    assert problem(
        "update_registered_model_permissions", {"registered_model_id": "1", "access_control_list": acl}
    ) == (
        "update_registered_model_permissions: access_control_list[0].permission_level: must be one of "
        "CAN_EDIT, CAN_MANAGE, CAN_MANAGE_PRODUCTION_VERSIONS, CAN_MANAGE_STAGING_VERSIONS, CAN_READ "
        "(got 'CAN_WRITE')"
    )


def test_enum_in_an_array_of_strings() -> None:
    message = problem("create_webhook", {"events": ["COMMENT_CREATED", "FOO"]})
    assert message.startswith("create_webhook: events[1]: must be one of ")
    assert message.endswith("(got 'FOO')")
    assert problem("create_webhook", {"events": ["COMMENT_CREATED"], "status": "PAUSED"}).startswith(
        "create_webhook: status: must be one of ACTIVE, DISABLED, TEST_MODE"
    )


class Level(str, enum.Enum):  # noqa: UP042 - the shape openapi-python-client generates
    CAN_READ = "CAN_READ"
    WRITE = "CAN_WRITE"


class PlainEvent(enum.Enum):
    COMMENT = "COMMENT_CREATED"


def test_str_valued_enum_members_count_as_their_value() -> None:
    acl = [{"user_name": "a", "permission_level": Level.CAN_READ}]
    check("update_registered_model_permissions", {"registered_model_id": "1", "access_control_list": acl})
    check("create_webhook", {"events": [PlainEvent.COMMENT]})
    bad = [{"user_name": "a", "permission_level": Level.WRITE}]
    assert problem(
        "update_registered_model_permissions", {"registered_model_id": "1", "access_control_list": bad}
    ).endswith("(got 'CAN_WRITE')")


def test_unknown_top_level_field() -> None:
    assert problem("create_comment", {"name": "m", "version": "1", "commment": "x"}) == (
        "create_comment: commment: unknown field (expected one of comment, name, version)"
    )
    assert problem("delete_comment", {"id": "1", "comment": "x"}) == (
        "delete_comment: comment: unknown field (expected one of id)"
    )


def test_nested_object_rules() -> None:
    hook = {"events": ["COMMENT_CREATED"]}
    assert problem("create_webhook", {**hook, "http_url_spec": {"secret": "s"}}) == (
        "create_webhook: http_url_spec.url: required field is missing"
    )
    assert problem("create_webhook", {**hook, "http_url_spec": {"url": "u", "urll": "v"}}).startswith(
        "create_webhook: http_url_spec.urll: unknown field (expected one of "
    )
    assert problem("create_webhook", {**hook, "http_url_spec": {"url": 7}}) == (
        "create_webhook: http_url_spec.url: must be a string (got int 7)"
    )
    assert problem("create_webhook", {**hook, "http_url_spec": "https://x"}) == (
        "create_webhook: http_url_spec: must be an object (got str 'https://x')"
    )
    assert problem("create_webhook", {**hook, "job_spec": {"job_id": "1"}}) == (
        "create_webhook: job_spec.access_token: required field is missing"
    )


def test_array_rules() -> None:
    assert problem("create_webhook", {"events": "COMMENT_CREATED"}) == (
        "create_webhook: events: must be an array (got str 'COMMENT_CREATED')"
    )
    acl = [*ACL_3, {"user_name": 5}]
    assert problem(
        "update_registered_model_permissions", {"registered_model_id": "1", "access_control_list": acl}
    ) == (
        "update_registered_model_permissions: access_control_list[3].user_name: must be a string (got int 5)"
    )
    acl = [ACL_3[0], "CAN_READ"]
    assert "access_control_list[1]: must be an object" in problem(
        "update_registered_model_permissions", {"registered_model_id": "1", "access_control_list": acl}
    )


def test_read_only_field_is_rejected_and_not_required_in_a_request() -> None:
    check("update_comment", {"id": "1", "comment": "c"})
    assert problem("update_comment", {"id": "1", "comment": "c", "creation_timestamp": 1}) == (
        "update_comment: creation_timestamp: read-only field must not be sent"
    )


def test_params_must_be_a_mapping() -> None:
    with pytest.raises(RequestValidationError) as caught:
        check("delete_comment", ["id"])  # type: ignore[arg-type]
    assert caught.value.field == "params"


def test_the_first_problem_in_parameter_order_is_reported() -> None:
    message = problem("create_comment", {"version": 1, "name": 2})
    assert message == "create_comment: version: must be a string (got int 1)"


# ---------------------------------------------------------------------------------------------- routes
# The emulator's router (emulator/_wire.py) on the fixture spec.

ROUTER = Router([FIXTURE_SPEC])


@pytest.mark.parametrize(
    ("method", "path", "operation_id", "path_params"),
    [
        ("POST", "/api/2.0/mlflow/comments/create", "create_comment", {}),
        ("DELETE", "/api/2.0/mlflow/comments/delete", "delete_comment", {}),
        (
            "GET",
            "/api/2.0/permissions/registered-models/123",
            "get_registered_model_permissions",
            {"registered_model_id": "123"},
        ),
        (
            "PATCH",
            "/api/2.0/permissions/registered-models/123",
            "update_registered_model_permissions",
            {"registered_model_id": "123"},
        ),
        (
            "GET",
            "/api/2.0/permissions/registered-models/123/permissionLevels",
            "get_registered_model_permission_levels",
            {"registered_model_id": "123"},
        ),
        (
            "GET",
            "/api/2.0/permissions/registered-models/a%2Fb%20c%25",
            "get_registered_model_permissions",
            {"registered_model_id": "a/b c%"},
        ),
        (
            "GET",
            "/api/2.0/permissions/experiments/5",
            "get_permissions",
            {"request_object_type": "experiments", "request_object_id": "5"},
        ),
        ("GET", "/api/2.0/mlflow/registry-webhooks/list", "list_webhooks", {}),
    ],
)
def test_the_emulator_routes(method: str, path: str, operation_id: str, path_params: dict[str, str]) -> None:
    found = ROUTER.match(method, path)
    assert found is not None
    route, params = found
    assert (route.operation_id, params) == (operation_id, path_params)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/2.0/mlflow/comments/create"),  # wrong method
        ("POST", "/api/2.0/mlflow/comments/creat"),
        ("GET", "/api/2.0/permissions/registered-models/"),  # empty path parameter
        ("GET", "/api/2.0/permissions/registered-models/1/permissionLevels/x"),
        ("PUT", "/api/2.0/permissions/registered-models/1"),
        ("GET", "/api/2.1/mlflow/registry-webhooks/list"),
    ],
)
def test_the_emulator_route_misses(method: str, path: str) -> None:
    assert ROUTER.match(method, path) is None


def test_a_more_literal_route_listed_later_wins() -> None:
    found = Router([FIXTURE_SPEC]).match("GET", "/api/2.0/permissions/registered-models/123")
    assert found is not None
    assert found[0].operation_id == "get_registered_model_permissions"


# ---------------------------------------------------------------------------------------------- wire requests
# The emulator's parameter reader on the fixture spec, for what its HTTP tests (test_emulator_server.py:
# missing and wrong-typed body fields, dotted paths, unknown fields, a bad integer in the query) leave out.
# Its errors are MLflow's (400 INVALID_PARAMETER_VALUE), not the client's.


def wire(
    operation_id: str,
    query: list[tuple[str, str]] | None = None,
    body: object = None,
    path_params: dict[str, str] | None = None,
) -> dict[str, Any]:
    return read_params(ROUTER.routes[operation_id], path_params or {}, query or [], body)


def wire_problem(operation_id: str, **kwargs: Any) -> str:
    with pytest.raises(ApiError) as caught:
        wire(operation_id, **kwargs)
    assert (caught.value.status, caught.value.error_code) == (400, "INVALID_PARAMETER_VALUE")
    return caught.value.message


def test_wire_query_is_typed_by_the_schema() -> None:
    query = [("events", "MODEL_VERSION_CREATED"), ("max_results", "5"), ("events", "COMMENT_CREATED")]
    assert wire("list_webhooks", query) == {
        "events": ["MODEL_VERSION_CREATED", "COMMENT_CREATED"],
        "max_results": 5,
    }
    assert wire("list_webhooks", [("events", "COMMENT_CREATED")]) == {"events": ["COMMENT_CREATED"]}
    assert wire("fixture_search", [("include_deleted", "true")]) == {"include_deleted": True}
    assert wire("fixture_search", [("include_deleted", "false")]) == {"include_deleted": False}


def test_wire_query_bad_values() -> None:
    assert "Invalid value \"5.0\" for parameter 'max_results'" in wire_problem(
        "list_webhooks", query=[("max_results", "5.0")]
    )
    assert wire_problem("list_webhooks", query=[("max_results", "0")]) == (
        "Invalid value for request parameter max_results. It must be at least 1, but got value 0"
    )
    assert "Invalid value \"yes\" for parameter 'include_deleted'" in wire_problem(
        "fixture_search", query=[("include_deleted", "yes")]
    )
    message = wire_problem("list_webhooks", query=[("events", "COMMENT_CREATED"), ("events", "FOO")])
    assert message.startswith(
        "Invalid value \"FOO\" for parameter 'events' supplied. Hint: Value must be one of "
    )


def test_wire_required_query_parameter() -> None:
    assert wire_problem("delete_comment", query=[]).startswith("Missing value for required parameter 'id'.")
    assert wire("delete_comment", query=[("id", "1")]) == {"id": "1"}


def test_wire_body_and_path_params_are_merged() -> None:
    body = {"access_control_list": ACL_3}
    merged = wire("update_registered_model_permissions", body=body, path_params={"registered_model_id": "9"})
    assert merged == {"registered_model_id": "9", "access_control_list": ACL_3}


# ---------------------------------------------------------------------------------------------- responses


def test_valid_responses_have_no_problems() -> None:
    assert validate_response("delete_runs", 200, {"runs_deleted": 3}, spec=FIXTURE_SPEC) == []
    assert validate_response("delete_runs", 200, {"runs_deleted": 3, "extra": [1]}, spec=FIXTURE_SPEC) == []
    assert validate_response("delete_comment", 200, None, spec=FIXTURE_SPEC) == []
    webhook = {
        "id": "w1",
        "events": ["COMMENT_CREATED"],
        "http_url_spec": {"url": "https://x", "enable_ssl_verification": True},
        "job_spec": {"job_id": "5"},  # access_token is required, but only in requests (writeOnly)
        "creation_timestamp": 1700000000000,
    }
    assert validate_response("create_webhook", 200, {"webhook": webhook}, spec=FIXTURE_SPEC) == []


def test_response_leaking_a_write_only_secret() -> None:
    # job_spec's schema marks access_token writeOnly
    webhook = {"id": "w1", "job_spec": {"job_id": "5", "access_token": "dapi123"}}
    assert validate_response("create_webhook", 200, {"webhook": webhook}, spec=FIXTURE_SPEC) == [
        "webhook.job_spec.access_token: write-only field must not appear in a response"
    ]
    # the response schema (HttpUrlSpecWithoutSecret) omits the secret; it is writeOnly in the request schema
    webhook = {"id": "w1", "http_url_spec": {"url": "https://x", "secret": "s3cret", "authorization": "B x"}}
    assert validate_response("create_webhook", 200, {"webhook": webhook}, spec=FIXTURE_SPEC) == [
        "webhook.http_url_spec.secret: write-only field must not appear in a response",
        "webhook.http_url_spec.authorization: write-only field must not appear in a response",
    ]


def test_response_wrong_types_are_all_reported() -> None:
    assert validate_response("delete_runs", 200, {"runs_deleted": "3"}, spec=FIXTURE_SPEC) == [
        "runs_deleted: must be an integer (got str '3')"
    ]
    webhook = {"id": 1, "status": "PAUSED", "events": ["COMMENT_CREATED", 5]}
    problems = validate_response("create_webhook", 200, {"webhook": webhook}, spec=FIXTURE_SPEC)
    assert problems == [
        "webhook.id: must be a string (got int 1)",
        "webhook.status: must be one of ACTIVE, DISABLED, TEST_MODE (got 'PAUSED')",
        "webhook.events[1]: must be a string (got int 5)",
    ]
    assert validate_response("delete_runs", 200, [1], spec=FIXTURE_SPEC) == [
        "body: must be an object (got list [1])"
    ]


def test_response_status_lookup() -> None:
    assert validate_response("delete_runs", 201, {}, spec=FIXTURE_SPEC) == ["status 201 is not documented"]
    assert validate_response("delete_runs", 404, {"error_code": "NOT_FOUND"}, spec=FIXTURE_SPEC) == []
    assert validate_response("nope", 200, {}, spec=FIXTURE_SPEC) == ["unknown operation 'nope'"]


# ---------------------------------------------------------------------------------------------- less common schema shapes

EDGE_SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "edge", "version": "0"},
    "paths": {
        "/api/2.0/edge": {
            "post": {
                "operationId": "edge",  # no tags and no x-idempotent
                "requestBody": _json(_ref("Edge")),
                "responses": {"200": _json(_ref("EdgeOut"))},
            }
        },
        "/api/2.0/unsupported": {
            "post": {"operationId": "unsupported", "requestBody": _json(_ref("Unsupported")), "responses": {}}
        },
    },
    "components": {
        "schemas": {
            "Token": {"type": "string", "description": "a credential"},
            "Tree": _obj({"name": STR, "children": {"type": "array", "items": _ref("Tree")}}),
            "Edge": _obj(
                {
                    "token": {
                        "$ref": "#/components/schemas/Token",
                        "writeOnly": True,
                        "description": "secret",
                    },
                    "labels": {"type": "object", "additionalProperties": STR},
                    "meta": {"type": "object"},
                    "tree": _ref("Tree"),
                }
            ),
            "EdgeOut": {**_obj({"id": STR, "token": _ref("Token")}), "additionalProperties": False},
            "Unsupported": _obj({"code": {"type": "string", "pattern": "^[A-Z]+$"}}),
        }
    },
}


EDGE = prepared(EDGE_SPEC)


def edge_problem(params: Mapping[str, Any]) -> str:
    with pytest.raises(RequestValidationError) as caught:
        EDGE.validate("edge", params)
    return str(caught.value)


def test_operation_without_metadata_is_not_idempotent() -> None:
    edge = described(EDGE_SPEC)["edge"]
    assert (edge.idempotent, edge.tag, edge.body_fields) == (False, "", ("token", "labels", "meta", "tree"))


def test_map_free_form_and_write_only_ref_fields() -> None:
    EDGE.validate("edge", {"token": "t", "labels": {"a": "b"}, "meta": {"any": [1, {"x": None}]}})
    assert edge_problem({"labels": {"a": "b", "c": 1}}) == "edge: labels.c: must be a string (got int 1)"
    assert edge_problem({"meta": []}) == "edge: meta: must be an object (got list [])"


def test_recursive_schema() -> None:
    tree: dict[str, Any] = {
        "name": "root",
        "children": [{"name": "a", "children": [{"name": "b"}, {"name": 2}]}],
    }
    assert (
        edge_problem({"tree": tree})
        == "edge: tree.children[0].children[1].name: must be a string (got int 2)"
    )
    tree["children"][0]["children"][1]["name"] = "c"
    EDGE.validate("edge", {"tree": tree})


def test_response_strictness_follows_additional_properties_false() -> None:
    assert validate_response("edge", 200, {"id": "1", "extra": 1}, spec=EDGE_SPEC) == [
        "extra: unknown field (expected one of id, token)"
    ]


def test_unsupported_schema_keyword_fails_loudly() -> None:
    with pytest.raises(ValueError, match="unsupported schema keyword 'pattern'"):
        EDGE.validate("unsupported", {"code": "X"})


# ---------------------------------------------------------------------------------------------- properties

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=12,
)


def _field_names(spec: Mapping[str, Any]) -> list[str]:
    names = {"", "x"}
    for operation in described(spec).values():
        names.update(operation.path_params + operation.query_params + operation.body_fields)
    names.update(
        name for schema in spec["components"]["schemas"].values() for name in schema.get("properties", {})
    )
    return sorted(names)


def _params_strategy(spec: Mapping[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    keys = st.sampled_from(_field_names(spec)) | st.text(max_size=6)
    return st.dictionaries(keys, json_values, max_size=6)


def _only_request_errors(
    validate: Callable[[str, Mapping[str, Any]], None], operation_id: str, params: dict[str, Any]
) -> None:
    try:
        validate(operation_id, params)
    except RequestValidationError as err:
        assert err.operation_id == operation_id
        assert str(err) == f"{operation_id}: {err.field}: {err.rule}"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    operation_id=st.sampled_from(sorted(FIXTURE_OPERATIONS)),
    params=_params_strategy(FIXTURE_SPEC),
)
def test_validate_request_raises_only_request_validation_errors(
    operation_id: str, params: dict[str, Any]
) -> None:
    _only_request_errors(FIXTURE.validate, operation_id, params)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(
    operation_id=st.sampled_from(sorted(FIXTURE_OPERATIONS)),
    status=st.sampled_from([200, 201, 400, 500]),
    body=json_values,
)
def test_validate_response_never_raises(operation_id: str, status: int, body: object) -> None:
    assert all(isinstance(p, str) for p in validate_response(operation_id, status, body, spec=FIXTURE_SPEC))


# ---------------------------------------------------------------------------------------------- the real spec


@needs_real_spec
def test_real_spec_operations_are_complete() -> None:
    assert REAL_SPEC is not None
    router = Router([REAL_SPEC])  # the emulator's, read from openapi.json: it agrees with the generated table
    assert len(OPERATIONS) >= 25
    for operation in OPERATIONS.values():
        assert operation.operation_id.islower()
        assert operation.method in {"GET", "POST", "PUT", "PATCH", "DELETE"}
        assert operation.path.startswith(("/api/2.0/", "/api/2.1/unity-catalog/"))
        assert operation.tag
        assert operation.has_body == (operation.method in {"POST", "PUT", "PATCH"})
        assert not (operation.has_body and operation.query_params)
        templated = operation.path.replace("{", "").replace("}", "")
        found = router.match(operation.method, templated)
        assert found is not None
        assert (found[0].operation_id, found[0].template) == (operation.operation_id, operation.path)


@needs_real_spec
def test_real_spec_brief_examples() -> None:
    acl = [{"user_name": "a", "permission_level": "CAN_WRITE"}]
    with pytest.raises(RequestValidationError) as caught:
        validate_request(
            "update_registered_model_permissions", {"registered_model_id": "1", "access_control_list": acl}
        )
    assert str(caught.value) == (
        "update_registered_model_permissions: access_control_list[0].permission_level: must be one of "
        "CAN_EDIT, CAN_MANAGE, CAN_MANAGE_PRODUCTION_VERSIONS, CAN_MANAGE_STAGING_VERSIONS, CAN_READ "
        "(got 'CAN_WRITE')"
    )
    with pytest.raises(
        RequestValidationError, match=r"^delete_runs: max_runs: must be <= 10000 \(got 20000\)$"
    ):
        validate_request("delete_runs", {"experiment_id": "1", "max_timestamp_millis": 1, "max_runs": 20000})
    with pytest.raises(
        RequestValidationError, match=r"^create_comment: version: must be a string \(got int 3\)$"
    ):
        validate_request("create_comment", {"name": "m", "version": 3, "comment": "c"})
    validate_request("create_webhook", WEBHOOK)
    validate_request(
        "update_registered_model_permissions", {"registered_model_id": "1", "access_control_list": ACL_3}
    )


@needs_real_spec
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_real_spec_validate_request_raises_only_request_validation_errors(data: st.DataObject) -> None:
    assert REAL_SPEC is not None
    operation_id = data.draw(st.sampled_from(sorted(OPERATIONS)))
    params = data.draw(_params_strategy(REAL_SPEC))
    _only_request_errors(validate_request, operation_id, params)


def test_import_is_cheap_and_lazy() -> None:
    code = (
        "import sys\n"
        "import databricks_mlflow_client._validation\n"
        "from databricks_mlflow_client._validation import _prepared\n"
        "assert _prepared.cache_info().currsize == 0, 'request schemas read at import'\n"
        "heavy = {'yaml', 'jsonschema', 'hypothesis'} & set(sys.modules)\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def _deref(spec: Mapping[str, Any], item: Mapping[str, Any]) -> Mapping[str, Any]:
    if "$ref" not in item:
        return item
    target: Any = spec
    for part in item["$ref"].removeprefix("#/").split("/"):
        target = target[part]
    return _deref(spec, target)


def _request_examples(spec: Mapping[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    examples = []
    for path_item in spec["paths"].values():
        shared = path_item.get("parameters", [])
        for method, raw in path_item.items():
            if method == "parameters":
                continue
            declared = [_deref(spec, p) for p in [*shared, *raw.get("parameters", [])]]
            params = {p["name"]: p["example"] for p in declared if "example" in p}
            body_example = (
                raw.get("requestBody", {}).get("content", {}).get("application/json", {}).get("example")
            )
            examples.append((raw["operationId"], {**params, **(body_example or {})}))
    return examples


def _response_examples(spec: Mapping[str, Any]) -> list[tuple[str, int, Any]]:
    examples = []
    for path_item in spec["paths"].values():
        for method, raw in path_item.items():
            if method == "parameters":
                continue
            for status, response in raw["responses"].items():
                media = _deref(spec, response).get("content", {}).get("application/json", {})
                if "example" in media and status.isdigit():
                    examples.append((raw["operationId"], int(status), media["example"]))
    return examples


@needs_real_spec
def test_real_spec_request_examples_are_valid() -> None:
    assert REAL_SPEC is not None
    examples = _request_examples(REAL_SPEC)
    assert len(examples) == len(OPERATIONS)
    for operation_id, params in examples:
        validate_request(operation_id, params)


@needs_real_spec
def test_real_spec_response_examples_are_valid() -> None:
    assert REAL_SPEC is not None
    examples = _response_examples(REAL_SPEC)
    assert examples
    for operation_id, status, body in examples:
        assert validate_response(operation_id, status, body) == [], operation_id


@needs_real_spec
def test_real_spec_catches_a_leaked_webhook_secret() -> None:
    hook = {
        "id": "w",
        "http_url_spec": {"url": "https://x", "secret": "s"},
        "job_spec": {"access_token": "t"},
    }
    assert validate_response("create_webhook", 200, {"webhook": hook}) == [
        "webhook.http_url_spec.secret: write-only field must not appear in a response",
        "webhook.job_spec.access_token: write-only field must not appear in a response",
    ]
    assert (
        validate_response("delete_runs", 400, {"error_code": "INVALID_PARAMETER_VALUE", "message": "m"}) == []
    )


@pytest.mark.parametrize(
    ("operation_id", "params", "field"),
    [
        ("create_comment", {"name": "", "version": "3", "comment": "hi"}, "name"),
        ("delete_comment", {"id": ""}, "id"),
        ("get_model", {"name": ""}, "name"),
        (
            "transition_stage",
            {"name": "m", "version": "1", "stage": "", "archive_existing_versions": False},
            "stage",
        ),
    ],
)
def test_the_spec_refuses_an_empty_required_string(
    operation_id: str, params: dict[str, Any], field: str
) -> None:
    """The service reads "" as a missing required parameter (proto3's empty is "absent"); so does the spec."""
    with pytest.raises(RequestValidationError) as caught:
        validate_request(operation_id, params)
    assert (caught.value.field, caught.value.rule) == (field, "must not be empty")


def test_an_optional_string_may_be_empty() -> None:
    validate_request("list_webhooks", {"model_name": ""})
