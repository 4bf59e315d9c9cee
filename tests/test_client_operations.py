"""Every spec operation through DatabricksMlflowClient and AsyncDatabricksMlflowClient, over real HTTP.

One table: each row names an operation, the resource method that serves it (the same name on both clients),
how to seed the emulator for it and what the typed result must be. Each row runs through the sync and the
async client, and the emulator's request log must show that operation answered 200.
"""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import attrs
import pytest
from databricks_mlflow_api.models import (
    Activity,
    ActivityType,
    CommentObject,
    EffectivePrivilegeAssignment,
    Experiment,
    ExperimentPermissionLevel,
    ExperimentPermissions,
    ExperimentPermissionsDescription,
    Model,
    ModelDatabricks,
    ModelVersion,
    ModelVersionDatabricks,
    ModelVersionInfo,
    PermissionLevel,
    PrivilegeAssignment,
    RegisteredModelAlias,
    RegisteredModelInfo,
    RegisteredModelPermissionLevel,
    RegisteredModelPermissions,
    RegisteredModelPermissionsDescription,
    RegistryWebhook,
    RegistryWebhookEvent,
    RegistryWebhookStatus,
    TransitionRequest,
)
from databricks_mlflow_api.models import (
    TestRegistryWebhookResponse as WebhookTestResult,  # not a test class
)
from databricks_mlflow_api.operations import OPERATIONS
from databricks_mlflow_api.types import UNSET

from databricks_mlflow_client import AsyncDatabricksMlflowClient, DatabricksMlflowClient
from databricks_mlflow_client.emulator import Emulator
from databricks_mlflow_client.emulator._uc_seed import UnityCatalog
from databricks_mlflow_client.emulator._wire import Router, default_specs

ADMIN = "admin@example.com"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="module")
def emu() -> Iterator[Emulator]:
    with Emulator() as emulator:
        emulator.add_user("reader@example.com")
        emulator.add_group("reviewers", ["reader@example.com"])
        UnityCatalog(emulator).create_catalog("ops")
        UnityCatalog(emulator).create_schema(UC_SCHEMA)
        yield emulator


# ---------------------------------------------------------------------------------------------------- seeding
# Each setup gets the emulator and a name unique to its row and client kind; it returns (args, kwargs, context).

Setup = Callable[[Emulator, str], tuple[tuple[Any, ...], dict[str, Any], dict[str, Any]]]


def _as_admin(emu: Emulator, operation_id: str, **params: Any) -> dict[str, Any]:
    return emu.workspace.handle(operation_id, emu.workspace.admin, params)


def model_only(emu: Emulator, name: str) -> tuple[tuple[Any, ...], dict[str, Any], dict[str, Any]]:
    model_id = emu.create_registered_model(name, versions=1)
    return (name,), {}, {"id": model_id, "name": name}


def model_with_grant(emu: Emulator, name: str) -> tuple[tuple[Any, ...], dict[str, Any], dict[str, Any]]:
    model_id = emu.create_registered_model(name, versions=1)
    acl = [{"group_name": "reviewers", "permission_level": "CAN_READ"}]
    return (name, acl), {}, {"id": model_id, "name": name}


def experiment_only(emu: Emulator, name: str) -> tuple[tuple[Any, ...], dict[str, Any], dict[str, Any]]:
    experiment_id = emu.create_experiment(f"/Shared/{name}")
    return (f"/Shared/{name}",), {}, {"id": experiment_id}


def experiment_with_grant(emu: Emulator, name: str) -> tuple[tuple[Any, ...], dict[str, Any], dict[str, Any]]:
    experiment_id = emu.create_experiment(f"/Shared/{name}")
    acl = [{"user_name": "reader@example.com", "permission_level": "CAN_EDIT"}]
    return (experiment_id, acl), {}, {"id": experiment_id}


def experiment_with_runs(emu: Emulator, name: str) -> tuple[tuple[Any, ...], dict[str, Any], dict[str, Any]]:
    experiment_id = emu.create_experiment(f"/Shared/{name}")
    emu.create_runs(experiment_id, 5, start_time_ms=1_000)
    return (f"/Shared/{name}", 2_000), {"max_runs": 3}, {"id": experiment_id}


