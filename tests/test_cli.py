"""`databricks-mlflow`: every subcommand against the emulator over loopback HTTP, exit codes and error output."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from click.testing import CliRunner, Result

from databricks_mlflow_client import DatabricksMlflowClient
from databricks_mlflow_client.cli import main
from databricks_mlflow_client.emulator import Emulator
from databricks_mlflow_client.webhooks import SIGNATURE_HEADER, sign

MODEL = "Sklearn_Wine_best"
EXPERIMENT = "/Shared/fraud-detection"
DAY_MS = 24 * 3600 * 1000
# Variables that would otherwise leak in from the machine running the tests.
CLEARED_ENV = (
    "DATABRICKS_HOST",
    "DATABRICKS_CLIENT_ID",
    "DATABRICKS_CLIENT_SECRET",
    "DATABRICKS_CONFIG_PROFILE",
    "DATABRICKS_CONFIG_FILE",
    "DATABRICKS_AUTH_TYPE",
    "DATABRICKS_MLFLOW_OUTPUT",
    "DATABRICKS_WEBHOOK_SECRET",
)


@pytest.fixture
def emu() -> Iterator[Emulator]:
    with Emulator(seed="demo") as emulator:
        yield emulator


@pytest.fixture
def sdk(emu: Emulator) -> Iterator[DatabricksMlflowClient]:
    with DatabricksMlflowClient(host=emu.url, token=emu.token) as client:
        yield client


def cli(emu: Emulator, *args: str, env: Mapping[str, str | None] | None = None, host: bool = True) -> Result:
    environment: dict[str, str | None] = dict.fromkeys(CLEARED_ENV)
    environment["DATABRICKS_TOKEN"] = emu.token
    environment.update(env or {})
    prefix = ["--host", emu.url] if host else []
    result = CliRunner(env=environment).invoke(main, [*prefix, *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # a bug, not an expected error: show its traceback
    return result


def ok_json(result: Result) -> Any:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def failed(result: Result, exit_code: int) -> str:
    assert result.exit_code == exit_code, result.output
    assert "Traceback" not in result.output
    assert result.stdout == ""
    return result.stderr


# ---------------------------------------------------------------- global behaviour


def test_help_lists_every_command_group() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    for group in (
        "models",
        "stage",
        "permissions",
        "runs",
        "transitions",
        "comments",
        "webhooks",
        "validate",
    ):
        assert group in result.stdout
    assert "emulator" in result.stdout
    assert "--token" not in result.stdout  # hidden: tokens belong in the environment


def test_help_does_not_load_the_http_stack() -> None:
    """Cold start: `--help` and usage errors must not pay for httpx, the generated models or asyncio."""
    code = (
        "import sys\n"
        "from databricks_mlflow_client.cli import main\n"
        "try:\n"
        "    main(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = [m for m in ('httpx', 'databricks_mlflow_api.models', 'asyncio', 'yaml') if m in sys.modules]\n"
        "print('loaded:', heavy)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.splitlines()[-1] == "loaded: []"


def test_usage_error_exits_2() -> None:
    result = CliRunner().invoke(main, ["models", "get"])
    assert result.exit_code == 2
    assert "Missing argument 'NAME'" in result.stderr


def test_output_defaults_to_json_when_stdout_is_not_a_terminal(
    emu: Emulator, sdk: DatabricksMlflowClient
) -> None:
    model = ok_json(cli(emu, "models", "get", MODEL))
    assert model["id"] == sdk.registered_models.get(MODEL).id
    assert model["permission_level"] == "CAN_MANAGE"


def test_output_yaml_and_table(emu: Emulator) -> None:
    as_yaml = cli(emu, "--output", "yaml", "models", "get", MODEL)
    assert as_yaml.exit_code == 0
    assert yaml.safe_load(as_yaml.stdout)["name"] == MODEL
    as_table = cli(emu, "--output", "table", "models", "get", MODEL)
    assert as_table.exit_code == 0
    assert "latest_versions         v3 Staging, v2 Production, v1 Archived" in as_table.stdout
    from_env = cli(emu, "models", "get", MODEL, env={"DATABRICKS_MLFLOW_OUTPUT": "table"})
    assert from_env.stdout == as_table.stdout


def test_unknown_model_exits_1_with_error_code_on_stderr(emu: Emulator) -> None:
    stderr = failed(cli(emu, "models", "get", "no-such-model"), 1)
    assert stderr.startswith("Error: RESOURCE_DOES_NOT_EXIST")
    assert "no-such-model" in stderr


def test_missing_host_is_a_configuration_error_exit_2(emu: Emulator, tmp_path: Path) -> None:
    env = {"HOME": str(tmp_path), "DATABRICKS_CONFIG_FILE": str(tmp_path / "none.cfg")}
    stderr = failed(cli(emu, "models", "get", MODEL, env=env, host=False), 2)
    assert "host" in stderr.lower()


def test_token_from_the_hidden_option_works(emu: Emulator) -> None:
    result = cli(emu, "--token", emu.token, "models", "get", MODEL, env={"DATABRICKS_TOKEN": None})
    assert ok_json(result)["name"] == MODEL


def test_wrong_token_exits_1_and_never_prints_it(emu: Emulator) -> None:
    secret = "dapi-not-the-right-token-0123456789"
    stderr = failed(cli(emu, "models", "get", MODEL, env={"DATABRICKS_TOKEN": secret}), 1)
    assert "UNAUTHENTICATED" in stderr
    assert secret not in stderr


def test_debug_logs_each_call_to_stderr_without_the_token(emu: Emulator) -> None:
    result = cli(emu, "--debug", "models", "get", MODEL)
    assert result.exit_code == 0
    assert (
        "GET /api/2.0/mlflow/databricks/registered-models/get?name=Sklearn_Wine_best -> 200" in result.stderr
    )
    assert emu.token not in result.output
    assert json.loads(result.stdout)["name"] == MODEL


# ---------------------------------------------------------------- models and stages


def test_models_list_with_filter(emu: Emulator) -> None:
    models = ok_json(cli(emu, "models", "list", "--filter", "name LIKE 'fraud%'"))
    assert [model["name"] for model in models] == ["fraud-detector"]


@pytest.mark.parametrize("group", ["models", "stage"])
def test_transition_moves_the_version(emu: Emulator, group: str) -> None:
    moved = ok_json(
        cli(emu, group, "transition", MODEL, "3", "production", "--archive-existing", "--comment", "go")
    )
    assert moved["current_stage"] == "Production"
    assert emu.workspace.model_version(MODEL, "3")["current_stage"] == "Production"
    assert emu.workspace.model_version(MODEL, "2")["current_stage"] == "Archived"


def test_transition_to_an_unknown_stage_is_a_usage_error(emu: Emulator) -> None:
    stderr = failed(cli(emu, "models", "transition", MODEL, "3", "Prod"), 2)
    assert "STAGE" in stderr


# ---------------------------------------------------------------- permissions


def direct(sdk: DatabricksMlflowClient, model: str = MODEL) -> list[dict[str, str]]:
    return sdk.permissions.registered_models.direct(model)


def test_permissions_get_by_name_and_by_id(emu: Emulator, sdk: DatabricksMlflowClient) -> None:
    by_name = ok_json(cli(emu, "permissions", "get", "--model", MODEL))
    model_id = sdk.registered_models.get(MODEL).id
    by_id = ok_json(cli(emu, "permissions", "get", "--model-id", str(model_id)))
    assert by_name == by_id
    assert by_name["object_id"] == f"/registered-models/{model_id}"
    inherited = [
        acl for acl in by_name["access_control_list"] if acl["all_permissions"][0].get("inherited") is True
    ]
    assert {"group_name": "admins"}.items() <= inherited[0].items()


def test_permissions_table_shows_where_grants_come_from(emu: Emulator) -> None:
    result = cli(emu, "--output", "table", "permissions", "get", "--model", MODEL)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["PRINCIPAL", "DISPLAY_NAME", "PERMISSION_LEVEL", "SOURCE"]
    assert any(
        line.startswith("group:admins") and "inherited from /registered-models/" in line for line in lines
    )


def test_permissions_of_an_experiment_by_name_and_id(emu: Emulator, sdk: DatabricksMlflowClient) -> None:
    experiment_id = str(sdk.experiments.get_by_name(EXPERIMENT).experiment_id)
    by_name = ok_json(cli(emu, "permissions", "get", "--experiment", EXPERIMENT))
    by_id = ok_json(cli(emu, "permissions", "get", "--experiment", experiment_id))
    assert by_name == by_id
    levels = ok_json(cli(emu, "permissions", "levels", "--experiment", EXPERIMENT))
    assert [level["permission_level"] for level in levels] == ["CAN_READ", "CAN_EDIT", "CAN_MANAGE"]


def test_permissions_need_exactly_one_object(emu: Emulator) -> None:
    assert "exactly one of --model" in failed(cli(emu, "permissions", "get"), 2)
    both = cli(emu, "permissions", "get", "--model", MODEL, "--experiment", EXPERIMENT)
    assert "exactly one of --model" in failed(both, 2)


def test_grant_and_revoke(emu: Emulator, sdk: DatabricksMlflowClient) -> None:
    carol = {"user_name": "carol.release@example.com", "permission_level": "CAN_READ"}
    granted = cli(emu, "permissions", "grant", "--model", MODEL, "user:carol.release@example.com", "CAN_READ")
    assert granted.exit_code == 0, granted.output
    assert carol in direct(sdk)
    before = len(direct(sdk))
    revoked = cli(emu, "permissions", "revoke", "--model", MODEL, "user:carol.release@example.com")
    assert revoked.exit_code == 0, revoked.output
    assert carol not in direct(sdk)
    assert len(direct(sdk)) == before - 1


def test_grant_with_a_bad_level_exits_2_naming_the_field(emu: Emulator) -> None:
    stderr = failed(cli(emu, "permissions", "grant", "--model", MODEL, "group:ml-engineers", "CAN_RUN"), 2)
    assert "access_control_list[0].permission_level" in stderr
    assert "CAN_RUN" in stderr


def test_grant_with_a_bad_principal_exits_2(emu: Emulator) -> None:
    stderr = failed(cli(emu, "permissions", "grant", "--model", MODEL, "team:x", "CAN_READ"), 2)
    assert "user:NAME, group:NAME or sp:APPLICATION_ID" in stderr


def test_grant_to_an_unknown_principal_is_an_api_error(emu: Emulator) -> None:
    stderr = failed(
        cli(emu, "permissions", "grant", "--model", MODEL, "user:nobody@example.com", "CAN_READ"), 1
    )
    assert "INVALID_PARAMETER_VALUE" in stderr
    assert "nobody@example.com" in stderr


def test_set_replaces_and_update_merges(emu: Emulator, sdk: DatabricksMlflowClient, tmp_path: Path) -> None:
    replaced = cli(
        emu, "permissions", "set", "--model", MODEL, "--grant", "group:ml-engineers=CAN_MANAGE", "--grant",
        "user:bob.engineer@example.com=CAN_READ",
    )  # fmt: skip
    assert replaced.exit_code == 0, replaced.output
    assert direct(sdk) == [
        {"group_name": "ml-engineers", "permission_level": "CAN_MANAGE"},
        {"user_name": "bob.engineer@example.com", "permission_level": "CAN_READ"},
    ]
    patch = tmp_path / "patch.json"
    patch.write_text(
        json.dumps({"access_control_list": [{"group_name": "ml-engineers", "permission_level": "CAN_READ"}]})
    )
    assert cli(emu, "permissions", "update", "--model", MODEL, "--json", str(patch)).exit_code == 0
    assert direct(sdk) == [
        {"group_name": "ml-engineers", "permission_level": "CAN_READ"},
        {"user_name": "bob.engineer@example.com", "permission_level": "CAN_READ"},
    ]
    empty = tmp_path / "empty.json"
    empty.write_text("[]")
    assert cli(emu, "permissions", "set", "--model", MODEL, "--json", str(empty)).exit_code == 0
    assert direct(sdk) == []


def test_set_without_any_acl_is_refused(emu: Emulator, sdk: DatabricksMlflowClient) -> None:
    before = direct(sdk)
    assert "give --grant or --json" in failed(cli(emu, "permissions", "set", "--model", MODEL), 2)
    assert direct(sdk) == before


def test_export_globs_to_yaml(emu: Emulator, sdk: DatabricksMlflowClient, tmp_path: Path) -> None:
    out = tmp_path / "acl.yaml"
    result = cli(emu, "permissions", "export", "--model", "*-*", "--experiment", "/Shared/*", "-f", str(out))
    assert result.exit_code == 0, result.output
    document = yaml.safe_load(out.read_text())
    assert list(document["registered_models"]) == ["churn-predictor", "demand-forecast", "fraud-detector"]
    assert list(document["experiments"]) == [EXPERIMENT]
    assert document["experiments"][EXPERIMENT] == [  # the creator's CAN_MANAGE is a direct grant
        {"user_name": "bob.engineer@example.com", "permission_level": "CAN_MANAGE"},
        {"group_name": "data-scientists", "permission_level": "CAN_EDIT"},
    ]
    exported = document["registered_models"]["fraud-detector"]
    assert sorted(exported, key=str) == sorted(direct(sdk, "fraud-detector"), key=str)
    assert all(entry.get("group_name") != "admins" for entry in exported)  # inherited grants are not exported


def test_export_everything_to_stdout(emu: Emulator) -> None:
    result = cli(emu, "permissions", "export", "--all-models", "--all-experiments")
    assert result.exit_code == 0, result.output
    document = yaml.safe_load(result.stdout)
    assert len(document["registered_models"]) == 5
    assert len(document["experiments"]) == 2


def test_export_of_an_unknown_model_fails_and_writes_nothing(emu: Emulator, tmp_path: Path) -> None:
    out = tmp_path / "acl.yaml"
    stderr = failed(cli(emu, "permissions", "export", "--model", "nope", "-f", str(out)), 1)
    assert "RESOURCE_DOES_NOT_EXIST" in stderr
    assert not out.exists()


# ---------------------------------------------------------------- runs


def experiment_runs(emu: Emulator, sdk: DatabricksMlflowClient) -> list[dict[str, Any]]:
    return emu.workspace.runs(str(sdk.experiments.get_by_name(EXPERIMENT).experiment_id))


def test_runs_delete_before_an_iso_date_and_restore(emu: Emulator, sdk: DatabricksMlflowClient) -> None:
    now_ms = int(time.time() * 1000)
    cutoff = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime((now_ms - 10 * DAY_MS + 3600_000) / 1000))
    runs = experiment_runs(emu, sdk)
    expected = sum(run["start_time"] <= now_ms - 10 * DAY_MS + 3600_000 for run in runs)
    deleted = ok_json(cli(emu, "runs", "delete", EXPERIMENT, "--before", cutoff, "--max-runs", "3", "--yes"))
    assert deleted["runs_deleted"] == 3
    rest = ok_json(cli(emu, "runs", "delete", EXPERIMENT, "--before", cutoff, "--all", "-y"))
    assert rest["runs_deleted"] == expected - 3
    assert sum(run["lifecycle_stage"] == "deleted" for run in experiment_runs(emu, sdk)) == expected
    restored = ok_json(
        cli(emu, "runs", "restore", EXPERIMENT, "--after", str(now_ms - 60_000), "--all", "--yes")
    )
    assert restored["runs_restored"] == expected
    assert all(run["lifecycle_stage"] == "active" for run in experiment_runs(emu, sdk))


def test_runs_options_are_checked(emu: Emulator) -> None:
    both = cli(emu, "runs", "delete", EXPERIMENT, "--before", "1", "--max-runs", "2", "--all")
    assert "exclude each other" in failed(both, 2)
    assert "ISO date" in failed(cli(emu, "runs", "delete", EXPERIMENT, "--before", "last week"), 2)
    assert "--before" in failed(cli(emu, "runs", "delete", EXPERIMENT), 2)


# ---------------------------------------------------------------- transition requests and comments


def test_request_list_approve(emu: Emulator) -> None:
    created = ok_json(cli(emu, "transitions", "request", MODEL, "3", "Production", "--comment", "ready"))
    assert created["to_stage"] == "Production"
    listed = ok_json(cli(emu, "transitions", "list", MODEL, "3"))
    assert [(r["to_stage"], r["comment"]) for r in listed] == [("Production", "ready")]
    approved = ok_json(cli(emu, "transitions", "approve", MODEL, "3", "Production", "--archive-existing"))
    assert approved["activity_type"] == "APPROVED_REQUEST"
    assert emu.workspace.model_version(MODEL, "3")["current_stage"] == "Production"
    assert ok_json(cli(emu, "transitions", "list", MODEL, "3")) == []


def test_reject_and_cancel(emu: Emulator) -> None:
    assert cli(emu, "transitions", "request", MODEL, "3", "Production").exit_code == 0
    rejected = ok_json(cli(emu, "transitions", "reject", MODEL, "3", "Production", "--comment", "no"))
    assert rejected["activity_type"] == "REJECTED_REQUEST"
    assert cli(emu, "transitions", "request", MODEL, "3", "Archived").exit_code == 0
    cancelled = ok_json(
        cli(emu, "transitions", "cancel", MODEL, "3", "Archived", "--creator", "admin@example.com")
    )
    assert cancelled["activity_type"] == "CANCELLED_REQUEST"
    assert ok_json(cli(emu, "transitions", "list", MODEL, "3")) == []
    assert emu.workspace.model_version(MODEL, "3")["current_stage"] == "Staging"


def test_cancel_needs_the_creator(emu: Emulator) -> None:
    assert "--creator" in failed(cli(emu, "transitions", "cancel", MODEL, "3", "Archived"), 2)


def test_comments_add_edit_delete(emu: Emulator) -> None:
    added = ok_json(cli(emu, "comments", "add", MODEL, "3", "looks good"))
    assert added["comment"] == "looks good"
    edited = ok_json(cli(emu, "comments", "edit", added["id"], "looks great"))
    assert (edited["id"], edited["comment"]) == (added["id"], "looks great")
    assert ok_json(cli(emu, "comments", "delete", added["id"])) == {"id": added["id"], "deleted": True}
    assert "RESOURCE_DOES_NOT_EXIST" in failed(cli(emu, "comments", "edit", added["id"], "again"), 1)


# ---------------------------------------------------------------- webhooks


def test_webhooks_create_list_update_test_delete(emu: Emulator) -> None:
    secret = "s3cret-value-never-shown"
    created_result = cli(
        emu, "webhooks", "create", "--model", MODEL, "--event", "comment_created",
        "--url", "http://127.0.0.1:9/hook", "--secret", secret, "--status", "test_mode",
    )  # fmt: skip
    created = ok_json(created_result)
    assert secret not in created_result.output
    assert (created["events"], created["status"]) == (["COMMENT_CREATED"], "TEST_MODE")
    listed = ok_json(cli(emu, "webhooks", "list", "--model", MODEL))
    assert [hook["id"] for hook in listed] == [created["id"]]
    updated = ok_json(
        cli(emu, "webhooks", "update", created["id"], "--description", "renamed", "--status", "DISABLED")
    )
    assert (updated["description"], updated["status"]) == ("renamed", "DISABLED")
    assert "INVALID_STATE" in failed(cli(emu, "webhooks", "test", created["id"]), 1)
    assert ok_json(cli(emu, "webhooks", "delete", created["id"]))["deleted"] is True
    assert ok_json(cli(emu, "webhooks", "list")) == []


def test_debug_output_never_shows_webhook_secrets(emu: Emulator) -> None:
    secrets = {"--secret": "signing-secret-123", "--authorization": "Bearer hook-auth-456"}
    result = cli(
        emu, "--debug", "webhooks", "create", "--model", MODEL, "--event", "COMMENT_CREATED",
        "--url", "http://127.0.0.1:9/hook", *[arg for pair in secrets.items() for arg in pair],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "POST /api/2.0/mlflow/registry-webhooks/create -> 200" in result.stderr
    for secret in [*secrets.values(), emu.token]:
        assert secret not in result.output


def test_webhook_create_checks_its_target_options(emu: Emulator) -> None:
    assert "give --url or --job-id" in failed(cli(emu, "webhooks", "create", "--event", "COMMENT_CREATED"), 2)
    both = cli(emu, "webhooks", "create", "--event", "COMMENT_CREATED", "--url", "http://x", "--job-id", "1")
    assert "exclude each other" in failed(both, 2)
    unknown_event = cli(emu, "webhooks", "create", "--event", "NOPE", "--model", MODEL, "--url", "http://x")
    assert "events[0]" in failed(unknown_event, 2)


@pytest.fixture
def receiver() -> Iterator[tuple[subprocess.Popen[str], str]]:
    args = ["webhooks", "listen", "--port", "0", "--secret", "listen-secret", "--exit-after", "2"]
    process = subprocess.Popen(
        [sys.executable, "-m", "databricks_mlflow_client.cli", *args],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "DATABRICKS_MLFLOW_OUTPUT": "table"},  # the text lines; json is tested elsewhere
    )
    assert process.stdout is not None
    first = process.stdout.readline().strip()
    assert first.startswith("listening on http://127.0.0.1:")
    yield process, first.removeprefix("listening on ")
    if process.poll() is None:
        process.kill()
    process.wait()


def test_listen_verifies_signed_deliveries(
    emu: Emulator, receiver: tuple[subprocess.Popen[str], str]
) -> None:
    process, url = receiver
    created = ok_json(
        cli(
            emu, "webhooks", "create", "--model", MODEL, "--event", "MODEL_VERSION_TRANSITIONED_STAGE",
            "--url", url, env={"DATABRICKS_WEBHOOK_SECRET": "listen-secret"},
        )
    )  # fmt: skip
    tested = ok_json(cli(emu, "webhooks", "test", created["id"]))
    assert tested["status_code"] == 200
    body = b'{"event": "COMMENT_CREATED", "webhook_id": "1", "event_timestamp": 1, "model_name": "m"}'
    forged = httpx.post(url, content=body, headers={SIGNATURE_HEADER: sign(body, "wrong-secret")}, timeout=5)
    assert forged.status_code == 401
    output, _ = process.communicate(timeout=10)
    lines = output.splitlines()
    assert lines == [
        f"MODEL_VERSION_TRANSITIONED_STAGE  model={MODEL}  version=1  to_stage=Production  signature=ok",
        "rejected  signature does not match  signature=BAD",  # no field of a forged delivery is shown
    ]
    assert process.returncode == 0


# ---------------------------------------------------------------- validate


def test_validate_accepts_a_valid_request(tmp_path: Path) -> None:
    request = tmp_path / "request.json"
    request.write_text(
        json.dumps(
            {
                "registered_model_id": "1",
                "access_control_list": [{"group_name": "g", "permission_level": "CAN_READ"}],
            }
        )
    )
    result = CliRunner().invoke(
        main, ["validate", "set_registered_model_permissions", "--json", str(request), "-o", "table"]
    )
    assert (result.exit_code, result.stdout) == (0, "valid\n")
    as_json = CliRunner().invoke(
        main, ["validate", "set_registered_model_permissions", "--json", str(request)]
    )
    assert json.loads(as_json.stdout) == {"operation": "set_registered_model_permissions", "valid": True}


def test_validate_names_the_bad_field(tmp_path: Path) -> None:
    request = tmp_path / "request.json"
    request.write_text(json.dumps({"experiment_id": "1", "max_timestamp_millis": "yesterday"}))
    result = CliRunner().invoke(main, ["validate", "delete_runs", "--json", str(request)])
    assert result.exit_code == 2
    assert "delete_runs: max_timestamp_millis:" in result.stderr
    assert result.stdout == ""


def test_validate_unknown_operation_suggests_close_names(tmp_path: Path) -> None:
    request = tmp_path / "request.json"
    request.write_text("{}")
    result = CliRunner().invoke(main, ["validate", "delete_run", "--json", str(request)])
    assert result.exit_code == 2
    assert "did you mean delete_runs" in result.stderr


def test_validate_reads_stdin() -> None:
    result = CliRunner().invoke(
        main, ["-o", "table", "validate", "get_model", "--json", "-"], input='{"name": "m"}'
    )
    assert (result.exit_code, result.stdout) == (0, "valid\n")
    missing = CliRunner().invoke(main, ["validate", "get_model", "--json", "-"], input="{}")
    assert missing.exit_code == 2
    assert "name" in missing.stderr


# ---------------------------------------------------------------- habits: global options anywhere, --version


def test_global_options_go_after_the_subcommand_too(emu: Emulator) -> None:
    as_yaml = cli(emu, "models", "get", MODEL, "--output", "yaml", host=False, env={"DATABRICKS_HOST": None})
    assert as_yaml.exit_code == 2  # no host anywhere: a configuration error, not "No such option"
    assert "No such option" not in as_yaml.stderr
    placed_after = cli(emu, "models", "get", MODEL, "--output", "yaml", "--host", emu.url, host=False)
    assert placed_after.exit_code == 0, placed_after.output
    assert yaml.safe_load(placed_after.stdout)["name"] == MODEL
    short = cli(emu, "models", "get", MODEL, "-o", "table")
    assert short.stdout.startswith("FIELD")
    in_a_group = cli(emu, "permissions", "-o", "yaml", "get", "--model", MODEL)
    assert yaml.safe_load(in_a_group.stdout)["object_type"] == "registered-model"


def test_the_option_given_last_wins(emu: Emulator) -> None:
    result = cli(emu, "--output", "yaml", "models", "get", MODEL, "--output", "json")
    assert ok_json(result)["name"] == MODEL


def test_debug_after_the_subcommand(emu: Emulator) -> None:
    result = cli(emu, "models", "get", MODEL, "--debug")
    assert result.exit_code == 0
    assert "registered-models/get?name=Sklearn_Wine_best -> 200" in result.stderr
    assert result.stderr.count("-> 200") == 1  # once, not once per place the flag could go


def test_profile_after_the_subcommand(emu: Emulator, tmp_path: Path) -> None:
    config = tmp_path / "databrickscfg"
    config.write_text(f"[emu]\nhost = {emu.url}\ntoken = {emu.token}\n")
    env = {"DATABRICKS_CONFIG_FILE": str(config), "DATABRICKS_TOKEN": None}
    result = cli(emu, "models", "get", MODEL, "-p", "emu", env=env, host=False)
    assert ok_json(result)["name"] == MODEL


def test_version() -> None:
    from importlib.metadata import version

    result = CliRunner().invoke(main, ["--version"])
    assert (result.exit_code, result.stdout) == (
        0,
        f"databricks-mlflow, version {version('databricks-mlflow-client')}\n",
    )


def test_help_shows_the_exit_codes() -> None:
    result = CliRunner().invoke(main, ["--help"])
    for line in ("0  success", "1  the API answered", "2  usage", "3  a plan has changes pending"):
        assert line in result.stdout


def walk(command: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    yield path, command
    for name, sub in getattr(command, "commands", {}).items():
        yield from walk(sub, f"{path} {name}".strip())


def test_each_short_option_has_one_meaning_everywhere() -> None:
    meanings: dict[str, set[str]] = {}
    for path, command in walk(main):
        for param in command.params:
            longs = [opt for opt in param.opts if opt.startswith("--")]
            for opt in param.opts:
                if len(opt) == 2:
                    meanings.setdefault(opt, set()).add(longs[0] if longs else f"{path}:{opt}")
    assert {opt: found for opt, found in meanings.items() if len(found) > 1} == {}


def test_every_command_takes_the_global_output_option() -> None:
    for path, command in walk(main):
        assert any("--output" in param.opts for param in command.params), path


def test_lower_case_permission_levels_are_refused_with_the_spelling_to_use(
    emu: Emulator, sdk: DatabricksMlflowClient
) -> None:
    before = direct(sdk)
    result = cli(emu, "permissions", "set", "--model", MODEL, "--grant", "group:ml-engineers=can_read")
    stderr = failed(result, 2)
    assert "did you mean CAN_READ?" in stderr
    assert direct(sdk) == before


# ---------------------------------------------------------------- runs: confirmation and dry run


def bulk_calls(emu: Emulator) -> list[str]:
    return [
        r.path.rsplit("/", 1)[-1] for r in emu.requests if r.path.endswith(("/delete-runs", "/restore-runs"))
    ]


def test_runs_delete_dry_run_sends_nothing(emu: Emulator, sdk: DatabricksMlflowClient) -> None:
    experiment_id = str(sdk.experiments.get_by_name(EXPERIMENT).experiment_id)
    plan = ok_json(cli(emu, "runs", "delete", EXPERIMENT, "--before", "2100-01-01", "--all", "--dry-run"))
    assert plan == {
        "experiment": EXPERIMENT,
        "experiment_id": experiment_id,
        "max_timestamp_millis": 4102444800000,
        "max_runs": None,
        "matching_runs": len(experiment_runs(emu, sdk)),
        "dry_run": True,
    }
    assert bulk_calls(emu) == []
    assert all(run["lifecycle_stage"] == "active" for run in experiment_runs(emu, sdk))


def test_runs_delete_and_restore_count_what_they_select(emu: Emulator, sdk: DatabricksMlflowClient) -> None:
    runs = sorted(experiment_runs(emu, sdk), key=lambda run: run["start_time"])
    cut = runs[2]["start_time"]  # the three oldest (at or before the cut)
    stderr = failed(cli(emu, "runs", "delete", EXPERIMENT, "--before", str(cut), "--all"), 2)
    assert "(3 runs match now)" in stderr
    assert bulk_calls(emu) == []
    assert (
        ok_json(cli(emu, "runs", "delete", EXPERIMENT, "--before", str(cut), "--all", "--yes"))[
            "runs_deleted"
        ]
        == 3
    )
    plan = ok_json(cli(emu, "runs", "restore", EXPERIMENT, "--after", "1", "--all", "--dry-run"))
    assert plan["matching_runs_at_most"] == 3
    stderr = failed(cli(emu, "runs", "restore", EXPERIMENT, "--after", "1"), 2)
    assert "(up to 3 deleted runs match now)" in stderr


def test_runs_dry_run_checks_the_experiment_exists(emu: Emulator) -> None:
    stderr = failed(cli(emu, "runs", "restore", "/no/such", "--after", "1", "--dry-run"), 1)
    assert "RESOURCE_DOES_NOT_EXIST" in stderr


def test_runs_without_yes_and_without_a_terminal_is_refused(emu: Emulator) -> None:
    stderr = failed(cli(emu, "runs", "delete", EXPERIMENT, "--before", "2100-01-01"), 2)
    assert "pass --yes to confirm" in stderr
    assert f"of experiment '{EXPERIMENT}' created at or before 2100-01-01 00:00:00Z" in stderr
    assert bulk_calls(emu) == []


@pytest.mark.parametrize(("answer", "exit_code", "calls"), [("y\n", 0, ["delete-runs"]), ("n\n", 1, [])])
def test_runs_delete_asks_on_a_terminal(
    emu: Emulator, monkeypatch: pytest.MonkeyPatch, answer: str, exit_code: int, calls: list[str]
) -> None:
    # The module, not the package attribute `runs` (the click group).
    runs_module = importlib.import_module("databricks_mlflow_client.cli.runs")

    monkeypatch.setattr(runs_module, "interactive", lambda: True)
    environment: dict[str, str | None] = dict.fromkeys(CLEARED_ENV)
    environment["DATABRICKS_TOKEN"] = emu.token
    args = ["--host", emu.url, "runs", "delete", EXPERIMENT, "--before", "2100-01-01", "--max-runs", "2"]
    result = CliRunner(env=environment).invoke(main, args, input=answer)
    assert result.exit_code == exit_code, result.output
    assert "at most 2 runs (one call)" in result.stderr
    assert "Continue? [y/N]" in result.stderr
    assert bulk_calls(emu) == calls
    if calls:
        assert json.loads(result.stdout)["runs_deleted"] == 2


# ---------------------------------------------------------------- emulator hand-off


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], list[str], dict[str, str]]]:
    """`databricks-mlflow emulator` in a subprocess with a fixed token, a profile and an env file."""
    config = tmp_path / "databrickscfg"
    config.write_text(
        "# my workspaces\n[prod]\nhost = https://prod.cloud.databricks.com\ntoken = dapi-prod\n"
    )
    env = {
        k: v for k, v in __import__("os").environ.items() if k not in CLEARED_ENV and k != "DATABRICKS_TOKEN"
    }
    env["DATABRICKS_CONFIG_FILE"] = str(config)
    args = ["emulator", "--seed", "demo", "--token", "dapi-fixed-123"]
    args += ["--profile-name", "emu", "--env-file", str(tmp_path / "emu.env")]
    process = subprocess.Popen(
        [sys.executable, "-m", "databricks_mlflow_client.cli", *args],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    lines = [process.stdout.readline().rstrip("\n") for _ in range(6)]
    yield process, lines, env
    process.terminate()
    process.wait(timeout=10)


def test_emulator_hands_off_host_and_token(
    served: tuple[subprocess.Popen[str], list[str], dict[str, str]], tmp_path: Path
) -> None:
    process, lines, env = served
    url = lines[0].removeprefix("listening on ")
    assert lines[1:4] == [
        "token: dapi-fixed-123",
        f"export DATABRICKS_HOST={url}",
        "export DATABRICKS_TOKEN=dapi-fixed-123",
    ]
    assert (tmp_path / "emu.env").read_text() == f"DATABRICKS_HOST={url}\nDATABRICKS_TOKEN=dapi-fixed-123\n"
    assert (tmp_path / "emu.env").stat().st_mode & 0o077 == 0
    config = (tmp_path / "databrickscfg").read_text()
    assert config.startswith("# my workspaces\n[prod]\nhost = https://prod.cloud.databricks.com\n")
    assert f"[emu]\nhost = {url}\ntoken = dapi-fixed-123\n" in config
    by_profile = subprocess.run(
        [sys.executable, "-m", "databricks_mlflow_client.cli", "models", "get", MODEL, "--profile", "emu"],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert by_profile.returncode == 0, by_profile.stderr
    assert json.loads(by_profile.stdout)["permission_level"] == "CAN_MANAGE"
    process.terminate()
    process.wait(timeout=10)
    assert not (tmp_path / "emu.env").exists()  # a stale env file would point at a dead port


def test_emulator_never_overwrites_a_real_workspace_profile(tmp_path: Path) -> None:
    from databricks_mlflow_client.emulator._cli import write_profile

    config = tmp_path / "cfg"
    config.write_text("[DEFAULT]\nhost = https://prod.cloud.databricks.com\ntoken = dapi-prod\n")
    with pytest.raises(Exception, match=r"already exists and points at https://prod"):
        write_profile(config, "DEFAULT", "http://127.0.0.1:1", "t")
    write_profile(config, "emu", "http://127.0.0.1:1", "t1")
    write_profile(config, "emu", "http://127.0.0.1:2", "t2")  # an earlier emulator's profile is replaced
    assert config.read_text() == (
        "[DEFAULT]\nhost = https://prod.cloud.databricks.com\ntoken = dapi-prod\n\n"
        "[emu]\nhost = http://127.0.0.1:2\ntoken = t2\n"
    )


def test_emulator_json_hand_off(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "databricks_mlflow_client.cli", "-o", "json", "emulator"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        handoff = json.loads(process.stdout.readline())
        assert handoff["url"].startswith("http://127.0.0.1:")
        with DatabricksMlflowClient(host=handoff["url"], token=handoff["token"]) as client:
            assert list(client.registered_models.search()) == []
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_grant_refuses_a_lower_case_level_before_sending(emu: Emulator, sdk: DatabricksMlflowClient) -> None:
    before = direct(sdk)
    stderr = failed(cli(emu, "permissions", "grant", "--model", MODEL, "group:ml-engineers", "can_read"), 2)
    assert "'can_read': permission levels are upper case; did you mean CAN_READ?" in stderr
    assert direct(sdk) == before
