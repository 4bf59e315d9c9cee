"""`permissions export` / `apply` with Unity Catalog models (section ``unity_catalog_models``): owners and direct
grants beside the workspace ACLs, over loopback HTTP against the emulator's metastore."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from click.testing import CliRunner, Result

from databricks_mlflow_client.cli import main
from databricks_mlflow_client.cli._acl_plan import PermissionsFileError
from databricks_mlflow_client.cli._app import InvalidInput
from databricks_mlflow_client.cli._uc_governance import UcModel, iter_uc_models, plan_model, read_section
from databricks_mlflow_client.emulator import Emulator
from databricks_mlflow_client.emulator._uc_seed import UnityCatalog

FRAUD, CHURN, OTHER = "main.ml.fraud", "main.ml.churn", "main.staging.other"
ADMIN = "admin@example.com"
DANA, DANA_TOKEN = "dana@example.com", "dana-token"
GRANTS_PATH = "/api/2.1/unity-catalog/permissions/function/"
MODEL_PATH = "/api/2.1/unity-catalog/models/"


@pytest.fixture
def emu() -> Iterator[Emulator]:
    with Emulator(seed="demo") as emulator:
        emulator.add_group("auditors")
        emulator.add_user(DANA, token=DANA_TOKEN)
        uc = UnityCatalog(emulator)
        uc.create_catalog("main")
        uc.create_schema("main.ml")
        uc.create_schema("main.staging")
        uc.create_model(FRAUD)
        uc.create_model(CHURN)
        uc.create_model(OTHER)
        uc.grant("function", FRAUD, "data-scientists", "EXECUTE", "APPLY_TAG")
        uc.grant("function", FRAUD, "ml-engineers", "EXECUTE")
        uc.grant("schema", "main.ml", "auditors", "USE_SCHEMA", "EXECUTE")  # inherited by every model
        yield emulator


def cli(emu: Emulator, *args: str, output: str = "json", token: str | None = None, stdin: str = "") -> Result:
    env = {
        "DATABRICKS_TOKEN": token or emu.token,
        "DATABRICKS_CONFIG_PROFILE": None,
        "DATABRICKS_MLFLOW_OUTPUT": None,
    }
    result = CliRunner(env=env).invoke(main, ["--host", emu.url, "--output", output, *args], input=stdin)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def apply(emu: Emulator, path: Path, *extra: str, **options: Any) -> Result:
    return cli(emu, "permissions", "apply", str(path), *extra, **options)


def write(path: Path, document: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    return path


def state(emu: Emulator, name: str) -> tuple[str, dict[str, list[str]]]:
    """The model's owner and direct grants, read inside the emulator (not through the code under test)."""
    owner = UnityCatalog(emu).model(name)["owner"]
    answer = emu.workspace.handle(
        "get_uc_grants", emu.workspace.admin, {"securable_type": "function", "full_name": name}
    )
    return owner, {a["principal"]: a["privileges"] for a in answer["privilege_assignments"]}


def writes(emu: Emulator) -> list[tuple[str, str]]:
    return [(r.method, r.path) for r in emu.requests if r.method in ("PUT", "PATCH", "POST", "DELETE")]


def desired() -> dict[str, Any]:
    """fraud: data-scientists lose APPLY_TAG, auditors may read, ml-engineers own it; churn: auditors tag."""
    return {
        "unity_catalog_models": {
            FRAUD: {
                "owner": "ml-engineers",
                "grants": [
                    {"principal": "auditors", "privileges": ["EXECUTE"]},
                    {"principal": "data-scientists", "privileges": ["EXECUTE"]},
                    {"principal": "ml-engineers", "privileges": ["EXECUTE"]},
                ],
            },
            CHURN: {"grants": [{"principal": "auditors", "privileges": ["APPLY_TAG", "EXECUTE"]}]},
        }
    }


# ---------------------------------------------------------------- the plan and the file (pure)


