"""`make demo`: the main job of databricks-mlflow-client, end to end, against a local emulated workspace.

Starts the emulator with demo data in this process, then walks through: resolving a model by name,
granting and revoking permissions, permissions as code (export, plan, apply, re-apply), stage-transition
requests with comments, signed webhook deliveries to a local receiver, and bulk delete/restore of runs.
The `databricks-mlflow` steps run the real command line (in this process, or as a subprocess for the
webhook receiver). Exits 0 when every step worked; the emulator is stopped at the end either way.
"""

from __future__ import annotations

import datetime
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import click
import httpx
import yaml

from databricks_mlflow_client import DatabricksMlflowClient
from databricks_mlflow_client.cli import main as cli_main
from databricks_mlflow_client.emulator import Emulator
from databricks_mlflow_client.rest.client import DatabricksMlflowClient as PredecessorClient
from databricks_mlflow_client.webhooks import SIGNATURE_HEADER, parse_payload, verify_signature

MODEL = "Sklearn_Wine_best"
EXPERIMENT = "/Users/alice.scientist@example.com/wine-quality"
WEBHOOK_SECRET = "demo-signing-secret"  # a throwaway secret for the local receiver
WEBHOOK_EVENTS = ("TRANSITION_REQUEST_CREATED", "COMMENT_CREATED", "MODEL_VERSION_TRANSITIONED_STAGE")
# request + comment + approval (the version moves, and the one it replaces in Production is archived)
EXPECTED_DELIVERIES = 4
DAY_MS = 24 * 3600 * 1000


def section(title: str) -> None:
    print(f"\n== {title} ==", flush=True)


def step(text: str) -> None:
    print(f"-- {text}", flush=True)


def cli(*args: str) -> None:
    """Run `databricks-mlflow ARGS` in this process; an error raises, so the demo stops at the first failure."""
    print(f"$ databricks-mlflow {shlex.join(args)}", flush=True)
    cli_main(list(args), standalone_mode=False)
    sys.stdout.flush()


def resolve_model(emu: Emulator) -> None:
    section("1. Resolve a registered model by name (the predecessor's interface, unchanged)")
    step(f'DatabricksMlflowClient(host, token).get_registered_model_databricks("{MODEL}")')
    client = PredecessorClient(host=emu.url, token=emu.token)
    try:
        print(json.dumps(client.get_registered_model_databricks(MODEL), indent=2))
    finally:
        client.close()
    step("the same with the command line, as a table")
    cli("models", "get", MODEL)


def grant_and_revoke() -> None:
    section("2. Grant and revoke permissions (names in, ids resolved for you)")
    cli("permissions", "grant", "--model", MODEL, "user:carol.release@example.com", "CAN_READ")
    cli("permissions", "revoke", "--model", MODEL, "user:carol.release@example.com")
    step("a permission level the model does not have is refused before anything is sent (exit 2):")
    try:
        cli("permissions", "grant", "--model", MODEL, "group:ml-engineers", "CAN_RUN")
    except click.ClickException as exc:
        print(f"Error: {exc.format_message()} (exit {exc.exit_code})")


def permissions_as_code(workdir: Path) -> None:
    section("3. Permissions as code: export, edit, plan, apply, re-apply")
    exported = workdir / "exported.yaml"
    cli("permissions", "export", "--model", "*", "--file", str(exported))
    document = yaml.safe_load(exported.read_text())
    for name, grants in document["registered_models"].items():
        grants.append({"group_name": "auditors", "permission_level": "CAN_READ"})
        if name == "fraud-detector":
            for grant in grants:
                if grant.get("group_name") == "ml-engineers":
                    grant["permission_level"] = "CAN_MANAGE_PRODUCTION_VERSIONS"
        if name == "churn-predictor":
            document["registered_models"][name] = [g for g in grants if "service_principal_name" not in g]
    desired = workdir / "permissions.yaml"
    desired.write_text(yaml.safe_dump(document, sort_keys=False))
    step(f"edited {desired.name}: auditors may read every model, ml-engineers manage fraud-detector's")
    step("production versions, the deploy bot no longer touches churn-predictor")
    print("\n".join(desired.read_text().splitlines()[:12]) + "\n  ...")
    step("plan only (nothing changes without --yes)")
    cli("permissions", "apply", str(desired))
    step("apply")
    cli("permissions", "apply", str(desired), "--yes")
    step("apply again: the workspace already matches, nothing to do")
    cli("permissions", "apply", str(desired), "--yes")


