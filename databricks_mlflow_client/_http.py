"""What both clients share: the User-Agent, the default timeout, and resolving where and how to connect."""

from __future__ import annotations

import platform
from typing import Any

import httpx

from ._auth import SdkConfigAuth, build_auth, host_from_sdk_config
from ._config import ConfigError, check_transport_security, resolve_config
from ._version import __version__

DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=10.0)
USER_AGENT = (
    f"databricks-mlflow-client/{__version__} python/{platform.python_version()} httpx/{httpx.__version__}"
)


def connection(
    *,
    host: str | None,
    token: str | None,
    client_id: str | None,
    client_secret: str | None,
    profile: str | None,
    config_file: str | None,
    auth_type: str | None,
    sdk_config: Any,
) -> tuple[str, httpx.Auth, dict[str, str]]:
    """Where to connect, how to authenticate and the headers every call carries; no network access."""
    headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
    if sdk_config is not None:
        given = {
            "host": host,
            "token": token,
            "client_id": client_id,
            "client_secret": client_secret,
            "profile": profile,
            "config_file": config_file,
            "auth_type": auth_type,
        }
        conflicting = [name for name, value in given.items() if value is not None]
        if conflicting:
            raise ConfigError(
                f"sdk_config already says where and how to connect; drop {', '.join(conflicting)} "
                "or configure them on the databricks-sdk Config"
            )
        sdk_host = host_from_sdk_config(sdk_config)
        check_transport_security(sdk_host)
        auth = SdkConfigAuth(sdk_config)
        if auth.workspace_id:
            headers["X-Databricks-Workspace-Id"] = auth.workspace_id
        return sdk_host, auth, headers
    config = resolve_config(
        host=host,
        token=token,
        client_id=client_id,
        client_secret=client_secret,
        profile=profile,
        config_file=config_file,
        auth_type=auth_type,
    )
    if config.workspace_id:
        headers["X-Databricks-Workspace-Id"] = config.workspace_id
    return config.host, build_auth(config), headers


def pool_limits(max_concurrency: int) -> httpx.Limits:
    """A connection pool as large as the async client's concurrency bound."""
    return httpx.Limits(max_connections=max_concurrency, max_keepalive_connections=max_concurrency)
