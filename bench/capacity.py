"""The emulator's own capacity at 32 concurrent connections: the ceiling under every rate-limited figure."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from ._emu import EmulatorProcess
from ._model import Figure, Result, Target, ratio
from ._paths import ROOT

CONNECTIONS = 32
CLIENTS = {
    "raw": "a bare asyncio HTTP/1.1 client",
    "httpx": "a bare `httpx.AsyncClient`",
}


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a running process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def emulator_capacity(seconds: float, runs: int, highest_limit: float) -> Result:
    samples: dict[str, list[float]] = {client: [] for client in CLIENTS}
    cpu_per_request: list[float] = []
    with EmulatorProcess(models=1) as emu:
        model_id = next(iter(emu.models.values()))
        for _ in range(runs):
            for client in CLIENTS:
                argv = [sys.executable, "-m", "bench._capacity_child", emu.url, emu.token, model_id]
                before = _cpu_seconds(emu.pid)
                out = subprocess.run(
                    [*argv, str(CONNECTIONS), str(seconds), client],
                    cwd=ROOT,
                    capture_output=True,
                    text=True,
                    timeout=600,
                    check=True,
                )
                answer = json.loads(out.stdout)
                samples[client].append(answer["per_second"])
                if client == "raw":
                    cpu_per_request.append(1000 * (_cpu_seconds(emu.pid) - before) / answer["requests"])
    result = Result(
        "capacity",
        "10. The emulator's own capacity",
        f"GET registered-model permissions from {CONNECTIONS} keep-alive connections sending back to back for "
        f"{seconds:g} s, from a client in its own process, against the emulator in its own process (no "
        f"latency, no rate limit). Median of {runs} runs. Every rate-limited figure above runs at most at "
        f"{highest_limit:g} requests/s; the emulator must serve comfortably more, or it, not the limit, is "
        f"what they measure. The capacity is measured with {CLIENTS['raw']} (one buffer out, head and body "
        "in: a fraction of the emulator's CPU per request), so that the emulator is what is measured; the "
        f"same load from {CLIENTS['httpx']} is shown beside it: at {CONNECTIONS} connections httpx's "
        "connection pool spends several times the emulator's CPU per request, so that figure is the "
        "client's ceiling.",
        figures=[
            Figure(f"emulator, {CONNECTIONS} connections ({client} client)", "requests/s", values)
            for client, values in samples.items()
        ]
        + [Figure("emulator CPU per request (raw client)", "ms", cpu_per_request)],
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
