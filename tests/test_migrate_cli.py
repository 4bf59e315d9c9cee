"""`databricks-mlflow migrate plan | apply | verify` on the demo workspace, over loopback HTTP through our client.

Versions are copied by a stand-in for MLflow's copy_model_version (mlflow-skinny cannot reach the emulator's
artifact store): it creates the UC version the way the copy does, with the source's run id, and nothing else;
the marker and everything after it go through the CLI.
"""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from databricks_mlflow_client.cli import main
from databricks_mlflow_client.emulator import Emulator
from databricks_mlflow_client.emulator._uc_seed import UnityCatalog
from databricks_mlflow_client.migrate import version_marker

SCHEMA = "main.ml"
# the module itself: the package exports the command group under the same name
migrate_cli = importlib.import_module("databricks_mlflow_client.cli.migrate")
MLFLOW_COPIER = migrate_cli.version_copier
ENV = ("DATABRICKS_HOST", "DATABRICKS_TOKEN", "DATABRICKS_CONFIG_PROFILE", "DATABRICKS_CONFIG_FILE")


@pytest.fixture
def emu(monkeypatch: pytest.MonkeyPatch) -> Iterator[Emulator]:
    for name in ENV:
        monkeypatch.delenv(name, raising=False)
    with Emulator(seed="demo") as emulator:
        uc = UnityCatalog(emulator)
        uc.create_catalog("main")
        uc.create_schema(SCHEMA)
        copies: list[tuple[str, int, str]] = []

        def copy(source: str, version: int, target: str) -> int:
            copies.append((source, version, target))
            return uc.copy_model_version(source, version, target)

        monkeypatch.setattr(migrate_cli, "version_copier", lambda: copy)
        emulator.copies = copies  # type: ignore[attr-defined]
        yield emulator


def run(emu: Emulator, *args: str, output: str = "json") -> Result:
    return CliRunner().invoke(
        main,
        ["--host", emu.url, "--token", emu.token, "--output", output, "migrate", *args],
        catch_exceptions=False,
    )


EVERYTHING = ("--to", SCHEMA, "--all", "--copy-versions", "--grant-usage")


def uc_versions(emu: Emulator) -> dict[str, list[str]]:
    """UC model -> the comment of each of its versions."""
    uc = UnityCatalog(emu)
    found = {}
    for info in emu.workspace.handle(
        "list_uc_registered_models", emu.workspace.admin, {"catalog_name": "main", "schema_name": "ml"}
    )["registered_models"]:
        name = info["full_name"]
        versions = emu.workspace.handle("list_uc_model_versions", emu.workspace.admin, {"full_name": name})
        found[name] = [v.get("comment", "") for v in versions.get("model_versions", [])]
        assert uc.model(name)["versions"] == sorted(v["version"] for v in versions["model_versions"])
    return found


def test_the_demo_workspace_migrates_end_to_end(emu: Emulator, tmp_path: Path) -> None:
    planned = run(emu, "plan", *EVERYTHING)
    assert planned.exit_code == 3, planned.output
    plan = json.loads(planned.output)
    assert plan["summary"]["actions"] == {
        "copy_version": 8,
        "create_model": 5,
        # 4 groups or bots x 5 models, the creator's direct CAN_MANAGE x 5, USE CATALOG + USE SCHEMA for 6 grantees
        "grant": 37,
        "set_alias": 4,
        "set_owner": 5,
    }
    kinds = plan["summary"]["findings"]
    assert kinds["no_uc_equivalent"] == 25 and kinds["tag_not_copied"] == 5
    assert {m["source"]: m["target"] for m in plan["models"]}[
        "Sklearn_Wine_best"
    ] == "main.ml.sklearn_wine_best"

    comments = tmp_path / "comments.json"
    applied = run(emu, "apply", *EVERYTHING, "--comments-file", str(comments))
    assert applied.exit_code == 0, applied.output
    assert json.loads(applied.output)["applied"] == 59 and json.loads(applied.output)["failed"] is None

    verified = run(emu, "verify", *EVERYTHING)
    assert verified.exit_code == 0, verified.output
    assert json.loads(verified.output)["differences"] == []

    again = run(emu, "apply", *EVERYTHING)
    assert again.exit_code == 0 and json.loads(again.output)["applied"] == 0
    assert run(emu, "plan", *EVERYTHING).exit_code == 0

    assert len(emu.copies) == 8  # type: ignore[attr-defined]
    comments_of = uc_versions(emu)
    assert [
        c.count(version_marker("demand-forecast", n))
        for n, c in enumerate(comments_of["main.ml.demand-forecast"], 1)
    ] == [1, 1]
    model = UnityCatalog(emu).model("main.ml.sklearn_wine_best")
    assert model["owner"] == "alice.scientist@example.com"
    assert {(a["alias_name"], a["version_num"]) for a in model["aliases"]} == {
        ("champion", 2),
        ("challenger", 3),
    }


