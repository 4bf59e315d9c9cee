"""The emulator's own capacity at 32 concurrent connections: the ceiling under every rate-limited figure."""

from __future__ import annotations

import json
import subprocess
import sys

from ._emu import EmulatorProcess
from ._model import Figure, Result, Target, ratio
from ._paths import ROOT

CONNECTIONS = 32


def emulator_capacity(seconds: float, runs: int, highest_limit: float) -> Result:
    samples: list[float] = []
    with EmulatorProcess(models=1) as emu:
        model_id = next(iter(emu.models.values()))
        for _ in range(runs):
            argv = [sys.executable, "-m", "bench._capacity_child", emu.url, emu.token, model_id]
            out = subprocess.run(
                [*argv, str(CONNECTIONS), str(seconds)],
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=600,
                check=True,
            )
            samples.append(json.loads(out.stdout)["per_second"])
    result = Result(
        "capacity",
        "10. The emulator's own capacity",
        f"GET registered-model permissions from a bare `httpx.AsyncClient` in its own process, {CONNECTIONS} "
        f"connections sending back to back for {seconds:g} s, against the emulator in its own process (no "
        f"latency, no rate limit). Median of {runs} runs. Every rate-limited figure above runs at most at "
        f"{highest_limit:g} requests/s; the emulator must serve comfortably more, or it, not the limit, is "
        "what they measure.",
        figures=[Figure(f"emulator, {CONNECTIONS} connections", "requests/s", samples)],
    )
    result.targets = [
        Target(
            f"capacity / the highest rate limit benchmarked ({highest_limit:g}/s)",
            ratio(result.figures[0].median, highest_limit),
            ">=",
            1.5,
        )
    ]
    return result
