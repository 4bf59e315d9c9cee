"""The planner fed from real API bodies: the spec's examples, and the demo workspace served by the emulator,
planned, applied through databricks-sdk's catalog client, and planned again."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from _spec_helpers import SPEC, operations, response_media
from databricks.sdk import WorkspaceClient
from databricks.sdk.core import Config
from databricks.sdk.service.catalog import PermissionsChange, Privilege

from databricks_mlflow_client.emulator import Emulator
from databricks_mlflow_client.emulator._uc_seed import UnityCatalog
from databricks_mlflow_client.migrate import (
    AclEntry,
    Options,
    Plan,
    UcSide,
    WorkspaceModel,
    acl_entries,
    plan_migration,
    transition_requests,
    uc_model,
    webhook,
    workspace_model,
)

SCHEMA = "main.ml"


def example(op_id: str) -> Any:
    return response_media(SPEC, operations(SPEC)[op_id])["example"]


def test_inputs_from_the_spec_examples() -> None:
    assert acl_entries(example("get_registered_model_permissions")) == (
        AclEntry("alice@example.com", "user", "CAN_MANAGE"),
        AclEntry("admins", "group", "CAN_MANAGE", ("/registered-models/root",)),
    )
    model = uc_model(
        example("get_uc_registered_model"),
        example("list_uc_model_versions")["model_versions"],
        example("get_uc_grants"),
    )
    assert (model.full_name, model.owner, dict(model.aliases)) == (
        "main.ml_models.fraud_detector",
        "alice@example.com",
        {"champion": 3},
    )
    assert [v.version for v in model.versions] == [3]
    assert model.grants["ml-engineers"] == {"APPLY_TAG", "EXECUTE"}
    hook = webhook(example("create_webhook")["webhook"])
    assert (hook.model_name, hook.target) == ("fraud-detector", "https://hooks.example.com/mlflow")
    wm = workspace_model(
        example("get_model")["registered_model_databricks"],
        {},
        example("get_model")["registered_model_databricks"]["latest_versions"],
    )
    assert (wm.creator, wm.tags, wm.versions[0].stage) == (
        "alice@example.com",
        {"team": "risk"},
        "Production",
    )
    (request,) = transition_requests(3, example("list_transition_requests")["requests"])
    assert (request.creator, request.to_stage) == ("bob@example.com", "Staging")


# ------------------------------------------------------------------------------------------ the demo workspace


@pytest.fixture
def emu(monkeypatch: pytest.MonkeyPatch) -> Iterator[Emulator]:
    for name in (
        "DATABRICKS_HOST",
        "DATABRICKS_TOKEN",
        "DATABRICKS_CONFIG_PROFILE",
        "DATABRICKS_CONFIG_FILE",
    ):
        monkeypatch.delenv(name, raising=False)
    with Emulator(seed="demo") as emulator:
        uc = UnityCatalog(emulator)
        uc.create_catalog("main")
        uc.create_schema(SCHEMA)
        yield emulator


def read_workspace(emu: Emulator) -> list[WorkspaceModel]:
    """Every model of the workspace registry with its ACL, versions and open requests, over HTTP."""
    api = httpx.Client(base_url=emu.url, headers={"Authorization": f"Bearer {emu.token}"})
    models = []
    for found in api.get("/api/2.0/mlflow/registered-models/search").json()["registered_models"]:
        name = found["name"]
        model = api.get("/api/2.0/mlflow/databricks/registered-models/get", params={"name": name}).json()
        body = model["registered_model_databricks"]
        permissions = api.get(f"/api/2.0/permissions/registered-models/{body['id']}").json()
        listed_versions = api.get(
            "/api/2.0/mlflow/model-versions/search", params={"filter": f"name='{name}'"}
        )
        versions = listed_versions.json()["model_versions"]
        requests = []
        for version in versions:
            params = {"name": name, "version": version["version"]}
            listed = api.get("/api/2.0/mlflow/transition-requests/list", params=params).json()
            requests += transition_requests(int(version["version"]), listed.get("requests") or ())
        models.append(workspace_model(body, permissions, versions, requests))
    return models


def read_uc(emu: Emulator) -> UcSide:
    api = httpx.Client(base_url=emu.url, headers={"Authorization": f"Bearer {emu.token}"})
    listed = api.get(
        "/api/2.1/unity-catalog/models", params={"catalog_name": "main", "schema_name": "ml"}
    ).json()
    models = {}
    for info in listed.get("registered_models") or ():
        name = info["full_name"]
        info = api.get(f"/api/2.1/unity-catalog/models/{name}", params={"include_aliases": "true"}).json()
        versions = (
            api.get(f"/api/2.1/unity-catalog/models/{name}/versions").json().get("model_versions") or ()
        )
        grants = api.get(f"/api/2.1/unity-catalog/permissions/function/{name}").json()
        models[name] = uc_model(info, versions, grants)
    return UcSide(models=models)


def apply_with_the_sdk(emu: Emulator, plan: Plan, workspace: list[WorkspaceModel]) -> None:
    """What phase 2's `apply` will do, through databricks-sdk; tags are left out (no UC tag operation yet)."""
    w = WorkspaceClient(
        config=Config(host=emu.url, token=emu.token, auth_type="pat", retry_timeout_seconds=5)
    )
    uc = UnityCatalog(emu)
    by_name = {m.name: m for m in workspace}
    for model_plan in plan.models:
        copies: dict[int, int] = dict(model_plan.version_map)
        catalog, schema, name = model_plan.target.split(".")
        for action in model_plan.actions:
            p = action.params
            if action.kind == "create_model":
                w.registered_models.create(
                    catalog_name=catalog, schema_name=schema, name=name, comment=p["comment"]
                )
            elif action.kind == "copy_version":  # stands in for mlflow's copy_model_version
                source = next(
                    v for v in by_name[model_plan.source].versions if v.version == p["workspace_version"]
                )
                copies[source.version] = uc.create_model_version(
                    action.target, source=source.source, run_id=source.run_id
                )
                w.model_versions.update(action.target, copies[source.version], comment=p["comment"])
            elif action.kind == "set_version_comment":
                w.model_versions.update(action.target, p["version"], comment=p["comment"])
            elif action.kind == "set_alias":
                w.registered_models.set_alias(
                    action.target, p["alias"], p["version_num"] or copies[p["workspace_version"]]
                )
            elif action.kind == "grant":
                change = PermissionsChange(principal=p["principal"], add=[Privilege(x) for x in p["add"]])
                w.grants.update("function", action.target, changes=[change])
            elif action.kind == "set_owner":
                w.registered_models.update(action.target, owner=p["owner"])
            elif action.kind == "set_comment":
                w.registered_models.update(action.target, comment=p["comment"])