def test_the_plan_is_privileges_per_principal_and_the_owner() -> None:
    wanted = UcModel(FRAUD, {"a": frozenset({"EXECUTE"}), "b": frozenset({"EXECUTE", "MANAGE"})}, owner="b")
    plan = plan_model(wanted, "me", {"a": frozenset({"EXECUTE", "APPLY_TAG"}), "c": frozenset({"EXECUTE"})})
    assert [(c.label, c.after) for c in plan.add] == [("b", "EXECUTE"), ("b", "MANAGE")]
    assert [(c.label, c.before) for c in plan.remove] == [("a", "APPLY_TAG"), ("c", "EXECUTE")]
    assert [(c.label, c.before, c.after) for c in plan.change] == [("owner", "me", "b")]
    assert plan.grant_changes() == [
        {"principal": "a", "remove": ["APPLY_TAG"]},
        {"principal": "b", "add": ["EXECUTE", "MANAGE"]},
        {"principal": "c", "remove": ["EXECUTE"]},
    ]
    assert (plan.method, plan.new_owner) == ("PATCH", "b")
    assert plan.summary() == "2 to add, 1 to change, 2 to remove (PATCH)"
    same = plan_model(UcModel(FRAUD, {"a": frozenset({"EXECUTE"})}), "me", {"a": frozenset({"EXECUTE"})})
    assert (same.has_changes, same.method) == (False, None)  # no owner in the file: the owner is not managed


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "unity_catalog_models:\n  main.ml: {grants: []}\n",
            "line 2: unity_catalog_models: 'main.ml' must be",
        ),
        (
            "unity_catalog_models:\n  main.ml.m: {grants: []}\n  MAIN.ml.M: {grants: []}\n",
            "line 3: 'MAIN.ml.M' is given twice (first on line 2)",
        ),
        (
            "unity_catalog_models:\n  main.ml.m: {owner: x}\n",
            "unity_catalog_models.main.ml.m.grants: missing",
        ),
        ("unity_catalog_models:\n  main.ml.m: {grants: [], tags: {}}\n", "main.ml.m: unknown key 'tags'"),
        (
            "unity_catalog_models:\n  main.ml.m:\n    grants:\n    - {principal: g, privileges: [EXECUT]}\n",
            "unity_catalog_models.main.ml.m.grants[0].privileges[0]: must be one of",
        ),
        (
            "unity_catalog_models:\n  main.ml.m:\n    grants:\n    - {principal: g, privileges: [EXECUTE, USE_CATALOG]}\n",
            "grants[0].privileges[1]: USE_CATALOG cannot be granted on a registered model",
        ),
        (
            "unity_catalog_models:\n  main.ml.m:\n    grants:\n    - {principal: g, privileges: [EXECUTE]}\n"
            "    - {principal: g, privileges: [MANAGE]}\n",
            "main.ml.m: 'g' is listed twice",
        ),
        (
            "unity_catalog_models:\n  main.ml.m:\n    grants:\n    - {principal: g, privileges: []}\n",
            "grants[0].privileges: must be a non-empty list",
        ),
        (
            "unity_catalog_models:\n  main.ml.m:\n    grants:\n    - principal: g\n      principal: h\n",
            "line 5: 'principal' is given twice",
        ),
    ],
)
def test_a_malformed_section_is_refused_with_the_place(text: str, message: str) -> None:
    with pytest.raises(PermissionsFileError, match=re.escape(message)):
        list(iter_uc_models(text))


def test_the_workspace_sections_are_skipped_and_the_section_may_come_first() -> None:
    text = (
        "unity_catalog_models:\n  main.ml.m:\n    owner: o\n    grants: []\n"
        "registered_models:\n  m: [{group_name: g, permission_level: CAN_READ}]\nexperiments: {}\n"
    )
    assert list(iter_uc_models(text)) == [UcModel("main.ml.m", {}, "o")]


class Named(io.StringIO):
    name = "governance.yaml"


@pytest.mark.parametrize(
    "text",
    [
        "registered_models:\n  m: []\n# a comment\nunity_catalog_models:\n  main.ml.a: {owner: o, grants: []}\n"
        "  main.ml.b:\n    grants:\n    - {principal: g, privileges: [EXECUTE]}\nexperiments: {}\n",
        "{registered_models: {m: []}, unity_catalog_models: {main.ml.a: {owner: o, grants: []},"
        " main.ml.b: {grants: [{principal: g, privileges: [EXECUTE]}]}}}\n",  # flow style: the whole file is walked
        "'unity_catalog_models':\n  main.ml.a: {owner: o, grants: []}\n  main.ml.b:\n    grants:\n"
        "    - {principal: g, privileges: [EXECUTE]}\n",
    ],
)
def test_the_section_reads_the_same_in_any_layout(text: str) -> None:
    assert read_section(Named(text)) == [
        UcModel("main.ml.a", {}, "o"),
        UcModel("main.ml.b", {"g": frozenset({"EXECUTE"})}),
    ]


