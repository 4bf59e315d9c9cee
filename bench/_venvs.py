"""Throwaway venvs under bench/_work/ holding only what a user installs: our wheel, or databricks-sdk.

The dev venv also has rich (through openapi-python-client), and httpx imports its CLI (click + rich +
pygments, ~130 ms) when rich is importable; a user's install does not have it, so import and start-up
figures are measured in these venvs. Ours is reinstalled (non-editable, fresh build) on every run.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ._paths import DEV_BIN, ROOT, WORK

SDK_REQUIREMENT = "databricks-sdk==0.162.0"
INSTALL_TIMEOUT = 600


def _python(venv: Path) -> Path:
    return venv / "bin" / "python"


def _create(venv: Path) -> None:
    if not _python(venv).exists():
        WORK.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)


def _uv_install(venv: Path, *args: str) -> None:
    # --compile-bytecode: pip writes .pyc at install time too; without it the first import pays for it.
    command = [
        str(DEV_BIN / "uv"),
        "pip",
        "install",
        "-q",
        "--compile-bytecode",
        "--python",
        str(_python(venv)),
    ]
    subprocess.run([*command, *args], check=True, timeout=INSTALL_TIMEOUT, cwd=ROOT)


def ours_venv() -> Path:
    """A venv with `pip install <repo>` (runtime dependencies only), rebuilt from the working tree."""
    venv = WORK / "venv-ours"
    _create(venv)
    package = "databricks-mlflow-client"
    _uv_install(venv, "--reinstall-package", package, "--refresh-package", package, str(ROOT))
    return venv


def sdk_venv() -> Path:
    venv = WORK / "venv-sdk"
    stamp = venv / f".installed-{SDK_REQUIREMENT}"
    _create(venv)
    if not stamp.exists():
        _uv_install(venv, SDK_REQUIREMENT)
        stamp.touch()
    return venv


def has_module(venv: Path, module: str) -> bool:
    probe = f"import importlib.util, sys; sys.exit(importlib.util.find_spec({module!r}) is None)"
    return subprocess.run([str(_python(venv)), "-c", probe], timeout=60, check=False).returncode == 0
