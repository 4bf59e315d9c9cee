"""What `permissions apply` and `permissions export` import: only the modules of what they do. The Unity
Catalog section's machinery, `migrate` and the emulator's command are loaded only when a command needs them
(each process of a large `apply` or `export` pays its imports before its first request)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from databricks_mlflow_client.emulator import Emulator

LAZY = (
    "databricks_mlflow_client.cli._uc_governance",
    "databricks_mlflow_client.migrate",
    "databricks_mlflow_client.cli.migrate",
    "databricks_mlflow_client.emulator._cli",
    "databricks_mlflow_client.cli.webhooks",
    "databricks_mlflow_client.cli.runs",
)
RUN = (
    "import json, sys\n"
    "from databricks_mlflow_client.cli import main\n"
    "try:\n"
    "    main(sys.argv[1:])\n"
    "except SystemExit as exc:\n"
    "    code = exc.code\n"
    "print(json.dumps({'exit': code, 'loaded': sorted(m for m in sys.modules if m.startswith('databricks_mlflow'))}))\n"
)


@pytest.fixture(scope="module")
def emu() -> Iterator[Emulator]:
    with Emulator(seed="demo") as emulator:
        yield emulator


def run(emu: Emulator, *args: str) -> tuple[int, set[str]]:
    """Exit code and the project's modules loaded, of the CLI run in a fresh process."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABRICKS_", "DATABRICKS_MLFLOW"))}
    env.update(DATABRICKS_HOST=emu.url, DATABRICKS_TOKEN=emu.token)
    done = subprocess.run(
        [sys.executable, "-c", RUN, "--output", "json", *args],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(done.stdout.splitlines()[-1])
    return result["exit"], set(result["loaded"])


def workspace_file(tmp_path: Path, **sections: object) -> Path:
    path = tmp_path / "acl.yaml"
    document = {
        "registered_models": {
            "fraud-detector": [{"group_name": "ml-engineers", "permission_level": "CAN_READ"}]
        }
    }
    path.write_text(yaml.safe_dump({**document, **sections}, sort_keys=False))
    return path


def test_apply_without_a_unity_catalog_section_loads_no_unity_catalog_or_migrate_code(
    emu: Emulator, tmp_path: Path
) -> None:
    code, loaded = run(emu, "permissions", "apply", str(workspace_file(tmp_path)))
    assert code in (0, 3)  # the plan ran: against the emulator, over HTTP
    assert "databricks_mlflow_client.cli._acl_sync" in loaded
    assert loaded.isdisjoint(LAZY), sorted(loaded & set(LAZY))


def test_apply_with_the_section_loads_it(emu: Emulator, tmp_path: Path) -> None:
    uc = {"main.ml.nowhere": {"grants": []}}
    code, loaded = run(emu, "permissions", "apply", str(workspace_file(tmp_path, unity_catalog_models=uc)))
    assert code == 2  # grants: [] on a model that cannot be read: refused by the section's checks
    assert "databricks_mlflow_client.cli._uc_governance" in loaded


def test_export_of_workspace_objects_loads_no_unity_catalog_or_migrate_code(
    emu: Emulator, tmp_path: Path
) -> None:
    out = tmp_path / "out.yaml"
    code, loaded = run(emu, "permissions", "export", "--all-models", "--file", str(out))
    assert code == 0
    assert "fraud-detector" in yaml.safe_load(out.read_text())["registered_models"]
    assert loaded.isdisjoint(LAZY), sorted(loaded & set(LAZY))


def test_export_of_unity_catalog_models_loads_the_section(emu: Emulator, tmp_path: Path) -> None:
    code, loaded = run(
        emu, "permissions", "export", "--uc-schema", "main.nowhere", "--file", str(tmp_path / "o")
    )
    assert code in (0, 1)
    assert "databricks_mlflow_client.cli._uc_governance" in loaded


def test_an_unknown_command_still_suggests_among_every_command(emu: Emulator) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DATABRICKS_")}
    done = subprocess.run(
        [sys.executable, "-m", "databricks_mlflow_client.cli", "migrat"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert "No such command 'migrat'. Did you mean 'migrate'?" in done.stderr


def test_the_cli_freezes_the_heap_at_exit_so_the_last_collection_skips_the_imports() -> None:
    """The interpreter's last garbage collection walks every object the imports made (~0.1 s at each exit);
    `main` registers `gc.freeze` to run at exit, after the command (atexit runs last-registered first, so
    a handler registered before `main` sees the heap frozen). Its output is still written."""
    check = (
        "import atexit, gc, sys\n"
        "atexit.register(lambda: print('frozen', gc.get_freeze_count() > 0))\n"
        "from databricks_mlflow_client.cli import main\n"
        "main(['--version'])\n"
    )
    out = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "databricks-mlflow" in out.stdout
    assert out.stdout.rstrip().endswith("frozen True")


def test_the_collector_is_off_while_the_command_loads_and_on_once_it_builds_its_client(
    emu: Emulator, tmp_path: Path
) -> None:
    """The imports' objects are not garbage; full collections walked them again and again while they
    loaded (~40 ms of a CLI's start). The collector is off from `main` until the command builds its
    client, and as it was once `main` returns."""
    spy = (
        "import gc, importlib, json, sys\n"
        "seen = {}\n"
        "load = importlib.import_module\n"
        "def import_module(name, *args):\n"
        "    seen.setdefault('loading ' + name, gc.isenabled())\n"
        "    return load(name, *args)\n"
        "importlib.import_module = import_module\n"
        "from databricks_mlflow_client.cli import _app, main\n"
        "build = _app.CliState.async_client\n"
        "def async_client(self, *args):\n"
        "    client = build(self, *args)\n"
        "    seen['client built'] = gc.isenabled()\n"
        "    return client\n"
        "_app.CliState.async_client = async_client\n"
        "try:\n"
        "    main(sys.argv[1:])\n"
        "except SystemExit:\n"
        "    pass\n"
        "seen['after main'] = gc.isenabled()\n"
        "print(json.dumps(seen))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("DATABRICKS_")}
    env.update(DATABRICKS_HOST=emu.url, DATABRICKS_TOKEN=emu.token)
    done = subprocess.run(
        [sys.executable, "-c", spy, "permissions", "apply", str(workspace_file(tmp_path))],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    seen = json.loads(done.stdout.splitlines()[-1])
    assert seen["loading databricks_mlflow_client.cli.permissions"] is False
    assert seen["client built"] is True
    assert seen["after main"] is True
