"""Benchmark 7: `scripts/generate.py --check` wall time (generates into a temp dir, compares, writes nothing)."""

from __future__ import annotations

import subprocess
import time

from ._model import Figure, Result
from ._paths import DEV_PYTHON, ROOT

TIMEOUT = 600


def generate_time(runs: int) -> Result:
    samples: list[float] = []
    exit_codes: list[int] = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(
            [str(DEV_PYTHON), "scripts/generate.py", "--check"],
            cwd=ROOT,
            capture_output=True,
            timeout=TIMEOUT,
        )
        samples.append(time.perf_counter() - started)
        exit_codes.append(done.returncode)
    result = Result(
        "generate",
        "7. `make generate` wall time",
        f"`python scripts/generate.py --check` (openapi-python-client + ruff post hooks into a temp dir, "
        f"then a tree comparison), wall time of the process, median of {runs} runs. No target: reported.",
        figures=[Figure("scripts/generate.py --check", "s", samples)],
    )
    result.notes.append(f"exit codes {exit_codes} (0: generated/ up to date; 1: it differs from the spec)")
    return result
