"""The emulated workspace's semantics, over real loopback HTTP: permissions and their enforcement, stage
transitions, transition requests, comments, bulk run deletion, webhooks and webhook delivery."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Iterator
from typing import Any

import attrs
import httpx
import pytest

from databricks_mlflow_client.emulator import Emulator, WebhookReceiver, Workspace

API = "/api/2.0"
GET_MODEL = f"{API}/mlflow/databricks/registered-models/get"
TRANSITION = f"{API}/mlflow/databricks/model-versions/transition-stage"
MODEL_PERMISSIONS = API + "/permissions/registered-models/{}"
EXPERIMENT_PERMISSIONS = API + "/permissions/experiments/{}"
DELETE_RUNS = f"{API}/mlflow/databricks/runs/delete-runs"
RESTORE_RUNS = f"{API}/mlflow/databricks/runs/restore-runs"
REQUESTS = f"{API}/mlflow/transition-requests"
COMMENTS = f"{API}/mlflow/comments"
WEBHOOKS = f"{API}/mlflow/registry-webhooks"
SEARCH_MODELS = f"{API}/mlflow/registered-models/search"
SEARCH_EXPERIMENTS = f"{API}/mlflow/experiments/search"
EXPERIMENT_BY_NAME = f"{API}/mlflow/experiments/get-by-name"

T0_MS = 1_700_000_000_000
OWNER = "owner@example.com"
SECRET = "s3cret"


class FakeClock:
    def __init__(self) -> None:
        self.now = T0_MS / 1000

    def __call__(self) -> float:
        return self.now

    def advance_ms(self, ms: int) -> None:
        self.now += ms / 1000


class Caller:
    """One principal's HTTP client."""

    def __init__(self, url: str, token: str, name: str) -> None:
        self.name = name
        self.http = httpx.Client(
            base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=10, trust_env=False
        )

    def get(self, path: str, **params: Any) -> httpx.Response:
        return self.http.get(path, params=params)

    def delete(self, path: str, **params: Any) -> httpx.Response:
        return self.http.delete(path, params=params)

    def post(self, path: str, body: dict[str, Any]) -> httpx.Response:
        return self.http.post(path, json=body)

    def put(self, path: str, body: dict[str, Any]) -> httpx.Response:
        return self.http.put(path, json=body)

    def patch(self, path: str, body: dict[str, Any]) -> httpx.Response:
        return self.http.patch(path, json=body)


def ok(response: httpx.Response) -> Any:
    assert response.status_code == 200, response.text
    return response.json()


def fails(response: httpx.Response, status: int, error_code: str | None = None) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    if error_code is not None:
        assert body["error_code"] == error_code, body
    message: str = body["message"]
    return message


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def emu(clock: FakeClock) -> Iterator[Emulator]:
    workspace = Workspace(clock=clock)
    with Emulator(workspace=workspace) as emulator:
        yield emulator
    workspace.close()


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    with WebhookReceiver() as target:
        yield target


@attrs.define
class Team:
    """Model `m` (3 versions, owned by OWNER) and one caller per effective level on it."""

    model_id: str
    admin: Caller
    owner: Caller
    reader: Caller
    editor: Caller
    stager: Caller
    producer: Caller
    outsider: Caller


@pytest.fixture
def team(emu: Emulator) -> Team:
    callers = {}
    for role in ("owner", "reader", "editor", "stager", "producer", "outsider"):
        name = OWNER if role == "owner" else f"{role}@example.com"
        groups = ["readers"] if role == "reader" else []
        callers[role] = Caller(emu.url, emu.add_user(name, groups=groups).token, name)
    model_id = emu.create_registered_model("m", owner=OWNER, versions=3)
    admin = Caller(emu.url, emu.token, "admin@example.com")
    grants = [
        {"group_name": "readers", "permission_level": "CAN_READ"},
        {"user_name": "editor@example.com", "permission_level": "CAN_EDIT"},
        {"user_name": "stager@example.com", "permission_level": "CAN_MANAGE_STAGING_VERSIONS"},
        {"user_name": "producer@example.com", "permission_level": "CAN_MANAGE_PRODUCTION_VERSIONS"},
    ]
    ok(admin.patch(MODEL_PERMISSIONS.format(model_id), {"access_control_list": grants}))
    return Team(model_id, admin, **callers)


def levels_of(acl: dict[str, Any]) -> dict[str, list[tuple[str, bool, tuple[str, ...]]]]:
    """principal -> [(level, inherited, inherited_from_object)] of a *Permissions response."""
    result = {}
    for entry in acl["access_control_list"]:
        name = entry.get("user_name") or entry.get("group_name") or entry.get("service_principal_name")
        result[name] = [
            (p["permission_level"], p["inherited"], tuple(p.get("inherited_from_object", ())))
            for p in entry["all_permissions"]
        ]
    return result


# ---------------------------------------------------------------------------------------------------- get_model


def test_get_model_returns_id_caller_level_latest_versions_and_creator(emu: Emulator, team: Team) -> None:
    emu.workspace.set_registered_model_tag("m", "team", "risk")
    ok(
        team.admin.post(
            TRANSITION,
            {"name": "m", "version": "2", "stage": "Production", "archive_existing_versions": False},
        )
    )
    model = ok(team.admin.get(GET_MODEL, name="m"))["registered_model_databricks"]
    assert model["id"] == team.model_id
    assert model["user_id"] == OWNER
    assert model["permission_level"] == "CAN_MANAGE"
    assert model["creation_timestamp"] == T0_MS and isinstance(model["last_updated_timestamp"], int)
    assert model["tags"] == [{"key": "team", "value": "risk"}]
    latest = {v["current_stage"]: v["version"] for v in model["latest_versions"]}
    assert latest == {"None": "3", "Production": "2"}

    assert (
        ok(team.reader.get(GET_MODEL, name="m"))["registered_model_databricks"]["permission_level"]
        == "CAN_READ"
    )
    assert (
        ok(team.owner.get(GET_MODEL, name="m"))["registered_model_databricks"]["permission_level"]
        == "CAN_MANAGE"
    )