def test_errors_in_a_section_after_others_keep_their_line_numbers() -> None:
    text = "registered_models:\n  m: []\nunity_catalog_models:\n  main.ml.a: {grants: []}\n  main.ml.A: {grants: []}\n"
    with pytest.raises(
        InvalidInput, match=re.escape("governance.yaml: line 5: 'main.ml.A' is given twice (first on line 4)")
    ):
        read_section(Named(text))


# ---------------------------------------------------------------- export


def test_export_writes_owners_and_direct_grants_only(emu: Emulator, tmp_path: Path) -> None:
    out = tmp_path / "governance.yaml"
    result = cli(
        emu, "permissions", "export", "--uc-schema", "main.ml", "--uc-model", "main.*.oth*", "-f", str(out)
    )
    assert result.exit_code == 0, result.output
    assert "Wrote the direct grants of 3 objects" in result.stderr
    document = yaml.safe_load(out.read_text())
    assert document == {
        "registered_models": {},
        "experiments": {},
        "unity_catalog_models": {
            CHURN: {"owner": ADMIN, "grants": []},  # auditors' EXECUTE is inherited from the schema: not here
            FRAUD: {
                "owner": ADMIN,
                "grants": [
                    {"principal": "data-scientists", "privileges": ["APPLY_TAG", "EXECUTE"]},
                    {"principal": "ml-engineers", "privileges": ["EXECUTE"]},
                ],
            },
            OTHER: {"owner": ADMIN, "grants": []},
        },
    }
    assert "    - principal: data-scientists\n      privileges: [APPLY_TAG, EXECUTE]\n" in out.read_text()
    assert not any("effective-permissions" in r.path for r in emu.requests)


def test_an_exported_file_applies_as_no_changes(emu: Emulator, tmp_path: Path) -> None:
    out = tmp_path / "governance.yaml"
    exported = cli(
        emu, "permissions", "export", "--model", "fraud-detector", "--uc-schema", "main.ml", "-f", str(out)
    )
    assert exported.exit_code == 0, exported.output
    emu.clear_requests()
    result = apply(emu, out)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["summary"] == {"planned": 0, "applied": 0, "unchanged": 3, "failed": 0}
    assert writes(emu) == []


def test_export_of_a_missing_model_fails_and_writes_no_file(emu: Emulator, tmp_path: Path) -> None:
    out = tmp_path / "governance.yaml"
    result = cli(emu, "permissions", "export", "--uc-model", "main.ml.nope", "-f", str(out))
    assert result.exit_code == 1
    assert "main.ml.nope" in result.stderr
    assert not out.exists()


def test_export_refuses_a_selection_that_is_not_a_model_name(emu: Emulator) -> None:
    result = cli(emu, "permissions", "export", "--uc-model", "main.fraud")
    assert result.exit_code == 2
    assert "Invalid value for '--uc-model': 'main.fraud' must be catalog.schema.model" in result.stderr
    assert emu.requests == []


# ---------------------------------------------------------------- plan and apply


def test_the_plan_shows_the_difference_exits_3_and_writes_nothing(emu: Emulator, tmp_path: Path) -> None:
    path = write(tmp_path / "governance.yaml", desired())
    before = state(emu, FRAUD), state(emu, CHURN)
    emu.clear_requests()
    result = apply(emu, path)
    assert result.exit_code == 3, result.output
    report = json.loads(result.stdout)
    assert report["summary"] == {"planned": 2, "applied": 0, "unchanged": 0, "failed": 0}
    fraud = report["objects"][0]
    assert (fraud["kind"], fraud["name"], fraud["method"]) == ("unity_catalog_models", FRAUD, "PATCH")
    assert fraud["add"] == [{"principal": "auditors", "permission_level": "EXECUTE"}]
    assert fraud["remove"] == [{"principal": "data-scientists", "permission_level": "APPLY_TAG"}]
    assert fraud["change"] == [{"principal": "owner", "from": ADMIN, "to": "ml-engineers"}]
    assert writes(emu) == []
    assert (state(emu, FRAUD), state(emu, CHURN)) == before

    table = apply(emu, path, output="table")
    lines = table.stdout.splitlines()
    assert f"Unity Catalog model {FRAUD}: 1 to add, 1 to change, 1 to remove (PATCH)" in lines
    assert ["~", "owner", ADMIN, "->", "ml-engineers"] in [line.split() for line in lines]
    assert ["-", "data-scientists", "APPLY_TAG"] in [line.split() for line in lines]
    assert lines[-1] == "Nothing was changed; run again with --yes to apply."


