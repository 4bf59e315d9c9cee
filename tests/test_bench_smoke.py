"""`python -m bench --smoke` runs every benchmark at tiny sizes and writes parseable outputs.

No figure is asserted: speed targets are measured by `make bench`, never by the test suite.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXPECTED_KEYS = {
    "import",
    "calls",
    "validation",
    "bulk",
    "cli_start",
    "memory",
    "generate",
    "noise",
    "scale",
    "capacity",
}
EXPECTED_PLOTS = {"pacing", "scale_vs_n"}


# About a minute, mostly waiting out Retry-After pauses and CLI start-ups: `make compat` runs it (CI too).
@pytest.mark.compat
def test_bench_smoke_writes_results(tmp_path: Path) -> None:
    out = tmp_path / "bench"
    committed = ROOT / "bench" / "results.json"
    committed_before = committed.stat().st_mtime_ns if committed.exists() else None
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--smoke", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-4000:]

    document = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert document["smoke"] is True
    assert document["machine"]["cores"] >= 1
    results = {result["key"]: result for result in document["results"]}
    assert set(results) == EXPECTED_KEYS
    for result in results.values():
        assert result["figures"], result["key"]
        for figure in result["figures"]:
            assert figure["samples"], (result["key"], figure["name"])
        for target in result["targets"]:
            assert target["status"] in {"pass", "FAIL", "pending"}

    markdown = (out / "results.md").read_text(encoding="utf-8")
    assert markdown.startswith("# Benchmarks")
    for key in EXPECTED_KEYS:
        chart = out / f"{key}.png"
        assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", key
        assert f"]({key}.png)" in markdown
    for plot in EXPECTED_PLOTS:
        assert (out / f"{plot}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", plot
        assert f"]({plot}.png)" in markdown
    # Smoke output goes where it was asked, never over the committed results.
    assert (committed.stat().st_mtime_ns if committed.exists() else None) == committed_before