def test_get_model_unknown_is_404_and_unreadable_is_403(team: Team) -> None:
    fails(team.admin.get(GET_MODEL, name="nope"), 404, "RESOURCE_DOES_NOT_EXIST")
    message = fails(team.outsider.get(GET_MODEL, name="m"), 403, "PERMISSION_DENIED")
    assert "outsider@example.com" in message


def test_search_registered_models_filters_pages_and_hides_unreadable(emu: Emulator, team: Team) -> None:
    for name in ("abc-1", "abc-2", "abc-3", "xyz"):
        emu.create_registered_model(name)
    page = ok(team.admin.get(SEARCH_MODELS, filter="name LIKE 'abc%'", max_results=2))
    assert [m["name"] for m in page["registered_models"]] == ["abc-1", "abc-2"]
    rest = ok(
        team.admin.get(
            SEARCH_MODELS, filter="name LIKE 'abc%'", max_results=2, page_token=page["next_page_token"]
        )
    )
    assert [m["name"] for m in rest["registered_models"]] == ["abc-3"]
    assert not rest.get("next_page_token")
    exact = ok(team.admin.get(SEARCH_MODELS, filter="name = 'xyz'"))
    assert [m["name"] for m in exact["registered_models"]] == ["xyz"]
    assert [m["name"] for m in ok(team.reader.get(SEARCH_MODELS))["registered_models"]] == ["m"]
    assert "filter" in fails(team.admin.get(SEARCH_MODELS, filter="owner = 'x'"), 400)


# ---------------------------------------------------------------------------------------------------- permissions


def test_model_permissions_show_direct_and_inherited_grants(team: Team) -> None:
    acl = ok(team.admin.get(MODEL_PERMISSIONS.format(team.model_id)))
    assert acl["object_id"] == f"/registered-models/{team.model_id}"
    assert acl["object_type"] == "registered-model"
    levels = levels_of(acl)
    assert levels["admins"] == [("CAN_MANAGE", True, ("/registered-models/",))]
    assert levels[OWNER] == [("CAN_MANAGE", False, ())]
    assert levels["readers"] == [("CAN_READ", False, ())]
    assert levels["editor@example.com"] == [("CAN_EDIT", False, ())]


def test_put_replaces_direct_grants_and_empty_put_removes_them_all(team: Team) -> None:
    path = MODEL_PERMISSIONS.format(team.model_id)
    replaced = levels_of(
        ok(
            team.admin.put(
                path,
                {
                    "access_control_list": [
                        {"user_name": "outsider@example.com", "permission_level": "CAN_READ"},
                    ]
                },
            )
        )
    )
    assert replaced["outsider@example.com"] == [("CAN_READ", False, ())]
    assert "editor@example.com" not in replaced and "readers" not in replaced
    assert (
        ok(team.outsider.get(GET_MODEL, name="m"))["registered_model_databricks"]["permission_level"]
        == "CAN_READ"
    )
    fails(team.reader.get(GET_MODEL, name="m"), 403, "PERMISSION_DENIED")

    emptied = levels_of(ok(team.admin.put(path, {})))
    assert emptied == {"admins": [("CAN_MANAGE", True, ("/registered-models/",))]}


def test_a_put_without_the_creator_locks_the_creator_out(team: Team) -> None:
    """The trap of Terraform issue #1504: the creator's CAN_MANAGE is a direct grant a PUT replaces."""
    path = MODEL_PERMISSIONS.format(team.model_id)
    grant = {"user_name": "editor@example.com", "permission_level": "CAN_EDIT"}
    ok(team.owner.put(path, {"access_control_list": [grant]}))
    fails(team.owner.get(GET_MODEL, name="m"), 403, "PERMISSION_DENIED")
    fails(team.owner.get(path), 403, "PERMISSION_DENIED")
    # what Terraform does about it: the caller grants itself CAN_MANAGE explicitly
    kept = [grant, {"user_name": OWNER, "permission_level": "CAN_MANAGE"}]
    ok(team.admin.put(path, {"access_control_list": kept}))
    assert levels_of(ok(team.owner.put(path, {"access_control_list": kept})))[OWNER] == [
        ("CAN_MANAGE", False, ())
    ]


def test_patch_merges_and_replaces_a_principals_level(team: Team) -> None:
    path = MODEL_PERMISSIONS.format(team.model_id)
    merged = levels_of(
        ok(
            team.admin.patch(
                path,
                {
                    "access_control_list": [
                        {
                            "user_name": "editor@example.com",
                            "permission_level": "CAN_MANAGE_STAGING_VERSIONS",
                        },
                        {"user_name": "outsider@example.com", "permission_level": "CAN_READ"},
                    ]
                },
            )
        )
    )
    assert merged["editor@example.com"] == [("CAN_MANAGE_STAGING_VERSIONS", False, ())]
    assert merged["outsider@example.com"] == [("CAN_READ", False, ())]
    assert merged["readers"] == [("CAN_READ", False, ())]
    assert levels_of(ok(team.admin.get(path))) == merged


def test_unknown_principal_fails_the_whole_request(team: Team) -> None:
    path = MODEL_PERMISSIONS.format(team.model_id)
    before = ok(team.admin.get(path))
    message = fails(
        team.admin.patch(
            path,
            {
                "access_control_list": [
                    {"user_name": "outsider@example.com", "permission_level": "CAN_MANAGE"},
                    {"group_name": "ghosts", "permission_level": "CAN_READ"},
                    {"service_principal_name": "00000000-dead", "permission_level": "CAN_READ"},
                ]
            },
        ),
        400,
        "INVALID_PARAMETER_VALUE",
    )
    assert "ghosts" in message and "00000000-dead" in message
    assert ok(team.admin.get(path)) == before


@pytest.mark.parametrize(
    "entry",
    [
        {"user_name": "editor@example.com", "group_name": "readers", "permission_level": "CAN_READ"},
        {"permission_level": "CAN_READ"},
    ],
)
def test_each_grant_names_exactly_one_principal(team: Team, entry: dict[str, str]) -> None:
    message = fails(
        team.admin.patch(MODEL_PERMISSIONS.format(team.model_id), {"access_control_list": [entry]}), 400
    )
    assert "exactly one" in message


