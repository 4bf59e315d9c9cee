"""`permissions apply`: the pure plan, then plan / apply / re-apply / partial failure against the emulator."""

from __future__ import annotations

import asyncio
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

from databricks_mlflow_client import DatabricksMlflowClient
from databricks_mlflow_client.cli import main
from databricks_mlflow_client.cli._acl_plan import (
    Grant,
    PermissionsFileError,
    PermissionsFileWriter,
    Target,
    iter_permissions_file,
    parse_permissions_file,
    permissions_document,
    plan_object,
)
from databricks_mlflow_client.emulator import Emulator

MODEL = Target("registered_models", "m")
READ = "CAN_READ"
EDIT = "CAN_EDIT"

# ---------------------------------------------------------------- the plan (pure)


def test_plan_adds_changes_and_removes_by_principal() -> None:
    current = [
        {"group_name": "keep", "permission_level": READ},
        {"group_name": "raise", "permission_level": READ},
        {"user_name": "gone@x", "permission_level": EDIT},
    ]
    desired = [
        Grant(("group_name", "keep"), READ),
        Grant(("group_name", "raise"), EDIT),
        Grant(("service_principal_name", "app-1"), READ),
    ]
    plan = plan_object(MODEL, current, desired)
    assert [(c.label, c.after) for c in plan.add] == [("sp:app-1", READ)]
    assert [(c.label, c.before, c.after) for c in plan.change] == [("group:raise", READ, EDIT)]
    assert [(c.label, c.before) for c in plan.remove] == [("user:gone@x", EDIT)]
    assert plan.method == "PUT"
    assert plan.request_acl() == [grant.to_wire() for grant in desired]  # PUT sends the whole desired list


def test_plan_without_removals_patches_only_what_differs() -> None:
    current = [{"group_name": "a", "permission_level": READ}, {"group_name": "b", "permission_level": READ}]
    desired = [
        Grant(("group_name", "a"), READ),
        Grant(("group_name", "b"), EDIT),
        Grant(("user_name", "u"), READ),
    ]
    plan = plan_object(MODEL, current, desired)
    assert plan.method == "PATCH"
    assert plan.request_acl() == [
        {"user_name": "u", "permission_level": READ},
        {"group_name": "b", "permission_level": EDIT},
    ]
    assert plan.summary() == "1 to add, 1 to change, 0 to remove (PATCH)"


def test_plan_of_an_object_that_matches_is_empty() -> None:
    current = [{"group_name": "a", "permission_level": READ}]
    plan = plan_object(MODEL, current, [Grant(("group_name", "a"), READ)])
    assert (plan.has_changes, plan.method, plan.summary()) == (False, None, "no changes")


def test_plan_to_nothing_removes_everything_with_an_empty_put() -> None:
    plan = plan_object(MODEL, [{"group_name": "a", "permission_level": READ}], [])
    assert (plan.method, plan.request_acl()) == ("PUT", [])


