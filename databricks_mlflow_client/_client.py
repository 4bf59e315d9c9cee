"""DatabricksMlflowClient and AsyncDatabricksMlflowClient: configuration, the HTTP stack and the resources."""

from __future__ import annotations

import platform
from collections.abc import Awaitable, Callable
from typing import Any, ParamSpec, TypeVar

import httpx

from ._api import AsyncAPI, SyncAPI
from ._auth import SdkConfigAuth, build_auth, host_from_sdk_config
from ._config import ConfigError, check_transport_security, resolve_config
from ._core import DEFAULT_MAX_RESPONSE_BYTES, AsyncCore, RetryPolicy, SyncCore
from ._response import RawResponse, acall_with_raw_response, call_with_raw_response
from ._version import __version__
from .resources._base import _Names
from .resources.comments import AsyncComments, Comments
from .resources.experiments import AsyncExperiments, Experiments
from .resources.permissions import AsyncPermissions, Permissions
from .resources.registered_models import AsyncRegisteredModels, RegisteredModels
from .resources.runs import AsyncRuns, Runs
from .resources.transition_requests import AsyncTransitionRequests, TransitionRequests
from .resources.webhooks import AsyncWebhooks, Webhooks

P = ParamSpec("P")
T = TypeVar("T")

DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=10.0)
USER_AGENT = (
    f"databricks-mlflow-client/{__version__} python/{platform.python_version()} httpx/{httpx.__version__}"
)


def _connection(
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


class DatabricksMlflowClient:
    """The Databricks-only MLflow API. Credentials come from the arguments, the environment or
    ``~/.databrickscfg`` as databricks-sdk resolves them; ``sdk_config`` bridges any other
    databricks-sdk auth method. Nothing touches the network until the first call.

    ``retry.timeout`` bounds each call in wall time, response body included; a response body larger than
    ``max_response_bytes`` (after decompression; default 64 MiB) raises ResponseTooLarge."""

    def __init__(
        self,
        host: str | None = None,
        token: str | None = None,
        *,
        client_id: str | None = None,
        client_secret: str | None = None,
        profile: str | None = None,
        config_file: str | None = None,
        auth_type: str | None = None,
        sdk_config: Any = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = None,
        validate: bool = True,
        transport: httpx.BaseTransport | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        base_url, auth, headers = _connection(
            host=host,
            token=token,
            client_id=client_id,
            client_secret=client_secret,
            profile=profile,
            config_file=config_file,
            auth_type=auth_type,
            sdk_config=sdk_config,
        )
        self.host = base_url
        self._http = httpx.Client(
            base_url=base_url, auth=auth, headers=headers, timeout=timeout, transport=transport
        )
        self._core = SyncCore(self._http, retry=retry or RetryPolicy(), max_response_bytes=max_response_bytes)
        api = SyncAPI(self._core, validate=validate)
        names = _Names()
        self.registered_models = RegisteredModels(api, names)
        self.permissions = Permissions(api, names)
        self.runs = Runs(api, names)
        self.transition_requests = TransitionRequests(api, names)
        self.comments = Comments(api, names)
        self.webhooks = Webhooks(api, names)
        self.experiments = Experiments(api, names)

    def with_raw_response(
        self, method: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs
    ) -> RawResponse[T]:
        """Call ``method`` (any method of this client) and keep every HTTP response it received.

        ``client.with_raw_response(client.registered_models.get, "m").http_response.headers``
        """
        return call_with_raw_response(method, *args, **kwargs)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> DatabricksMlflowClient:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"DatabricksMlflowClient(host={self.host!r})"


class AsyncDatabricksMlflowClient:
    """The async twin of DatabricksMlflowClient, name for name. ``max_concurrency`` bounds the requests
    in flight; bulk work paces itself and slows down when it meets 429s."""

    def __init__(
        self,
        host: str | None = None,
        token: str | None = None,
        *,
        client_id: str | None = None,
        client_secret: str | None = None,
        profile: str | None = None,
        config_file: str | None = None,
        auth_type: str | None = None,
        sdk_config: Any = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = None,
        validate: bool = True,
        max_concurrency: int = 32,
        transport: httpx.AsyncBaseTransport | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        base_url, auth, headers = _connection(
            host=host,
            token=token,
            client_id=client_id,
            client_secret=client_secret,
            profile=profile,
            config_file=config_file,
            auth_type=auth_type,
            sdk_config=sdk_config,
        )
        self.host = base_url
        limits = httpx.Limits(max_connections=max_concurrency, max_keepalive_connections=max_concurrency)
        self._http = httpx.AsyncClient(
            base_url=base_url, auth=auth, headers=headers, timeout=timeout, transport=transport, limits=limits
        )
        self._core = AsyncCore(
            self._http,
            retry=retry or RetryPolicy(),
            max_concurrency=max_concurrency,
            max_response_bytes=max_response_bytes,
        )
        api = AsyncAPI(self._core, validate=validate)
        names = _Names()
        self.registered_models = AsyncRegisteredModels(api, names)
        self.permissions = AsyncPermissions(api, names)
        self.runs = AsyncRuns(api, names)
        self.transition_requests = AsyncTransitionRequests(api, names)
        self.comments = AsyncComments(api, names)
        self.webhooks = AsyncWebhooks(api, names)
        self.experiments = AsyncExperiments(api, names)

    async def with_raw_response(
        self, method: Callable[P, Awaitable[T]], /, *args: P.args, **kwargs: P.kwargs
    ) -> RawResponse[T]:
        """Await ``method`` (any method of this client) and keep every HTTP response it received."""
        return await acall_with_raw_response(method, *args, **kwargs)

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> AsyncDatabricksMlflowClient:
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        return f"AsyncDatabricksMlflowClient(host={self.host!r})"
