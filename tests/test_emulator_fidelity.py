"""Scenario tests for the rules of docs/emulator-fidelity.md that have a source: each test names its rule.

Over real loopback HTTP, as a user's script would meet them on a workspace.
"""

from __future__ import annotations

import json
import ssl
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from databricks_mlflow_client.emulator import Emulator, WebhookReceiver, Workspace

API = "/api/2.0"
GET_MODEL = f"{API}/mlflow/databricks/registered-models/get"
TRANSITION = f"{API}/mlflow/databricks/model-versions/transition-stage"
REQUESTS = f"{API}/mlflow/transition-requests"
COMMENTS = f"{API}/mlflow/comments"
WEBHOOKS = f"{API}/mlflow/registry-webhooks"
MODEL_PERMISSIONS = API + "/permissions/registered-models/{}"
EXPERIMENT_PERMISSIONS = API + "/permissions/experiments/{}"
OWNER = "owner@example.com"


_TLS = ssl.create_default_context()  # built once: each httpx.Client would load the CA bundle again (~0.1 s)


def client(emu: Emulator, token: str) -> httpx.Client:
    return httpx.Client(
        base_url=emu.url,
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
        verify=_TLS,
        trust_env=False,
    )


def ok(response: httpx.Response) -> Any:
    assert response.status_code == 200, response.text
    return response.json()


@pytest.fixture
def emu() -> Iterator[Emulator]:
    with Emulator() as emulator:
        yield emulator


@pytest.fixture
def users(emu: Emulator) -> dict[str, httpx.Client]:
    """One client per user; `m` (2 versions) is owned by OWNER; `staging`/`production` hold those levels."""
    clients = {"admin": client(emu, emu.token)}
    for name in ("owner", "reader", "staging", "production", "outsider"):
        clients[name] = client(emu, emu.add_user(f"{name}@example.com").token)
    model_id = emu.create_registered_model("m", owner=OWNER, versions=2)
    grants = [
        {"user_name": "reader@example.com", "permission_level": "CAN_READ"},
        {"user_name": "staging@example.com", "permission_level": "CAN_MANAGE_STAGING_VERSIONS"},
        {"user_name": "production@example.com", "permission_level": "CAN_MANAGE_PRODUCTION_VERSIONS"},
    ]
    ok(clients["admin"].patch(MODEL_PERMISSIONS.format(model_id), json={"access_control_list": grants}))
    return clients


def move(caller: httpx.Client, version: str, stage: str) -> httpx.Response:
    body = {"name": "m", "version": version, "stage": stage, "archive_existing_versions": False}
    return caller.post(TRANSITION, json=body)


def test_rule_a_model_creators_can_manage_is_direct_and_a_put_without_it_locks_them_out(
    emu: Emulator, users: dict[str, httpx.Client]
) -> None:
    model_id = ok(users["owner"].get(GET_MODEL, params={"name": "m"}))["registered_model_databricks"]["id"]
    acl = ok(users["owner"].get(MODEL_PERMISSIONS.format(model_id)))
    (owner,) = [e for e in acl["access_control_list"] if e.get("user_name") == OWNER]
    assert owner["all_permissions"] == [{"permission_level": "CAN_MANAGE", "inherited": False}]
    ok(users["owner"].put(MODEL_PERMISSIONS.format(model_id), json={"access_control_list": []}))
    assert users["owner"].get(GET_MODEL, params={"name": "m"}).status_code == 403


def test_rule_root_grants_are_inherited_from_registered_models_slash(
    emu: Emulator, users: dict[str, httpx.Client]
) -> None:
    model_id = ok(users["admin"].get(GET_MODEL, params={"name": "m"}))["registered_model_databricks"]["id"]
    acl = ok(users["admin"].get(MODEL_PERMISSIONS.format(model_id)))
    (admins,) = [e for e in acl["access_control_list"] if e.get("group_name") == "admins"]
    assert admins["all_permissions"] == [
        {
            "permission_level": "CAN_MANAGE",
            "inherited": True,
            "inherited_from_object": ["/registered-models/"],
        }
    ]