def test_only_managers_read_or_change_permissions(team: Team) -> None:
    path = MODEL_PERMISSIONS.format(team.model_id)
    fails(team.producer.get(path), 403, "PERMISSION_DENIED")
    fails(team.producer.put(path, {}), 403, "PERMISSION_DENIED")
    assert ok(team.owner.get(path))["object_id"].endswith(team.model_id)
    fails(team.admin.get(MODEL_PERMISSIONS.format("0" * 32)), 404, "RESOURCE_DOES_NOT_EXIST")


def test_permission_levels_are_listed_with_descriptions(team: Team) -> None:
    model_levels = ok(team.reader.get(MODEL_PERMISSIONS.format(team.model_id) + "/permissionLevels"))
    assert [p["permission_level"] for p in model_levels["permission_levels"]] == [
        "CAN_READ",
        "CAN_EDIT",
        "CAN_MANAGE_STAGING_VERSIONS",
        "CAN_MANAGE_PRODUCTION_VERSIONS",
        "CAN_MANAGE",
    ]
    assert all(p["description"] for p in model_levels["permission_levels"])


def test_registry_root_grants_are_inherited_and_admins_stay_managers(team: Team) -> None:
    root = MODEL_PERMISSIONS.format("root")
    acl = ok(team.admin.get(root))
    assert acl["object_id"] == "/registered-models/root"
    assert levels_of(acl) == {"admins": [("CAN_MANAGE", False, ())]}
    fails(team.owner.get(root), 403, "PERMISSION_DENIED")

    ok(
        team.admin.patch(
            root,
            {"access_control_list": [{"user_name": "outsider@example.com", "permission_level": "CAN_READ"}]},
        )
    )
    assert (
        ok(team.outsider.get(GET_MODEL, name="m"))["registered_model_databricks"]["permission_level"]
        == "CAN_READ"
    )
    inherited = levels_of(ok(team.admin.get(MODEL_PERMISSIONS.format(team.model_id))))
    assert inherited["outsider@example.com"] == [("CAN_READ", True, ("/registered-models/",))]

    message = fails(
        team.admin.put(
            root, {"access_control_list": [{"group_name": "admins", "permission_level": "CAN_READ"}]}
        ),
        400,
    )
    assert message == "Cannot change permissions for group 'admins' to CAN_READ."
    assert fails(team.admin.put(root, {}), 400) == "Cannot change permissions for group 'admins' to None."
    admins_only = {"access_control_list": [{"group_name": "admins", "permission_level": "CAN_MANAGE"}]}
    assert levels_of(ok(team.admin.put(root, admins_only))) == {"admins": [("CAN_MANAGE", False, ())]}
    fails(team.outsider.get(GET_MODEL, name="m"), 403)


def test_experiment_permissions_inherit_from_the_directory(emu: Emulator) -> None:
    user = emu.add_user("alice@example.com", groups=["ds"])
    experiment_id = emu.create_experiment("/Users/alice@example.com/exp", owner="alice@example.com")
    admin = Caller(emu.url, emu.token, "admin")
    alice = Caller(emu.url, user.token, user.name)
    path = EXPERIMENT_PERMISSIONS.format(experiment_id)
    acl = ok(alice.get(path))
    assert acl["object_id"] == f"/experiments/{experiment_id}"
    assert acl["object_type"] == "mlflowExperiment"
    levels = levels_of(acl)
    assert levels["admins"] == [("CAN_MANAGE", True, ("/directories/",))]
    ((direct, inherited),) = [levels["alice@example.com"]]
    assert direct == ("CAN_MANAGE", False, ())
    assert inherited[:2] == ("CAN_MANAGE", True) and re.fullmatch(r"/directories/[0-9]{15}", inherited[2][0])
    assert re.fullmatch(r"[0-9]{16}", experiment_id)

    changed = levels_of(
        ok(admin.patch(path, {"access_control_list": [{"group_name": "ds", "permission_level": "CAN_EDIT"}]}))
    )
    assert changed["ds"] == [("CAN_EDIT", False, ())]
    assert "ds" not in levels_of(ok(admin.put(path, {"access_control_list": []})))
    message = fails(
        admin.patch(
            path,
            {
                "access_control_list": [
                    {"group_name": "ds", "permission_level": "CAN_MANAGE_STAGING_VERSIONS"}
                ]
            },
        ),
        400,
    )
    assert "permission_level" in message
    levels_response = ok(alice.get(path + "/permissionLevels"))["permission_levels"]
    assert [p["permission_level"] for p in levels_response] == ["CAN_READ", "CAN_EDIT", "CAN_MANAGE"]
    fails(admin.get(EXPERIMENT_PERMISSIONS.format("424242")), 404, "RESOURCE_DOES_NOT_EXIST")


# ---------------------------------------------------------------------------------------------------- enforcement


def stage_move(caller: Caller, version: str, stage: str, archive: bool = False) -> httpx.Response:
    return caller.post(
        TRANSITION, {"name": "m", "version": version, "stage": stage, "archive_existing_versions": archive}
    )


def test_stage_transitions_need_the_matching_level(team: Team) -> None:
    fails(stage_move(team.editor, "1", "Staging"), 403, "PERMISSION_DENIED")
    assert (
        ok(stage_move(team.stager, "1", "Staging"))["model_version_databricks"]["current_stage"] == "Staging"
    )
    fails(stage_move(team.stager, "1", "Production"), 403, "PERMISSION_DENIED")
    assert (
        ok(stage_move(team.stager, "2", "Archived"))["model_version_databricks"]["current_stage"]
        == "Archived"
    )
    assert ok(stage_move(team.stager, "2", "None"))["model_version_databricks"]["current_stage"] == "None"
    assert (
        ok(stage_move(team.producer, "1", "Production"))["model_version_databricks"]["current_stage"]
        == "Production"
    )
    fails(stage_move(team.stager, "1", "Staging"), 403, "PERMISSION_DENIED")  # out of Production
    assert (
        ok(stage_move(team.owner, "1", "Archived"))["model_version_databricks"]["current_stage"] == "Archived"
    )