def experiment_with_deleted_runs(
    emu: Emulator, name: str
) -> tuple[tuple[Any, ...], dict[str, Any], dict[str, Any]]:
    experiment_id = emu.create_experiment(f"/Shared/{name}")
    emu.create_runs(experiment_id, 4, start_time_ms=1_000)
    _as_admin(emu, "delete_runs", experiment_id=experiment_id, max_timestamp_millis=2_000)
    return (experiment_id, 0), {}, {"id": experiment_id}


def version_to_move(emu: Emulator, name: str) -> tuple[tuple[Any, ...], dict[str, Any], dict[str, Any]]:
    emu.create_registered_model(name, versions=1)
    return (name, "1", "Staging"), {"archive_existing_versions": False, "comment": "ship it"}, {}


def version_to_request(emu: Emulator, name: str) -> tuple[tuple[Any, ...], dict[str, Any], dict[str, Any]]:
    emu.create_registered_model(name, versions=1)
    return (name, "1", "Staging"), {"comment": "please"}, {}


def open_request(emu: Emulator, name: str) -> tuple[tuple[Any, ...], dict[str, Any], dict[str, Any]]:
    emu.create_registered_model(name, versions=1)
    _as_admin(emu, "create_transition_request", name=name, version="1", stage="Staging")
    return (name, "1"), {}, {}


def request_to_approve(emu: Emulator, name: str) -> tuple[tuple[Any, ...], dict[str, Any], dict[str, Any]]:
    open_request(emu, name)
    return (name, "1", "Staging"), {"archive_existing_versions": True, "comment": "ok"}, {}


def request_to_reject(emu: Emulator, name: str) -> tuple[tuple[Any, ...], dict[str, Any], dict[str, Any]]:
    open_request(emu, name)
    return (name, "1", "Staging"), {"comment": "not yet"}, {}


def request_to_cancel(emu: Emulator, name: str) -> tuple[tuple[Any, ...], dict[str, Any], dict[str, Any]]:
    open_request(emu, name)
    return (name, "1", "Staging", ADMIN), {"comment": "withdrawn"}, {}


def version_to_comment(emu: Emulator, name: str) -> tuple[tuple[Any, ...], dict[str, Any], dict[str, Any]]:
    emu.create_registered_model(name, versions=1)
    return (name, "1", "looks good"), {}, {}


def existing_comment(emu: Emulator, name: str) -> tuple[tuple[Any, ...], dict[str, Any], dict[str, Any]]:
    emu.create_registered_model(name, versions=1)
    comment = _as_admin(emu, "create_comment", name=name, version="1", comment="first")["comment"]
    return (comment["id"],), {}, {"id": comment["id"]}


def comment_to_edit(emu: Emulator, name: str) -> tuple[tuple[Any, ...], dict[str, Any], dict[str, Any]]:
    (comment_id,), _, context = existing_comment(emu, name)
    return (comment_id, "edited"), {}, context


def model_for_webhook(emu: Emulator, name: str) -> tuple[tuple[Any, ...], dict[str, Any], dict[str, Any]]:
    emu.create_registered_model(name)
    kwargs = {
        "model_name": name,
        "http_url_spec": {"url": "https://hooks.example.com/x", "secret": "not-returned"},
        "description": "notify",
    }
    return ([RegistryWebhookEvent.MODEL_VERSION_CREATED, "COMMENT_CREATED"],), kwargs, {"name": name}


def existing_webhook(emu: Emulator, name: str) -> tuple[tuple[Any, ...], dict[str, Any], dict[str, Any]]:
    emu.create_registered_model(name)
    webhook = _as_admin(
        emu,
        "create_webhook",
        model_name=name,
        events=["MODEL_VERSION_CREATED"],
        http_url_spec={"url": f"{emu.url}/.well-known/not-a-route"},
    )["webhook"]
    return (webhook["id"],), {}, {"id": webhook["id"], "name": name}


def webhooks_of_model(emu: Emulator, name: str) -> tuple[tuple[Any, ...], dict[str, Any], dict[str, Any]]:
    for _ in range(3):
        existing_webhook(emu, f"{name}-{_}")
    _as_admin(emu, "create_webhook", model_name=f"{name}-1", events=["COMMENT_CREATED"], job_spec=_JOB)
    return (), {"model_name": f"{name}-1", "page_size": 1}, {"name": f"{name}-1"}