def test_rule_experiment_grants_inherit_from_directories(emu: Emulator) -> None:
    alice = emu.add_user("alice@example.com")
    experiment_id = emu.create_experiment("/Users/alice@example.com/exp", owner=alice.name)
    shared_id = emu.create_experiment("/Shared/exp", owner=alice.name)
    with client(emu, alice.token) as http:
        home = ok(http.get(EXPERIMENT_PERMISSIONS.format(experiment_id)))["access_control_list"]
        shared = ok(http.get(EXPERIMENT_PERMISSIONS.format(shared_id)))["access_control_list"]
    by_name = {e.get("user_name") or e.get("group_name"): e["all_permissions"] for e in home}
    assert by_name["admins"] == [
        {"permission_level": "CAN_MANAGE", "inherited": True, "inherited_from_object": ["/directories/"]}
    ]
    direct, inherited = by_name[alice.name]
    assert direct == {"permission_level": "CAN_MANAGE", "inherited": False}
    assert inherited["inherited_from_object"][0].startswith("/directories/")
    (alice_shared,) = [e["all_permissions"] for e in shared if e.get("user_name") == alice.name]
    assert alice_shared == [{"permission_level": "CAN_MANAGE", "inherited": False}]


def test_rule_admins_keep_can_manage_on_the_root(users: dict[str, httpx.Client]) -> None:
    refused = users["admin"].put(MODEL_PERMISSIONS.format("root"), json={"access_control_list": []})
    assert refused.status_code == 400
    assert refused.json()["message"] == "Cannot change permissions for group 'admins' to None."


def test_rule_any_user_may_request_a_transition_with_can_read(users: dict[str, httpx.Client]) -> None:
    body = {"name": "m", "version": "1", "stage": "Production"}
    assert users["outsider"].post(f"{REQUESTS}/create", json=body).status_code == 403
    assert ok(users["reader"].post(f"{REQUESTS}/create", json=body))["request"]["to_stage"] == "Production"


def test_rule_staging_managers_move_between_none_staging_and_archived(users: dict[str, httpx.Client]) -> None:
    staging = users["staging"]
    for stage in ("Staging", "Archived", "None"):
        assert ok(move(staging, "1", stage))["model_version_databricks"]["current_stage"] == stage
    assert move(staging, "1", "Production").status_code == 403
    assert ok(move(users["production"], "1", "Production"))
    assert move(staging, "1", "Archived").status_code == 403  # out of Production
    assert ok(move(users["production"], "1", "Archived"))


def test_rule_approving_or_rejecting_needs_the_level_of_the_transition(
    users: dict[str, httpx.Client],
) -> None:
    ok(users["reader"].post(f"{REQUESTS}/create", json={"name": "m", "version": "2", "stage": "Archived"}))
    ok(users["reader"].post(f"{REQUESTS}/create", json={"name": "m", "version": "2", "stage": "Production"}))
    decide = {"name": "m", "version": "2", "archive_existing_versions": False}
    assert (
        users["staging"].post(f"{REQUESTS}/reject", json={**decide, "stage": "Production"}).status_code == 403
    )
    ok(users["production"].post(f"{REQUESTS}/reject", json={**decide, "stage": "Production"}))
    activity = ok(users["staging"].post(f"{REQUESTS}/approve", json={**decide, "stage": "Archived"}))[
        "activity"
    ]
    assert activity["activity_type"] == "APPROVED_REQUEST" and activity["to_stage"] == "Archived"


def test_rule_a_request_is_cancelled_by_its_creator_or_a_manager(users: dict[str, httpx.Client]) -> None:
    for stage in ("Staging", "Production"):
        ok(users["reader"].post(f"{REQUESTS}/create", json={"name": "m", "version": "1", "stage": stage}))
    cancel = {"name": "m", "version": "1", "creator": "reader@example.com"}
    assert (
        users["production"].delete(f"{REQUESTS}/delete", params={**cancel, "stage": "Staging"}).status_code
        == 403
    )
    assert ok(users["owner"].delete(f"{REQUESTS}/delete", params={**cancel, "stage": "Staging"}))
    assert ok(users["reader"].delete(f"{REQUESTS}/delete", params={**cancel, "stage": "Production"}))