def test_transition_stage_archives_existing_versions_and_reports_databricks_fields(
    emu: Emulator, team: Team
) -> None:
    ok(stage_move(team.admin, "1", "Production"))
    ok(stage_move(team.admin, "2", "Production"))
    moved = ok(stage_move(team.admin, "3", "production", archive=True))["model_version_databricks"]
    assert moved["current_stage"] == "Production"
    assert moved["permission_level"] == "CAN_MANAGE"
    assert moved["open_requests"] == []
    assert [emu.workspace.model_version("m", v)["current_stage"] for v in "123"] == [
        "Archived",
        "Archived",
        "Production",
    ]


@pytest.mark.parametrize("stage", ["Prod", "", "Deployed"])
def test_invalid_stage_is_400_naming_stage(team: Team, stage: str) -> None:
    assert "stage" in fails(stage_move(team.admin, "1", stage), 400)


def test_unknown_version_is_404_and_non_numeric_version_is_400(team: Team) -> None:
    fails(stage_move(team.admin, "99", "Staging"), 404, "RESOURCE_DOES_NOT_EXIST")
    assert "version" in fails(stage_move(team.admin, "one", "Staging"), 400)


# ---------------------------------------------------------------------------------------------------- requests


def request_body(version: str, stage: str, **extra: Any) -> dict[str, Any]:
    return {"name": "m", "version": version, "stage": stage, **extra}


def test_transition_request_lifecycle_approve(emu: Emulator, team: Team, clock: FakeClock) -> None:
    fails(team.outsider.post(f"{REQUESTS}/create", request_body("1", "Staging")), 403, "PERMISSION_DENIED")
    assert ok(team.reader.post(f"{REQUESTS}/create", request_body("2", "Archived")))["request"]
    created = ok(team.editor.post(f"{REQUESTS}/create", request_body("1", "Staging", comment="ready")))[
        "request"
    ]
    assert "id" not in created
    assert created == {
        "available_actions": ["CANCEL_TRANSITION_REQUEST"],
        "comment": "ready",
        "creation_timestamp": T0_MS,
        "to_stage": "Staging",
        "user_id": "editor@example.com",
    }
    fails(
        team.editor.post(f"{REQUESTS}/create", request_body("1", "Staging")), 400, "RESOURCE_ALREADY_EXISTS"
    )

    (listed,) = ok(team.reader.get(f"{REQUESTS}/list", name="m", version="1"))["requests"]
    assert listed["activity_type"] == "REQUESTED_TRANSITION"
    assert (listed["from_stage"], listed["to_stage"], listed["user_id"]) == (
        "None",
        "Staging",
        "editor@example.com",
    )
    assert listed["id"]

    fails(
        team.editor.post(
            f"{REQUESTS}/approve", request_body("1", "Staging", archive_existing_versions=False)
        ),
        403,
    )
    clock.advance_ms(5000)
    activity = ok(
        team.stager.post(
            f"{REQUESTS}/approve", request_body("1", "Staging", archive_existing_versions=True, comment="go")
        )
    )["activity"]
    assert activity["activity_type"] == "APPROVED_REQUEST"
    assert (activity["from_stage"], activity["to_stage"], activity["user_id"]) == (
        "None",
        "Staging",
        "stager@example.com",
    )
    assert activity["creation_timestamp"] == T0_MS + 5000 and activity["id"] != listed["id"]
    assert emu.workspace.model_version("m", "1")["current_stage"] == "Staging"
    assert ok(team.reader.get(f"{REQUESTS}/list", name="m", version="1"))["requests"] == []
    fails(
        team.stager.post(
            f"{REQUESTS}/approve", request_body("1", "Staging", archive_existing_versions=False)
        ),
        404,
    )


def test_transition_request_reject_and_cancel(emu: Emulator, team: Team) -> None:
    ok(team.editor.post(f"{REQUESTS}/create", request_body("2", "Production")))
    ok(team.owner.post(f"{REQUESTS}/create", request_body("2", "Production")))
    fails(team.stager.post(f"{REQUESTS}/reject", request_body("2", "Production")), 403)
    rejected = ok(team.producer.post(f"{REQUESTS}/reject", request_body("2", "Production", comment="no")))[
        "activity"
    ]
    assert rejected["activity_type"] == "REJECTED_REQUEST" and rejected["comment"] == "no"
    assert emu.workspace.model_version("m", "2")["current_stage"] == "None"

    (remaining,) = ok(team.reader.get(f"{REQUESTS}/list", name="m", version="2"))["requests"]
    creator = remaining["user_id"]
    fails(
        team.reader.delete(f"{REQUESTS}/delete", name="m", version="2", stage="Production", creator=creator),
        403,
    )
    fails(
        team.editor.delete(
            f"{REQUESTS}/delete", name="m", version="2", stage="Production", creator="reader@example.com"
        ),
        404,
    )
    requester = team.owner if creator == OWNER else team.editor
    cancelled = ok(
        requester.delete(
            f"{REQUESTS}/delete", name="m", version="2", stage="Production", creator=creator, comment="bye"
        )
    )["activity"]
    assert cancelled["activity_type"] == "CANCELLED_REQUEST" and cancelled["comment"] == "bye"
    assert ok(team.reader.get(f"{REQUESTS}/list", name="m", version="2"))["requests"] == []


def test_create_request_shows_approve_actions_to_a_manager(team: Team) -> None:
    created = ok(team.producer.post(f"{REQUESTS}/create", request_body("1", "Production")))["request"]
    assert created["available_actions"] == [
        "APPROVE_TRANSITION_REQUEST",
        "REJECT_TRANSITION_REQUEST",
        "CANCEL_TRANSITION_REQUEST",
    ]


def test_transition_stage_lists_open_requests(team: Team) -> None:
    ok(team.editor.post(f"{REQUESTS}/create", request_body("3", "Production")))
    moved = ok(stage_move(team.stager, "3", "Staging"))["model_version_databricks"]
    assert [(r["to_stage"], r["user_id"]) for r in moved["open_requests"]] == [
        ("Production", "editor@example.com")
    ]
    assert moved["permission_level"] == "CAN_MANAGE_STAGING_VERSIONS"