_JOB = {"job_id": "7", "access_token": "dapi-job-secret"}


def webhook_to_update(emu: Emulator, name: str) -> tuple[tuple[Any, ...], dict[str, Any], dict[str, Any]]:
    (webhook_id,), _, context = existing_webhook(emu, name)
    return (webhook_id,), {"status": "DISABLED", "description": "paused"}, context


def webhook_to_test(emu: Emulator, name: str) -> tuple[tuple[Any, ...], dict[str, Any], dict[str, Any]]:
    (webhook_id,), _, context = existing_webhook(emu, name)
    return (webhook_id,), {"event": "MODEL_VERSION_CREATED"}, context


def models_to_search(emu: Emulator, name: str) -> tuple[tuple[Any, ...], dict[str, Any], dict[str, Any]]:
    for index in range(3):
        emu.create_registered_model(f"{name}-{index}")
    return (f"name LIKE '{name}-%'",), {"page_size": 2}, {"name": name}


def versions_to_search(emu: Emulator, name: str) -> tuple[tuple[Any, ...], dict[str, Any], dict[str, Any]]:
    emu.create_registered_model(name, versions=3)
    return (f"name='{name}'",), {"page_size": 2, "order_by": ["version_number ASC"]}, {"name": name}


def experiments_to_search(emu: Emulator, name: str) -> tuple[tuple[Any, ...], dict[str, Any], dict[str, Any]]:
    for index in range(3):
        emu.create_experiment(f"/Shared/{name}-{index}")
    return (f"name LIKE '/Shared/{name}-%'",), {"page_size": 2, "order_by": ["name ASC"]}, {"name": name}


# Unity Catalog: every row gets its own model in the schema ops.cases (created with the emulator).
UC_SCHEMA = "ops.cases"


def _uc_name(name: str) -> str:
    return f"{UC_SCHEMA}.{name.replace('-', '_')}"


def uc_model(emu: Emulator, name: str) -> tuple[tuple[Any, ...], dict[str, Any], dict[str, Any]]:
    full_name = _uc_name(name)
    UnityCatalog(emu).create_model(full_name, comment="seeded", versions=2)
    _as_admin(emu, "set_uc_registered_model_alias", full_name=full_name, alias="champion", version_num=2)
    return (full_name,), {}, {"full_name": full_name}


def uc_model_to_create(emu: Emulator, name: str) -> tuple[tuple[Any, ...], dict[str, Any], dict[str, Any]]:
    return (_uc_name(name),), {"comment": "new"}, {"full_name": _uc_name(name)}


def uc_model_to_update(emu: Emulator, name: str) -> tuple[tuple[Any, ...], dict[str, Any], dict[str, Any]]:
    args, _, context = uc_model(emu, name)
    return args, {"comment": "edited", "owner": "reviewers"}, context


def uc_models_to_list(emu: Emulator, name: str) -> tuple[tuple[Any, ...], dict[str, Any], dict[str, Any]]:
    schema = name.replace("-", "_")
    UnityCatalog(emu).create_schema(f"ops.{schema}")
    for index in range(3):
        UnityCatalog(emu).create_model(f"ops.{schema}.m{index}")
    return ("ops", schema), {"page_size": 2}, {"schema": f"ops.{schema}"}


def uc_alias_to_set(emu: Emulator, name: str) -> tuple[tuple[Any, ...], dict[str, Any], dict[str, Any]]:
    (full_name,), _, context = uc_model(emu, name)
    return (full_name, "challenger", "1"), {}, context


def uc_alias_of(emu: Emulator, name: str) -> tuple[tuple[Any, ...], dict[str, Any], dict[str, Any]]:
    (full_name,), _, context = uc_model(emu, name)
    return (full_name, "champion"), {}, context


def uc_version(emu: Emulator, name: str) -> tuple[tuple[Any, ...], dict[str, Any], dict[str, Any]]:
    (full_name,), _, context = uc_model(emu, name)
    return (full_name, 2), {}, context


