"""httpx.Auth implementations: personal access token, OAuth M2M, and a bridge to databricks-sdk's auth.

OAuth M2M follows httpx's documented sub-request pattern: the metadata, discovery and token requests are
yielded from the auth flow, so they go through the caller's client, transport, proxies and timeouts. The
wire steps live once, in a sans-IO generator (`_token_steps`); the sync and async flows only drive it and
differ in how they read bodies and which lock guards the single refresh.
"""

from __future__ import annotations

import asyncio
import base64
import json
import math
import threading
import time
import weakref
from collections.abc import AsyncGenerator, Callable, Generator, Mapping
from typing import Any, Protocol

import attrs
import httpx

from ._config import Config, ConfigError, check_credential, check_transport_security, normalize_host
from ._errors import Unauthenticated

__all__ = [
    "AuthenticationError",
    "BearerTokenAuth",
    "OAuthM2MAuth",
    "SdkConfigAuth",
    "SdkConfigLike",
    "build_auth",
    "check_transport_security",
    "host_from_sdk_config",
]

WORKSPACE_ID_HEADER = "X-Databricks-Workspace-Id"
SERVER_TEXT_LIMIT = 300
REDACTED = "***"


class AuthenticationError(Unauthenticated):
    """Getting credentials failed: a discovery or token request was refused or answered nonsense.

    An Unauthenticated (so a DatabricksError): callers catch one hierarchy whatever failed.
    """

    def __init__(self, message: str, *, url: str, status_code: int | None = None, server_message: str = ""):
        super().__init__(message, status_code=status_code, path=httpx.URL(url).path)
        self.url = url
        self.status_code = status_code
        self.server_message = server_message


class BearerTokenAuth(httpx.Auth):
    """`Authorization: Bearer <token>` on every request (a personal access token)."""

    def __init__(self, token: str) -> None:
        """Raises ConfigError for a token that cannot be a header value (checked here, not by httpx,
        whose error would quote the whole header)."""
        self._header = f"Bearer {check_credential(token, 'token')}"

    def __repr__(self) -> str:
        return "BearerTokenAuth(token='***')"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = self._header
        yield request


@attrs.frozen
class _Token:
    access_token: str = attrs.field(repr=False)
    refresh_at: float  # on the injected clock; math.inf when the server gave no lifetime


