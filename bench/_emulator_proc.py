"""The emulator process of a benchmark: `python -m bench._emulator_proc [options]`.

Runs in its own process so that the emulator's threads never share the measured client's GIL. Seeds the
workspace directly (no HTTP), prints one JSON line `{"url", "token", "models": {name: id}}`, then answers
JSON commands read line by line from stdin until EOF:

    {"cmd": "grants", "group": G, "level": L}  -> {"present": n}   models with that DIRECT grant
    {"cmd": "stats"}                           -> {"rate_limited": n, "statuses": {"GET <route> 200": n}}
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from typing import Any

from databricks_mlflow_client.emulator import Emulator
from databricks_mlflow_client.emulator._faults import parse_rate_limit_option

MODEL_PREFIX = "bench-model-"


def _seed(emu: Emulator, models: int, webhooks: int, group: str | None) -> dict[str, str]:
    if group:
        emu.add_group(group)
    ids = {}
    for index in range(models):
        name = f"{MODEL_PREFIX}{index:05d}"
        ids[name] = emu.create_registered_model(name)
    workspace = emu.workspace
    params = {"events": ["MODEL_VERSION_CREATED"], "http_url_spec": {"url": "https://example.com/hook"}}
    for _ in range(webhooks):
        workspace.handle("create_webhook", workspace.admin, dict(params))
    return ids


def _count_grants(emu: Emulator, ids: dict[str, str], group: str, level: str) -> int:
    workspace = emu.workspace
    present = 0
    for model_id in ids.values():
        acl = workspace.handle(
            "get_registered_model_permissions", workspace.admin, {"registered_model_id": model_id}
        )
        for entry in acl.get("access_control_list", []):
            if entry.get("group_name") != group:
                continue
            if any(
                p.get("permission_level") == level and not p.get("inherited")
                for p in entry.get("all_permissions", [])
            ):
                present += 1
    return present


def _route_kind(path: str) -> str:
    return "permissions" if path.startswith("/api/2.0/permissions/") else path


def _stats(emu: Emulator) -> dict[str, Any]:
    statuses = Counter(f"{r.method} {_route_kind(r.path)} {r.status}" for r in emu.requests)
    return {"rate_limited": sum(limit.hits for limit in emu.faults.rate_limits), "statuses": statuses}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench._emulator_proc")
    parser.add_argument("--models", type=int, default=0)
    parser.add_argument("--webhooks", type=int, default=0)
    parser.add_argument("--group", default=None)
    parser.add_argument("--latency", type=float, default=0.0)
    parser.add_argument("--rate-limit", action="append", default=[])
    args = parser.parse_args()

    emu = Emulator(request_log_size=50_000)
    ids = _seed(emu, args.models, args.webhooks, args.group)
    if args.latency > 0:
        emu.inject("*", "latency", latency=args.latency)
    for text in args.rate_limit:
        emu.faults.add_rate_limit(parse_rate_limit_option(text))
    with emu:
        print(json.dumps({"url": emu.url, "token": emu.token, "models": ids}), flush=True)
        for line in sys.stdin:
            command = json.loads(line)
            answer: dict[str, Any] = {}
            if command["cmd"] == "grants":
                answer = {"present": _count_grants(emu, ids, command["group"], command["level"])}
            elif command["cmd"] == "stats":
                answer = _stats(emu)
            print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main()
