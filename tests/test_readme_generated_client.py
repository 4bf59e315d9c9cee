"""The README's "Using the generated client directly" section runs, as written, against the emulator."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

from databricks_mlflow_client.emulator import Emulator

README = Path(__file__).resolve().parent.parent / "README.md"


def section_code(title: str) -> str:
    text = README.read_text(encoding="utf-8")
    section = text.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, re.DOTALL)
    assert len(blocks) == 1, blocks
    return str(blocks[0])


def test_the_generated_client_section_runs_against_the_emulator(monkeypatch: pytest.MonkeyPatch) -> None:
    code = section_code("Using the generated client directly")
    with Emulator() as emu:
        model_id = emu.create_registered_model("fraud-detector", versions=1)
        monkeypatch.setenv("DATABRICKS_HOST", emu.url)
        monkeypatch.setenv("DATABRICKS_TOKEN", emu.token)
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(compile(code, "README.md", "exec"), {})
    lines = printed.getvalue().splitlines()
    assert lines[0] == model_id
    assert lines[1] == "RESOURCE_DOES_NOT_EXIST"
    assert lines[2] == "GET /api/2.0/mlflow/databricks/registered-models/get?name=fraud-detector"
    assert lines[3] == "True"
    assert lines[4] == "404 RESOURCE_DOES_NOT_EXIST"