def test_apply_then_apply_again_changes_nothing(emu: Emulator, tmp_path: Path) -> None:
    path = write(tmp_path / "governance.yaml", desired())
    emu.clear_requests()
    first = apply(emu, path, "--yes", "--verify", "reread")
    assert first.exit_code == 0, first.output
    assert json.loads(first.stdout)["summary"] == {"planned": 0, "applied": 2, "unchanged": 0, "failed": 0}
    assert state(emu, FRAUD) == (
        "ml-engineers",
        {"auditors": ["EXECUTE"], "data-scientists": ["EXECUTE"], "ml-engineers": ["EXECUTE"]},
    )
    assert state(emu, CHURN) == (ADMIN, {"auditors": ["APPLY_TAG", "EXECUTE"]})  # no owner in the file: kept
    # one PATCH of the grants per model, and the owner after the grants
    sent = writes(emu)
    assert sorted(sent) == sorted(
        [("PATCH", GRANTS_PATH + FRAUD), ("PATCH", MODEL_PATH + FRAUD), ("PATCH", GRANTS_PATH + CHURN)]
    )  # one PATCH of the grants per model, and one of the owner
    assert sent.index(("PATCH", GRANTS_PATH + FRAUD)) < sent.index(
        ("PATCH", MODEL_PATH + FRAUD)
    )  # owner last
    emu.clear_requests()
    second = apply(emu, path, "--yes")
    assert second.exit_code == 0, second.output
    assert json.loads(second.stdout)["summary"] == {"planned": 0, "applied": 0, "unchanged": 2, "failed": 0}
    assert writes(emu) == []


def test_a_refused_owner_change_undoes_the_grant_changes(emu: Emulator, tmp_path: Path) -> None:
    """Dana holds MANAGE (may grant) but is not the owner (may not move the owner): nothing is left half-done."""
    uc = UnityCatalog(emu)
    uc.grant("catalog", "main", DANA, "USE_CATALOG")
    uc.grant("schema", "main.ml", DANA, "USE_SCHEMA")
    uc.grant("function", FRAUD, DANA, "MANAGE", "EXECUTE")
    before = state(emu, FRAUD)
    document = desired()
    document["unity_catalog_models"][FRAUD]["grants"].append(
        {"principal": DANA, "privileges": ["EXECUTE", "MANAGE"]}
    )
    path = write(tmp_path / "governance.yaml", document)
    result = apply(emu, path, "--yes", token=DANA_TOKEN)
    assert result.exit_code == 1, result.output
    objects = {obj["name"]: obj for obj in json.loads(result.stdout)["objects"]}
    assert objects[FRAUD]["status"] == "failed"
    assert "PERMISSION_DENIED" in objects[FRAUD]["error"]
    assert "the owner did not change, and the grant changes were undone" in objects[FRAUD]["error"]
    assert state(emu, FRAUD) == before
    assert objects[CHURN]["status"] == "failed"  # Dana has no right on churn: its own failure


def test_one_failing_model_does_not_stop_the_others(emu: Emulator, tmp_path: Path) -> None:
    document = desired()
    document["unity_catalog_models"]["main.ml.no_such_model"] = {"grants": []}
    document["unity_catalog_models"][OTHER] = {
        "grants": [{"principal": "auditors", "privileges": ["EXECUTE"]}]
    }
    path = write(tmp_path / "governance.yaml", document)
    emu.inject(GRANTS_PATH + CHURN, "status", status=403, method="PATCH")
    result = apply(emu, path, "--yes", "--allow-empty")
    assert result.exit_code == 1
    assert "Error: 2 of 4 objects failed" in result.stderr
    statuses = {obj["name"]: (obj["status"], obj["error"]) for obj in json.loads(result.stdout)["objects"]}
    assert statuses["main.ml.no_such_model"][0] == "failed"
    assert "Registered model 'main.ml.no_such_model' does not exist" in statuses["main.ml.no_such_model"][1]
    assert statuses[CHURN][0] == "failed"
    assert (statuses[FRAUD][0], statuses[OTHER][0]) == ("applied", "applied")
    assert state(emu, OTHER) == (ADMIN, {"auditors": ["EXECUTE"]})
    assert state(emu, CHURN) == (ADMIN, {})