def test_the_demo_workspace_is_planned_applied_and_planned_again(emu: Emulator) -> None:
    workspace = read_workspace(emu)
    options = Options(copy_versions=True)
    first = plan_migration(workspace, read_uc(emu), SCHEMA, options)
    kinds = [a.kind for a in first.actions]
    assert kinds.count("create_model") == 5 and kinds.count("set_owner") == 5
    assert kinds.count("copy_version") == 8  # 3 + 2 + 1 + 2 + 0 versions
    assert {
        (a.target, a.params["alias"], a.params["workspace_version"])
        for a in first.actions
        if a.kind == "set_alias"
    } == {
        ("main.ml.sklearn_wine_best", "champion", 2),
        ("main.ml.sklearn_wine_best", "challenger", 3),
        ("main.ml.fraud-detector", "champion", 1),
        ("main.ml.churn-predictor", "challenger", 1),
    }
    no_equivalent = [f for f in first.all_findings if f.kind == "no_uc_equivalent"]
    # per model: data-scientists CAN_EDIT, the two stage levels (3 principals), the creator's direct CAN_MANAGE
    assert len(no_equivalent) == 5 * 5

    apply_with_the_sdk(emu, first, workspace)
    again = plan_migration(read_workspace(emu), read_uc(emu), SCHEMA, options)
    assert {a.kind for a in again.actions} == {"set_tag"}  # UC model tags need an operation the spec lacks
    assert [(m.target, dict(m.version_map)) for m in again.models if m.source == "fraud-detector"] == [
        ("main.ml.fraud-detector", {1: 1, 2: 2})
    ]
