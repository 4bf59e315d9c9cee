"""DatabricksMlflowClient and AsyncDatabricksMlflowClient. The async client is the written source
(_async_client.py); the sync one (_sync_client.py) is generated from it by scripts/unasync.py."""

from ._async_client import AsyncDatabricksMlflowClient
from ._http import DEFAULT_TIMEOUT, USER_AGENT
from ._sync_client import DatabricksMlflowClient

__all__ = ["DEFAULT_TIMEOUT", "USER_AGENT", "AsyncDatabricksMlflowClient", "DatabricksMlflowClient"]
