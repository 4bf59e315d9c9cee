"""Target 4: grant a group a permission on N registered models given by name, against a slow, rate-limited
emulator (every request +latency; `/api/2.0/permissions/*` a token bucket answering 429 + Retry-After).

Each run gets a fresh emulator process, and the final state is checked there: every model must carry the
direct grant (0 lost), and the client must report 0 failures.
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

import yaml

from ._emu import EmulatorProcess
from ._model import Figure, Result, Target, ratio
from ._paths import DEV_BIN, ROOT

GROUP = "bench-group"
LEVEL = "CAN_READ"
RUN_TIMEOUT = 900


@dataclass(frozen=True)
class Bulk:
    models: int
    latency: float
    per_second: int
    runs: int
    sdk_runs: int

    @property
    def rate_limit(self) -> str:
        # The CLI form; the burst defaults to one second's worth (per_second), as `--rate-limit` does.
        return f"/api/2.0/permissions/*={self.per_second}"


@dataclass
class Run:
    seconds: float
    failed: int
    present: int
    throttled: int
    requests: int


def _emulator(bulk: Bulk) -> EmulatorProcess:
    return EmulatorProcess(
        models=bulk.models, group=GROUP, latency=bulk.latency, rate_limits=(bulk.rate_limit,)
    )


def _finish(emu: EmulatorProcess, seconds: float, failed: int) -> Run:
    present = emu.command("grants", group=GROUP, level=LEVEL)["present"]
    stats = emu.command("stats")
    requests = sum(count for line, count in stats["statuses"].items() if "/.well-known/" not in line)
    return Run(seconds, failed, present, stats["rate_limited"], requests)


def _child_run(bulk: Bulk, client: str, concurrency: int) -> Run:
    with _emulator(bulk) as emu:
        argv = [sys.executable, "-m", "bench._bulk_child", client, emu.url, emu.token, GROUP, LEVEL]
        argv += [str(concurrency), *emu.models]
        out = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=RUN_TIMEOUT, check=True)
        report = json.loads(out.stdout)
        return _finish(emu, report["seconds"], report["failed"])


def _apply_run(bulk: Bulk, concurrency: int | None, workdir: Path) -> Run:
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
        argv = [
            str(DEV_BIN / "databricks-mlflow"),
            "--output",
            "json",
            "permissions",
            "apply",
            str(acl_file),
            "--yes",
        ]
        if concurrency is not None:
            argv += ["--concurrency", str(concurrency)]
        started = time.perf_counter()
        out = subprocess.run(argv, cwd=workdir, env=env, capture_output=True, text=True, timeout=RUN_TIMEOUT)
        seconds = time.perf_counter() - started
        try:
            failed = int(json.loads(out.stdout)["summary"]["failed"])
        except (ValueError, KeyError, TypeError):
            failed = bulk.models  # no parsable report: count every object as failed
        return _finish(emu, seconds, failed if out.returncode == 0 else max(failed, 1))


ASYNC_DEFAULT = "ours async, max_concurrency=32 (default)"
APPLY_DEFAULT = "permissions apply --yes (default --concurrency 32)"
TARGETED = (ASYNC_DEFAULT, APPLY_DEFAULT)


def bulk_grant(bulk: Bulk) -> Result:
    limited: dict[str, int] = {}
    in_flight: dict[str, int] = {}
    runs: dict[str, list[Run]] = {}
    n = bulk.models
    with tempfile.TemporaryDirectory(prefix="bench-apply-") as tmp:
        workdir = Path(tmp)
        plan: list[tuple[str, int, int, Callable[[], Run]]] = [
            (ASYNC_DEFAULT, n, 32, lambda: _child_run(bulk, "ours", 32)),
            ("ours async, max_concurrency=16 (for contrast)", n, 16, lambda: _child_run(bulk, "ours", 16)),
            (APPLY_DEFAULT, 2 * n, 32, lambda: _apply_run(bulk, None, workdir)),
        ]
        for _ in range(bulk.runs):  # interleaved, so load changes hit every variant alike
            for name, requests, concurrency, action in plan:
                limited[name], in_flight[name] = requests, concurrency
                runs.setdefault(name, []).append(action())
        sdk = "databricks-sdk, sequential get_model -> update_permissions"
        limited[sdk], in_flight[sdk] = n, 1
        runs[sdk] = [_child_run(bulk, "sdk", 1) for _ in range(bulk.sdk_runs)]

    result = Result(
        "bulk",
        "4. Bulk grant under a rate limit",
        f"Grant group `{GROUP}` {LEVEL} on {n} registered models given by NAME. The emulator (own "
        f"process) adds {bulk.latency * 1000:g} ms to every request and rate-limits `/api/2.0/permissions/*` "
        f"to {bulk.per_second} requests/s (token bucket, burst {bulk.per_second}, i.e. `--rate-limit "
        f"'{bulk.rate_limit}'`; beyond it 429 REQUEST_LIMIT_EXCEEDED with an integer Retry-After >= 1 s). "
        "Name lookups (`/api/2.0/mlflow/databricks/registered-models/get`) are not rate-limited. "
        "Ours async: `asyncio.gather` of `client.permissions.registered_models.grant(name, level, "
        "group_name=...)`, timed from client construction to the last grant. `permissions apply`: the CLI "
        "process's wall time (start-up included) applying a file that adds the grant to every model; it "
        "reads each object's ACL first (GET) to plan, then PATCHes. SDK: the sequential loop a user "
        f"writes. Median of {bulk.runs} runs ({bulk.sdk_runs} for the SDK), each on a fresh emulator.\n\n"
        "**Rate-limit bound** = rate-limited requests the job must make / the limit: "
        f"{n} PATCHes / {bulk.per_second}/s = {n / bulk.per_second:g} s for `grant`; {2 * n} (GET + PATCH) "
        f"/ {bulk.per_second}/s = {2 * n / bulk.per_second:g} s for `apply`. Achieved fraction = bound / "
        f"measured time. The bucket's burst of {bulk.per_second} lets an ideal client go faster than this "
        f"bound (down to (requests - burst) / limit + one latency), so a fraction above 1.0 is possible.",
    )
    result.figures = [Figure(name, "s", [r.seconds for r in values]) for name, values in runs.items()]
    result.chart_lines = {
        "rate-limit bound, grant": n / bulk.per_second,
        "rate-limit bound, apply": 2 * n / bulk.per_second,
    }
    for name, values in runs.items():
        throttled = ", ".join(str(r.throttled) for r in values)
        lost = ", ".join(str(n - r.present) for r in values)
        failed = ", ".join(str(r.failed) for r in values)
        sent = statistics.median(r.requests for r in values)
        floor = sent * bulk.latency / in_flight[name]
        result.notes.append(
            f"{name}: 429s per run [{throttled}]; failed [{failed}]; lost [{lost}]; {sent:g} requests "
            f"(median) at most {in_flight[name]} in flight -> latency floor {floor:.2f} s "
            f"(requests x {bulk.latency:g} s / {in_flight[name]})"
        )
        if name not in TARGETED:
            continue
        bound = limited[name] / bulk.per_second
        fraction = ratio(bound, result.figure(name).median)
        result.targets.append(
            Target(f"{name}: fraction of the rate-limit bound ({bound:g} s)", fraction, ">=", 0.9)
        )
    result.notes.append(
        f"What bounds `permissions apply`: it must read every object's ACL before it writes (a plan, then "
        f"PUT/PATCH only what differs), so it makes {2 * n} rate-limited requests where the SDK loop and "
        f"`grant` make {n}; its bound is {2 * n / bulk.per_second:g} s, against which it is measured above. "
        f"10x the SDK loop would need it to finish in a tenth of the SDK's time, within a few percent of that "
        f"bound, while the first 429 of a run (integer Retry-After, >= 1 s) pauses all of its in-flight work."
    )
    sdk_median = result.figure(sdk).median
    for name in TARGETED:
        speedup = ratio(sdk_median, result.figure(name).median)
        result.targets.append(Target(f"speed-up vs databricks-sdk: {name}", speedup, ">=", 10.0, "x"))
    bad = sum(r.failed + (n - r.present) for values in runs.values() for r in values)
    result.targets.append(Target("failed + lost operations, all runs of all variants", bad, "<=", 0, "ops"))
    return result