# ---------------------------------------------------------------------------------------------------- comments


def test_comments_are_created_by_readers_and_changed_only_by_their_author(
    team: Team, clock: FakeClock
) -> None:
    created = ok(
        team.reader.post(f"{COMMENTS}/create", {"name": "m", "version": "1", "comment": "looks good"})
    )["comment"]
    assert created["user_id"] == "reader@example.com" and created["comment"] == "looks good"
    assert created["available_actions"] == ["EDIT_COMMENT", "DELETE_COMMENT"]
    fails(team.outsider.post(f"{COMMENTS}/create", {"name": "m", "version": "1", "comment": "hi"}), 403)

    fails(
        team.editor.patch(f"{COMMENTS}/update", {"id": created["id"], "comment": "hijack"}),
        403,
        "PERMISSION_DENIED",
    )
    clock.advance_ms(1000)
    updated = ok(team.reader.patch(f"{COMMENTS}/update", {"id": created["id"], "comment": "looks great"}))[
        "comment"
    ]
    assert updated["comment"] == "looks great" and updated["last_updated_timestamp"] == T0_MS + 1000
    assert updated["creation_timestamp"] == T0_MS

    fails(team.editor.delete(f"{COMMENTS}/delete", id=created["id"]), 403)
    assert ok(team.reader.delete(f"{COMMENTS}/delete", id=created["id"])) == {}
    fails(team.reader.delete(f"{COMMENTS}/delete", id=created["id"]), 404, "RESOURCE_DOES_NOT_EXIST")


def test_an_admin_may_edit_anyones_comment(team: Team) -> None:
    created = ok(team.reader.post(f"{COMMENTS}/create", {"name": "m", "version": "1", "comment": "typo"}))[
        "comment"
    ]
    assert (
        ok(team.admin.patch(f"{COMMENTS}/update", {"id": created["id"], "comment": "fixed"}))["comment"][
            "comment"
        ]
        == "fixed"
    )


# ---------------------------------------------------------------------------------------------------- runs


@pytest.fixture
def experiment(emu: Emulator) -> str:
    experiment_id = emu.create_experiment("/Shared/runs", owner=None)
    emu.create_runs(experiment_id, 3, start_time_ms=T0_MS - 3000)
    emu.create_runs(experiment_id, 2, start_time_ms=T0_MS - 1000)
    emu.create_runs(experiment_id, 4, start_time_ms=T0_MS + 1000)
    return experiment_id


def active_runs(emu: Emulator, experiment_id: str) -> int:
    return sum(run["lifecycle_stage"] == "active" for run in emu.workspace.runs(experiment_id))


def test_delete_runs_deletes_old_active_runs_up_to_max_runs(emu: Emulator, experiment: str) -> None:
    admin = Caller(emu.url, emu.token, "admin")
    body = {"experiment_id": experiment, "max_timestamp_millis": T0_MS - 1000}
    assert ok(admin.post(DELETE_RUNS, {**body, "max_runs": 2})) == {"runs_deleted": 2}
    assert active_runs(emu, experiment) == 7
    assert ok(admin.post(DELETE_RUNS, body)) == {"runs_deleted": 3}
    assert ok(admin.post(DELETE_RUNS, body)) == {"runs_deleted": 0}
    assert active_runs(emu, experiment) == 4
    assert "max_runs" in fails(admin.post(DELETE_RUNS, {**body, "max_runs": 10001}), 400)
    fails(
        admin.post(DELETE_RUNS, {"experiment_id": "99", "max_timestamp_millis": T0_MS}),
        404,
        "RESOURCE_DOES_NOT_EXIST",
    )


def test_restore_runs_restores_by_deletion_time(emu: Emulator, experiment: str, clock: FakeClock) -> None:
    admin = Caller(emu.url, emu.token, "admin")
    ok(admin.post(DELETE_RUNS, {"experiment_id": experiment, "max_timestamp_millis": T0_MS - 3000}))
    clock.advance_ms(60_000)
    ok(admin.post(DELETE_RUNS, {"experiment_id": experiment, "max_timestamp_millis": T0_MS + 1000}))
    assert active_runs(emu, experiment) == 0
    restored = ok(
        admin.post(RESTORE_RUNS, {"experiment_id": experiment, "min_timestamp_millis": T0_MS + 60_000})
    )
    assert restored == {"runs_restored": 6}
    assert ok(
        admin.post(RESTORE_RUNS, {"experiment_id": experiment, "min_timestamp_millis": T0_MS, "max_runs": 1})
    ) == {"runs_restored": 1}
    assert active_runs(emu, experiment) == 7


def test_bulk_run_changes_need_can_edit(emu: Emulator, experiment: str) -> None:
    reader = emu.add_user("r@example.com")
    editor = emu.add_user("e@example.com")
    admin = Caller(emu.url, emu.token, "admin")
    ok(
        admin.patch(
            EXPERIMENT_PERMISSIONS.format(experiment),
            {
                "access_control_list": [
                    {"user_name": reader.name, "permission_level": "CAN_READ"},
                    {"user_name": editor.name, "permission_level": "CAN_EDIT"},
                ]
            },
        )
    )
    body = {"experiment_id": experiment, "max_timestamp_millis": T0_MS}
    fails(Caller(emu.url, reader.token, reader.name).post(DELETE_RUNS, body), 403, "PERMISSION_DENIED")
    assert ok(Caller(emu.url, editor.token, editor.name).post(DELETE_RUNS, body)) == {"runs_deleted": 5}


def test_experiment_lookup_and_search(emu: Emulator, experiment: str) -> None:
    admin = Caller(emu.url, emu.token, "admin")
    found = ok(admin.get(EXPERIMENT_BY_NAME, experiment_name="/Shared/runs"))["experiment"]
    assert found["experiment_id"] == experiment and found["lifecycle_stage"] == "active"
    fails(admin.get(EXPERIMENT_BY_NAME, experiment_name="/Shared/none"), 404, "RESOURCE_DOES_NOT_EXIST")
    emu.create_experiment("/Shared/other")
    page = ok(admin.post(SEARCH_EXPERIMENTS, {"filter": "name LIKE '/Shared/r%'", "max_results": 10}))
    assert [e["experiment_id"] for e in page["experiments"]] == [experiment]
    outsider = emu.add_user("nobody@example.com")
    assert (
        ok(Caller(emu.url, outsider.token, outsider.name).post(SEARCH_EXPERIMENTS, {}))["experiments"] == []
    )


