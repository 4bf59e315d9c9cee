"""The official databricks-sdk drives all 25 Databricks-only operations against the emulator, once with a
personal access token (a user) and once with OAuth M2M (a service principal), and gets sensible results.

The acting principal is not an admin: it owns the model and the experiment, which gives it CAN_MANAGE."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator
from typing import Any

import pytest
from databricks.sdk import WorkspaceClient
from databricks.sdk.core import Config
from databricks.sdk.service import ml

from databricks_mlflow_client.emulator import Emulator, WebhookReceiver, Workspace
from databricks_mlflow_client.emulator._wire import Router, default_specs

T0_MS = 1_700_000_000_000
MODEL = "scenario-model"
EXPERIMENT = "/Users/scenario/runs"
SECRET = "hook-secret"


TARGET_REPLY = b'{"from": "scenario-target"}'


@pytest.fixture
def target() -> Iterator[WebhookReceiver]:
    with WebhookReceiver(reply=TARGET_REPLY) as receiver:
        yield receiver


@pytest.fixture
def emu() -> Iterator[Emulator]:
    workspace = Workspace(clock=lambda: T0_MS / 1000)
    with Emulator(workspace=workspace) as emulator:
        emulator.add_user("reviewer@example.com", groups=["reviewers"])
        yield emulator
    workspace.close()


@pytest.fixture(params=["pat", "oauth-m2m"])
def acting(
    request: pytest.FixtureRequest, emu: Emulator, monkeypatch: pytest.MonkeyPatch
) -> tuple[WorkspaceClient, str]:
    """A WorkspaceClient for a non-admin principal, and that principal's name as the API reports it."""
    for name in (
        "DATABRICKS_HOST",
        "DATABRICKS_TOKEN",
        "DATABRICKS_CONFIG_PROFILE",
        "DATABRICKS_AUTH_TYPE",
        "DATABRICKS_CLIENT_ID",
        "DATABRICKS_CLIENT_SECRET",
        "DATABRICKS_CONFIG_FILE",
    ):
        monkeypatch.delenv(name, raising=False)
    if request.param == "pat":
        user = emu.add_user("ml-lead@example.com")
        config = Config(host=emu.url, token=user.token, auth_type="pat", retry_timeout_seconds=5)
        name = user.name
    else:
        sp = emu.add_service_principal(display_name="deploy-bot", client_secret="bot-secret")
        assert sp.client_id is not None
        config = Config(
            host=emu.url,
            client_id=sp.client_id,
            client_secret="bot-secret",
            auth_type="oauth-m2m",
            retry_timeout_seconds=5,
        )
        name = sp.name
    emu.create_registered_model(MODEL, owner=name, versions=2)
    experiment_id = emu.create_experiment(EXPERIMENT, owner=name)
    emu.create_runs(experiment_id, 5, start_time_ms=T0_MS - 10_000)
    emu.create_runs(experiment_id, 3, start_time_ms=T0_MS + 10_000)
    return WorkspaceClient(config=config), name


def principals(acl: Any) -> dict[str, list[tuple[str, bool]]]:
    result = {}
    for entry in acl.access_control_list:
        name = entry.user_name or entry.group_name or entry.service_principal_name
        result[name] = [(p.permission_level.value, bool(p.inherited)) for p in entry.all_permissions]
    return result