class OAuthM2MAuth(httpx.Auth):
    """OAuth client credentials, as databricks-sdk's `oauth-m2m`: discover, fetch, cache, refresh early.

    The token is refreshed `min(refresh_margin, 10 % of its lifetime)` before it expires, and concurrent
    requests that find it stale share one refresh. A 401 on a cached token triggers one refresh and one
    re-send. `workspace_id` is what the host's metadata said; it is also sent as X-Databricks-Workspace-Id
    on API calls that do not carry that header already.
    """

    def __init__(
        self,
        host: str,
        client_id: str,
        client_secret: str,
        *,
        discovery_url: str | None = None,
        scopes: str = "all-apis",
        clock: Callable[[], float] = time.monotonic,
        refresh_margin: float = 60.0,
    ) -> None:
        self._host = normalize_host(host)
        self._client_id = client_id = check_credential(client_id, "client_id")
        self._client_secret = client_secret = check_credential(client_secret, "client_secret")
        self._discovery_url = discovery_url
        self._scopes = scopes
        self._clock = clock
        self._refresh_margin = refresh_margin
        basic = base64.b64encode(f"{client_id}:{client_secret}".encode()).decode("ascii")
        self._basic_header = f"Basic {basic}"
        self._token_endpoint: str | None = None
        self._workspace_id: str | None = None
        self._token: _Token | None = None
        self._sync_lock = threading.Lock()
        # asyncio.Lock belongs to one event loop; keep one per loop the auth is used from.
        self._async_locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
            weakref.WeakKeyDictionary()
        )
        self._async_locks_guard = threading.Lock()

    def __repr__(self) -> str:
        return f"OAuthM2MAuth(host={self._host!r}, client_id={self._client_id!r}, client_secret='***')"

    @property
    def workspace_id(self) -> str | None:
        """The workspace id from `/.well-known/databricks-config`, once the first token has been fetched."""
        return self._workspace_id

    def sync_auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        rejected: _Token | None = None
        for _attempt in range(2):
            token = self._usable_token(rejected)
            fetched = False
            if token is None:
                with self._sync_lock:
                    token = self._usable_token(rejected)
                    if token is None:
                        steps = self._token_steps(request)
                        sub_request = next(steps)
                        while True:
                            sub_response = yield sub_request
                            sub_response.read()
                            try:
                                sub_request = steps.send(sub_response)
                            except StopIteration as done:
                                token = done.value
                                break
                        fetched = True
            self._apply(request, token)
            response = yield request
            if not self._should_retry(response, request, fetched):
                return
            rejected = token

    async def async_auth_flow(self, request: httpx.Request) -> AsyncGenerator[httpx.Request, httpx.Response]:
        rejected: _Token | None = None
        for _attempt in range(2):
            token = self._usable_token(rejected)
            fetched = False
            if token is None:
                async with self._async_lock():
                    token = self._usable_token(rejected)
                    if token is None:
                        steps = self._token_steps(request)
                        sub_request = next(steps)
                        while True:
                            sub_response = yield sub_request
                            await sub_response.aread()
                            try:
                                sub_request = steps.send(sub_response)
                            except StopIteration as done:
                                token = done.value
                                break
                        fetched = True
            self._apply(request, token)
            response = yield request
            if not self._should_retry(response, request, fetched):
                return
            rejected = token

    def _async_lock(self) -> asyncio.Lock:
        loop = asyncio.get_running_loop()
        with self._async_locks_guard:
            lock = self._async_locks.get(loop)
            if lock is None:
                lock = self._async_locks[loop] = asyncio.Lock()
            return lock

    def _usable_token(self, rejected: _Token | None) -> _Token | None:
        token = self._token
        if token is None or token is rejected or self._clock() >= token.refresh_at:
            return None
        return token

    def _apply(self, request: httpx.Request, token: _Token) -> None:
        request.headers["Authorization"] = f"Bearer {token.access_token}"
        if self._workspace_id and WORKSPACE_ID_HEADER not in request.headers:
            request.headers[WORKSPACE_ID_HEADER] = self._workspace_id

    @staticmethod
    def _should_retry(response: httpx.Response, request: httpx.Request, fetched: bool) -> bool:
        # A token fetched for this very request is not stale: a 401 then means "no access", not "expired".
        # A streamed body cannot be sent twice.
        return response.status_code == 401 and not fetched and isinstance(request.stream, httpx.ByteStream)

    # --- the wire steps, sans-IO: yield a request, receive its response with the body read ---

    def _token_steps(self, template: httpx.Request) -> Generator[httpx.Request, httpx.Response, _Token]:
        if self._token_endpoint is None:
            self._token_endpoint = yield from self._discovery_steps(template)
        token_endpoint = self._token_endpoint
        started = self._clock()
        response = yield self._sub_request(
            "POST",
            token_endpoint,
            template,
            headers={"Authorization": self._basic_header},
            data={"grant_type": "client_credentials", "scope": self._scopes},
        )
        if not response.is_success:
            raise self._error("token request", response)
        body = _json_object(response)
        access_token = body.get("access_token") if body is not None else None
        if body is None or not isinstance(access_token, str) or not access_token:
            raise AuthenticationError(
                f"oauth-m2m: token response from {token_endpoint} has no access_token",
                url=token_endpoint,
                status_code=response.status_code,
            )
        try:
            access_token = check_credential(access_token, "the access_token")
        except ConfigError as error:
            raise AuthenticationError(
                f"oauth-m2m: token response from {token_endpoint}: {error}",
                url=token_endpoint,
                status_code=response.status_code,
            ) from None
        token = _Token(access_token, self._refresh_at(started, body.get("expires_in")))
        self._token = token
        return token

    def _refresh_at(self, started: float, expires_in: object) -> float:
        # No usable lifetime: keep the token until the server answers 401.
        if isinstance(expires_in, bool) or not isinstance(expires_in, int | float | str):
            return math.inf
        try:
            lifetime = float(expires_in)
        except ValueError:
            return math.inf
        if not math.isfinite(lifetime):
            return math.inf
        return started + lifetime - min(self._refresh_margin, max(lifetime, 0.0) * 0.1)

    def _discovery_steps(self, template: httpx.Request) -> Generator[httpx.Request, httpx.Response, str]:
        discovery_url = self._discovery_url
        if discovery_url is None:
            discovery_url = yield from self._metadata_steps(template)
        response = yield self._sub_request("GET", discovery_url, template)
        if not response.is_success:
            raise self._error("OIDC discovery", response)
        document = _json_object(response)
        token_endpoint = document.get("token_endpoint") if document is not None else None
        if not isinstance(token_endpoint, str) or not token_endpoint:
            raise AuthenticationError(
                f"oauth-m2m: OIDC discovery document at {discovery_url} has no token_endpoint",
                url=discovery_url,
                status_code=response.status_code,
            )
        return str(httpx.URL(discovery_url).join(token_endpoint))

    def _metadata_steps(self, template: httpx.Request) -> Generator[httpx.Request, httpx.Response, str]:
        """The host's metadata names the OIDC issuer; without it fall back to the workspace's own issuer."""
        response = yield self._sub_request("GET", f"{self._host}/.well-known/databricks-config", template)
        metadata = _json_object(response) if response.is_success else None
        fallback = f"{self._host}/oidc/.well-known/oauth-authorization-server"
        if metadata is None:
            return fallback
        workspace_id = metadata.get("workspace_id")
        if isinstance(workspace_id, str | int) and not isinstance(workspace_id, bool) and workspace_id != "":
            self._workspace_id = str(workspace_id)
        oidc_endpoint = metadata.get("oidc_endpoint")
        if not isinstance(oidc_endpoint, str) or not oidc_endpoint:
            return fallback
        if "{account_id}" in oidc_endpoint:
            account_id = metadata.get("account_id")
            if not isinstance(account_id, str) or not account_id:
                raise AuthenticationError(
                    "oauth-m2m: host metadata names an account-level OIDC endpoint but no account_id",
                    url=str(response.request.url),
                    status_code=response.status_code,
                )
            oidc_endpoint = oidc_endpoint.replace("{account_id}", account_id)
        return f"{oidc_endpoint.rstrip('/')}/.well-known/oauth-authorization-server"

    def _sub_request(
        self,
        method: str,
        url: str,
        template: httpx.Request,
        *,
        headers: Mapping[str, str] | None = None,
        data: Mapping[str, str] | None = None,
    ) -> httpx.Request:
        try:
            # Every URL of the flow: whoever answers a clear-text discovery request names the token
            # endpoint that then receives the client secret.
            check_transport_security(url)
        except ConfigError as error:
            raise AuthenticationError(f"oauth-m2m: {error} (URL {url})", url=url) from None
        all_headers = {"Accept": "application/json", **(headers or {})}
        user_agent = template.headers.get("User-Agent")
        if user_agent:
            all_headers["User-Agent"] = user_agent
        # Without the API request's timeout extension the transport would wait forever.
        extensions = {"timeout": template.extensions["timeout"]} if "timeout" in template.extensions else {}
        return httpx.Request(method, url, headers=all_headers, data=data, extensions=extensions)

    def _error(self, step: str, response: httpx.Response) -> AuthenticationError:
        url = str(response.request.url)
        server_message = self._redact(_server_message(response))
        return AuthenticationError(
            f"oauth-m2m: {step} to {url} failed with HTTP {response.status_code}: {server_message}",
            url=url,
            status_code=response.status_code,
            server_message=server_message,
        )

    def _redact(self, text: str) -> str:
        # A server that echoes the credentials back must not put them into our exception.
        for secret in (self._client_secret, self._basic_header.removeprefix("Basic ")):
            if secret:
                text = text.replace(secret, REDACTED)
        return text