# ---------------------------------------------------------------------------------------------------- webhooks


def http_spec(receiver: WebhookReceiver, **extra: Any) -> dict[str, Any]:
    return {"url": receiver.url, "secret": SECRET, **extra}


def create_hook(caller: Caller, **body: Any) -> httpx.Response:
    return caller.post(f"{WEBHOOKS}/create", body)


def test_create_webhook_returns_no_secrets(team: Team, receiver: WebhookReceiver) -> None:
    spec = http_spec(receiver, authorization="Bearer hook-token")
    webhook = ok(
        create_hook(
            team.owner, model_name="m", events=["MODEL_VERSION_CREATED"], http_url_spec=spec, description="d"
        )
    )["webhook"]
    assert webhook["status"] == "ACTIVE" and webhook["model_name"] == "m" and webhook["description"] == "d"
    assert webhook["http_url_spec"] == {"url": receiver.url, "enable_ssl_verification": True}
    assert webhook["creation_timestamp"] == webhook["last_updated_timestamp"] == T0_MS
    job = ok(
        create_hook(
            team.admin,
            events=["REGISTERED_MODEL_CREATED"],
            job_spec={"job_id": "7", "access_token": "dapi-x", "workspace_url": "https://w"},
        )
    )
    assert job["webhook"]["job_spec"] == {"job_id": "7", "workspace_url": "https://w"}
    assert "model_name" not in job["webhook"]
    listed = json.dumps(ok(team.admin.get(f"{WEBHOOKS}/list")))
    assert SECRET not in listed and "hook-token" not in listed and "dapi-x" not in listed


@pytest.mark.parametrize(
    ("body", "status", "needle"),
    [
        ({"model_name": "m", "events": ["REGISTERED_MODEL_CREATED"]}, 400, "REGISTERED_MODEL_CREATED"),
        (
            {
                "model_name": "m",
                "events": ["COMMENT_CREATED"],
                "job_spec": {"job_id": "1", "access_token": "t"},
            },
            400,
            "exactly one",
        ),
        ({"model_name": "m", "events": ["COMMENT_CREATED"], "drop_spec": True}, 400, "exactly one"),
        ({"model_name": "ghost", "events": ["COMMENT_CREATED"]}, 404, "ghost"),
        ({"model_name": "m", "events": []}, 400, "events"),
    ],
)
def test_create_webhook_rejects(
    team: Team, receiver: WebhookReceiver, body: dict[str, Any], status: int, needle: str
) -> None:
    body = dict(body)
    if not body.pop("drop_spec", False):
        body["http_url_spec"] = http_spec(receiver)
    assert needle in fails(create_hook(team.admin, **body), status)


def test_webhook_permissions(team: Team, receiver: WebhookReceiver) -> None:
    fails(
        create_hook(
            team.producer, model_name="m", events=["COMMENT_CREATED"], http_url_spec=http_spec(receiver)
        ),
        403,
    )
    fails(create_hook(team.owner, events=["COMMENT_CREATED"], http_url_spec=http_spec(receiver)), 403)
    ok(create_hook(team.admin, events=["COMMENT_CREATED"], http_url_spec=http_spec(receiver)))
    own = ok(
        create_hook(team.owner, model_name="m", events=["COMMENT_CREATED"], http_url_spec=http_spec(receiver))
    )["webhook"]
    assert [w["id"] for w in ok(team.owner.get(f"{WEBHOOKS}/list"))["webhooks"]] == [own["id"]]
    assert len(ok(team.admin.get(f"{WEBHOOKS}/list"))["webhooks"]) == 2
    fails(team.producer.patch(f"{WEBHOOKS}/update", {"id": own["id"], "status": "DISABLED"}), 403)
    fails(team.producer.delete(f"{WEBHOOKS}/delete", id=own["id"]), 403)


def test_list_webhooks_pages_and_filters(emu: Emulator, team: Team, receiver: WebhookReceiver) -> None:
    emu.create_registered_model("other")
    created = []
    for index in range(25):
        model = "m" if index % 2 == 0 else "other"
        events = ["COMMENT_CREATED"] if index % 3 == 0 else ["MODEL_VERSION_CREATED"]
        created.append(
            (
                ok(
                    create_hook(
                        team.admin, model_name=model, events=events, http_url_spec=http_spec(receiver)
                    )
                )["webhook"]["id"],
                model,
                events[0],
            )
        )

    def all_pages(**query: Any) -> list[str]:
        ids: list[str] = []
        while True:
            page = ok(team.admin.get(f"{WEBHOOKS}/list", max_results=10, **query))
            ids += [w["id"] for w in page["webhooks"]]
            if not page.get("next_page_token"):
                return ids
            query["page_token"] = page["next_page_token"]

    assert all_pages() == [webhook_id for webhook_id, _, _ in created]
    assert all_pages(model_name="m") == [i for i, model, _ in created if model == "m"]
    assert all_pages(events=["COMMENT_CREATED"]) == [
        i for i, _, event in created if event == "COMMENT_CREATED"
    ]
    both = all_pages(events=["COMMENT_CREATED", "MODEL_VERSION_CREATED"], model_name="other")
    assert both == [i for i, model, _ in created if model == "other"]
    default_page = ok(team.admin.get(f"{WEBHOOKS}/list"))
    assert len(default_page["webhooks"]) == 25 and not default_page.get("next_page_token")
    assert "page_token" in fails(team.admin.get(f"{WEBHOOKS}/list", page_token="garbage"), 400)
    assert "max_results" in fails(team.admin.get(f"{WEBHOOKS}/list", max_results=1001), 400)


