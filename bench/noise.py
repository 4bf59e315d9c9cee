"""Sporadic throttling: the bulk grant by id with a random share of requests refused by a bare 429 (no
Retry-After) and no rate limit, against the same run without faults."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass

from ._emu import EmulatorProcess
from ._model import Figure, Result, Target, ratio
from ._paths import ROOT

GROUP = "bench-group"
LEVEL = "CAN_READ"
RUN_TIMEOUT = 900


@dataclass(frozen=True)
class Noise:
    models: int
    share: float
    runs: int


def _run(models: int, share: float) -> tuple[float, int, int]:
    """(grants/s, failed, refused) of one run on a fresh emulator."""
    with EmulatorProcess(models=models, group=GROUP, random_429=share) as emu:
        argv = [sys.executable, "-m", "bench._bulk_child", "ours-id", emu.url, emu.token, GROUP, LEVEL, "32"]
        out = subprocess.run(
            [*argv, *emu.models.values()],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT,
            check=True,
        )
        report = json.loads(out.stdout)
        present = emu.command("grants", group=GROUP, level=LEVEL)["present"]
        refused = sum(n for line, n in emu.command("stats")["statuses"].items() if line.endswith(" 429"))
        return models / report["seconds"], report["failed"] + (models - present), refused


def sporadic_429(noise: Noise) -> Result:
    clean = f"no faults ({noise.models} grants by ModelId, max_concurrency=32)"
    noisy = f"{noise.share:.0%} random 429 without Retry-After"
    samples: dict[str, list[tuple[float, int, int]]] = {clean: [], noisy: []}
    for _ in range(noise.runs):  # interleaved: load changes hit both alike
        samples[clean].append(_run(noise.models, 0.0))
        samples[noisy].append(_run(noise.models, noise.share))
    result = Result(
        "noise",
        "8. Sporadic 429s without Retry-After",
        f"The grant-by-ModelId bulk run of benchmark 4 ({noise.models} PATCHes through `asyncio.gather`, "
        f"max_concurrency 32) against an emulator (own process) without rate limit or latency, once clean and "
        f"once refusing a random {noise.share:.0%} of requests with a bare 429 (no Retry-After), as a busy "
        "shared service does. A refused call backs off alone (the retry policy's full-jitter backoff) while "
        "the shared pace stays; the old pacer counted every such 429 as a new congestion episode and closed "
        f"a shared gate. Throughput = grants / wall time from client construction. Median of {noise.runs} "
        "runs, interleaved, each on a fresh emulator.",
        figures=[Figure(name, "grants/s", [s[0] for s in values]) for name, values in samples.items()],
    )
    for name, values in samples.items():
        result.notes.append(
            f"{name}: 429s served per run [{', '.join(str(s[2]) for s in values)}]; failed or lost "
            f"[{', '.join(str(s[1]) for s in values)}]"
        )
    result.targets = [
        Target(
            "throughput with random 429s / without",
            ratio(result.figure(noisy).median, result.figure(clean).median),
            ">=",
            0.8,
        ),
        Target(
            "failed + lost grants, all runs", sum(s[1] for v in samples.values() for s in v), "<=", 0, "ops"
        ),
    ]
    return result
