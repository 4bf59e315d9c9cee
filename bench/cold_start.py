"""Targets 1 and 5: import time and `databricks-mlflow --help`, each sample a new (cold) process.

Runs interleave the variants (ours, the SDK; user venv, dev venv) so that load changes hit them alike; one
discarded warm-up run per variant first. Processes run with `-I` from the temp dir, so the working tree's
source is never imported in place of the installed package.
"""

from __future__ import annotations

import subprocess
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from ._model import Figure, Result, Target, ratio
from ._paths import DEV_BIN
from ._venvs import has_module

OURS_IMPORT = "from databricks_mlflow_client import DatabricksMlflowClient"
SDK_IMPORT = "from databricks.sdk import WorkspaceClient"
TIMEOUT = 120
# A neutral working directory: from the repo root, `-c` would import the source tree, not the install.
CWD = tempfile.gettempdir()


def _import_seconds(python: Path, statement: str) -> float:
    code = f"import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"
    out = subprocess.run(
        [str(python), "-I", "-c", code], cwd=CWD, capture_output=True, text=True, timeout=TIMEOUT, check=True
    )
    return float(out.stdout.strip())


def _wall_seconds(argv: Sequence[str]) -> float:
    started = time.perf_counter()
    subprocess.run(list(argv), cwd=CWD, capture_output=True, timeout=TIMEOUT, check=True)
    return time.perf_counter() - started


def _sample(jobs: dict[str, tuple[Path, str]], runs: int) -> dict[str, list[float]]:
    samples: dict[str, list[float]] = {name: [] for name in jobs}
    for run in range(runs + 1):
        for name, (python, statement) in jobs.items():
            seconds = _import_seconds(python, statement)
            if run > 0:  # run 0 warms the page cache
                samples[name].append(seconds)
    return samples


def import_time(runs: int, ours_venv: Path | None, sdk_venv: Path | None) -> Result:
    jobs: dict[str, tuple[Path, str]] = {}
    if ours_venv is not None and sdk_venv is not None:
        jobs["ours, user venv"] = (ours_venv / "bin" / "python", OURS_IMPORT)
        jobs["databricks-sdk, user venv"] = (sdk_venv / "bin" / "python", SDK_IMPORT)
    jobs["ours, dev venv"] = (DEV_BIN / "python", OURS_IMPORT)
    jobs["databricks-sdk, dev venv"] = (DEV_BIN / "python", SDK_IMPORT)
    samples = _sample(jobs, runs)
    result = Result(
        "import",
        "1. Import time, cold process",
        f"`{OURS_IMPORT}` vs `{SDK_IMPORT}`, timed inside a new `python -I -c` process around the import "
        f"statement only (interpreter start-up excluded), median of {runs} runs after one warm-up. "
        "User venvs hold only the runtime install of each (`uv pip install <repo>` non-editable, and "
        "`databricks-sdk==0.162.0`, bytecode compiled at install as pip does); the dev venv also has "
        "rich, which makes httpx import its CLI.",
    )
    result.figures = [Figure(name, "s", values) for name, values in samples.items()]
    for where in ("user venv", "dev venv"):
        ours, sdk = f"ours, {where}", f"databricks-sdk, {where}"
        if ours in samples:
            measured = ratio(result.figure(ours).median, result.figure(sdk).median)
            label = f"ours / databricks-sdk import time ({where})"
            if where == "user venv":
                result.targets.append(Target(label, measured, "<=", 0.25))
            else:
                result.notes.append(f"{label}: {measured:.3f} (for transparency; no target)")
    venvs = {"ours user venv": ours_venv, "databricks-sdk user venv": sdk_venv, "dev venv": DEV_BIN.parent}
    rich = ", ".join(
        f"{name}: {has_module(venv, 'rich')}" for name, venv in venvs.items() if venv is not None
    )
    result.notes.append(f"rich importable (makes httpx import its CLI): {rich}")
    if ours_venv is None:
        result.targets.append(
            Target(
                "ours / databricks-sdk import time (user venv)", None, "<=", 0.25, note="not run in --smoke"
            )
        )
    return result


def cli_start(runs: int, ours_venv: Path | None) -> Result:
    commands: dict[str, list[str]] = {}
    if ours_venv is not None:
        commands["databricks-mlflow --help, user venv"] = [
            str(ours_venv / "bin" / "databricks-mlflow"),
            "--help",
        ]
        commands["python -c pass, user venv"] = [str(ours_venv / "bin" / "python"), "-I", "-c", "pass"]
    commands["databricks-mlflow --help, dev venv"] = [str(DEV_BIN / "databricks-mlflow"), "--help"]
    commands["python -c pass, dev venv"] = [str(DEV_BIN / "python"), "-I", "-c", "pass"]
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for run in range(runs + 1):
        for name, argv in commands.items():
            seconds = _wall_seconds(argv)
            if run > 0:
                samples[name].append(seconds)
    result = Result(
        "cli_start",
        "5. CLI cold start",
        f"Wall time of the `databricks-mlflow --help` console script as a new process, from spawn to exit, "
        f"median of {runs} runs after one warm-up; `python -I -c pass` in the same venv shows the "
        "interpreter's own share.",
    )
    result.figures = [Figure(name, "s", values) for name, values in samples.items()]
    for where in ("user venv", "dev venv"):
        name = f"databricks-mlflow --help, {where}"
        measured = result.figure(name).median if name in samples else None
        note = "" if measured is not None else "not run in --smoke"
        result.targets.append(
            Target(f"`databricks-mlflow --help` median ({where})", measured, "<=", 0.3, "s", note)
        )
    return result
