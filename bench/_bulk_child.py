"""Bulk grant, one process: `python -m bench._bulk_child {ours,ours-id,sdk} URL TOKEN GROUP LEVEL CONCURRENCY OBJ...`.

`ours`: AsyncDatabricksMlflowClient, asyncio.gather of one `grant` per model (OBJ are names).
`ours-id`: the same with `ModelId(id)` (OBJ are ids): no name lookups, only the rate-limited PATCHes.
`sdk`: the loop a databricks-sdk user writes: get_model(name) -> id -> update_permissions, one at a time.
Prints one JSON line `{"seconds": wall time of the grants, "failed": n, "errors": [first few],
"pacing": {"limit", "burst", "history": [[seconds since start, allowed rate], ...]}}` (pacing: ours only).
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import time
from collections.abc import Sequence
from typing import Any

TRANSPORT_MODULES = ("httpcore", "h11", "anyio._backends._asyncio", "certifi")
"""What httpx imports lazily when the client is built or connects first: the cold-start benchmarks time
imports; this one times the bulk work against the rate limit."""


async def _ours(
    url: str, token: str, group: str, level: str, concurrency: int, objects: Sequence[str], *, by_id: bool
) -> tuple[list[str], dict[str, Any]]:
    from databricks_mlflow_client import AsyncDatabricksMlflowClient, ModelId

    started = time.monotonic()
    async with AsyncDatabricksMlflowClient(host=url, token=token, max_concurrency=concurrency) as client:
        grant = client.permissions.registered_models.grant
        targets = [ModelId(obj) if by_id else obj for obj in objects]
        results = await asyncio.gather(
            *(grant(target, level, group_name=group) for target in targets), return_exceptions=True
        )
        pacer = client._core._pacing.pacers.get("/api/2.0/permissions")
    pacing: dict[str, Any] = {}
    if pacer is not None:
        history = [[round(t - started, 4), round(rate, 2)] for t, rate in pacer.history]
        pacing = {"limit": pacer.limit, "burst": pacer.burst, "history": history}
    return [repr(result) for result in results if isinstance(result, BaseException)], pacing


def _sdk(url: str, token: str, group: str, level: str, names: Sequence[str]) -> list[str]:
    from databricks.sdk import WorkspaceClient
    from databricks.sdk.config import Config
    from databricks.sdk.service.ml import RegisteredModelAccessControlRequest, RegisteredModelPermissionLevel

    w = WorkspaceClient(config=Config(host=url, token=token, retry_timeout_seconds=120))
    acl = [
        RegisteredModelAccessControlRequest(
            group_name=group, permission_level=RegisteredModelPermissionLevel(level)
        )
    ]
    errors = []
    for name in names:
        try:
            model = w.model_registry.get_model(name).registered_model_databricks
            assert model is not None and model.id is not None
            w.model_registry.update_permissions(registered_model_id=model.id, access_control_list=acl)
        except Exception as exc:
            errors.append(repr(exc))
    return errors


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench._bulk_child")
    parser.add_argument("client", choices=("ours", "ours-id", "sdk"))
    parser.add_argument("url")
    parser.add_argument("token")
    parser.add_argument("group")
    parser.add_argument("level")
    parser.add_argument("concurrency", type=int)
    parser.add_argument("names", nargs="+")
    args = parser.parse_args()

    pacing: dict[str, Any] = {}
    if args.client.startswith("ours"):
        import databricks_mlflow_client._client  # noqa: F401  (imports outside the timed part)

        for module in TRANSPORT_MODULES:  # httpx imports these on first use: import time, not bulk time
            importlib.import_module(module)

        started = time.perf_counter()
        errors, pacing = asyncio.run(
            _ours(
                args.url,
                args.token,
                args.group,
                args.level,
                args.concurrency,
                args.names,
                by_id=args.client == "ours-id",
            )
        )
    else:
        import databricks.sdk  # noqa: F401

        started = time.perf_counter()
        errors = _sdk(args.url, args.token, args.group, args.level, args.names)
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "failed": len(errors), "errors": errors[:5], "pacing": pacing}))


if __name__ == "__main__":
    main()
