"""Inventory at scale: `permissions export --all-models` and `permissions apply --yes` over N models under a
rate limit, for several N: how close to the limit they run, and how the CLI's peak RSS grows with N."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from ._emu import EmulatorProcess
from ._model import Figure, Panel, Plot, Result, Target, physical_limit, ratio

GROUP = "bench-group"
LEVEL = "CAN_READ"
RUN_TIMEOUT = 900
MIB = 1024 * 1024


@dataclass(frozen=True)
class Scale:
    sizes: tuple[int, ...]
    per_second: int
    burst: int
    runs: int = 1

    @property
    def rate_limit(self) -> str:
        return f"/api/2.0/permissions/*={self.per_second}:{self.burst}"


@dataclass
class Step:
    wall: float
    peak_rss_mib: float
    admitted: int
    span: float
    exit_code: int
    output_bytes: int


# The CLI's peak RSS must be its own. A process started by this (large) one with vfork/exec, as subprocess
# does, inherits this process's high-water mark at exec: at 10,000 models, after this process parsed the
# YAML file, every CLI "peaked" at ~87 MiB whatever it did (its own peak, sampled from /proc: 45 MiB).
# So a small launcher forks the CLI (a fresh process, its memory a copy of the launcher's few MiB) and
# writes the CLI's own rusage to a file.
_LAUNCHER = """import os, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as report:
    report.write(f"{usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}")
"""


def _cli(
    emu: EmulatorProcess, cli: Path, args: list[str], workdir: Path, stdout: Path
) -> tuple[float, float, int]:
    """(wall seconds, peak RSS MiB, exit code) of one CLI process, its stdout to a file."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DATABRICKS_")}
    env.update(DATABRICKS_HOST=emu.url, DATABRICKS_TOKEN=emu.token)
    usage = workdir / "rusage.txt"
    argv = [sys.executable, "-S", "-I", "-c", _LAUNCHER, str(usage), str(cli)]
    with stdout.open("w") as out:
        started = time.perf_counter()
        subprocess.run(
            [*argv, "--output", "json", *args],
            cwd=workdir,
            env=env,
            stdout=out,
            stderr=subprocess.DEVNULL,
            check=True,
        )
        wall = time.perf_counter() - started
    peak_kib, exit_code = map(int, usage.read_text().split())
    return wall, peak_kib / 1024, exit_code


def _step(emu: EmulatorProcess, cli: Path, args: list[str], workdir: Path, output: Path) -> Step:
    emu.command("reset")
    log = workdir / "stdout.txt"
    wall, rss, code = _cli(emu, cli, args, workdir, log)
    stats = emu.command("stats")
    size = output.stat().st_size if output.exists() else 0
    return Step(wall, rss, stats["admitted"], stats["admitted_span"] or 0.0, code, size + log.stat().st_size)


@dataclass
class SizeRun:
    export: Step
    apply: Step
    complete: bool


def _size_run(scale: Scale, n: int, cli: Path) -> SizeRun:
    emulator = EmulatorProcess(models=n, group=GROUP, rate_limits=(scale.rate_limit,))
    with emulator as emu, tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        workdir = Path(tmp)
        exported = workdir / "acl.yaml"
        export = _step(
            emu, cli, ["permissions", "export", "--all-models", "--file", str(exported)], workdir, exported
        )
        document = yaml.safe_load(exported.read_text())
        for grants in document["registered_models"].values():
            grants.append({"group_name": GROUP, "permission_level": LEVEL})
        exported.write_text(yaml.safe_dump(document, sort_keys=False))
        apply = _step(emu, cli, ["permissions", "apply", str(exported), "--yes"], workdir, exported)
        complete = len(document["registered_models"]) == n
        complete = complete and emu.command("grants", group=GROUP, level=LEVEL)["present"] == n
    return SizeRun(export, apply, complete)


def _fraction(step: Step, scale: Scale) -> float | None:
    """Physical limit of the admitted requests over the span the emulator admitted them in."""
    limit = physical_limit(step.admitted, scale.per_second, scale.burst, 0.0)
    return ratio(limit, step.span) if step.exit_code == 0 else None