def uc_version_to_update(emu: Emulator, name: str) -> tuple[tuple[Any, ...], dict[str, Any], dict[str, Any]]:
    args, _, context = uc_version(emu, name)
    return args, {"comment": "reviewed"}, context


def uc_versions_to_list(emu: Emulator, name: str) -> tuple[tuple[Any, ...], dict[str, Any], dict[str, Any]]:
    args, _, context = uc_model(emu, name)
    return args, {"page_size": 1}, context


def uc_grant_to_make(emu: Emulator, name: str) -> tuple[tuple[Any, ...], dict[str, Any], dict[str, Any]]:
    (full_name,), _, context = uc_model(emu, name)
    return (full_name, [{"principal": "reviewers", "add": ["EXECUTE", "APPLY_TAG"]}]), {}, context


def uc_granted(emu: Emulator, name: str) -> tuple[tuple[Any, ...], dict[str, Any], dict[str, Any]]:
    (full_name,), _, context = uc_model(emu, name)
    UnityCatalog(emu).grant("function", full_name, "reviewers", "EXECUTE")
    UnityCatalog(emu).grant("schema", UC_SCHEMA, "reviewers", "USE_SCHEMA", "APPLY_TAG")
    return (full_name,), {}, context


# ---------------------------------------------------------------------------------------------------- checks


def _direct(permissions: Any, but: str | None = None) -> dict[str, str]:
    """Direct grants by principal; `but`: the creator, whose direct CAN_MANAGE a PATCH keeps and a PUT drops."""
    found = {}
    for acl in permissions.access_control_list:
        principal = acl.group_name if isinstance(acl.group_name, str) else acl.user_name
        for permission in acl.all_permissions:
            if not permission.inherited and principal != but:
                found[principal] = str(permission.permission_level)
    return found


def check_model(result: ModelDatabricks, context: dict[str, Any]) -> None:
    assert result.id == context["id"]
    assert result.name == context["name"]
    assert result.permission_level == PermissionLevel.CAN_MANAGE


def check_transitioned(result: ModelVersionDatabricks, _: dict[str, Any]) -> None:
    assert result.current_stage == "Staging"
    assert result.version == "1"


def check_model_permissions(result: RegisteredModelPermissions, context: dict[str, Any]) -> None:
    assert result.object_id == f"/registered-models/{context['id']}"


def check_model_permissions_granted(result: RegisteredModelPermissions, context: dict[str, Any]) -> None:
    check_model_permissions(result, context)
    assert _direct(result, but="admin@example.com") == {"reviewers": "CAN_READ"}


def check_model_levels(result: list[RegisteredModelPermissionsDescription], _: dict[str, Any]) -> None:
    assert all(isinstance(level, RegisteredModelPermissionsDescription) for level in result)
    assert {level.permission_level for level in result} == set(RegisteredModelPermissionLevel)


def check_experiment_permissions(result: ExperimentPermissions, context: dict[str, Any]) -> None:
    assert result.object_id == f"/experiments/{context['id']}"


def check_experiment_permissions_granted(result: ExperimentPermissions, context: dict[str, Any]) -> None:
    check_experiment_permissions(result, context)
    assert _direct(result, but="admin@example.com") == {"reader@example.com": "CAN_EDIT"}


def check_experiment_levels(result: list[ExperimentPermissionsDescription], _: dict[str, Any]) -> None:
    assert all(isinstance(level, ExperimentPermissionsDescription) for level in result)
    assert {level.permission_level for level in result} == set(ExperimentPermissionLevel)


def check_count(expected: int) -> Callable[[int, dict[str, Any]], None]:
    def check(result: int, _: dict[str, Any]) -> None:
        assert result == expected

    return check


def check_request(result: TransitionRequest, _: dict[str, Any]) -> None:
    assert result.to_stage == "Staging"
    assert result.comment == "please"
    assert result.user_id == ADMIN


def check_listed_requests(result: list[Activity], _: dict[str, Any]) -> None:
    assert [activity.activity_type for activity in result] == [ActivityType.REQUESTED_TRANSITION]


def check_activity(activity_type: ActivityType) -> Callable[[Activity, dict[str, Any]], None]:
    def check(result: Activity, _: dict[str, Any]) -> None:
        assert result.activity_type == activity_type
        assert result.to_stage == "Staging"

    return check