def test_unknown_principals_and_owners_exit_2_before_any_write(emu: Emulator, tmp_path: Path) -> None:
    document = desired()
    document["unity_catalog_models"][FRAUD]["owner"] = "nobody@example.com"
    document["unity_catalog_models"][CHURN]["grants"].append(
        {"principal": "auditorz", "privileges": ["EXECUTE"]}
    )
    document["unity_catalog_models"][OTHER] = {
        "grants": [{"principal": "account users", "privileges": ["EXECUTE"]}]
    }
    path = write(tmp_path / "governance.yaml", document)
    emu.clear_requests()
    result = apply(emu, path, "--yes")
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert "2 principal(s) do not exist in the workspace; nothing was changed" in lines[0]
    assert f"  Unity Catalog model {FRAUD}: nobody@example.com (owner)" in lines
    assert f"  Unity Catalog model {CHURN}: auditorz" in lines
    assert not any(OTHER in line for line in lines)  # `account users` is Unity Catalog's own group
    assert [r.path for r in emu.requests if not r.path.startswith("/api/2.0/preview/scim/v2/")] == []


def test_a_bad_privilege_exits_2_naming_the_field_before_any_request(emu: Emulator, tmp_path: Path) -> None:
    document = desired()
    document["unity_catalog_models"][CHURN]["grants"][0]["privileges"] = ["EXECUTE", "READ"]
    path = write(tmp_path / "governance.yaml", document)
    emu.clear_requests()
    result = apply(emu, path, "--yes")
    assert result.exit_code == 2
    assert f"unity_catalog_models.{CHURN}.grants[0].privileges[1]: must be one of" in result.stderr
    assert str(path) in result.stderr
    assert emu.requests == []


def test_emptying_a_model_needs_allow_empty(emu: Emulator, tmp_path: Path) -> None:
    path = write(
        tmp_path / "governance.yaml", {"unity_catalog_models": {FRAUD: {"grants": []}, CHURN: {"grants": []}}}
    )
    refused = apply(emu, path, "--yes")
    assert refused.exit_code == 2
    assert "pass --allow-empty" in refused.stderr
    assert f"{FRAUD}: grants: [] would remove every direct grant" in refused.stderr
    assert CHURN not in refused.stderr  # nothing to remove there
    assert state(emu, FRAUD)[1] != {}
    allowed = apply(emu, path, "--yes", "--allow-empty")
    assert allowed.exit_code == 0, allowed.output
    assert state(emu, FRAUD) == (ADMIN, {})


def test_one_file_governs_both_registries(emu: Emulator, tmp_path: Path) -> None:
    document = desired()
    document["registered_models"] = {
        "fraud-detector": [{"group_name": "auditors", "permission_level": "CAN_READ"}]
    }
    path = write(tmp_path / "governance.yaml", document)
    planned = apply(emu, path, output="table")
    assert planned.exit_code == 3
    assert "Plan: 3 to change, 0 unchanged, 0 failed." in planned.stdout
    applied = apply(emu, path, "--yes", "--allow-empty")
    assert applied.exit_code == 0, applied.output
    objects = json.loads(applied.stdout)["objects"]
    assert [(o["kind"], o["status"]) for o in objects] == [
        ("registered_models", "applied"),
        ("unity_catalog_models", "applied"),
        ("unity_catalog_models", "applied"),
    ]
    emu.clear_requests()
    again = cli(
        emu, "permissions", "apply", "-", "--yes", stdin=path.read_text()
    )  # stdin: both sections read
    assert again.exit_code == 0, again.output
    assert json.loads(again.stdout)["summary"] == {"planned": 0, "applied": 0, "unchanged": 3, "failed": 0}
    assert writes(emu) == []


def test_the_schema_owner_may_hand_over_a_model(emu: Emulator, tmp_path: Path) -> None:
    """Ledger rule 18: the owner of a model's schema may transfer the model's ownership (and only that)."""
    uc = UnityCatalog(emu)
    uc.create_schema("main.team", owner=DANA)
    uc.create_model("main.team.m", owner="ml-engineers")
    uc.grant("catalog", "main", DANA, "USE_CATALOG")
    uc.grant("function", "main.team.m", DANA, "EXECUTE")
    path = write(
        tmp_path / "governance.yaml",
        {
            "unity_catalog_models": {
                "main.team.m": {
                    "owner": "data-scientists",
                    "grants": [{"principal": DANA, "privileges": ["EXECUTE"]}],
                }
            }
        },
    )
    result = apply(emu, path, "--yes", token=DANA_TOKEN)
    assert result.exit_code == 0, result.output
    assert state(emu, "main.team.m") == ("data-scientists", {DANA: ["EXECUTE"]})
    other_change = httpx.patch(
        f"{emu.url}{MODEL_PATH}main.team.m",
        json={"comment": "mine"},
        headers={"Authorization": f"Bearer {DANA_TOKEN}"},
    )
    assert (other_change.status_code, other_change.json()["error_code"]) == (403, "PERMISSION_DENIED")