def test_all_databricks_only_operations(
    emu: Emulator, target: WebhookReceiver, acting: tuple[WorkspaceClient, str]
) -> None:
    w, me = acting
    registry = w.model_registry

    # -- registered model and its permissions: the id from get_model is the permissions key
    model = registry.get_model(MODEL).registered_model_databricks
    assert model is not None and model.id and model.user_id == me
    assert model.permission_level == ml.PermissionLevel.CAN_MANAGE
    levels = registry.get_permission_levels(model.id).permission_levels or []
    assert [level.permission_level.value for level in levels if level.permission_level] == [
        "CAN_READ",
        "CAN_EDIT",
        "CAN_MANAGE_STAGING_VERSIONS",
        "CAN_MANAGE_PRODUCTION_VERSIONS",
        "CAN_MANAGE",
    ]
    acl = registry.get_permissions(model.id)
    assert acl.object_id == f"/registered-models/{model.id}"
    assert principals(acl)[me] == [("CAN_MANAGE", False)]  # the creator's grant is direct, as recorded
    me_request = (
        ml.RegisteredModelAccessControlRequest(service_principal_name=me)
        if "@" not in me  # a service principal is named by its application id
        else ml.RegisteredModelAccessControlRequest(user_name=me)
    )
    me_request.permission_level = ml.RegisteredModelPermissionLevel.CAN_MANAGE
    acl = registry.set_permissions(  # a PUT replaces direct grants: keep our own, or lose the model
        model.id,
        access_control_list=[
            ml.RegisteredModelAccessControlRequest(
                user_name="reviewer@example.com", permission_level=ml.RegisteredModelPermissionLevel.CAN_READ
            ),
            me_request,
        ],
    )
    assert principals(acl)["reviewer@example.com"] == [("CAN_READ", False)]
    acl = registry.update_permissions(
        model.id,
        access_control_list=[
            ml.RegisteredModelAccessControlRequest(
                group_name="reviewers",
                permission_level=ml.RegisteredModelPermissionLevel.CAN_MANAGE_PRODUCTION_VERSIONS,
            )
        ],
    )
    assert principals(acl)["reviewers"] == [("CAN_MANAGE_PRODUCTION_VERSIONS", False)]
    assert principals(acl)["reviewer@example.com"] == [("CAN_READ", False)]

    # -- a webhook on the model; its test reaches the local target, signed
    webhook = registry.create_webhook(
        events=[ml.RegistryWebhookEvent.TRANSITION_REQUEST_CREATED, ml.RegistryWebhookEvent.COMMENT_CREATED],
        model_name=MODEL,
        http_url_spec=ml.HttpUrlSpec(url=target.url, secret=SECRET),
        status=ml.RegistryWebhookStatus.TEST_MODE,
    ).webhook
    assert webhook is not None and webhook.id and webhook.http_url_spec is not None
    assert webhook.http_url_spec.url == target.url
    assert [hook.id for hook in registry.list_webhooks(model_name=MODEL, max_results=1)] == [webhook.id]
    updated = registry.update_webhook(
        webhook.id, description="scenario", status=ml.RegistryWebhookStatus.ACTIVE
    )
    assert updated.webhook is not None and updated.webhook.description == "scenario"
    tested = registry.test_registry_webhook(webhook.id, event=ml.RegistryWebhookEvent.COMMENT_CREATED)
    assert tested.status_code == 200 and (tested.body or "").encode() == TARGET_REPLY
    headers, body = target.received[0].headers, target.received[0].body
    expected = hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(headers["X-Databricks-Signature"], expected)
    assert json.loads(body)["event"] == "COMMENT_CREATED"

    # -- transition requests: an approved request moves the version
    created = registry.create_transition_request(MODEL, "1", "Staging", comment="ready").request
    assert created is not None and created.to_stage == "Staging" and created.user_id == me
    (open_request,) = registry.list_transition_requests(MODEL, "1")
    assert open_request.activity_type == ml.ActivityType.REQUESTED_TRANSITION
    approved = registry.approve_transition_request(MODEL, "1", "Staging", True, comment="ok").activity
    assert approved is not None and approved.activity_type == ml.ActivityType.APPROVED_REQUEST
    assert emu.workspace.model_version(MODEL, "1")["current_stage"] == "Staging"
    assert list(registry.list_transition_requests(MODEL, "1")) == []
    registry.create_transition_request(MODEL, "2", "Production")
    rejected = registry.reject_transition_request(MODEL, "2", "Production", comment="not yet").activity
    assert rejected is not None and rejected.activity_type == ml.ActivityType.REJECTED_REQUEST
    registry.create_transition_request(MODEL, "2", "Staging")
    cancelled = registry.delete_transition_request(MODEL, "2", "Staging", me, comment="withdrawn").activity
    assert cancelled is not None and cancelled.activity_type == ml.ActivityType.CANCELLED_REQUEST
    moved = registry.transition_stage(MODEL, "1", "Production", True, comment="ship").model_version_databricks
    assert moved is not None and moved.current_stage == "Production"
    latest = registry.get_model(MODEL).registered_model_databricks
    assert latest is not None and {v.version: v.current_stage for v in latest.latest_versions or []} == {
        "2": "None",
        "1": "Production",
    }

    # -- comments
    comment = registry.create_comment(MODEL, "1", "first!").comment
    assert comment is not None and comment.id and comment.user_id == me
    edited = registry.update_comment(comment.id, "second!").comment
    assert edited is not None and edited.comment == "second!"
    registry.delete_comment(comment.id)

    # the real events reached the (now ACTIVE) webhook: 3 requests + 1 comment, after the test call
    deliveries = emu.wait_for_deliveries(5)
    assert [d.event for d in deliveries[1:]] == ["TRANSITION_REQUEST_CREATED"] * 3 + ["COMMENT_CREATED"]
    registry.delete_webhook(webhook.id)
    assert list(registry.list_webhooks()) == []

    # -- experiment permissions and bulk run deletion
    experiments = w.experiments
    found = experiments.get_by_name(EXPERIMENT).experiment
    assert found is not None and found.experiment_id is not None
    experiment_id = found.experiment_id
    exp_levels = experiments.get_permission_levels(experiment_id).permission_levels or []
    assert [level.permission_level.value for level in exp_levels if level.permission_level] == [
        "CAN_READ",
        "CAN_EDIT",
        "CAN_MANAGE",
    ]
    exp_acl = experiments.get_permissions(experiment_id)
    assert exp_acl.object_type == "mlflowExperiment" and principals(exp_acl)[me] == [("CAN_MANAGE", False)]
    exp_me = ml.ExperimentAccessControlRequest(
        user_name=me_request.user_name,
        service_principal_name=me_request.service_principal_name,
        permission_level=ml.ExperimentPermissionLevel.CAN_MANAGE,
    )
    exp_acl = experiments.set_permissions(
        experiment_id,
        access_control_list=[
            ml.ExperimentAccessControlRequest(
                group_name="reviewers", permission_level=ml.ExperimentPermissionLevel.CAN_READ
            ),
            exp_me,
        ],
    )
    assert principals(exp_acl)["reviewers"] == [("CAN_READ", False)]
    exp_acl = experiments.update_permissions(
        experiment_id,
        access_control_list=[
            ml.ExperimentAccessControlRequest(
                group_name="reviewers", permission_level=ml.ExperimentPermissionLevel.CAN_EDIT
            )
        ],
    )
    assert principals(exp_acl)["reviewers"] == [("CAN_EDIT", False)]
    assert experiments.delete_runs(experiment_id, T0_MS, max_runs=4).runs_deleted == 4
    assert experiments.delete_runs(experiment_id, T0_MS).runs_deleted == 1
    assert experiments.restore_runs(experiment_id, T0_MS, max_runs=2).runs_restored == 2
    stages = [run["lifecycle_stage"] for run in emu.workspace.runs(experiment_id)]
    assert stages.count("deleted") == 3

    # every Databricks-only operation was served, every call succeeded, and all as the acting principal
    api_calls = [r for r in emu.requests if r.path.startswith("/api/")]
    assert all(r.status == 200 and r.principal == me for r in api_calls)
    router = Router(default_specs())
    served = {matched[0].operation_id for r in api_calls if (matched := router.match(r.method, r.path))}
    databricks_only = {
        op_id
        for op_id, route in Router(default_specs()[:1]).routes.items()
        if route.tag not in ("supporting", "unity-catalog")
    }
    assert len(databricks_only) == 25 and databricks_only <= served