def check_comment(text: str) -> Callable[[CommentObject, dict[str, Any]], None]:
    def check(result: CommentObject, _: dict[str, Any]) -> None:
        assert result.comment == text
        assert result.user_id == ADMIN

    return check


def check_none(result: None, _: dict[str, Any]) -> None:
    assert result is None


def check_created_webhook(result: RegistryWebhook, context: dict[str, Any]) -> None:
    assert result.model_name == context["name"]
    assert result.events == [RegistryWebhookEvent.MODEL_VERSION_CREATED, RegistryWebhookEvent.COMMENT_CREATED]
    assert result.status == RegistryWebhookStatus.ACTIVE
    assert "not-returned" not in repr(result.to_dict())


def check_listed_webhooks(result: list[RegistryWebhook], context: dict[str, Any]) -> None:
    assert len(result) == 2
    assert {webhook.model_name for webhook in result} == {context["name"]}


def check_updated_webhook(result: RegistryWebhook, context: dict[str, Any]) -> None:
    assert result.id == context["id"]
    assert result.status == RegistryWebhookStatus.DISABLED
    assert result.description == "paused"


def check_tested_webhook(result: WebhookTestResult, _: dict[str, Any]) -> None:
    assert result.status_code == 401  # what the target (the emulator itself, without a token) answered
    assert isinstance(result.body, str)
    assert "UNAUTHENTICATED" in result.body


def check_experiment(result: Experiment, context: dict[str, Any]) -> None:
    assert result.experiment_id == context["id"]


def check_models_found(result: list[Model], context: dict[str, Any]) -> None:
    assert [model.name for model in result] == [f"{context['name']}-{index}" for index in range(3)]


def check_versions_found(result: list[ModelVersion], context: dict[str, Any]) -> None:
    assert [(v.name, v.version) for v in result] == [(context["name"], str(n)) for n in (1, 2, 3)]


def check_experiments_found(result: list[Experiment], context: dict[str, Any]) -> None:
    assert [e.name for e in result] == [f"/Shared/{context['name']}-{index}" for index in range(3)]


def check_uc_model(comment: str) -> Callable[[RegisteredModelInfo, dict[str, Any]], None]:
    def check(result: RegisteredModelInfo, context: dict[str, Any]) -> None:
        assert result.full_name == context["full_name"]
        assert result.comment == comment

    return check


def check_uc_model_with_alias(result: RegisteredModelInfo, context: dict[str, Any]) -> None:
    check_uc_model("seeded")(result, context)
    assert [(a.alias_name, a.version_num) for a in result.aliases] == [("champion", 2)]


def check_uc_updated(result: RegisteredModelInfo, context: dict[str, Any]) -> None:
    check_uc_model("edited")(result, context)
    assert result.owner == "reviewers"


def check_uc_models_listed(result: list[RegisteredModelInfo], context: dict[str, Any]) -> None:
    assert [m.full_name for m in result] == [f"{context['schema']}.m{index}" for index in range(3)]


def check_uc_alias(result: RegisteredModelAlias, _: dict[str, Any]) -> None:
    assert (result.alias_name, result.version_num) == ("challenger", 1)


def check_uc_version(comment: str) -> Callable[[ModelVersionInfo, dict[str, Any]], None]:
    def check(result: ModelVersionInfo, context: dict[str, Any]) -> None:
        assert f"{result.catalog_name}.{result.schema_name}.{result.model_name}" == context["full_name"]
        assert (result.version, result.comment) == (2, comment)

    return check


def check_uc_versions_listed(result: list[ModelVersionInfo], _: dict[str, Any]) -> None:
    assert sorted(v.version for v in result) == [1, 2]


def check_uc_grants_updated(result: list[PrivilegeAssignment], _: dict[str, Any]) -> None:
    assert [(a.principal, sorted(a.privileges)) for a in result] == [("reviewers", ["APPLY_TAG", "EXECUTE"])]


def check_uc_grants(result: list[PrivilegeAssignment], _: dict[str, Any]) -> None:
    assert [(a.principal, list(a.privileges)) for a in result] == [("reviewers", ["EXECUTE"])]


