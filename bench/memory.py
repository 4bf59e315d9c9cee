"""Target 6: peak RSS added by iterating many webhooks page by page (see `_memory_child`)."""

from __future__ import annotations

import json
import subprocess
import sys

from ._emu import EmulatorProcess
from ._model import Figure, Result, Target
from ._paths import ROOT

CHILD_TIMEOUT = 900
MIB_PER_MB = 1_000_000 / 2**20


def _child(client: str, url: str, token: str, page_size: int) -> dict[str, float]:
    argv = [sys.executable, "-m", "bench._memory_child", client, url, token, str(page_size)]
    out = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=CHILD_TIMEOUT, check=True)
    report: dict[str, float] = json.loads(out.stdout)
    return report


def webhook_memory(webhooks: int, page_size: int, runs: int) -> Result:
    reports: dict[str, list[dict[str, float]]] = {"ours": [], "sdk": []}
    with EmulatorProcess(webhooks=webhooks) as emu:
        for _ in range(runs):
            for client in reports:
                reports[client].append(_child(client, emu.url, emu.token, page_size))
    labels = {"ours": "ours", "sdk": "databricks-sdk"}
    result = Result(
        "memory",
        "6. Memory: iterating webhooks",
        f"{webhooks} registry-wide webhooks seeded straight into the emulator's workspace (its own process), "
        f"then `client.webhooks.list(page_size={page_size})` iterated to the end in a fresh child process "
        "that only counts them. Added peak RSS = VmHWM after the iteration (peak mark reset just before it "
        "through /proc/self/clear_refs) minus VmRSS before it; the client is built and a first page "
        f"fetched before the baseline. Median of {runs} runs. databricks-sdk's `list_webhooks("
        f"max_results={page_size})` shown for comparison (no target).",
        chart_unit="MiB",
    )
    for client, values in reports.items():
        result.figures.append(
            Figure(f"{labels[client]}: added peak RSS", "MiB", [r["added_mib"] for r in values])
        )
    for client, values in reports.items():
        result.figures.append(
            Figure(f"{labels[client]}: RSS before", "MiB", [r["rss_before_mib"] for r in values])
        )
        result.figures.append(
            Figure(f"{labels[client]}: iteration time", "s", [r["seconds"] for r in values])
        )
    counts = sorted({int(r["count"]) for values in reports.values() for r in values})
    result.notes.append(f"webhooks counted per run: {counts} (expected {webhooks})")
    if not all(r["peak_reset"] for values in reports.values() for r in values):
        result.notes.append("peak mark could not be reset: used ru_maxrss (peak since process start)")
    added_mb = result.figure("ours: added peak RSS").median / MIB_PER_MB
    complete = counts == [webhooks]
    result.targets.append(
        Target(
            f"ours: added peak RSS iterating {webhooks} webhooks",
            added_mb if complete else None,
            "<",
            50.0,
            "MB",
            "" if complete else "not every webhook was iterated",
        )
    )
    return result
