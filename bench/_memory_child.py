"""Peak RSS added by iterating every webhook: `python -m bench._memory_child {ours,sdk} URL TOKEN PAGE_SIZE`.

The client is built and one first page fetched (lazy imports done) before the baseline; then the kernel's
peak-RSS mark is reset (`/proc/self/clear_refs`), every webhook is iterated and counted, and the peak read
(VmHWM). Prints one JSON line.
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any


def _status_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"no {field} in /proc/self/status")


def _reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def _ours(url: str, token: str, page_size: int) -> tuple[Iterator[Any], Iterator[Any]]:
    from databricks_mlflow_client import DatabricksMlflowClient

    client = DatabricksMlflowClient(host=url, token=token)
    return client.webhooks.list(page_size=1), client.webhooks.list(page_size=page_size)


def _sdk(url: str, token: str, page_size: int) -> tuple[Iterator[Any], Iterator[Any]]:
    from databricks.sdk import WorkspaceClient
    from databricks.sdk.config import Config

    w = WorkspaceClient(config=Config(host=url, token=token, retry_timeout_seconds=30))
    return w.model_registry.list_webhooks(max_results=1), w.model_registry.list_webhooks(
        max_results=page_size
    )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench._memory_child")
    parser.add_argument("client", choices=("ours", "sdk"))
    parser.add_argument("url")
    parser.add_argument("token")
    parser.add_argument("page_size", type=int)
    args = parser.parse_args()

    warm, everything = (_ours if args.client == "ours" else _sdk)(args.url, args.token, args.page_size)
    next(warm)
    gc.collect()
    before_kib = _status_kib("VmRSS")
    reset = _reset_peak()
    started = time.perf_counter()
    count = sum(1 for _ in everything)
    seconds = time.perf_counter() - started
    peak_kib = _status_kib("VmHWM") if reset else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    report = {
        "count": count,
        "seconds": seconds,
        "rss_before_mib": before_kib / 1024,
        "peak_mib": peak_kib / 1024,
        "added_mib": (peak_kib - before_kib) / 1024,
        "peak_reset": reset,
    }
    print(json.dumps(report))


if __name__ == "__main__":
    main()