def check_uc_effective(result: list[EffectivePrivilegeAssignment], _: dict[str, Any]) -> None:
    (reviewers,) = [a for a in result if a.principal == "reviewers"]
    assert {(p.privilege, p.inherited_from_name) for p in reviewers.privileges} == {
        ("EXECUTE", UNSET),
        ("APPLY_TAG", UC_SCHEMA),  # USE_SCHEMA does not apply to a model
    }


@attrs.frozen
class Case:
    operation_id: str
    method: str  # "resource.method" on either client; nested resources with dots
    setup: Setup
    result_type: type | None
    check: Callable[[Any, dict[str, Any]], None]
    pages: int = 1  # requests of the operation itself (lazy iterators fetch several pages)


CASES = [
    Case("get_model", "registered_models.get", model_only, ModelDatabricks, check_model),
    Case(
        "transition_stage",
        "registered_models.transition_stage",
        version_to_move,
        ModelVersionDatabricks,
        check_transitioned,
    ),
    Case(
        "get_registered_model_permissions",
        "permissions.registered_models.get",
        model_only,
        RegisteredModelPermissions,
        check_model_permissions,
    ),
    Case(
        "set_registered_model_permissions",
        "permissions.registered_models.set",
        model_with_grant,
        RegisteredModelPermissions,
        check_model_permissions_granted,
    ),
    Case(
        "update_registered_model_permissions",
        "permissions.registered_models.update",
        model_with_grant,
        RegisteredModelPermissions,
        check_model_permissions_granted,
    ),
    Case(
        "get_registered_model_permission_levels",
        "permissions.registered_models.levels",
        model_only,
        list,
        check_model_levels,
    ),
    Case(
        "get_experiment_permissions",
        "permissions.experiments.get",
        experiment_only,
        ExperimentPermissions,
        check_experiment_permissions,
    ),
    Case(
        "set_experiment_permissions",
        "permissions.experiments.set",
        experiment_with_grant,
        ExperimentPermissions,
        check_experiment_permissions_granted,
    ),
    Case(
        "update_experiment_permissions",
        "permissions.experiments.update",
        experiment_with_grant,
        ExperimentPermissions,
        check_experiment_permissions_granted,
    ),
    Case(
        "get_experiment_permission_levels",
        "permissions.experiments.levels",
        experiment_only,
        list,
        check_experiment_levels,
    ),
    Case("delete_runs", "runs.delete", experiment_with_runs, int, check_count(3)),
    Case("restore_runs", "runs.restore", experiment_with_deleted_runs, int, check_count(4)),
    Case(
        "create_transition_request",
        "transition_requests.create",
        version_to_request,
        TransitionRequest,
        check_request,
    ),
    Case("list_transition_requests", "transition_requests.list", open_request, list, check_listed_requests),
    Case(
        "approve_transition_request",
        "transition_requests.approve",
        request_to_approve,
        Activity,
        check_activity(ActivityType.APPROVED_REQUEST),
    ),
    Case(
        "reject_transition_request",
        "transition_requests.reject",
        request_to_reject,
        Activity,
        check_activity(ActivityType.REJECTED_REQUEST),
    ),
    Case(
        "delete_transition_request",
        "transition_requests.delete",
        request_to_cancel,
        Activity,
        check_activity(ActivityType.CANCELLED_REQUEST),
    ),
    Case("create_comment", "comments.create", version_to_comment, CommentObject, check_comment("looks good")),
    Case("update_comment", "comments.update", comment_to_edit, CommentObject, check_comment("edited")),
    Case("delete_comment", "comments.delete", existing_comment, None, check_none),
    Case("create_webhook", "webhooks.create", model_for_webhook, RegistryWebhook, check_created_webhook),
    Case("list_webhooks", "webhooks.list", webhooks_of_model, list, check_listed_webhooks, pages=2),
    Case("update_webhook", "webhooks.update", webhook_to_update, RegistryWebhook, check_updated_webhook),
    Case("delete_webhook", "webhooks.delete", existing_webhook, None, check_none),
    Case(
        "test_registry_webhook",
        "webhooks.test",
        webhook_to_test,
        WebhookTestResult,
        check_tested_webhook,
    ),
    Case("get_experiment_by_name", "experiments.get_by_name", experiment_only, Experiment, check_experiment),
    Case(
        "search_registered_models", "registered_models.search", models_to_search, list, check_models_found, 2
    ),
    Case(
        "search_model_versions",
        "registered_models.search_versions",
        versions_to_search,
        list,
        check_versions_found,
        2,
    ),
    Case("search_experiments", "experiments.search", experiments_to_search, list, check_experiments_found, 2),
    Case(
        "create_uc_registered_model",
        "uc.models.create",
        uc_model_to_create,
        RegisteredModelInfo,
        check_uc_model("new"),
    ),
    Case(
        "list_uc_registered_models",
        "uc.models.list",
        uc_models_to_list,
        list,
        check_uc_models_listed,
        pages=2,
    ),
    Case(
        "get_uc_registered_model", "uc.models.get", uc_model, RegisteredModelInfo, check_uc_model_with_alias
    ),
    Case(
        "update_uc_registered_model",
        "uc.models.update",
        uc_model_to_update,
        RegisteredModelInfo,
        check_uc_updated,
    ),
    Case("delete_uc_registered_model", "uc.models.delete", uc_model, None, check_none),
    Case(
        "set_uc_registered_model_alias",
        "uc.models.set_alias",
        uc_alias_to_set,
        RegisteredModelAlias,
        check_uc_alias,
    ),
    Case("delete_uc_registered_model_alias", "uc.models.delete_alias", uc_alias_of, None, check_none),
    Case(
        "list_uc_model_versions",
        "uc.model_versions.list",
        uc_versions_to_list,
        list,
        check_uc_versions_listed,
        2,
    ),
    Case("get_uc_model_version", "uc.model_versions.get", uc_version, ModelVersionInfo, check_uc_version("")),
    Case(
        "get_uc_model_version_by_alias",
        "uc.model_versions.get_by_alias",
        uc_alias_of,
        ModelVersionInfo,
        check_uc_version(""),
    ),
    Case(
        "update_uc_model_version",
        "uc.model_versions.update",
        uc_version_to_update,
        ModelVersionInfo,
        check_uc_version("reviewed"),
    ),
    Case("delete_uc_model_version", "uc.model_versions.delete", uc_version, None, check_none),
    Case("get_uc_grants", "uc.grants.list", uc_granted, list, check_uc_grants),
    Case("update_uc_grants", "uc.grants.update", uc_grant_to_make, list, check_uc_grants_updated),
    Case("get_uc_effective_grants", "uc.grants.effective", uc_granted, list, check_uc_effective),
]


