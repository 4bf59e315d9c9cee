"""Targets 2 and 3: sequential GET registered-model permissions over loopback (see `_calls_child`)."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys

from ._emu import EmulatorProcess
from ._model import Figure, Result, Target
from ._paths import ROOT

CHILD_TIMEOUT = 900

LABELS = {
    "ours": "ours (validation on)",
    "ours_novalidate": "ours (validate=False)",
    "sdk": "databricks-sdk",
    "httpx": "bare httpx.Client",
}


def run_child(url: str, token: str, model_id: str, calls: int, rounds: int, *extra: str) -> str:
    argv = [sys.executable, "-m", "bench._calls_child", url, token, model_id, str(calls), str(rounds), *extra]
    out = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=CHILD_TIMEOUT, check=True)
    return out.stdout


def sequential_calls(calls: int, rounds: int) -> tuple[Result, Result]:
    with EmulatorProcess(models=1) as emu:
        model_id = next(iter(emu.models.values()))
        report = json.loads(run_child(emu.url, emu.token, model_id, calls, rounds))
    rates: dict[str, list[float]] = report["rates"]
    figures = [Figure(LABELS[kind], "calls/s", values) for kind, values in rates.items()]
    figures += [
        Figure(f"{LABELS[kind]}: client CPU", "µs/call", values) for kind, values in report["cpu_us"].items()
    ]

    def paired(numerator: str, denominator: str) -> float:
        """Median over rounds of the per-round ratio: both clients of a round saw the same load."""
        return statistics.median(a / b for a, b in zip(rates[numerator], rates[denominator], strict=True))

    speed = Result(
        "calls",
        "2. Sequential calls over loopback",
        f"{calls} sequential `GET /api/2.0/permissions/registered-models/{{id}}` per client per round "
        f"against the emulator in its own process; {rounds} rounds; the clients live in one process and take "
        "turns in blocks of a tenth of a round (who goes first rotates), after 50 warm-up calls each. "
        "Figures: median calls/s over rounds; ratios: median over rounds of the per-round ratio (the two "
        "clients of a round saw the same load). Ours: `client.permissions.registered_models"
        ".get(ModelId(id))` (parsed into the generated model); SDK: `w.model_registry.get_permissions("
        "registered_model_id=id)`; bare httpx: `Client.get` with the same headers on a keep-alive "
        "connection, `raise_for_status()` and `.json()`. Client CPU: this process's CPU time per call "
        "(`time.process_time`), less sensitive than wall time to other work on the machine (no target).",
        figures=figures,
        chart_unit="calls/s",
    )
    speed.targets = [
        Target("ours / databricks-sdk calls/s", paired("ours", "sdk"), ">=", 1.0),
        Target("ours / bare httpx calls/s", paired("ours", "httpx"), ">=", 0.85),
    ]
    for numerator, denominator in (("ours", "sdk"), ("ours", "httpx"), ("ours", "ours_novalidate")):
        per_round = ", ".join(
            f"{a / b:.3f}" for a, b in zip(rates[numerator], rates[denominator], strict=True)
        )
        speed.notes.append(f"{LABELS[numerator]} / {LABELS[denominator]} per round: {per_round}")
    validation = Result(
        "validation",
        "3. Validation overhead",
        "The loop of benchmark 2, ours with validation on (default) vs `validate=False`, same process and "
        "rounds; ratio: median over rounds of the per-round ratio.",
        figures=[f for f in figures if f.name.startswith((LABELS["ours"], LABELS["ours_novalidate"]))],
        chart_unit="calls/s",
    )
    validation.targets = [
        Target("calls/s validation on / off", paired("ours", "ours_novalidate"), ">=", 0.95)
    ]
    return speed, validation


def profile_ours(calls: int) -> str:
    """pyinstrument's view of our client in the benchmark-2 loop (validation on), for results.md."""
    with EmulatorProcess(models=1) as emu:
        model_id = next(iter(emu.models.values()))
        text = run_child(emu.url, emu.token, model_id, calls, 1, "--profile", "ours")
    return text.rstrip().rsplit("\n", 1)[0]  # the last line is the JSON rate