def test_verify_reports_every_difference_and_exits_3(emu: Emulator) -> None:
    verified = run(emu, "verify", "--to", SCHEMA, "--model", "fraud-*")
    assert verified.exit_code == 3
    found = json.loads(verified.output)["differences"]
    assert any(line.startswith("create_model main.ml.fraud-detector") for line in found)
    assert sum("Not in Unity Catalog yet" in line for line in found) == 2  # both versions, not copied


def test_an_interrupted_apply_resumes_without_duplicates(emu: Emulator) -> None:
    # Fraud-detector is the fourth of five models: its grants fail as if the token lost its rights half-way.
    fault = "/api/2.1/unity-catalog/permissions/function/main.ml.fraud-detector"
    emu.inject(fault, "status", status=403, method="PATCH")
    first = run(emu, "apply", *EVERYTHING)
    assert first.exit_code == 1
    before = json.loads(first.output)
    assert before["failed"]["kind"] == "grant" and before["failed"]["target"] == "main.ml.fraud-detector"

    emu.clear_faults()
    resumed = run(emu, "apply", *EVERYTHING)
    assert resumed.exit_code == 0, resumed.output
    after = json.loads(resumed.output)
    assert before["applied"] + after["applied"] == 59  # what one uninterrupted run does
    assert after["pending_before"] == 59 - before["applied"]
    assert run(emu, "verify", *EVERYTHING).exit_code == 0

    copies: list[Any] = emu.copies  # type: ignore[attr-defined]
    assert len(copies) == len(set(copies)) == 8
    duplicates = sum(len(comments) - len(set(comments)) for comments in uc_versions(emu).values())
    assert duplicates == 0
    print(
        f"\nresume figures: done before the fault {before['applied']}, after resume {after['applied']}, "
        f"copies {len(copies)}, duplicates {duplicates}"
    )


def test_usage_errors_exit_2_before_any_request(emu: Emulator, tmp_path: Path) -> None:
    since = len(emu.requests)
    assert run(emu, "plan", "--to", SCHEMA).exit_code == 2  # neither --model nor --all
    assert run(emu, "plan", "--to", "main", "--all").exit_code == 2
    bad = tmp_path / "mapping.yaml"
    bad.write_text("levels:\n  CAN_READ: [READ_VOLUME]\n")
    result = run(emu, "plan", "--to", SCHEMA, "--all", "--mapping", str(bad))
    assert result.exit_code == 2 and "CAN_READ" in result.output
    assert len(emu.requests) == since
    assert run(emu, "plan", "--to", SCHEMA, "--model", "no-such-*").exit_code == 2


def test_the_mapping_file_overrides_stage_aliases(emu: Emulator, tmp_path: Path) -> None:
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("stage_aliases:\n  Production: prod\n  Staging: null\n")
    planned = run(
        emu,
        "plan",
        "--to",
        SCHEMA,
        "--model",
        "Sklearn_Wine_best",
        "--copy-versions",
        "--mapping",
        str(mapping),
    )
    aliases = [
        a["params"]["alias"] for a in json.loads(planned.output)["actions"] if a["kind"] == "set_alias"
    ]
    assert aliases == ["prod"]


def test_the_table_view_names_each_model_and_sums_up(emu: Emulator) -> None:
    planned = run(emu, "plan", "--to", SCHEMA, "--model", "churn-predictor", output="table")
    assert planned.exit_code == 3
    assert "churn-predictor" in planned.output and "main.ml.churn-predictor" in planned.output
    assert "Plan: " in planned.output and "version_not_copied" in planned.output


def test_copying_versions_without_mlflow_skinny_is_refused_before_any_change(
    emu: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "mlflow", None)  # as if mlflow-skinny were not installed
    monkeypatch.setattr(migrate_cli, "version_copier", MLFLOW_COPIER)
    result = run(emu, "apply", *EVERYTHING)
    assert result.exit_code == 2
    assert "mlflow-skinny" in result.output
    assert run(emu, "verify", *EVERYTHING).exit_code == 3
    assert not any(r.method in ("POST", "PATCH", "PUT") and "unity-catalog" in r.path for r in emu.requests)
