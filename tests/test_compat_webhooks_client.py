"""Databricks' own `databricks-registry-webhooks` client (0.1.2) creates, lists, updates, tests and deletes a
webhook against the emulator. It calls the /api/2.0/preview/... paths and sends DELETE arguments as a JSON body.

It needs protobuf<4, which cannot share our venv, so the test builds a throwaway venv for it (about 2 s with
uv's cache) and runs tests/compat/webhooks_client_workflow.py there, talking to the emulator on loopback.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from databricks_mlflow_client.emulator import Emulator, WebhookReceiver

WORKFLOW = Path(__file__).parent / "compat" / "webhooks_client_workflow.py"
REQUIREMENTS = ["databricks-registry-webhooks==0.1.2", "protobuf<4"]
TARGET_REPLY = b'{"received": true}'


@pytest.fixture(scope="module")
def webhooks_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The interpreter of a fresh venv holding databricks-registry-webhooks 0.1.2."""
    venv = tmp_path_factory.mktemp("webhooks-client") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    uv = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
    if uv is not None:
        install = [uv, "pip", "install", "-q", "--python", str(python), *REQUIREMENTS]
    else:
        subprocess.run([str(python), "-m", "ensurepip", "-q"], check=True, timeout=300)
        install = [str(python), "-m", "pip", "install", "-q", *REQUIREMENTS]
    subprocess.run(install, check=True, timeout=600)
    return python


def test_databricks_registry_webhooks_client_runs_its_workflow(webhooks_python: Path, tmp_path: Path) -> None:
    with Emulator() as emu, WebhookReceiver(reply=TARGET_REPLY) as target:
        owner = emu.add_user("owner@example.com")
        emu.create_registered_model("m", owner=owner.name)
        env = {
            "PATH": "/usr/bin:/bin",
            "HOME": str(tmp_path),  # no ~/.databrickscfg: host and token come from the environment
            "DATABRICKS_HOST": emu.url,
            "DATABRICKS_TOKEN": owner.token,
        }
        done = subprocess.run(
            [str(webhooks_python), str(WORKFLOW), "m", target.url],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        steps: dict[str, Any] = {}
        for line in done.stdout.splitlines():
            record = json.loads(line)
            steps[record["step"]] = record["value"]
        hook_id = steps["create"]["id"]
        assert steps["create"] == {
            "id": hook_id,
            "status": "TEST_MODE",
            "events": ["MODEL_VERSION_CREATED", "COMMENT_CREATED"],
        }
        assert steps["list"] == [hook_id]
        assert steps["update"] == {"description": "updated", "status": "ACTIVE"}
        assert steps["test"] == {"status_code": 200, "body": TARGET_REPLY.decode()}
        assert json.loads(target.received[0].body)["event"] == "COMMENT_CREATED"
        assert steps["delete"] == []
        served = [(r.method, r.path, r.status) for r in emu.requests if r.path.startswith("/api/")]
    assert all(path.startswith("/api/2.0/preview/mlflow/registry-webhooks/") for _, path, _ in served)
    assert ("DELETE", "/api/2.0/preview/mlflow/registry-webhooks/delete", 200) in served
    print(f"\ndatabricks-registry-webhooks 0.1.2: {len(steps)} of 5 steps passed: {', '.join(steps)}")
    assert len(steps) == 5
