"""Where things are: the repository, the dev venv and the scratch directory for throwaway venvs."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
WORK = BENCH / "_work"
DEV_PYTHON = Path(sys.executable)
DEV_BIN = DEV_PYTHON.parent