def _json_object(response: httpx.Response) -> dict[str, Any] | None:
    try:
        body = json.loads(response.content)
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def _server_message(response: httpx.Response) -> str:
    """`error: description` from an OAuth (RFC 6749) or Okta-style error body, else the start of the text."""
    body = _json_object(response)
    if body is not None:
        code = body.get("error", body.get("errorCode", body.get("error_code")))
        summary = body.get("error_description", body.get("errorSummary", body.get("message")))
        parts = [str(part) for part in (code, summary) if part]
        if parts:
            return ": ".join(parts).replace("\r\n", " ")[:SERVER_TEXT_LIMIT]
    text = response.content.decode("utf-8", errors="replace").strip()
    if len(text) > SERVER_TEXT_LIMIT:
        text = text[:SERVER_TEXT_LIMIT] + "..."
    return text or response.reason_phrase


class SdkConfigLike(Protocol):
    """What the bridge needs from `databricks.sdk.core.Config`."""

    @property
    def host(self) -> str | None: ...

    def authenticate(self) -> Mapping[str, str]: ...


class SdkConfigAuth(httpx.Auth):
    """Every other Databricks auth method: asks a databricks-sdk `Config` for fresh headers per request."""

    def __init__(self, sdk_config: SdkConfigLike) -> None:
        self._sdk_config = sdk_config

    def __repr__(self) -> str:
        auth_type = getattr(self._sdk_config, "auth_type", None)
        return f"SdkConfigAuth(host={self._sdk_config.host!r}, auth_type={auth_type!r})"

    @property
    def workspace_id(self) -> str | None:
        workspace_id = getattr(self._sdk_config, "workspace_id", None)
        return str(workspace_id) if workspace_id else None

    def sync_auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers.update(self._sdk_config.authenticate())
        yield request

    async def async_auth_flow(self, request: httpx.Request) -> AsyncGenerator[httpx.Request, httpx.Response]:
        # The SDK refreshes tokens with blocking HTTP calls; keep them off the event loop.
        headers = await asyncio.to_thread(self._sdk_config.authenticate)
        request.headers.update(headers)
        yield request


