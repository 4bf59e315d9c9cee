"""Regenerate generated/databricks_mlflow_api from spec/databricks-mlflow.yaml.

python scripts/generate.py           replace generated/databricks_mlflow_api with fresh output
python scripts/generate.py --check   generate into a temp dir; exit 1 if it differs from generated/
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "spec" / "databricks-mlflow.yaml"
OSS_SPEC = ROOT / "spec" / "mlflow-oss.yaml"
CONFIG = ROOT / "overrides" / "config.yaml"
TEMPLATES = ROOT / "overrides" / "templates"
PACKAGE = "databricks_mlflow_api"
TARGET = ROOT / "generated" / PACKAGE
# Byproducts of importing or type-checking the package; never part of the generated output.
IGNORED_PARTS = {"__pycache__", ".mypy_cache", ".ruff_cache"}


def venv_bin() -> Path:
    """The directory of the running interpreter, where the venv's tools live."""
    return Path(sys.executable).parent


def generate_into(out: Path) -> None:
    """Write the package for the current spec to `out` (which must not exist yet)."""
    tool = venv_bin() / "openapi-python-client"
    cmd = [
        str(tool),
        "generate",
        "--path",
        str(SPEC),
        "--config",
        str(CONFIG),
        "--custom-template-path",
        str(TEMPLATES),
        "--meta",
        "none",
        "--output-path",
        str(out),
        "--overwrite",
        "--fail-on-warning",
    ]
    # The post hooks in overrides/config.yaml call plain `ruff`: make it resolve to the venv's copy.
    env = dict(os.environ, PATH=f"{venv_bin()}{os.pathsep}{os.environ.get('PATH', '')}")
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout + proc.stderr)
        raise SystemExit(f"openapi-python-client failed with exit code {proc.returncode}")
    with SPEC.open(encoding="utf-8") as f:
        spec = yaml.safe_load(f)
    spec_json = json.dumps(spec, sort_keys=True, separators=(",", ":")) + "\n"
    (out / "openapi.json").write_text(spec_json, encoding="utf-8")
    # The OSS half a workspace also serves: shipped for the emulator, no client is generated for it.
    oss = yaml.safe_load(OSS_SPEC.read_text(encoding="utf-8"))
    oss_json = json.dumps(oss, sort_keys=True, separators=(",", ":")) + "\n"
    (out / "openapi-oss.json").write_text(oss_json, encoding="utf-8")
    py_typed = out / "py.typed"
    if not py_typed.exists():
        py_typed.write_text("", encoding="utf-8")


def tree(root: Path) -> dict[str, bytes]:
    """Relative path -> content of every file under root, byproducts excluded."""
    files: dict[str, bytes] = {}
    if not root.is_dir():
        return files
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if path.is_file() and not IGNORED_PARTS.intersection(rel.parts) and path.suffix != ".pyc":
            files[rel.as_posix()] = path.read_bytes()
    return files


def diff_summary(old: dict[str, bytes], new: dict[str, bytes], max_lines: int = 40) -> list[str]:
    """Human-readable differences between the committed tree `old` and the fresh tree `new`."""
    lines: list[str] = []
    for name in sorted(new.keys() - old.keys()):
        lines.append(f"missing from generated/: {name}")
    for name in sorted(old.keys() - new.keys()):
        lines.append(f"not generated any more: {name}")
    changed = sorted(n for n in old.keys() & new.keys() if old[n] != new[n])
    for name in changed:
        lines.append(f"differs: {name}")
    if changed:
        first = changed[0]
        udiff = difflib.unified_diff(
            old[first].decode("utf-8", "replace").splitlines(),
            new[first].decode("utf-8", "replace").splitlines(),
            f"generated/{PACKAGE}/{first}",
            f"fresh/{PACKAGE}/{first}",
            lineterm="",
        )
        lines.extend(list(udiff)[:max_lines])
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--check", action="store_true", help="fail if generated/ is not up to date")
    args = parser.parse_args(argv)

    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="dmc-generate-") as tmp:
        # Same package directory name as the target, so ruff's import sorting sees the same layout.
        fresh = Path(tmp) / PACKAGE
        generate_into(fresh)
        if args.check:
            differences = diff_summary(tree(TARGET), tree(fresh))
            elapsed = time.perf_counter() - start
            if differences:
                print("\n".join(differences))
                print(f"generated/{PACKAGE} is out of date: run `make generate` ({elapsed:.2f} s)")
                return 1
            print(f"generated/{PACKAGE} is up to date ({elapsed:.2f} s)")
            return 0
        if TARGET.exists():
            shutil.rmtree(TARGET)
        shutil.copytree(fresh, TARGET)
    count = len(tree(TARGET))
    print(f"wrote {count} files to generated/{PACKAGE} in {time.perf_counter() - start:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