def _method(client: object, dotted: str) -> Any:
    target: Any = client
    for name in dotted.split("."):
        target = getattr(target, name)
    return target


# The emulator's own router over openapi.json (the Databricks-only operations), not the client's code.
ROUTER = Router(default_specs()[:1])


def _served(emu: Emulator, since: int) -> list[tuple[str, int]]:
    """(operation id, status) of every API request served since the log had `since` entries."""
    served = []
    for record in emu.requests[since:]:
        matched = ROUTER.match(record.method, record.path)
        if matched is not None:
            served.append((matched[0].operation_id, record.status))
    return served


def _assert_result(case: Case, result: Any, context: dict[str, Any], served: list[tuple[str, int]]) -> None:
    if case.result_type is None:
        assert result is None
    else:
        assert isinstance(result, case.result_type), type(result)
    case.check(result, context)
    assert [status for op, status in served if op == case.operation_id] == [200] * case.pages


def test_every_spec_operation_has_a_row() -> None:
    # No rows yet for the look-ups added for #12 (covered by test_principals.py and test_cli.py's runs tests).
    without_rows = {"search_runs", "list_users", "list_groups", "list_service_principals"}
    assert sorted(case.operation_id for case in CASES) == sorted(set(OPERATIONS) - without_rows)
    assert len(CASES) == 44
    assert sum(1 for op in OPERATIONS.values() if op.tag == "unity-catalog") == 15
    assert sum(1 for op in OPERATIONS.values() if op.tag == "supporting") == 8


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.operation_id)
def test_sync(emu: Emulator, case: Case) -> None:
    args, kwargs, context = case.setup(emu, f"{case.operation_id}-sync")
    with DatabricksMlflowClient(host=emu.url, token=emu.token) as client:
        since = len(emu.requests)
        result = _method(client, case.method)(*args, **kwargs)
        if isinstance(result, Iterator):
            result = list(result)
        _assert_result(case, result, context, _served(emu, since))


