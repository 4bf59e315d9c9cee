"""Target 4: grant a group a permission on N registered models against a slow, rate-limited emulator (every
request +latency; `/api/2.0/permissions/*` a token bucket answering 429 + Retry-After).

Each run gets a fresh emulator process, and the final state is checked there: every model must carry the
direct grant (0 lost), and the client must report 0 failures. Every figure is quoted as a fraction of its
physical limit ((rate-limited requests - burst) / limit + one latency), the old bound (requests / limit)
beside it.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ._emu import EmulatorProcess
from ._model import Figure, Panel, Plot, Result, Target, physical_limit, ratio
from ._paths import ROOT

GROUP = "bench-group"
LEVEL = "CAN_READ"
RUN_TIMEOUT = 900


@dataclass(frozen=True)
class Bulk:
    models: int
    latency: float
    per_second: int
    burst: int
    runs: int
    sdk_runs: int

    @property
    def rate_limit(self) -> str:
        return f"/api/2.0/permissions/*={self.per_second}:{self.burst}"


@dataclass
class Run:
    seconds: float
    failed: int
    present: int
    throttled: int
    requests: int
    pacing: dict[str, Any]


def _emulator(bulk: Bulk) -> EmulatorProcess:
    return EmulatorProcess(
        models=bulk.models, group=GROUP, latency=bulk.latency, rate_limits=(bulk.rate_limit,)
    )


def _finish(emu: EmulatorProcess, seconds: float, failed: int, pacing: dict[str, Any] | None = None) -> Run:
    present = emu.command("grants", group=GROUP, level=LEVEL)["present"]
    stats = emu.command("stats")
    requests = sum(count for line, count in stats["statuses"].items() if "/.well-known/" not in line)
    return Run(seconds, failed, present, stats["rate_limited"], requests, pacing or {})


def _child_run(bulk: Bulk, client: str, concurrency: int) -> Run:
    with _emulator(bulk) as emu:
        objects = list(emu.models.values()) if client == "ours-id" else list(emu.models)
        argv = [sys.executable, "-m", "bench._bulk_child", client, emu.url, emu.token, GROUP, LEVEL]
        argv += [str(concurrency), *objects]
        out = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=RUN_TIMEOUT, check=True)
        report = json.loads(out.stdout)
        return _finish(emu, report["seconds"], report["failed"], report.get("pacing"))


def _apply_run(bulk: Bulk, extra: tuple[str, ...], workdir: Path, cli: Path) -> Run:
    with _emulator(bulk) as emu:
        document = {
            "registered_models": {
                name: [{"group_name": GROUP, "permission_level": LEVEL}] for name in emu.models
            }
        }
        acl_file = workdir / "acl.yaml"
        acl_file.write_text(yaml.safe_dump(document))
        env = {k: v for k, v in os.environ.items() if not k.startswith("DATABRICKS_")}
        env.update(DATABRICKS_HOST=emu.url, DATABRICKS_TOKEN=emu.token)
        argv = [str(cli), "--output", "json", "permissions", "apply"]
        argv += [str(acl_file), "--yes", *extra]
        started = time.perf_counter()
        out = subprocess.run(argv, cwd=workdir, env=env, capture_output=True, text=True, timeout=RUN_TIMEOUT)
        seconds = time.perf_counter() - started
        try:
            failed = int(json.loads(out.stdout)["summary"]["failed"])
        except (ValueError, KeyError, TypeError):
            failed = bulk.models  # no parsable report: count every object as failed
        return _finish(emu, seconds, failed if out.returncode == 0 else max(failed, 1))


BY_ID = "ours async, grant by ModelId (max_concurrency=32, default)"
BY_NAME = "ours async, grant by name (max_concurrency=32, default)"
APPLY = "permissions apply --yes (default: checks each write's answer)"
APPLY_REREAD = "permissions apply --yes --verify reread"
SDK = "databricks-sdk, sequential get_model -> update_permissions"


def bulk_grant(bulk: Bulk, cli: Path) -> Result:
    n = bulk.models
    # Rate-limited requests per variant, and round trips before the first of them can be answered.
    limited = {BY_ID: n, BY_NAME: n, APPLY: 2 * n, APPLY_REREAD: 3 * n, SDK: n}
    trips = {BY_ID: 1, BY_NAME: 2, APPLY: 2, APPLY_REREAD: 2, SDK: 2}
    in_flight = {BY_ID: 32, BY_NAME: 32, APPLY: 32, APPLY_REREAD: 32, SDK: 1}
    runs: dict[str, list[Run]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-apply-") as tmp:
        workdir = Path(tmp)
        plan: list[tuple[str, Callable[[], Run]]] = [
            (BY_ID, lambda: _child_run(bulk, "ours-id", 32)),
            (BY_NAME, lambda: _child_run(bulk, "ours", 32)),
            (APPLY, lambda: _apply_run(bulk, (), workdir, cli)),
            (APPLY_REREAD, lambda: _apply_run(bulk, ("--verify", "reread"), workdir, cli)),
        ]
        for _ in range(bulk.runs):  # interleaved, so load changes hit every variant alike
            for name, action in plan:
                runs.setdefault(name, []).append(action())
        runs[SDK] = [_child_run(bulk, "sdk", 1) for _ in range(bulk.sdk_runs)]

    def limit_of(name: str) -> float:
        return physical_limit(limited[name], bulk.per_second, bulk.burst, trips[name] * bulk.latency)

    result = Result(
        "bulk",
        "4. Bulk grant under a rate limit",
        f"Grant group `{GROUP}` {LEVEL} on {n} registered models. The emulator (own process) adds "
        f"{bulk.latency * 1000:g} ms to every request and rate-limits `/api/2.0/permissions/*` to "
        f"{bulk.per_second} requests/s (token bucket, burst {bulk.burst}, `--rate-limit '{bulk.rate_limit}'`; "
        "beyond it 429 REQUEST_LIMIT_EXCEEDED with an integer Retry-After >= 1 s). Name lookups "
        "(`/api/2.0/mlflow/databricks/registered-models/get`) are not rate-limited. Ours async: "
        "`asyncio.gather` of `client.permissions.registered_models.grant(obj, level, group_name=...)`, by "
        "`ModelId` (one PATCH each) or by name (a lookup, then the PATCH), timed from client construction "
        "to the last grant. `permissions apply`: the CLI process's wall time (start-up included; the CLI as a "
        "user installs it, bench/_work/venv-ours when the user venvs are built) applying a file that adds "
        "the grant to every model (by name: per object a look-up, a GET to plan and the PATCH, whose answer "
        "is checked against the plan; with `--verify reread`, also a GET until the object reads as written). "
        "SDK: the sequential loop a user writes. Median of "
        f"{bulk.runs} runs ({bulk.sdk_runs} for the SDK), each on a fresh emulator.\n\n"
        "**Physical limit** = (rate-limited requests - burst) / limit + the round trips before the first "
        f"limited answer ({bulk.latency:g} s each; two for a variant that looks names up first): what an ideal client that spends the bucket's burst at "
        "once and then runs exactly at the limit would take. **Old bound** = rate-limited requests / limit "
        "(what earlier results were measured against; looser, since it ignores the burst). Fraction = limit "
        "/ measured time.",
    )
    result.figures = [Figure(name, "s", [r.seconds for r in values]) for name, values in runs.items()]
    result.chart_lines = {
        "physical limit, grant by id": limit_of(BY_ID),
        "physical limit, apply": limit_of(APPLY),
    }
    for name, values in runs.items():
        median = result.figure(name).median
        throttled = ", ".join(str(r.throttled) for r in values)
        lost = ", ".join(str(n - r.present) for r in values)
        failed = ", ".join(str(r.failed) for r in values)
        sent = statistics.median(r.requests for r in values)
        old = limited[name] / bulk.per_second
        result.notes.append(
            f"{name}: {limited[name]} rate-limited requests; physical limit {limit_of(name):.2f} s -> "
            f"fraction {ratio(limit_of(name), median):.3f} (old bound {old:g} s -> {ratio(old, median):.3f}); "
            f"429s per run [{throttled}]; failed [{failed}]; lost [{lost}]; {sent:g} requests (median), at "
            f"most {in_flight[name]} in flight"
        )
    for name in (BY_ID, APPLY):
        result.targets.append(
            Target(
                f"{name}: fraction of its physical limit ({limit_of(name):.2f} s)",
                ratio(limit_of(name), result.figure(name).median),
                ">=",
                0.9,
                note=f"old bound {limited[name] / bulk.per_second:g} s: "
                f"{ratio(limited[name] / bulk.per_second, result.figure(name).median):.3f}",
            )
        )
    sdk_median = result.figure(SDK).median
    for name in (BY_ID, APPLY):
        speedup = ratio(sdk_median, result.figure(name).median)
        result.targets.append(Target(f"speed-up vs databricks-sdk: {name}", speedup, ">=", 10.0, "x"))
    bad = sum(r.failed + (n - r.present) for values in runs.values() for r in values)
    result.targets.append(Target("failed + lost operations, all runs of all variants", bad, "<=", 0, "ops"))
    result.notes.append(
        f"What bounds `permissions apply`: it reads every object before it writes (a plan, then PUT/PATCH only "
        f"what differs) and checks each write by the permissions the write answers with, so it makes {2 * n} "
        f"rate-limited requests where the SDK loop makes {n} (physical limit {limit_of(APPLY):.2f} s). "
        f"`--verify reread` also re-reads each object until it reads as written ({3 * n} requests, limit "
        f"{limit_of(APPLY_REREAD):.2f} s; {ratio(sdk_median, result.figure(APPLY_REREAD).median):.1f}x the SDK "
        f"loop): the price of read-after-write confirmation on an eventually consistent service."
    )
    result.notes.append(
        "What bounds a grant by id besides the limit: the bucket starts full, so the time from client "
        "construction to the first request reaching the emulator (building the client, opening 32 "
        "connections) is refill the bucket could not hold; and the one congestion episode's Retry-After "
        "(1 s, honoured by every call) is free only if the client can spend the refill as fast as it comes "
        "once the pause ends (the pacer spends rate x pause at once; 32 slots of one round trip each bound "
        "how fast). The plot shows the pace the pacer learned."
    )
    by_name_floor = n / (32 / (2 * bulk.latency))
    result.notes.append(
        f"What bounds a grant by name: the lookup before each PATCH halves the PATCHes in flight (32 slots, "
        f"two {bulk.latency:g} s requests per grant: at most {32 / (2 * bulk.latency):g} PATCHes/s), so the "
        f"bucket runs dry late in the run ({bulk.burst} / ({32 / (2 * bulk.latency):g} - {bulk.per_second}) s "
        f"in), and the first 429's Retry-After (an integer >= 1 s, honoured) then lands on the last "
        f"objects; {by_name_floor:.2f} s is its floor from concurrency alone."
    )
    pacing = next((r.pacing for r in runs[BY_ID] if r.pacing.get("history")), None)
    if pacing:
        xs = [point[0] for point in pacing["history"]]
        ys = [point[1] for point in pacing["history"]]
        result.plots.append(
            Plot(
                "pacing",
                f"What the pacer learned (first grant-by-id run)\nserver: {bulk.per_second}/s, burst "
                f"{bulk.burst}; measured: {pacing['limit']:.1f}/s"
                + ("" if pacing["burst"] is None else f", bucket {pacing['burst']:.0f}"),
                "seconds since the client was built",
                [
                    Panel(
                        "allowed send rate (requests/s)",
                        {"allowed rate (from the first 429 on)": (xs, ys)},
                        {"server's rate limit": float(bulk.per_second)},
                        steps=True,
                    )
                ],
            )
        )
    return result