def test_listing_100000_webhooks_in_pages_of_1000(emu: Emulator) -> None:
    emu.create_registered_model("bulk")
    admin = emu.workspace.admin
    spec = {"url": "http://127.0.0.1:9/hook"}
    for _ in range(100_000):
        emu.workspace.handle(
            "create_webhook",
            admin,
            {
                "model_name": "bulk",
                "events": ["COMMENT_CREATED"],
                "http_url_spec": spec,
                "status": "DISABLED",
            },
        )
    caller = Caller(emu.url, emu.token, "admin")
    seen: set[str] = set()
    pages = 0
    query: dict[str, Any] = {"max_results": 1000}
    while True:
        page = ok(caller.get(f"{WEBHOOKS}/list", **query))
        pages += 1
        seen.update(w["id"] for w in page["webhooks"])
        if not page.get("next_page_token"):
            break
        query["page_token"] = page["next_page_token"]
    assert (len(seen), pages) == (100_000, 100)


def test_update_changes_only_the_fields_sent(team: Team, receiver: WebhookReceiver, clock: FakeClock) -> None:
    webhook = ok(
        create_hook(
            team.owner,
            model_name="m",
            events=["COMMENT_CREATED"],
            http_url_spec=http_spec(receiver),
            description="keep",
        )
    )["webhook"]
    clock.advance_ms(1000)
    updated = ok(team.owner.patch(f"{WEBHOOKS}/update", {"id": webhook["id"], "status": "TEST_MODE"}))[
        "webhook"
    ]
    assert updated == {**webhook, "status": "TEST_MODE", "last_updated_timestamp": T0_MS + 1000}
    events = ok(
        team.owner.patch(f"{WEBHOOKS}/update", {"id": webhook["id"], "events": ["MODEL_VERSION_TAG_SET"]})
    )["webhook"]
    assert (
        events["events"] == ["MODEL_VERSION_TAG_SET"]
        and events["status"] == "TEST_MODE"
        and events["description"] == "keep"
    )
    fails(
        team.owner.patch(f"{WEBHOOKS}/update", {"id": webhook["id"], "events": ["REGISTERED_MODEL_CREATED"]}),
        400,
    )
    fails(team.owner.patch(f"{WEBHOOKS}/update", {"id": "nope"}), 404, "RESOURCE_DOES_NOT_EXIST")


def test_delete_webhook(team: Team, receiver: WebhookReceiver) -> None:
    webhook = ok(
        create_hook(team.owner, model_name="m", events=["COMMENT_CREATED"], http_url_spec=http_spec(receiver))
    )["webhook"]
    assert ok(team.owner.delete(f"{WEBHOOKS}/delete", id=webhook["id"])) == {}
    fails(team.owner.delete(f"{WEBHOOKS}/delete", id=webhook["id"]), 404, "RESOURCE_DOES_NOT_EXIST")
    assert ok(team.owner.get(f"{WEBHOOKS}/list"))["webhooks"] == []


def signature_ok(headers: dict[str, str], body: bytes, secret: str = SECRET) -> bool:
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(headers.get("X-Databricks-Signature", ""), expected)


def test_test_webhook_posts_synchronously_and_returns_the_targets_answer(
    team: Team, receiver: WebhookReceiver
) -> None:
    spec = http_spec(receiver, authorization="Bearer hook-token")
    webhook = ok(
        create_hook(
            team.owner,
            model_name="m",
            events=["MODEL_VERSION_TRANSITIONED_STAGE", "COMMENT_CREATED"],
            http_url_spec=spec,
            status="TEST_MODE",
        )
    )["webhook"]
    receiver.status, receiver.reply = 202, b"accepted"
    assert ok(team.owner.post(f"{WEBHOOKS}/test", {"id": webhook["id"]})) == {
        "status_code": 202,
        "body": "accepted",
    }
    (received,) = receiver.received
    assert signature_ok(received.headers, received.body)
    assert received.headers["Authorization"] == "Bearer hook-token"
    assert received.headers["Content-Type"] == "application/json"
    payload = json.loads(received.body)
    assert payload["event"] == "MODEL_VERSION_TRANSITIONED_STAGE" and payload["webhook_id"] == webhook["id"]
    assert payload["model_name"] == "m" and payload["event_timestamp"] == T0_MS

    ok(team.owner.post(f"{WEBHOOKS}/test", {"id": webhook["id"], "event": "COMMENT_CREATED"}))
    assert json.loads(receiver.received[1].body)["event"] == "COMMENT_CREATED"
    fails(team.owner.post(f"{WEBHOOKS}/test", {"id": webhook["id"], "event": "MODEL_VERSION_CREATED"}), 400)


def test_test_webhook_failures(emu: Emulator, team: Team, receiver: WebhookReceiver) -> None:
    remote = ok(
        create_hook(
            team.owner,
            model_name="m",
            events=["COMMENT_CREATED"],
            http_url_spec={"url": "https://hooks.example.com/x"},
        )
    )["webhook"]
    assert "loopback" in fails(team.owner.post(f"{WEBHOOKS}/test", {"id": remote["id"]}), 400)
    (delivery,) = emu.webhook_deliveries
    assert delivery.status_code is None and delivery.error is not None and "loopback" in delivery.error

    disabled = ok(
        create_hook(
            team.owner,
            model_name="m",
            events=["COMMENT_CREATED"],
            http_url_spec=http_spec(receiver),
            status="DISABLED",
        )
    )["webhook"]
    fails(team.owner.post(f"{WEBHOOKS}/test", {"id": disabled["id"]}), 400, "INVALID_STATE")
    assert receiver.received == []


# ---------------------------------------------------------------------------------------------------- delivery