@pytest.mark.anyio
@pytest.mark.parametrize("case", CASES, ids=lambda case: case.operation_id)
async def test_async(emu: Emulator, case: Case) -> None:
    args, kwargs, context = case.setup(emu, f"{case.operation_id}-async")
    async with AsyncDatabricksMlflowClient(host=emu.url, token=emu.token) as client:
        since = len(emu.requests)
        called = _method(client, case.method)(*args, **kwargs)
        if isinstance(called, AsyncIterator):
            result = [item async for item in called]
        else:
            assert inspect.isawaitable(called)
            result = await called
        _assert_result(case, result, context, _served(emu, since))


def _public_methods(resource: object) -> dict[str, bool]:
    """Public method name -> whether it is a coroutine function (async iterators are plain functions)."""
    return {
        name: inspect.iscoroutinefunction(member)
        for name, member in inspect.getmembers(type(resource), callable)
        if not name.startswith("_")
    }


@pytest.mark.parametrize(
    "resource",
    [
        "registered_models",
        "permissions.registered_models",
        "permissions.experiments",
        "runs",
        "transition_requests",
        "comments",
        "webhooks",
        "experiments",
        "uc.models",
        "uc.model_versions",
        "uc.grants",
    ],
)
def test_async_client_mirrors_the_sync_client_name_for_name(emu: Emulator, resource: str) -> None:
    sync_client = DatabricksMlflowClient(host=emu.url, token=emu.token)
    async_client = AsyncDatabricksMlflowClient(host=emu.url, token=emu.token)
    sync_methods = _public_methods(_method(sync_client, resource))
    async_methods = _public_methods(_method(async_client, resource))
    assert sorted(sync_methods) == sorted(async_methods)
    assert not any(sync_methods.values())
    for name, is_coroutine in async_methods.items():
        sync_signature = inspect.signature(getattr(_method(sync_client, resource), name))
        async_signature = inspect.signature(getattr(_method(async_client, resource), name))
        assert list(sync_signature.parameters) == list(async_signature.parameters), name
        lazy = str(sync_signature.return_annotation).startswith(("Iterator[", "Items["))
        # lazy iterators are plain functions returning an AsyncIterator; everything else is awaited
        assert is_coroutine is not lazy, name
        if lazy:
            assert str(async_signature.return_annotation).startswith(("AsyncIterator[", "AsyncItems[")), name
    sync_client.close()


def test_results_are_never_none_on_success() -> None:
    """Return annotations of data-returning methods do not admit None (delete returns exactly None)."""
    for resource_type in _resource_types():
        for name, member in inspect.getmembers(resource_type, inspect.isfunction):
            if name.startswith("_"):
                continue
            returned = str(inspect.signature(member).return_annotation)
            assert "None" not in returned or returned == "None", (
                f"{resource_type.__name__}.{name}: {returned}"
            )


def _resource_types() -> list[type]:
    from databricks_mlflow_client.resources import (
        comments,
        experiments,
        permissions,
        registered_models,
        runs,
        transition_requests,
        unity_catalog,
        webhooks,
    )

    return [
        comments.Comments,
        comments.AsyncComments,
        experiments.Experiments,
        experiments.AsyncExperiments,
        permissions.ObjectPermissions,
        permissions.AsyncObjectPermissions,
        registered_models.RegisteredModels,
        registered_models.AsyncRegisteredModels,
        runs.Runs,
        runs.AsyncRuns,
        transition_requests.TransitionRequests,
        transition_requests.AsyncTransitionRequests,
        webhooks.Webhooks,
        webhooks.AsyncWebhooks,
        unity_catalog.UcModels,
        unity_catalog.AsyncUcModels,
        unity_catalog.UcModelVersions,
        unity_catalog.AsyncUcModelVersions,
        unity_catalog.UcGrants,
        unity_catalog.AsyncUcGrants,
    ]