def test_rule_recorded_permission_level_descriptions(emu: Emulator, users: dict[str, httpx.Client]) -> None:
    model_id = ok(users["admin"].get(GET_MODEL, params={"name": "m"}))["registered_model_databricks"]["id"]
    levels = ok(users["reader"].get(MODEL_PERMISSIONS.format(model_id) + "/permissionLevels"))
    assert levels["permission_levels"][0] == {
        "permission_level": "CAN_READ",
        "description": "Can view the details of the registered model and its model versions, and use the model "
        "versions.",
    }
    experiment_id = emu.create_experiment("/Shared/e")
    exp_levels = ok(users["admin"].get(EXPERIMENT_PERMISSIONS.format(experiment_id) + "/permissionLevels"))
    assert exp_levels["permission_levels"][1] == {
        "permission_level": "CAN_EDIT",
        "description": "Can view, log runs, and edit the experiment",
    }


@pytest.mark.parametrize(("length", "status"), [(0, 400), (1, 200), (65535, 200), (65536, 400)])
def test_rule_comments_are_1_to_65535_characters(
    users: dict[str, httpx.Client], length: int, status: int
) -> None:
    response = users["reader"].post(
        f"{COMMENTS}/create", json={"name": "m", "version": "1", "comment": "c" * length}
    )
    assert response.status_code == status, response.text
    if status == 400:
        assert "'comment'" in response.json()["message"]


def test_rule_webhook_payload_texts_read_as_documented(emu: Emulator, users: dict[str, httpx.Client]) -> None:
    with WebhookReceiver() as target:
        hook = {"model_name": "m", "http_url_spec": {"url": target.url}}
        ok(users["owner"].post(f"{WEBHOOKS}/create", json={**hook, "events": ["COMMENT_CREATED"]}))
        ok(users["reader"].post(f"{COMMENTS}/create", json={"name": "m", "version": "1", "comment": "hi"}))
        ok(move(users["staging"], "1", "Staging"))
        ok(
            users["owner"].post(
                f"{WEBHOOKS}/create", json={**hook, "events": ["MODEL_VERSION_TRANSITIONED_STAGE"]}
            )
        )
        ok(move(users["staging"], "2", "Staging"))
        payloads = [json.loads(d.body) for d in target.wait_for(2)]
    assert payloads[0]["text"] == "A user commented on registered model 'm' version 1."
    assert payloads[0]["comment"] == "hi"
    assert payloads[1]["text"] == "Registered model 'm' version 2 transitioned from None to Staging."


def test_rule_tag_set_payload_text(emu: Emulator) -> None:
    emu.create_registered_model("m", owner=None, versions=1)
    with WebhookReceiver() as target, client(emu, emu.token) as admin:
        hook = {"events": ["MODEL_VERSION_TAG_SET"], "http_url_spec": {"url": target.url}}
        ok(admin.post(f"{WEBHOOKS}/create", json=hook))
        emu.set_model_version_tag("m", "1", "k1", "v1")
        (delivery,) = target.wait_for(1)
    payload = json.loads(delivery.body)
    assert (
        payload["text"]
        == "admin@example.com set version tag(s) 'k1' => 'v1' for registered model 'm' version 1."
    )
    assert payload["tags"] == [{"key": "k1", "value": "v1"}]


def test_a_remote_serving_emulator_does_not_echo_loopback_bodies() -> None:
    """#13: with --allow-remote, a webhook test must not read a loopback service's answer back to a caller."""
    workspace = Workspace()
    with (
        WebhookReceiver(reply=b"internal secret") as internal,
        Emulator("0.0.0.0", allow_remote=True, workspace=workspace) as emu,
        httpx.Client(
            base_url=f"http://127.0.0.1:{emu.port}",
            headers={"Authorization": f"Bearer {emu.token}"},
            timeout=10,
        ) as admin,
    ):
        emu.create_registered_model("m")
        hook = ok(
            admin.post(
                f"{WEBHOOKS}/create",
                json={
                    "model_name": "m",
                    "events": ["COMMENT_CREATED"],
                    "http_url_spec": {"url": internal.url},
                },
            )
        )["webhook"]
        tested = ok(admin.post(f"{WEBHOOKS}/test", json={"id": hook["id"]}))
        assert tested == {"status_code": 200, "body": ""}
        assert internal.wait_for(1)
    workspace.close()
    with (
        WebhookReceiver(reply=b"local answer") as local,
        Emulator() as local_emu,
        client(local_emu, local_emu.token) as admin,
    ):
        local_emu.create_registered_model("m")
        hook = ok(
            admin.post(
                f"{WEBHOOKS}/create",
                json={"model_name": "m", "events": ["COMMENT_CREATED"], "http_url_spec": {"url": local.url}},
            )
        )["webhook"]
        assert ok(admin.post(f"{WEBHOOKS}/test", json={"id": hook["id"]}))["body"] == "local answer"