def test_events_are_delivered_signed_to_matching_active_webhooks(
    emu: Emulator, team: Team, receiver: WebhookReceiver
) -> None:
    every_model_event = [
        "MODEL_VERSION_CREATED",
        "MODEL_VERSION_TRANSITIONED_STAGE",
        "MODEL_VERSION_TRANSITIONED_TO_PRODUCTION",
        "TRANSITION_REQUEST_CREATED",
        "TRANSITION_REQUEST_TO_STAGING_CREATED",
        "COMMENT_CREATED",
        "MODEL_VERSION_TAG_SET",
    ]
    ok(
        create_hook(
            team.owner,
            model_name="m",
            events=every_model_event,
            http_url_spec=http_spec(receiver, authorization="Bearer a"),
        )
    )
    emu.create_registered_model("unrelated", versions=1)  # no webhook of its own: nothing delivered

    emu.create_model_version("m")
    ok(stage_move(team.producer, "1", "Production"))
    ok(team.editor.post(f"{REQUESTS}/create", request_body("2", "Staging", comment="please")))
    ok(team.reader.post(f"{COMMENTS}/create", {"name": "m", "version": "2", "comment": "nice"}))
    emu.set_model_version_tag("m", "2", "validated", "yes")

    deliveries = emu.wait_for_deliveries(7)
    assert [d.event for d in deliveries] == [
        "MODEL_VERSION_CREATED",
        "MODEL_VERSION_TRANSITIONED_STAGE",
        "MODEL_VERSION_TRANSITIONED_TO_PRODUCTION",
        "TRANSITION_REQUEST_CREATED",
        "TRANSITION_REQUEST_TO_STAGING_CREATED",
        "COMMENT_CREATED",
        "MODEL_VERSION_TAG_SET",
    ]
    assert len(receiver.received) == 7
    for delivery, received in zip(deliveries, receiver.received, strict=True):
        assert delivery.status_code == 200 and delivery.error is None
        assert received.body == delivery.body
        assert signature_ok(received.headers, received.body)
        assert received.headers["Authorization"] == "Bearer a"
    payloads = [json.loads(r.body) for r in receiver.received]
    assert payloads[0]["version"] == "4" and payloads[0]["model_name"] == "m"
    assert (payloads[1]["from_stage"], payloads[1]["to_stage"]) == ("None", "Production")
    assert payloads[3]["to_stage"] == "Staging" and payloads[3]["comment"] == "please"
    assert payloads[5]["comment"] == "nice"
    assert payloads[6]["tags"] == [{"key": "validated", "value": "yes"}]
    assert all(p["text"] and p["event_timestamp"] == T0_MS for p in payloads)


def test_test_mode_and_disabled_webhooks_do_not_fire_on_events(
    emu: Emulator, team: Team, receiver: WebhookReceiver
) -> None:
    for status in ("TEST_MODE", "DISABLED"):
        ok(
            create_hook(
                team.owner,
                model_name="m",
                events=["COMMENT_CREATED"],
                http_url_spec=http_spec(receiver, url=receiver.url_for(f"/{status}")),
                status=status,
            )
        )
    ok(
        create_hook(
            team.owner,
            model_name="m",
            events=["MODEL_VERSION_TAG_SET"],
            http_url_spec=http_spec(receiver, url=receiver.url_for("/marker")),
        )
    )
    ok(team.reader.post(f"{COMMENTS}/create", {"name": "m", "version": "1", "comment": "nobody hears this"}))
    emu.set_model_version_tag("m", "1", "k", "v")  # delivered after anything the comment queued
    (delivery,) = emu.wait_for_deliveries(1)
    assert delivery.event == "MODEL_VERSION_TAG_SET"
    assert [r.path for r in receiver.received] == ["/marker"]


def test_registry_wide_webhooks_see_every_model_and_new_models(
    emu: Emulator, receiver: WebhookReceiver
) -> None:
    admin = Caller(emu.url, emu.token, "admin")
    hook = ok(
        create_hook(
            admin,
            events=["REGISTERED_MODEL_CREATED", "MODEL_VERSION_CREATED"],
            http_url_spec=http_spec(receiver),
        )
    )["webhook"]
    emu.create_registered_model("fresh", versions=1)
    deliveries = emu.wait_for_deliveries(2)
    assert [(d.event, d.json()["model_name"], d.webhook_id) for d in deliveries] == [
        ("REGISTERED_MODEL_CREATED", "fresh", hook["id"]),
        ("MODEL_VERSION_CREATED", "fresh", hook["id"]),
    ]


def test_archiving_fires_transition_events_for_archived_versions(
    emu: Emulator, team: Team, receiver: WebhookReceiver
) -> None:
    ok(stage_move(team.admin, "1", "Staging"))
    ok(
        create_hook(
            team.owner,
            model_name="m",
            events=["MODEL_VERSION_TRANSITIONED_TO_ARCHIVED", "MODEL_VERSION_TRANSITIONED_TO_STAGING"],
            http_url_spec=http_spec(receiver),
        )
    )
    ok(stage_move(team.admin, "2", "Staging", archive=True))
    deliveries = emu.wait_for_deliveries(2)
    assert [(d.event, d.json()["version"]) for d in deliveries] == [
        ("MODEL_VERSION_TRANSITIONED_TO_STAGING", "2"),
        ("MODEL_VERSION_TRANSITIONED_TO_ARCHIVED", "1"),
    ]


def test_non_loopback_and_job_webhooks_are_recorded_but_never_called(emu: Emulator, team: Team) -> None:
    ok(
        create_hook(
            team.owner,
            model_name="m",
            events=["COMMENT_CREATED"],
            http_url_spec={"url": "http://192.0.2.10/hook", "secret": SECRET},
        )
    )
    ok(
        create_hook(
            team.owner,
            model_name="m",
            events=["COMMENT_CREATED"],
            job_spec={"job_id": "12", "access_token": "dapi-job"},
        )
    )
    ok(team.reader.post(f"{COMMENTS}/create", {"name": "m", "version": "1", "comment": "c"}))
    remote, job = sorted(emu.wait_for_deliveries(2), key=lambda d: d.url.startswith("/api"))
    assert remote.status_code is None and remote.error is not None and "192.0.2.10" in remote.error
    assert signature_ok(remote.headers, remote.body)
    assert job.error is None and job.status_code is None and job.url.endswith("/api/2.0/jobs/run-now")
    run_now = job.json()
    assert run_now["job_id"] == 12  # a number, as the run-now API takes it
    assert json.loads(run_now["notebook_params"]["event_message"])["event"] == "COMMENT_CREATED"
    assert run_now["python_params"] == [run_now["notebook_params"]["event_message"]]
    assert "dapi-job" not in json.dumps(job.headers)
