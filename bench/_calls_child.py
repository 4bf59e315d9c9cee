"""Sequential calls, one process: `python -m bench._calls_child URL TOKEN MODEL_ID N ROUNDS [--profile KIND]`.

Every client gets the same GET registered-model permissions, over its own keep-alive connection. Each
round makes N calls per client in BLOCKS blocks, the clients taking turns block by block (who goes first
rotates), so drift in the machine's load (other work shares it) hits them alike. Prints one JSON line
`{"rates": {client: [calls/s of each round]}, "cpu_us": {client: [client CPU microseconds per call]}}`.
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from collections.abc import Callable
from typing import Any

CLIENTS = ("ours", "ours_novalidate", "sdk", "httpx")
WARMUP_CALLS = 50
BLOCKS = 40


def _ours(url: str, token: str, model_id: str, validate: bool) -> Callable[[], Any]:
    from databricks_mlflow_client import DatabricksMlflowClient, ModelId

    client = DatabricksMlflowClient(host=url, token=token, validate=validate)
    target = ModelId(model_id)
    get = client.permissions.registered_models.get
    return lambda: get(target)


def _sdk(url: str, token: str, model_id: str) -> Callable[[], Any]:
    from databricks.sdk import WorkspaceClient
    from databricks.sdk.config import Config

    w = WorkspaceClient(config=Config(host=url, token=token, retry_timeout_seconds=30))
    get = w.model_registry.get_permissions
    return lambda: get(registered_model_id=model_id)


def _httpx(url: str, token: str, model_id: str) -> Callable[[], Any]:
    import httpx

    # The headers our client sends (Authorization, Accept, User-Agent), on one keep-alive connection.
    headers = {
        "Authorization": f"Bearer {token}",
        "Accept": "application/json",
        "User-Agent": f"bench python/{platform.python_version()} httpx/{httpx.__version__}",
    }
    http = httpx.Client(base_url=url, headers=headers, timeout=60.0)
    path = f"/api/2.0/permissions/registered-models/{model_id}"

    def call() -> Any:
        response = http.get(path)
        response.raise_for_status()
        return response.json()

    return call


def make_client(kind: str, url: str, token: str, model_id: str) -> Callable[[], Any]:
    if kind == "ours":
        return _ours(url, token, model_id, validate=True)
    if kind == "ours_novalidate":
        return _ours(url, token, model_id, validate=False)
    if kind == "sdk":
        return _sdk(url, token, model_id)
    if kind == "httpx":
        return _httpx(url, token, model_id)
    raise ValueError(f"unknown client {kind!r}")


def calls_per_second(call: Callable[[], Any], n: int) -> float:
    return n / timed(call, n)[0]


def timed(call: Callable[[], Any], n: int) -> tuple[float, float]:
    """(wall seconds, this process's CPU seconds) of n calls."""
    started, cpu_started = time.perf_counter(), time.process_time()
    for _ in range(n):
        call()
    return time.perf_counter() - started, time.process_time() - cpu_started


def one_round(calls: dict[str, Callable[[], Any]], n: int) -> dict[str, tuple[float, float]]:
    """(calls/s, CPU microseconds per call) of each client over n calls, made in blocks they take turns at."""
    kinds = list(calls)
    wall = dict.fromkeys(kinds, 0.0)
    cpu = dict.fromkeys(kinds, 0.0)
    sizes = [n // BLOCKS + (1 if index < n % BLOCKS else 0) for index in range(BLOCKS)]
    for index, size in enumerate(sizes):
        shift = index % len(kinds)
        for kind in kinds[shift:] + kinds[:shift]:
            block_wall, block_cpu = timed(calls[kind], size)
            wall[kind] += block_wall
            cpu[kind] += block_cpu
    return {kind: (n / wall[kind], cpu[kind] / n * 1e6) for kind in kinds}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench._calls_child")
    parser.add_argument("url")
    parser.add_argument("token")
    parser.add_argument("model_id")
    parser.add_argument("n", type=int)
    parser.add_argument("rounds", type=int)
    parser.add_argument("--profile", choices=CLIENTS, help="Print a pyinstrument profile of this client.")
    args = parser.parse_args()

    kinds = [args.profile] if args.profile else list(CLIENTS)
    calls = {kind: make_client(kind, args.url, args.token, args.model_id) for kind in kinds}
    for call in calls.values():
        for _ in range(WARMUP_CALLS):
            call()
    if args.profile:
        from pyinstrument import Profiler

        with Profiler(interval=0.0005) as profiler:
            rate = calls_per_second(calls[args.profile], args.n)
        print(profiler.output_text(unicode=False, color=False, show_all=False))
        print(json.dumps({args.profile: [rate]}))
        return
    rates: dict[str, list[float]] = {kind: [] for kind in kinds}
    cpu_us: dict[str, list[float]] = {kind: [] for kind in kinds}
    for _ in range(args.rounds):
        for kind, (rate, cpu) in one_round(calls, args.n).items():
            rates[kind].append(rate)
            cpu_us[kind].append(cpu)
    print(json.dumps({"rates": rates, "cpu_us": cpu_us}))


if __name__ == "__main__":
    main()