def scaling(scale: Scale, cli: Path) -> Result:
    sizes = list(scale.sizes)
    runs: dict[int, list[SizeRun]] = {n: [] for n in sizes}
    for _ in range(scale.runs):  # interleaved, so load changes hit every size alike
        for n in sizes:
            runs[n].append(_size_run(scale, n, cli))
    result = Result(
        "scale",
        "9. Inventory at scale",
        f"`permissions export --all-models --file F` then `permissions apply F --yes` (F with one grant added "
        f"to every model: a GET to plan and the PATCH, checked by the PATCH's own answer; plus one name "
        f"look-up per model, not rate-limited, in both) over N = "
        f"{', '.join(f'{n:,}' for n in sizes)} models, each run on a fresh emulator (own process) rate-limiting "
        f"`/api/2.0/permissions/*` to {scale.per_second}/s, burst {scale.burst} (search pages are not "
        f"limited). Median of {scale.runs} run(s) per N, the sizes interleaved. **Limit / time** = the "
        "physical limit of the rate-limited requests the "
        "emulator admitted ((admitted - burst) / limit, no added latency) over the time from the first to the "
        "last of them as the emulator saw it: how close the pacer runs to the limit, without the process "
        "start-up and the search pages; the same limit over the CLI's whole wall time is noted beside. Peak "
        "RSS: the CLI process's own (the CLI as a user installs it, as in section 4; `wait4` ru_maxrss, the CLI forked from a small launcher so that it does not "
        "inherit the bench process's high-water mark).",
    )
    walls: dict[str, list[float]] = {}
    peaks: dict[str, list[float]] = {}
    limits: dict[str, list[float]] = {}
    by_label = {
        "export": {n: [r.export for r in runs[n]] for n in sizes},
        "apply --yes": {n: [r.apply for r in runs[n]] for n in sizes},
    }
    for label, steps in by_label.items():
        walls[label] = [statistics.median([s.wall for s in steps[n]]) for n in sizes]
        peaks[label] = [statistics.median([s.peak_rss_mib for s in steps[n]]) for n in sizes]
        limits[label] = [
            statistics.median(
                [physical_limit(s.admitted, scale.per_second, scale.burst, 0.0) for s in steps[n]]
            )
            for n in sizes
        ]
        result.figures.append(
            Figure(f"{label}: wall time, {sizes[-1]:,} models", "s", [s.wall for s in steps[sizes[-1]]])
        )
        for n in sizes:
            fractions = [_fraction(s, scale) for s in steps[n]]
            known = [f for f in fractions if f is not None]
            admitted = statistics.median([float(s.admitted) for s in steps[n]])
            wall_fractions = [
                ratio(physical_limit(s.admitted, scale.per_second, scale.burst, 0.0), s.wall)
                for s in steps[n]
            ]
            result.targets.append(
                Target(
                    f"{label}, {n:,} models: limit / time ({admitted:,.0f} limited requests)",
                    statistics.median(known) if len(known) == len(fractions) else None,
                    ">=",
                    0.95,
                    note=f"runs {', '.join('failed' if f is None else f'{f:.3f}' for f in fractions)}; "
                    f"over the wall time {', '.join(f'{f:.3f}' for f in wall_fractions)}; "
                    f"exit {', '.join(str(s.exit_code) for s in steps[n])}",
                )
            )
        first, last = steps[sizes[0]], steps[sizes[-1]]
        growth = peaks[label][-1] - peaks[label][0]
        output_growth = (
            statistics.median([s.output_bytes for s in last])
            - statistics.median([s.output_bytes for s in first])
        ) / MIB
        result.notes.append(
            f"{label}: peak RSS (median) {', '.join(f'{p:.1f}' for p in peaks[label])} MiB at N = "
            f"{', '.join(f'{n:,}' for n in sizes)}; files and report written "
            f"{', '.join(f'{statistics.median([s.output_bytes for s in steps[n]]) / MIB:.1f}' for n in sizes)} MiB"
        )
        result.targets.append(
            Target(
                f"{label}: peak RSS growth {sizes[0]:,} -> {sizes[-1]:,} models beyond the output's growth",
                growth - output_growth if label == "apply --yes" else growth,
                "<=",
                10.0,
                "MiB",
                note=f"RSS +{growth:.1f} MiB, output +{output_growth:.1f} MiB",
            )
        )
    incomplete = [n for n in sizes if not all(r.complete for r in runs[n])]
    result.targets.append(
        Target("sizes with a model missing from the export or the grant", len(incomplete), "<=", 0, "sizes")
    )
    result.notes.append(
        "What grows with N in the CLI: the client's name -> id cache and, in apply, the names already seen in "
        "the file (to refuse a duplicate with its line), ~100 bytes per object each. The file is read object "
        "by object, the report written object by object, and the objects in flight are a window of twice "
        "--concurrency; export writes YAML object by object."
    )
    xs = list(map(float, sizes))
    result.plots.append(
        Plot(
            "scale_vs_n",
            f"export and apply --yes against N (median of {scale.runs})\n(rate limit {scale.per_second}/s, burst {scale.burst})",
            "models (N)",
            [
                Panel(
                    "seconds",
                    {
                        "export: wall": (xs, walls["export"]),
                        "apply --yes: wall": (xs, walls["apply --yes"]),
                        "export: physical limit": (xs, limits["export"]),
                        "apply: physical limit": (xs, limits["apply --yes"]),
                    },
                ),
                Panel(
                    "CLI peak RSS (MiB)",
                    {"export": (xs, peaks["export"]), "apply --yes": (xs, peaks["apply --yes"])},
                ),
            ],
            xlog=True,
        )
    )
    return result
