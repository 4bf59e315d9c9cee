"""The client: configuration, the HTTP stack and the resources.

Written once, as AsyncDatabricksMlflowClient (_async_client.py); scripts/unasync.py generates the sync
DatabricksMlflowClient (_sync_client.py) from it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import cached_property
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

import httpx

from ._api import AsyncAPI
from ._core import DEFAULT_MAX_RESPONSE_BYTES, AsyncCore, RetryPolicy
from ._http import DEFAULT_TIMEOUT, AsyncHttpClient, connection, pool_limits
from ._lean_transport import lean_unless_proxied  # unasync: drop
from ._response import RawResponse, acall_with_raw_response
from .resources._base import _Names

if TYPE_CHECKING:
    from .resources._async.comments import AsyncComments
    from .resources._async.experiments import AsyncExperiments
    from .resources._async.permissions import AsyncPermissions
    from .resources._async.principals import AsyncPrincipals
    from .resources._async.registered_models import AsyncRegisteredModels
    from .resources._async.runs import AsyncRuns
    from .resources._async.transition_requests import AsyncTransitionRequests
    from .resources._async.unity_catalog import AsyncUnityCatalog
    from .resources._async.webhooks import AsyncWebhooks

P = ParamSpec("P")
T = TypeVar("T")


class AsyncDatabricksMlflowClient:
    """The Databricks-only MLflow API. Credentials come from the arguments, the environment or
    ``~/.databrickscfg`` as databricks-sdk resolves them; ``sdk_config`` bridges any other
    databricks-sdk auth method. Nothing touches the network until the first call. The async client's
    ``max_concurrency`` bounds the requests in flight; its bulk work paces itself and slows down at 429s.

    ``retry.timeout`` bounds each call in wall time, response body included; a response body larger than
    ``max_response_bytes`` (after decompression; default 64 MiB) raises ResponseTooLarge.

    Only the async client sends through `LeanTransport` by default (HTTP/1.1 on asyncio streams, half the
    CPU per request of httpx's default, so that bulk work at hundreds of requests a second is paced by
    the rate limit, not by the client), and not when a proxy from the environment applies to the
    workspace; pass ``transport`` (e.g. httpx's own, for HTTP/2 or proxy mounts) to choose another.

    Attributes:
        registered_models: the Databricks view of a registered model (workspace id, your permission
            level), search, and the Databricks stage transition.
        permissions: ACLs, as ``permissions.registered_models`` and ``permissions.experiments``.
        runs: bulk delete and restore of an experiment's runs.
        transition_requests: stage-transition requests: create, list, approve, reject, delete.
        comments: comments on model versions.
        webhooks: registry webhooks: create, list, update, test, delete.
        experiments: experiment look-ups by name.
        principals: whether a user, group or service principal exists (SCIM look-ups).
    """

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
        max_concurrency: int = 32,  # unasync: drop
        transport: httpx.AsyncBaseTransport | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        base_url, auth, headers = connection(
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
        if transport is None:  # unasync: drop
            transport = lean_unless_proxied(base_url, max_concurrency)  # unasync: drop
        self._http = AsyncHttpClient(
            base_url=base_url,
            auth=auth,
            headers=headers,
            timeout=timeout,
            transport=transport,
            limits=pool_limits(max_concurrency),  # unasync: drop
        )
        self._core = AsyncCore(
            self._http,
            retry=retry or RetryPolicy(),
            max_concurrency=max_concurrency,  # unasync: drop
            max_response_bytes=max_response_bytes,
        )
        self._api = AsyncAPI(self._core, validate=validate)
        self._names = _Names()  # shared by the resources: a name resolved by one is known to all

    # Resources are made (and their modules and generated models imported) on first use: a command that
    # uses two of them does not pay for the import of nine before its first request.
    @cached_property
    def comments(self) -> AsyncComments:
        from .resources._async.comments import AsyncComments

        return AsyncComments(self._api, self._names)

    @cached_property
    def experiments(self) -> AsyncExperiments:
        from .resources._async.experiments import AsyncExperiments

        return AsyncExperiments(self._api, self._names)

    @cached_property
    def permissions(self) -> AsyncPermissions:
        from .resources._async.permissions import AsyncPermissions

        return AsyncPermissions(self._api, self._names)

    @cached_property
    def principals(self) -> AsyncPrincipals:
        from .resources._async.principals import AsyncPrincipals

        return AsyncPrincipals(self._api, self._names)

    @cached_property
    def registered_models(self) -> AsyncRegisteredModels:
        from .resources._async.registered_models import AsyncRegisteredModels

        return AsyncRegisteredModels(self._api, self._names)

    @cached_property
    def runs(self) -> AsyncRuns:
        from .resources._async.runs import AsyncRuns

        return AsyncRuns(self._api, self._names)

    @cached_property
    def transition_requests(self) -> AsyncTransitionRequests:
        from .resources._async.transition_requests import AsyncTransitionRequests

        return AsyncTransitionRequests(self._api, self._names)

    @cached_property
    def uc(self) -> AsyncUnityCatalog:
        from .resources._async.unity_catalog import AsyncUnityCatalog

        return AsyncUnityCatalog(self._api, self._names)

    @cached_property
    def webhooks(self) -> AsyncWebhooks:
        from .resources._async.webhooks import AsyncWebhooks

        return AsyncWebhooks(self._api, self._names)

    async def with_raw_response(
        self, method: Callable[P, Awaitable[T]], /, *args: P.args, **kwargs: P.kwargs
    ) -> RawResponse[T]:
        """Call ``method`` (any method of this client) and keep every HTTP response it received.

        ``client.with_raw_response(client.registered_models.get, "m").http_response.headers``; for
        listings, use the resource's property: ``client.webhooks.with_raw_response.list()`` gives pages.
        """
        return await acall_with_raw_response(method, *args, **kwargs)

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._http.aclose()

    async def __aenter__(self) -> AsyncDatabricksMlflowClient:
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        return f"AsyncDatabricksMlflowClient(host={self.host!r})"