def host_from_sdk_config(sdk_config: SdkConfigLike) -> str:
    """The API host of a databricks-sdk `Config`, normalised and checked like our own."""
    host = sdk_config.host
    if not host:
        raise ConfigError("the databricks-sdk Config has no host")
    normalised = normalize_host(host)
    check_transport_security(normalised)
    return normalised


def build_auth(config: Config) -> httpx.Auth:
    """The httpx.Auth for a resolved Config. Only auth_type "sdk" may touch the network (the SDK's probe)."""
    if config.auth_type == "pat" and config.token:
        return BearerTokenAuth(config.token)
    if config.auth_type == "oauth-m2m" and config.client_id and config.client_secret:
        return OAuthM2MAuth(
            config.host, config.client_id, config.client_secret, discovery_url=config.discovery_url
        )
    if config.auth_type == "sdk":
        return SdkConfigAuth(_build_sdk_config(config))
    raise ConfigError(f"auth_type {config.auth_type!r} is missing its credentials or is not supported")


def _build_sdk_config(config: Config) -> Any:
    try:
        from databricks.sdk.core import Config as SdkConfig
    except ImportError:
        raise ConfigError(
            f"auth_type {config.sdk_auth_type or 'sdk'!r} needs databricks-sdk: "
            "pip install 'databricks-mlflow-client[sdk]'"
        ) from None
    options: dict[str, Any] = {"host": config.host, **config.sdk_attributes}
    for name in ("token", "client_id", "client_secret", "workspace_id", "discovery_url"):
        value = getattr(config, name)
        if value:
            options[name] = value
    if config.sdk_auth_type:
        options["auth_type"] = config.sdk_auth_type
    try:
        return SdkConfig(**options)
    except ValueError as error:
        # The SDK's messages list attribute names and mask sensitive values.
        raise ConfigError(f"databricks-sdk could not configure authentication: {error}") from None