def start_receiver(emu: Emulator) -> tuple[subprocess.Popen[str], str]:
    section("4. A webhook to a local receiver that checks signatures")
    total = EXPECTED_DELIVERIES + 1  # and one forged delivery
    args = ["webhooks", "listen", "--port", "0", "--exit-after", str(total)]
    print(f"$ databricks-mlflow {shlex.join(args)} &   # secret from DATABRICKS_WEBHOOK_SECRET")
    receiver = subprocess.Popen(
        [sys.executable, "-m", "databricks_mlflow_client.cli", *args],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "DATABRICKS_WEBHOOK_SECRET": WEBHOOK_SECRET},
    )
    assert receiver.stdout is not None
    first_line = receiver.stdout.readline().strip()
    print(first_line)
    url = first_line.removeprefix("listening on ")
    events = [arg for event in WEBHOOK_EVENTS for arg in ("--event", event)]
    cli("webhooks", "create", "--model", MODEL, *events, "--url", url, "--description", "demo receiver")
    return receiver, url


def transitions() -> None:
    section("5. Stage transitions: request, comment, approve, reject")
    cli("transitions", "request", MODEL, "3", "Production", "--comment", "RMSE 0.61 on the Q3 holdout")
    cli("transitions", "list", MODEL, "3")
    cli("comments", "add", MODEL, "3", "Checked the feature drift report: fine.")
    cli("transitions", "approve", MODEL, "3", "Production", "--archive-existing", "--comment", "Ship it")
    cli("transitions", "request", "fraud-detector", "2", "Staging", "--comment", "retrained on May data")
    cli("transitions", "reject", "fraud-detector", "2", "Staging", "--comment", "recall dropped 4 points")
    step(f"{MODEL} now:")
    cli("models", "get", MODEL)


def show_deliveries(emu: Emulator, receiver: subprocess.Popen[str], url: str) -> None:
    section("6. The signed deliveries arriving at the receiver")
    deliveries = emu.wait_for_deliveries(EXPECTED_DELIVERIES, timeout=10)
    step("a forged delivery (signed with the wrong secret) is refused:")
    forged = b'{"event": "MODEL_VERSION_TRANSITIONED_STAGE", "webhook_id": "x", "event_timestamp": 1}'
    answer = httpx.post(url, content=forged, headers={SIGNATURE_HEADER: "0" * 64}, timeout=5)
    print(f"receiver answered {answer.status_code}")
    output, _ = receiver.communicate(timeout=10)
    step("the receiver's log, one line per delivery:")
    print(output.rstrip())
    step("checking the emulator's record of the deliveries with verify_signature():")
    for delivery in deliveries:
        payload = parse_payload(delivery.body)
        signed = verify_signature(delivery.body, WEBHOOK_SECRET, delivery.headers.get(SIGNATURE_HEADER))
        print(
            f"{payload.event} {payload.model_name} v{payload.version}: answered {delivery.status_code}, "
            f"signature {'valid' if signed else 'INVALID'}"
        )
        if not signed or delivery.status_code != 200:
            raise SystemExit("a delivery was not signed or not accepted")


def bulk_runs(emu: Emulator) -> None:
    section("7. Bulk delete and restore of runs")
    now_ms = int(time.time() * 1000)
    cutoff = datetime.datetime.fromtimestamp((now_ms - 14 * DAY_MS) / 1000, tz=datetime.UTC).date()
    step(f"clean up the runs of {EXPERIMENT} started before {cutoff}")
    deleted_after = now_ms - 1000
    cli("runs", "delete", EXPERIMENT, "--before", cutoff.isoformat(), "--all", "--yes")
    with DatabricksMlflowClient(host=emu.url, token=emu.token) as client:
        experiment_id = client.experiments.get_by_name(EXPERIMENT).experiment_id
    active = sum(run["lifecycle_stage"] == "active" for run in emu.workspace.runs(str(experiment_id)))
    print(f"{active} runs left active")
    step("changed our mind: restore the runs that clean-up deleted")
    cli("runs", "restore", EXPERIMENT, "--after", str(deleted_after), "--all", "--yes")