def test_the_file_round_trips_through_the_document() -> None:
    acls = {
        Target("experiments", "/Shared/e"): [{"group_name": "g", "permission_level": READ}],
        Target("registered_models", "m"): [
            {"user_name": "z@x", "permission_level": READ},
            {"group_name": "b", "permission_level": EDIT},
        ],
    }
    document = permissions_document(acls)
    assert document == {
        "registered_models": {
            "m": [
                {"user_name": "z@x", "permission_level": READ},
                {"group_name": "b", "permission_level": EDIT},
            ]
        },
        "experiments": {"/Shared/e": [{"group_name": "g", "permission_level": READ}]},
    }
    parsed = parse_permissions_file(yaml.safe_load(yaml.safe_dump(document)))
    assert parsed[Target("registered_models", "m")] == (
        Grant(("user_name", "z@x"), READ),
        Grant(("group_name", "b"), EDIT),
    )


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ([1], "must be a mapping"),
        ({"models": {}}, "unknown section 'models'"),
        ({"registered_models": {"m": None}}, "registered_models.m: empty; write []"),
        ({"registered_models": {"m": [{"group_name": "g"}]}}, "registered_models.m[0].permission_level"),
        (
            {"registered_models": {"m": [{"group_name": "g", "user_name": "u", "permission_level": READ}]}},
            "registered_models.m[0]: give exactly one of",
        ),
        (
            {"experiments": {"e": [{"group_name": "g", "permission_level": READ, "level": READ}]}},
            "experiments.e[0]: unknown key 'level'",
        ),
        (
            {"experiments": {"e": [{"group_name": "g", "permission_level": READ}] * 2}},
            "experiments.e: group:g is listed twice",
        ),
    ],
)
def test_malformed_files_are_refused_with_the_place(document: Any, message: str) -> None:
    with pytest.raises(PermissionsFileError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse_permissions_file(document)


# ---------------------------------------------------------------- against the emulator


@pytest.fixture
def emu() -> Iterator[Emulator]:
    with Emulator(seed="demo") as emulator:
        emulator.add_group("auditors")
        yield emulator


@pytest.fixture
def sdk(emu: Emulator) -> Iterator[DatabricksMlflowClient]:
    with DatabricksMlflowClient(host=emu.url, token=emu.token) as client:
        yield client


def apply(emu: Emulator, path: Path, *extra: str, output: str = "json") -> Result:
    env = {"DATABRICKS_TOKEN": emu.token, "DATABRICKS_CONFIG_PROFILE": None, "DATABRICKS_MLFLOW_OUTPUT": None}
    args = ["--host", emu.url, "--output", output, "permissions", "apply", str(path), *extra]
    result = CliRunner(env=env).invoke(main, args)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def write(path: Path, document: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    return path


def desired_state(sdk: DatabricksMlflowClient) -> dict[str, Any]:
    """Every model: + auditors; fraud-detector: ml-engineers raised; churn-predictor: the deploy bot removed."""
    models: dict[str, Any] = {}
    for name in ("Sklearn_Wine_best", "churn-predictor", "fraud-detector"):
        grants = sdk.permissions.registered_models.direct(name)
        grants.append({"group_name": "auditors", "permission_level": READ})
        if name == "fraud-detector":
            for grant in grants:
                if grant.get("group_name") == "ml-engineers":
                    grant["permission_level"] = "CAN_MANAGE"
        if name == "churn-predictor":
            grants = [grant for grant in grants if "service_principal_name" not in grant]
        models[name] = grants
    experiments = {"/Shared/fraud-detection": [{"group_name": "auditors", "permission_level": READ}]}
    return {"registered_models": models, "experiments": experiments}


def snapshot(sdk: DatabricksMlflowClient) -> dict[str, list[dict[str, str]]]:
    acls = {
        name: sdk.permissions.registered_models.direct(name)
        for name in ("Sklearn_Wine_best", "churn-predictor", "fraud-detector", "recommender")
    }
    acls["experiment"] = sdk.permissions.experiments.direct("/Shared/fraud-detection")
    return acls


def key(entries: list[dict[str, str]]) -> list[str]:
    return sorted(json.dumps(entry, sort_keys=True) for entry in entries)


def writes(emu: Emulator) -> list[tuple[str, str]]:
    return [(r.method, r.path) for r in emu.requests if r.method in ("PUT", "PATCH")]


def test_plan_only_changes_nothing(emu: Emulator, sdk: DatabricksMlflowClient, tmp_path: Path) -> None:
    path = write(tmp_path / "acl.yaml", desired_state(sdk))
    before = snapshot(sdk)
    emu.clear_requests()
    result = apply(emu, path)
    assert result.exit_code == 3, result.output  # changes pending: drift, detectable in CI
    report = json.loads(result.stdout)
    assert report["applied"] is False
    assert report["summary"] == {"planned": 4, "applied": 0, "unchanged": 0, "failed": 0}
    by_name = {obj["name"]: obj for obj in report["objects"]}
    assert by_name["churn-predictor"]["method"] == "PUT"
    assert by_name["churn-predictor"]["remove"][0]["principal"].startswith("sp:")
    assert by_name["fraud-detector"]["change"] == [
        {"principal": "group:ml-engineers", "from": "CAN_MANAGE_STAGING_VERSIONS", "to": "CAN_MANAGE"}
    ]
    assert by_name["/Shared/fraud-detection"]["method"] == "PUT"  # data-scientists must go
    assert writes(emu) == []
    assert snapshot(sdk) == before


def test_apply_then_apply_again_changes_nothing(
    emu: Emulator, sdk: DatabricksMlflowClient, tmp_path: Path
) -> None:
    document = desired_state(sdk)
    path = write(tmp_path / "acl.yaml", document)
    untouched = sdk.permissions.registered_models.direct("recommender")
    emu.clear_requests()
    first = apply(emu, path, "--yes")
    assert first.exit_code == 0, first.output
    assert json.loads(first.stdout)["summary"] == {"planned": 0, "applied": 4, "unchanged": 0, "failed": 0}
    methods = sorted(method for method, _ in writes(emu))
    assert methods == ["PATCH", "PATCH", "PUT", "PUT"]  # PUT only where a grant had to go
    after = snapshot(sdk)
    for name, grants in document["registered_models"].items():
        assert key(after[name]) == key(grants)
    assert after["experiment"] == [{"group_name": "auditors", "permission_level": READ}]
    assert after["recommender"] == untouched  # not in the file: not touched
    emu.clear_requests()
    second = apply(emu, path, "--yes")
    assert second.exit_code == 0, second.output
    assert json.loads(second.stdout)["summary"] == {"planned": 0, "applied": 0, "unchanged": 4, "failed": 0}
    assert writes(emu) == []


def test_one_failing_object_does_not_stop_the_others(
    emu: Emulator, sdk: DatabricksMlflowClient, tmp_path: Path
) -> None:
    document = desired_state(sdk)
    document["registered_models"]["no-such-model"] = [{"group_name": "auditors", "permission_level": READ}]
    path = write(tmp_path / "acl.yaml", document)
    fraud_id = sdk.registered_models.get("fraud-detector").id
    fraud_before = sdk.permissions.registered_models.direct("fraud-detector")
    emu.inject(f"/api/2.0/permissions/registered-models/{fraud_id}", "status", status=403, method="PATCH")
    result = apply(emu, path, "--yes")
    assert result.exit_code == 1
    assert "Error: 2 of 5 objects failed" in result.stderr
    report = json.loads(result.stdout)
    statuses = {obj["name"]: (obj["status"], obj["error"]) for obj in report["objects"]}
    assert statuses["fraud-detector"][0] == "failed"
    assert statuses["no-such-model"][0] == "failed"
    assert "RESOURCE_DOES_NOT_EXIST" in statuses["no-such-model"][1]
    assert {
        statuses[name][0] for name in ("Sklearn_Wine_best", "churn-predictor", "/Shared/fraud-detection")
    } == {"applied"}
    assert sdk.permissions.registered_models.direct("fraud-detector") == fraud_before
    assert {"group_name": "auditors", "permission_level": READ} in sdk.permissions.registered_models.direct(
        "Sklearn_Wine_best"
    )


@pytest.mark.parametrize("yes", [False, True])
def test_unknown_principals_are_listed_by_object_and_nothing_is_written(
    emu: Emulator, sdk: DatabricksMlflowClient, tmp_path: Path, yes: bool
) -> None:
    document = desired_state(sdk)
    document["registered_models"]["fraud-detector"].append(
        {"user_name": "nobody@example.com", "permission_level": READ}
    )
    document["experiments"]["/Shared/fraud-detection"].append(
        {"group_name": "auditorz", "permission_level": READ}
    )
    document["registered_models"]["churn-predictor"].append(
        {"service_principal_name": "00000000-0000-0000-0000-000000000000", "permission_level": READ}
    )
    path = write(tmp_path / "acl.yaml", document)
    before = snapshot(sdk)
    distinct = {
        (field, entry[field])
        for grants in (*document["registered_models"].values(), *document["experiments"].values())
        for entry in grants
        for field in entry
        if field != "permission_level"
    }
    emu.clear_requests()
    result = apply(emu, path, *(["--yes"] if yes else []))
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert "3 principal(s) do not exist in the workspace; nothing was changed" in result.stderr
    lines = result.stderr.splitlines()
    assert "  registered model fraud-detector: user:nobody@example.com" in lines
    assert "  registered model churn-predictor: sp:00000000-0000-0000-0000-000000000000" in lines
    assert "  experiment /Shared/fraud-detection: group:auditorz" in lines
    assert not any("Sklearn_Wine_best" in line for line in lines)
    scim = [r for r in emu.requests if r.path.startswith("/api/2.0/preview/scim/v2/")]
    assert len(scim) == len(distinct)  # each distinct principal looked up once
    # the plan's reads may start while the principals are looked up; no write is sent
    assert [(r.method, r.path) for r in emu.requests if r.method != "GET"] == []
    assert snapshot(sdk) == before


def test_a_principal_look_up_failure_exits_1_before_any_write(emu: Emulator, tmp_path: Path) -> None:
    path = write(
        tmp_path / "acl.yaml",
        {"registered_models": {"fraud-detector": [{"group_name": "auditors", "permission_level": READ}]}},
    )
    emu.inject("/api/2.0/preview/scim/v2/Groups", "status", status=403)
    emu.clear_requests()
    result = apply(emu, path, "--yes")
    assert result.exit_code == 1, result.output
    assert "PERMISSION_DENIED" in result.stderr or "403" in result.stderr
    assert writes(emu) == []


def test_apply_goes_on_through_429s(emu: Emulator, sdk: DatabricksMlflowClient, tmp_path: Path) -> None:
    path = write(tmp_path / "acl.yaml", desired_state(sdk))
    emu.inject("/api/2.0/permissions/*", "status", status=429, retry_after=0, times=3, method="PATCH")
    emu.clear_requests()
    result = apply(emu, path, "--yes", "--concurrency", "2")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["summary"]["applied"] == 4
    assert sum(r.status == 429 for r in emu.requests) == 3


def test_human_plan_shows_each_grant(emu: Emulator, sdk: DatabricksMlflowClient, tmp_path: Path) -> None:
    path = write(tmp_path / "acl.yaml", desired_state(sdk))
    result = apply(emu, path, output="table")
    assert result.exit_code == 3, result.output
    lines = result.stdout.splitlines()
    assert "registered model fraud-detector: 1 to add, 1 to change, 0 to remove (PATCH)" in lines
    assert any(
        line.split() == ["~", "group:ml-engineers", "CAN_MANAGE_STAGING_VERSIONS", "->", "CAN_MANAGE"]
        for line in lines
    )
    assert any(line.split()[:1] == ["-"] and line.split()[1].startswith("sp:") for line in lines)
    assert lines[-2:] == [
        "Plan: 4 to change, 0 unchanged, 0 failed.",
        "Nothing was changed; run again with --yes to apply.",
    ]


def test_a_bad_level_in_the_file_exits_2_before_any_call(emu: Emulator, tmp_path: Path) -> None:
    document = {
        "experiments": {
            "/Shared/fraud-detection": [
                {"group_name": "auditors", "permission_level": "CAN_MANAGE_STAGING_VERSIONS"}
            ]
        }
    }
    path = write(tmp_path / "acl.yaml", document)
    emu.clear_requests()
    result = apply(emu, path, "--yes")
    assert result.exit_code == 2
    assert "experiment /Shared/fraud-detection: access_control_list[0].permission_level" in result.stderr
    assert emu.requests == []


def test_a_malformed_file_exits_2(emu: Emulator, tmp_path: Path) -> None:
    path = tmp_path / "acl.yaml"
    path.write_text("registered_models:\n  m: [unclosed\n")
    result = apply(emu, path)
    assert result.exit_code == 2
    assert str(path) in result.stderr
    assert "Traceback" not in result.output


# ---------------------------------------------------------------- strict files (#13 item 8)


AMBIGUOUS = [
    ("registered_models:\n  m: []\n  m: []\n", "line 3: 'm' is given twice (first on line 2)"),
    ("registered_models:\n  m: []\n  'm': []\n", "line 3: 'm' is given twice"),
    ("registered_models: {}\nregistered_models: {}\n", "line 2: 'registered_models' is given twice"),
    (
        "registered_models:\n  m:\n  - group_name: g\n    group_name: h\n    permission_level: CAN_READ\n",
        "line 4: 'group_name' is given twice",
    ),
    ("registered_models:\n  yes: []\n", "line 2: the object name 'yes' reads as a boolean"),
    ("experiments:\n  m: []\n  null: []\n", "line 3: the object name 'null' reads as null"),
    ("registered_models:\n  12:30: []\n", "line 2: the object name '12:30' reads as an integer"),
]
"""Files whose YAML reads ambiguously, and the line each error names (test_cli_yaml_c runs them on both
parsers)."""


@pytest.mark.parametrize(("text", "message"), AMBIGUOUS)
def test_ambiguous_yaml_is_refused_with_the_line(text: str, message: str) -> None:
    with pytest.raises(PermissionsFileError, match=re.escape(message)):
        list(iter_permissions_file(text))


def test_quoted_names_that_look_like_other_types_are_names() -> None:
    text = "registered_models:\n  'yes': []\n  \"12:30\": []\n  'null': []\n"
    assert [target for target, _ in iter_permissions_file(text)] == [
        Target("registered_models", "yes"),
        Target("registered_models", "12:30"),
        Target("registered_models", "null"),
    ]


def test_a_duplicate_in_the_file_exits_2_before_any_call(emu: Emulator, tmp_path: Path) -> None:
    path = tmp_path / "acl.yaml"
    path.write_text("registered_models:\n  fraud-detector: []\n  fraud-detector:\n  - group_name: auditors\n")
    emu.clear_requests()
    result = apply(emu, path, "--yes")
    assert result.exit_code == 2
    assert "line 3: 'fraud-detector' is given twice" in result.stderr
    assert emu.requests == []


# ---------------------------------------------------------------- exit codes, [] (#12 item 5)


def test_a_plan_with_nothing_to_change_exits_0(
    emu: Emulator, sdk: DatabricksMlflowClient, tmp_path: Path
) -> None:
    current = {
        "registered_models": {"fraud-detector": sdk.permissions.registered_models.direct("fraud-detector")}
    }
    result = apply(emu, write(tmp_path / "acl.yaml", current))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["summary"]["unchanged"] == 1


def test_an_empty_list_needs_allow_empty_and_says_how_many_grants_go(
    emu: Emulator, sdk: DatabricksMlflowClient, tmp_path: Path
) -> None:
    before = sdk.permissions.registered_models.direct("fraud-detector")
    assert len(before) >= 2
    document = desired_state(sdk)
    document["registered_models"]["fraud-detector"] = []
    path = write(tmp_path / "acl.yaml", document)
    emu.clear_requests()
    refused = apply(emu, path, "--yes")
    assert refused.exit_code == 2
    assert (
        f"registered model fraud-detector: [] would remove all {len(before)} direct grants" in refused.stderr
    )
    assert "--allow-empty" in refused.stderr
    assert writes(emu) == []  # nothing half-applied: not even the other objects
    assert sdk.permissions.registered_models.direct("fraud-detector") == before

    plan = apply(emu, path, "--allow-empty", output="table")
    assert plan.exit_code == 3
    assert (
        f"registered model fraud-detector: 0 to add, 0 to change, {len(before)} to remove "
        f"(every direct grant: {len(before)}) (PUT)" in plan.stdout.splitlines()
    )

    applied = apply(emu, path, "--yes", "--allow-empty")
    assert applied.exit_code == 0, applied.output
    assert sdk.permissions.registered_models.direct("fraud-detector") == []


# ---------------------------------------------------------------- apply verifies what it applied (#10 item 6)


def stale_permissions_read(emu: Emulator, sdk: DatabricksMlflowClient, name: str, times: int | None) -> str:
    """Serve the object's pre-apply permissions to the next `times` GETs (None: always): a stale replica."""
    model_id = sdk.registered_models.get(name).id
    path = f"/api/2.0/permissions/registered-models/{model_id}"
    headers = {"Authorization": f"Bearer {emu.token}"}
    old_body = httpx.get(emu.url + path, headers=headers).json()
    emu.inject(path, "body", method="GET", body=lambda _: old_body, times=times)
    return path


def test_apply_finishes_the_objects_it_started_before_looking_up_more(tmp_path: Path) -> None:
    # Each object goes look-up -> read -> write. Objects started beyond --concurrency would take the slots
    # their predecessors' reads need, so that against a rate limit the first rate-limited requests went
    # out a round trip late (the look-ups of the next wave went first).
    names = [f"model-{index:02d}" for index in range(12)]
    with Emulator() as emu:
        emu.add_group("auditors")
        for name in names:
            emu.create_registered_model(name)
        emu.inject("*", "latency", latency=0.05)
        grants = [{"group_name": "auditors", "permission_level": READ}]
        path = write(tmp_path / "acl.yaml", {"registered_models": {name: grants for name in names}})
        emu.clear_requests()
        result = apply(emu, path, "--yes", "--concurrency", "4")
        assert result.exit_code == 0, result.output
        # A fifth object starts once one of the first four is written: no fifth look-up before a write.
        requests = emu.requests
        first_write = next(i for i, r in enumerate(requests) if r.method in ("PUT", "PATCH"))
        look_ups = [r for r in requests[:first_write] if r.path.endswith("/registered-models/get")]
        assert 1 <= len(look_ups) <= 4
        assert sum(r.path.endswith("/registered-models/get") for r in requests) == len(names)


def test_apply_checks_each_write_by_its_answer_without_another_read(
    emu: Emulator, sdk: DatabricksMlflowClient, tmp_path: Path
) -> None:
    path = write(tmp_path / "acl.yaml", desired_state(sdk))
    # Reads stay stale for good; the write's own answer still shows what was applied.
    permissions_path = stale_permissions_read(emu, sdk, "fraud-detector", times=None)
    emu.clear_requests()
    result = apply(emu, path, "--yes")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["summary"]["applied"] == 4
    assert [r.method for r in emu.requests if r.path == permissions_path] == ["GET", "PATCH"]


def test_apply_reports_a_write_whose_answer_differs_from_the_plan(
    emu: Emulator, sdk: DatabricksMlflowClient, tmp_path: Path
) -> None:
    path = write(tmp_path / "acl.yaml", desired_state(sdk))
    model_id = sdk.registered_models.get("fraud-detector").id
    permissions_path = f"/api/2.0/permissions/registered-models/{model_id}"
    before = httpx.get(emu.url + permissions_path, headers={"Authorization": f"Bearer {emu.token}"}).json()
    emu.inject(permissions_path, "body", method="PATCH", body=lambda _: before)
    result = apply(emu, path, "--yes")
    assert result.exit_code == 1
    statuses = {obj["name"]: (obj["status"], obj["error"]) for obj in json.loads(result.stdout)["objects"]}
    status, error = statuses["fraud-detector"]
    assert status == "failed"
    assert "the write's answer differs" in error and "missing [group:auditors=CAN_READ" in error


def test_apply_verify_reread_rides_through_stale_reads_until_the_object_reads_as_written(
    emu: Emulator, sdk: DatabricksMlflowClient, tmp_path: Path
) -> None:
    document = desired_state(sdk)
    path = write(tmp_path / "acl.yaml", document)
    # The plan's read and the first two re-reads after the write are served the pre-apply body.
    permissions_path = stale_permissions_read(emu, sdk, "fraud-detector", times=3)
    emu.clear_requests()
    result = apply(emu, path, "--yes", "--verify", "reread")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["summary"]["applied"] == 4
    on_object = [r.method for r in emu.requests if r.path == permissions_path]
    assert on_object == ["GET", "PATCH", "GET", "GET", "GET"]


def test_apply_verify_reread_reports_an_object_that_never_reads_as_written(
    emu: Emulator, sdk: DatabricksMlflowClient, tmp_path: Path
) -> None:
    path = write(tmp_path / "acl.yaml", desired_state(sdk))
    stale_permissions_read(emu, sdk, "fraud-detector", times=None)
    result = apply(emu, path, "--yes", "--verify", "reread", "--verify-timeout", "0.3")
    assert result.exit_code == 1
    assert "Error: 1 of 4 objects failed" in result.stderr
    statuses = {obj["name"]: (obj["status"], obj["error"]) for obj in json.loads(result.stdout)["objects"]}
    status, error = statuses["fraud-detector"]
    assert status == "failed"
    assert "re-read for 0.3 s still differs" in error and "missing [group:auditors=CAN_READ" in error
    assert {statuses[name][0] for name in statuses if name != "fraud-detector"} == {"applied"}


# ---------------------------------------------------------------- export streams


def test_a_streamed_export_is_the_document_and_applies_back_unchanged(
    emu: Emulator, sdk: DatabricksMlflowClient, tmp_path: Path
) -> None:
    for index in range(60):
        emu.create_registered_model(f"bulk-{index:03d}")
    out = tmp_path / "acl.yaml"
    env = {"DATABRICKS_TOKEN": emu.token, "DATABRICKS_CONFIG_PROFILE": None}
    argv = ["--host", emu.url, "permissions", "export", "--all-models", "--all-experiments"]
    result = CliRunner(env=env).invoke(main, [*argv, "--concurrency", "2", "--file", str(out)])
    assert result.exit_code == 0, result.output
    document = yaml.safe_load(out.read_text())
    names = list(document["registered_models"])
    assert names == sorted(names) and len(names) == 65
    acls = {
        Target("registered_models", name): sdk.permissions.registered_models.direct(name) for name in names
    }
    acls.update(
        (Target("experiments", name), sdk.permissions.experiments.direct(name))
        for name in document["experiments"]
    )
    assert document == permissions_document(acls)
    assert not list(tmp_path.glob("*.partial"))
    again = apply(emu, out)
    assert again.exit_code == 0, again.output
    assert json.loads(again.stdout)["summary"]["unchanged"] == len(acls)


def test_the_writer_keeps_the_sections_in_order_and_writes_empty_ones() -> None:
    out = io.StringIO()
    writer = PermissionsFileWriter(out)
    writer.write(Target("experiments", "/e"), [{"group_name": "g", "permission_level": READ}])
    writer.close()
    assert yaml.safe_load(out.getvalue()) == {
        "registered_models": {},
        "experiments": {"/e": [{"group_name": "g", "permission_level": READ}]},
    }
    with pytest.raises(ValueError, match="already written"):
        writer.write(Target("registered_models", "m"), [])


TRICKY_NAMES = [
    "plain-name_1.2",
    "/Shared/fraud-detection",
    "a@example.com",
    "yes",
    "Off",
    "null",
    "~",
    "12:30",
    "0x1F",
    "1_000",
    ".inf",
    "2001-01-01",
    "+1",
    "-x",
    "a b",
    "x:y",
    "a #b",
    "ünï",
    "tab\there",
    "'quoted'",
    "x" * 120,
    "x" * 200,
]


@pytest.mark.parametrize("name", TRICKY_NAMES)
def test_the_writer_writes_each_object_as_pyyaml_does(name: str) -> None:
    # The writer formats plain strings itself (PyYAML is slow); the file must not change by it.
    entries = [{"user_name": name, "permission_level": READ}, {"group_name": "g", "permission_level": EDIT}]
    for listed in ([], entries):
        out = io.StringIO()
        writer = PermissionsFileWriter(out)
        writer.write(Target("registered_models", name), listed)
        writer.close()
        expected = yaml.safe_dump({name: listed}, sort_keys=False, allow_unicode=True)
        indented = "".join("  " + line for line in expected.splitlines(keepends=True))
        assert out.getvalue() == f"registered_models:\n{indented}experiments: {{}}\n"
        assert yaml.safe_load(out.getvalue())["registered_models"] == {name: listed}


def test_in_order_keeps_starting_works_past_a_slow_head_within_bounds() -> None:
    from databricks_mlflow_client.cli._acl_sync import in_order

    async def run() -> tuple[list[int], int, int]:
        head = asyncio.Event()
        started: list[int] = []
        running = most_running = 0

        async def work(index: int) -> int:
            nonlocal running, most_running
            started.append(index)
            running += 1
            most_running = max(most_running, running)
            if index == 0:
                await head.wait()  # e.g. backing off after a 429
            else:
                await asyncio.sleep(0)
            running -= 1
            return index

        async def release_head() -> None:
            while len(started) < 12:
                await asyncio.sleep(0)
            for _ in range(50):  # let anything else that would start, start
                await asyncio.sleep(0)
            seen_while_blocked.append(len(started))
            head.set()

        seen_while_blocked: list[int] = []
        releaser = asyncio.ensure_future(release_head())
        results = [result async for result in in_order((work(i) for i in range(40)), 4, ahead=12)]
        await releaser
        return results, seen_while_blocked[0], most_running

    results, started_while_blocked, most_running = asyncio.run(run())
    assert results == list(range(40))  # still in order
    assert started_while_blocked == 12  # up to `ahead` works held past the head, not only the window of 4
    assert most_running <= 4


def test_the_plans_reads_overlap_the_principal_look_ups_but_no_write_precedes_them(
    emu: Emulator, sdk: DatabricksMlflowClient, tmp_path: Path
) -> None:
    path = write(tmp_path / "acl.yaml", desired_state(sdk))
    emu.inject("/api/2.0/preview/scim/v2/*", "latency", latency=0.3)
    emu.clear_requests()
    result = apply(emu, path, "--yes")
    assert result.exit_code == 0, result.output
    order = [(r.method, r.path) for r in emu.requests]
    scim = [i for i, (_, p) in enumerate(order) if p.startswith("/api/2.0/preview/scim/v2/")]
    reads = [i for i, (m, p) in enumerate(order) if m == "GET" and p.startswith("/api/2.0/permissions/")]
    written = [i for i, (m, _) in enumerate(order) if m in ("PUT", "PATCH")]
    assert scim and reads and written
    assert min(reads) < max(scim)  # the plan did not wait for the look-ups...
    assert min(written) > max(scim)  # ...the writes did
