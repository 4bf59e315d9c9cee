"""`make demo`: scripts/demo.py runs end to end against its own emulator and says what it did."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

DEMO = Path(__file__).resolve().parent.parent / "scripts" / "demo.py"


def test_demo_runs_and_shows_every_step() -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith("DATABRICKS_")}
    result = subprocess.run(
        [sys.executable, str(DEMO)], capture_output=True, text=True, timeout=120, env=env, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "Traceback" not in out + result.stderr

    # the predecessor's interface prints the response as the server sent it
    start = out.index('{\n  "registered_model_databricks"')
    document, _ = json.JSONDecoder().raw_decode(out[start:])
    assert document["registered_model_databricks"]["name"] == "Sklearn_Wine_best"
    assert document["registered_model_databricks"]["id"]

    for line in [
        "$ databricks-mlflow permissions grant --model Sklearn_Wine_best user:carol.release@example.com CAN_READ",
        "$ databricks-mlflow permissions revoke --model Sklearn_Wine_best user:carol.release@example.com",
        "registered model fraud-detector: 1 to add, 1 to change, 0 to remove (PATCH)",
        "Plan: 5 to change, 0 unchanged, 0 failed.",
        "Applied 5, unchanged 0, failed 0.",
        "Applied 0, unchanged 5, failed 0.",
        "receiver answered 401",
        "TRANSITION_REQUEST_CREATED  model=Sklearn_Wine_best  version=3  to_stage=Production  signature=ok",
        "MODEL_VERSION_TRANSITIONED_STAGE  model=Sklearn_Wine_best  version=2  to_stage=Archived  signature=ok",
        "rejected  signature does not match  signature=BAD",  # a forged delivery shows none of its fields
        "Verified 5 models: 0 differences.",  # migration to Unity Catalog, then nothing left to apply
        "Applied 0 of 0 actions; 0 comments exported.",
        # one governance file for both registries: UC owner and grants planned, applied, then nothing to do
        "Unity Catalog model main.ml.fraud-detector: 0 to add, 1 to change, 1 to remove (PATCH)",
        "Applied 1, unchanged 1, failed 0.",
        "Unity Catalog model main.ml.fraud-detector: no changes",
        "Applied 0, unchanged 2, failed 0.",
        "latest_versions         v3 Production, v2 Archived",
        "== Done: the emulator is stopped ==",
    ]:
        assert line in out.splitlines(), line
    deleted = re.search(r"^runs_deleted +(\d+)$", out, re.MULTILINE)
    restored = re.search(r"^runs_restored +(\d+)$", out, re.MULTILINE)
    assert deleted is not None and restored is not None
    assert int(deleted[1]) > 0
    assert restored[1] == deleted[1]
    assert "signature INVALID" not in out
    assert "demo-signing-secret" not in out  # the webhook secret travels in the environment only
