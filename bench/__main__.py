"""`python -m bench [--smoke] [--out DIR] [--only KEY ...] [--scale-sizes N,N,...]`: run the benchmarks, write results.md,
results.json and one PNG per benchmark.

Without --smoke: full sizes, written to bench/ (the committed results). With --smoke: tiny sizes, every
benchmark once, written to a temp dir (or --out), in well under 40 s; user venvs are not built.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from . import bulk, calls, capacity, codegen, cold_start, memory, noise, scale
from ._charts import write_chart, write_plot
from ._machine import load_average, machine_info
from ._model import Result
from ._paths import BENCH, DEV_BIN, ROOT
from ._report import write_reports
from ._venvs import ours_venv, sdk_venv

KEYS = ("import", "calls", "bulk", "cli_start", "memory", "generate", "noise", "scale", "capacity")


@dataclass(frozen=True)
class Sizes:
    import_runs: int
    cli_runs: int
    calls: int
    call_rounds: int
    bulk: bulk.Bulk
    webhooks: int
    page_size: int
    memory_runs: int
    generate_runs: int
    user_venvs: bool
    noise: noise.Noise
    scale: scale.Scale
    capacity_seconds: float
    capacity_runs: int


FULL = Sizes(
    import_runs=10,
    cli_runs=10,
    calls=2000,
    call_rounds=7,
    bulk=bulk.Bulk(models=300, latency=0.1, per_second=100, burst=100, runs=3, sdk_runs=3),
    webhooks=100_000,
    page_size=1000,
    memory_runs=3,
    generate_runs=3,
    user_venvs=True,
    noise=noise.Noise(models=3000, share=0.05, runs=2),
    scale=scale.Scale(sizes=(1000, 3000, 10_000), per_second=200, burst=200, runs=3),
    capacity_seconds=5.0,
    capacity_runs=3,
)
SMOKE = Sizes(
    import_runs=1,
    cli_runs=1,
    calls=30,
    call_rounds=1,
    bulk=bulk.Bulk(models=12, latency=0.01, per_second=100, burst=10, runs=1, sdk_runs=1),
    webhooks=2500,
    page_size=1000,
    memory_runs=1,
    generate_runs=1,
    user_venvs=False,
    noise=noise.Noise(models=40, share=0.05, runs=1),
    scale=scale.Scale(sizes=(10, 30), per_second=400, burst=10),
    capacity_seconds=0.5,
    capacity_runs=1,
)


def _log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def run(sizes: Sizes, keys: tuple[str, ...]) -> tuple[list[Result], dict[str, str]]:
    venvs: tuple[Path | None, Path | None] = (None, None)
    if sizes.user_venvs and ({"import", "cli_start", "bulk", "scale"} & set(keys)):
        _log("building the user venvs under bench/_work/")
        venvs = (ours_venv(), sdk_venv())
    # The CLI whose runs are timed is the one a user installs (see _venvs: no httpx CLI import at start-up).
    cli = (venvs[0] or DEV_BIN.parent) / "bin" / "databricks-mlflow"
    results: list[Result] = []
    profiles: dict[str, str] = {}
    steps: dict[str, Callable[[], list[Result]]] = {
        "import": lambda: [cold_start.import_time(sizes.import_runs, *venvs)],
        "calls": lambda: list(calls.sequential_calls(sizes.calls, sizes.call_rounds)),
        "bulk": lambda: [bulk.bulk_grant(sizes.bulk, cli)],
        "cli_start": lambda: [cold_start.cli_start(sizes.cli_runs, venvs[0])],
        "memory": lambda: [memory.webhook_memory(sizes.webhooks, sizes.page_size, sizes.memory_runs)],
        "generate": lambda: [codegen.generate_time(sizes.generate_runs)],
        "noise": lambda: [noise.sporadic_429(sizes.noise)],
        "scale": lambda: [scale.scaling(sizes.scale, cli)],
        "capacity": lambda: [
            capacity.emulator_capacity(
                sizes.capacity_seconds,
                sizes.capacity_runs,
                max(sizes.scale.per_second, sizes.bulk.per_second),
            )
        ],
    }
    for key in keys:
        _log(f"running {key}")
        started = time.perf_counter()
        results.extend(steps[key]())
        _log(f"{key} done in {time.perf_counter() - started:.1f} s")
        if key == "calls":
            profiles["calls"] = calls.profile_ours(sizes.calls)
    return results, profiles


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, into a temp dir")
    parser.add_argument(
        "--out", type=Path, help="output directory (default: bench/, or a temp dir with --smoke)"
    )
    parser.add_argument("--only", action="append", choices=KEYS, help="run only these benchmarks")
    parser.add_argument(
        "--scale-sizes",
        type=lambda text: tuple(int(n) for n in text.split(",")),
        help="model counts for `scale`, e.g. 1000,3000 (to try one piece; the committed results use the default)",
    )
    args = parser.parse_args(argv)

    sizes = SMOKE if args.smoke else FULL
    if args.scale_sizes:
        sizes = dataclasses.replace(sizes, scale=dataclasses.replace(sizes.scale, sizes=args.scale_sizes))
    out: Path = args.out or (Path(tempfile.mkdtemp(prefix="bench-smoke-")) if args.smoke else BENCH)
    out.mkdir(parents=True, exist_ok=True)
    keys = tuple(k for k in KEYS if args.only is None or k in args.only)
    machine = machine_info()
    started_at = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    started = time.perf_counter()
    results, profiles = run(sizes, keys)
    machine["load_average_at_end"] = load_average()
    charts: dict[str, str] = {}
    for result in results:
        if result.figures:
            name = f"{result.key}.png"
            write_chart(result, out / name)
            charts[result.key] = name
        for plot in result.plots:
            write_plot(plot, out / f"{plot.name}.png")
    write_reports(
        out,
        results,
        machine,
        started=started_at,
        seconds=time.perf_counter() - started,
        smoke=args.smoke,
        charts=charts,
        profiles=profiles,
    )
    shown = out.relative_to(ROOT) if out.is_relative_to(ROOT) else out
    _log(f"wrote {shown}/results.md, results.json and {len(charts)} charts")
    failed = [t.label for r in results for t in r.targets if t.status == "FAIL"]
    for label in failed:
        _log(f"target missed: {label}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