def migrate_to_unity_catalog(emu: Emulator) -> None:
    """Issue #15: the workspace registry's models and governance carried to Unity Catalog, and checked."""
    import databricks_mlflow_client.cli.migrate  # noqa: F401  (the module, for its version_copier seam)
    from databricks_mlflow_client.emulator._uc_seed import UnityCatalog

    section("8. Migrate the workspace registry to Unity Catalog: plan, apply, verify, apply again")
    uc = UnityCatalog(emu)
    uc.create_catalog("main")
    uc.create_schema("main.ml")

    # MLflow's copy_model_version needs an artifact store the emulator does not have: the copy itself is a stand-in.
    sys.modules["databricks_mlflow_client.cli.migrate"].version_copier = lambda: uc.copy_model_version  # type: ignore[attr-defined]
    args = ("--to", "main.ml", "--all", "--copy-versions", "--grant-usage")
    with tempfile.TemporaryDirectory() as tmp:
        comments = str(Path(tmp) / "comments.json")
        for command, expected in (("plan", 3), ("apply", 0), ("verify", 0), ("apply", 0)):
            extra = ("--comments-file", comments) if command == "apply" else ()
            print(f"$ databricks-mlflow migrate {command} {shlex.join(args + extra)}", flush=True)
            code = cli_main(["migrate", command, *args, *extra], standalone_mode=False)
            sys.stdout.flush()
            print(f"(exit {code or 0})")
            if (code or 0) != expected:
                raise SystemExit(f"migrate {command} exited {code}, expected {expected}")


def govern_unity_catalog(workdir: Path) -> None:
    """Issue #15 item 3: UC model owners and grants in the same governance file as the workspace ACLs."""
    section("9. One governance file for both registries: UC model owners and grants, export, apply, re-apply")
    governance = workdir / "governance.yaml"
    cli(
        "permissions",
        "export",
        "--model",
        "fraud-detector",
        "--uc-model",
        "main.ml.fraud*",
        "-f",
        str(governance),
    )
    document = yaml.safe_load(governance.read_text())
    workspace_acl = document["registered_models"]["fraud-detector"]
    (deploy_bot,) = [
        grant["service_principal_name"] for grant in workspace_acl if "service_principal_name" in grant
    ]
    for model in document["unity_catalog_models"].values():
        model["owner"] = "ml-engineers"
        for grant in model["grants"]:
            if grant["principal"] == deploy_bot:
                grant["privileges"] = ["EXECUTE"]
    governance.write_text(yaml.safe_dump(document, sort_keys=False, default_flow_style=None))
    step("edited: ml-engineers own the migrated fraud model; the deploy bot may load it, not tag it")
    text = governance.read_text()
    print(text[text.index("unity_catalog_models:") :], end="")
    for extra, expected in (((), 3), (("--yes",), 0), (("--yes",), 0)):
        print(f"$ databricks-mlflow permissions apply {shlex.join((governance.name, *extra))}", flush=True)
        code = cli_main(["permissions", "apply", str(governance), *extra], standalone_mode=False) or 0
        sys.stdout.flush()
        print(f"(exit {code})")
        if code != expected:
            raise SystemExit(f"permissions apply exited {code}, expected {expected}")


def main() -> int:
    os.environ.setdefault("DATABRICKS_MLFLOW_OUTPUT", "table")
    with Emulator(seed="demo") as emu, tempfile.TemporaryDirectory() as tmp:
        emu.add_group("auditors")
        os.environ["DATABRICKS_HOST"] = emu.url
        os.environ["DATABRICKS_TOKEN"] = emu.token
        os.environ["DATABRICKS_WEBHOOK_SECRET"] = WEBHOOK_SECRET
        print(
            f"Emulated workspace at {emu.url} (seed 'demo': 5 models, 2 experiments, 3 users, a deploy bot)"
        )
        resolve_model(emu)
        grant_and_revoke()
        permissions_as_code(Path(tmp))
        receiver, url = start_receiver(emu)
        try:
            transitions()
            show_deliveries(emu, receiver, url)
        finally:
            if receiver.poll() is None:
                receiver.kill()
                receiver.wait()
        bulk_runs(emu)
        migrate_to_unity_catalog(emu)
        govern_unity_catalog(Path(tmp))
    section("Done: the emulator is stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
