"""Regenerate generated/databricks_mlflow_api from spec/databricks-mlflow.yaml.

Besides openapi-python-client's output it writes what the facade needs at run time, derived here once so
that nothing reads the spec per call: operations.py (the operation table: method, path, x-idempotent,
path/query/body fields, and the typed Endpoint each operation module exports) and request_schemas.json
(each operation's parameters as one object schema, for the request validator).

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
from typing import Any

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
    (out / "openapi.json").write_text(spec_json, encoding="utf-8")  # read by the emulator, not the client
    table = operation_table(spec)
    (out / "operations.py").write_text(operations_module(table), encoding="utf-8")
    schemas = json.dumps(request_schemas(spec, table), sort_keys=True, separators=(",", ":")) + "\n"
    (out / "request_schemas.json").write_text(schemas, encoding="utf-8")
    # The OSS half a workspace also serves: shipped for the emulator, no client is generated for it.
    oss = yaml.safe_load(OSS_SPEC.read_text(encoding="utf-8"))
    oss_json = json.dumps(oss, sort_keys=True, separators=(",", ":")) + "\n"
    (out / "openapi-oss.json").write_text(oss_json, encoding="utf-8")
    py_typed = out / "py.typed"
    if not py_typed.exists():
        py_typed.write_text("", encoding="utf-8")


HTTP_METHODS = ("get", "put", "post", "delete", "patch")


def deref(spec: dict[str, Any], item: dict[str, Any]) -> dict[str, Any]:
    """The object behind a chain of local $refs."""
    while "$ref" in item:
        target: Any = spec
        for part in item["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        item = target
    return item


def body_schema(spec: dict[str, Any], raw: dict[str, Any]) -> dict[str, Any] | None:
    if "requestBody" not in raw:
        return None
    content = deref(spec, raw["requestBody"]).get("content", {})
    media: dict[str, Any] = content.get("application/json") or next(iter(content.values()), {})
    schema: dict[str, Any] | None = media.get("schema")
    return schema


def operation_table(spec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """operationId -> what a caller needs to send it, in spec order."""
    table: dict[str, dict[str, Any]] = {}
    for path, item in spec["paths"].items():
        for method in HTTP_METHODS:
            raw = item.get(method)
            if raw is None:
                continue
            declared = [deref(spec, p) for p in [*item.get("parameters", ()), *raw.get("parameters", ())]]
            params = {(p["in"], p["name"]): p for p in declared}  # the operation's own declaration wins
            body = body_schema(spec, raw)
            for location, name in params:
                if location == "path" and not name.isidentifier():
                    raise SystemExit(f"{raw['operationId']}: path parameter {name!r} is not a Python name")
            table[raw["operationId"]] = {
                "operation_id": raw["operationId"],
                "method": method.upper(),
                "path": path,
                "tag": (raw.get("tags") or [""])[0],
                # unknown means unsafe: the core must never re-send a request that may not be idempotent
                "idempotent": raw.get("x-idempotent") is True,
                "path_params": tuple(n for loc, n in params if loc == "path"),
                "query_params": tuple(n for loc, n in params if loc == "query"),
                "body_fields": tuple(deref(spec, body).get("properties", {})) if body is not None else (),
                "has_body": body is not None,
                "_params": list(params.values()),
                "_body": body,
            }
    return table


OPERATIONS_HEADER = '''"""The spec\'s operations as data: generated by scripts/generate.py from spec/databricks-mlflow.yaml.

Do not edit. `Endpoint` ties an operation\'s metadata to its module\'s typed request builder and 200 parser,
so a caller that sends requests itself (the facade\'s core) stays typed end to end.
"""

from collections.abc import Callable
from typing import Any, Generic, NamedTuple, ParamSpec, TypeVar

import httpx

P = ParamSpec("P")
T_co = TypeVar("T_co", covariant=True)


class Operation(NamedTuple):
    """One operation of the spec: where it goes and whether re-sending it is harmless (`x-idempotent`)."""

    operation_id: str
    method: str
    path: str
    tag: str
    idempotent: bool
    path_params: tuple[str, ...]
    query_params: tuple[str, ...]
    body_fields: tuple[str, ...]
    has_body: bool


class Endpoint(Generic[P, T_co]):
    """An operation, its request builder (typed parameters -> httpx request kwargs) and its 200 parser."""

    __slots__ = ("build", "operation", "parse")

    def __init__(
        self, operation: Operation, build: Callable[P, dict[str, Any]], parse: Callable[[httpx.Response], T_co]
    ) -> None:
        self.operation = operation
        self.build = build
        self.parse = parse

    def __repr__(self) -> str:
        return f"Endpoint({self.operation.operation_id!r})"


OPERATIONS: dict[str, Operation] = {
'''


def operations_module(table: dict[str, dict[str, Any]]) -> str:
    lines = [OPERATIONS_HEADER]
    for op_id, op in table.items():
        fields = ", ".join(f"{key}={value!r}" for key, value in op.items() if not key.startswith("_"))
        lines.append(f"    {op_id!r}: Operation({fields}),\n")
    lines.append("}\n")
    return "".join(lines)


def request_schemas(spec: dict[str, Any], table: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Each operation\'s path, query and body fields as one strict object schema, plus the component
    schemas they reach: all the request validator needs, without the rest of the spec."""
    operations: dict[str, Any] = {}
    for op_id, op in table.items():
        properties: dict[str, Any] = {}
        required: list[str] = []
        for param in op["_params"]:
            if param["in"] not in ("path", "query"):
                continue
            properties[param["name"]] = param.get("schema", {})
            if param.get("required") or param["in"] == "path":
                required.append(param["name"])
        if op["_body"] is not None:
            body = deref(spec, op["_body"])
            properties.update(body.get("properties", {}))
            required.extend(body.get("required", ()))
        operations[op_id] = {
            "type": "object",
            "properties": properties,
            "required": list(dict.fromkeys(required)),
        }
    reached: dict[str, Any] = {}
    pending = [operations]
    while pending:
        item = pending.pop()
        if isinstance(item, dict):
            ref = item.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
                name = ref.rsplit("/", 1)[1]
                if name not in reached:
                    reached[name] = spec["components"]["schemas"][name]
                    pending.append(reached[name])
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return {"components": {"schemas": reached}, "operations": operations}


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
