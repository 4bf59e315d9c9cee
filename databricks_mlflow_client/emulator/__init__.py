"""An in-memory Databricks workspace (model registry, experiments, permissions, webhooks) over real HTTP.

    from databricks_mlflow_client.emulator import Emulator

    with Emulator(seed="demo") as emu:
        client = DatabricksMlflowClient(host=emu.url, token=emu.token)
        emu.inject("/api/2.0/permissions/*", "status", status=429, retry_after=1, times=2)

`WebhookReceiver` is a loopback webhook target that records each delivery. Also a pytest plugin (`databricks_emulator` fixture) and the `databricks-mlflow emulator` command. Names are
imported on first use, so that loading the pytest plugin or the CLI does not load the emulator.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._faults import Fault, FaultKind, RateLimit
    from ._receiver import ReceivedDelivery, WebhookReceiver
    from ._server import DEFAULT_WORKSPACE_ID, Emulator, RequestRecord
    from ._workspace import ApiError, Principal, Workspace

__all__ = [
    "DEFAULT_WORKSPACE_ID",
    "ApiError",
    "Emulator",
    "Fault",
    "FaultKind",
    "Principal",
    "RateLimit",
    "ReceivedDelivery",
    "RequestRecord",
    "WebhookReceiver",
    "Workspace",
]

_HOME = {
    "DEFAULT_WORKSPACE_ID": "._server",
    "Emulator": "._server",
    "RequestRecord": "._server",
    "Fault": "._faults",
    "FaultKind": "._faults",
    "RateLimit": "._faults",
    "ApiError": "._workspace",
    "Principal": "._workspace",
    "Workspace": "._workspace",
    "ReceivedDelivery": "._receiver",
    "WebhookReceiver": "._receiver",
}


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home, __name__), name)
    globals()[name] = value
    return value