# ---------------------------------------------------------------------------------------------------- the OSS half

OSS = f"{API}/mlflow"


def test_rule_adding_versions_and_editing_need_can_edit(
    emu: Emulator, users: dict[str, httpx.Client]
) -> None:
    version = {"name": "m", "source": "dbfs:/models/m"}
    assert users["reader"].post(f"{OSS}/model-versions/create", json=version).status_code == 403
    editor = emu.add_user("editor@example.com")
    ok(
        users["admin"].patch(
            MODEL_PERMISSIONS.format(emu.workspace.model_id("m")),
            json={"access_control_list": [{"user_name": editor.name, "permission_level": "CAN_EDIT"}]},
        )
    )
    with client(emu, editor.token) as http:
        assert ok(http.post(f"{OSS}/model-versions/create", json=version))["model_version"]["version"] == "3"
        ok(http.patch(f"{OSS}/registered-models/update", json={"name": "m", "description": "edited"}))
        ok(
            http.post(
                f"{OSS}/model-versions/set-tag", json={"name": "m", "version": "3", "key": "k", "value": "v"}
            )
        )
        assert move(http, "3", "Staging").status_code == 403  # CAN_EDIT does not move stages


def test_rule_rename_and_delete_need_can_manage(users: dict[str, httpx.Client]) -> None:
    rename = {"name": "m", "new_name": "m2"}
    assert users["production"].post(f"{OSS}/registered-models/rename", json=rename).status_code == 403
    assert (
        users["production"]
        .delete(f"{OSS}/model-versions/delete", params={"name": "m", "version": "2"})
        .status_code
        == 403
    )
    assert (
        ok(users["owner"].post(f"{OSS}/registered-models/rename", json=rename))["registered_model"]["name"]
        == "m2"
    )
    ok(users["owner"].delete(f"{OSS}/registered-models/delete", params={"name": "m2"}))
    assert users["admin"].get(GET_MODEL, params={"name": "m2"}).status_code == 404


def test_rule_a_version_in_staging_or_production_is_archived_before_deletion(
    users: dict[str, httpx.Client],
) -> None:
    ok(move(users["production"], "1", "Production"))
    refused = users["owner"].delete(f"{OSS}/model-versions/delete", params={"name": "m", "version": "1"})
    assert refused.status_code == 400
    ok(move(users["production"], "1", "Archived"))
    ok(users["owner"].delete(f"{OSS}/model-versions/delete", params={"name": "m", "version": "1"}))


@pytest.mark.parametrize(("length", "status"), [(0, 400), (1, 200), (100, 200), (101, 400)])
def test_rule_model_names_are_1_to_100_characters(
    users: dict[str, httpx.Client], length: int, status: int
) -> None:
    response = users["outsider"].post(f"{OSS}/registered-models/create", json={"name": "n" * length})
    assert response.status_code == status, response.text


def test_rule_any_user_may_create_a_model_and_then_manages_it(
    emu: Emulator, users: dict[str, httpx.Client]
) -> None:
    """CAN_CREATE_REGISTERED_MODEL is the registry root's default: no grant is needed to create a model."""
    created = ok(users["outsider"].post(f"{OSS}/registered-models/create", json={"name": "mine"}))
    assert created["registered_model"]["user_id"] == "outsider@example.com"
    model = ok(users["outsider"].get(GET_MODEL, params={"name": "mine"}))["registered_model_databricks"]
    assert model["permission_level"] == "CAN_MANAGE"
    duplicate = users["reader"].post(f"{OSS}/registered-models/create", json={"name": "mine"})
    assert duplicate.status_code == 400 and duplicate.json()["error_code"] == "RESOURCE_ALREADY_EXISTS"


def test_rule_an_unknown_run_is_reported_as_recorded(users: dict[str, httpx.Client]) -> None:
    missing = users["admin"].get(f"{OSS}/runs/get", params={"run_id": "3c0b2decc41c4dc0becd3d60bc814a4d"})
    assert missing.status_code == 404
    assert missing.json() == {
        "error_code": "RESOURCE_DOES_NOT_EXIST",
        "message": "Run '3c0b2decc41c4dc0becd3d60bc814a4d' not found.",
    }
