"""The emulator process of a benchmark: `python -m bench._emulator_proc [options]`.

Runs in its own process so that the emulator's threads never share the measured client's GIL. Seeds the
workspace directly (no HTTP), prints one JSON line `{"url", "token", "models": {name: id}}`, then answers
JSON commands read line by line from stdin until EOF:

    {"cmd": "grants", "group": G, "level": L}  -> {"present": n}   models with that DIRECT grant
    {"cmd": "stats"}                           -> {"rate_limited": n, "statuses": {"GET <route> 200": n},
                                                   "admitted": n, "admitted_span": seconds from the first
                                                   to the last request the rate limit let through}
    {"cmd": "reset"}                           -> {}   forget the requests and counts so far

`--random-429 P` refuses a random share P of the requests (not the well-known config) with a bare 429 (no
Retry-After), the sporadic throttling of a busy shared service.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from typing import Any

import attrs

from databricks_mlflow_client.emulator import Emulator
from databricks_mlflow_client.emulator._faults import Fault, RateLimit, Reply, parse_rate_limit_option

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


@attrs.define(eq=False)
class RecordingRateLimit(RateLimit):
    """The emulator's token bucket, remembering when it first and last let a request through."""

    admitted: int = 0
    first: float | None = None
    last: float | None = None

    def admit(self, now: float) -> Reply | None:
        refused = super().admit(now)
        if refused is None:
            self.admitted += 1
            self.first = now if self.first is None else self.first
            self.last = now
        return refused


@attrs.define(eq=False)
class RandomFault(Fault):
    """A fault that fires on a random share of the matching requests."""

    share: float = 0.0
    rng: random.Random = attrs.field(factory=lambda: random.Random(1234))

    def matches(self, method: str, path: str) -> bool:
        return super().matches(method, path) and self.rng.random() < self.share


def _route_kind(path: str) -> str:
    return "permissions" if path.startswith("/api/2.0/permissions/") else path


def _stats(emu: Emulator) -> dict[str, Any]:
    statuses = Counter(f"{r.method} {_route_kind(r.path)} {r.status}" for r in emu.requests)
    limits = [limit for limit in emu.faults.rate_limits if isinstance(limit, RecordingRateLimit)]
    firsts = [limit.first for limit in limits if limit.first is not None]
    lasts = [limit.last for limit in limits if limit.last is not None]
    return {
        "rate_limited": sum(limit.hits for limit in emu.faults.rate_limits),
        "statuses": statuses,
        "admitted": sum(limit.admitted for limit in limits),
        "admitted_span": (max(lasts) - min(firsts)) if firsts else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench._emulator_proc")
    parser.add_argument("--models", type=int, default=0)
    parser.add_argument("--webhooks", type=int, default=0)
    parser.add_argument("--group", default=None)
    parser.add_argument("--latency", type=float, default=0.0)
    parser.add_argument("--rate-limit", action="append", default=[])
    parser.add_argument("--random-429", type=float, default=0.0)
    args = parser.parse_args()

    emu = Emulator(request_log_size=50_000)
    ids = _seed(emu, args.models, args.webhooks, args.group)
    if args.latency > 0:
        emu.inject("*", "latency", latency=args.latency)
    for text in args.rate_limit:
        parsed = parse_rate_limit_option(text)
        emu.faults.add_rate_limit(
            RecordingRateLimit(parsed.pattern, parsed.per_second, parsed.burst, parsed.method)
        )
    if args.random_429:
        emu.faults.add(RandomFault("/api/2.0/*", "status", status=429, share=args.random_429))
    with emu:
        print(json.dumps({"url": emu.url, "token": emu.token, "models": ids}), flush=True)
        for line in sys.stdin:
            command = json.loads(line)
            answer: dict[str, Any] = {}
            if command["cmd"] == "grants":
                answer = {"present": _count_grants(emu, ids, command["group"], command["level"])}
            elif command["cmd"] == "stats":
                answer = _stats(emu)
            elif command["cmd"] == "reset":
                emu.clear_requests()
                for limit in emu.faults.rate_limits:
                    if isinstance(limit, RecordingRateLimit):
                        limit.admitted, limit.first, limit.last, limit.hits = 0, None, None, 0
            print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main()
