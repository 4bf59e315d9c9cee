"""What both clients share: the User-Agent, the default timeout, and resolving where and how to connect."""

from __future__ import annotations

import platform
from http.cookiejar import CookieJar
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


# What httpx.Cookies(...) takes (httpx's own alias is private).
CookieTypes = httpx.Cookies | CookieJar | dict[str, str] | list[tuple[str, str]]
# The only response headers http.cookiejar reads (lowercase, as email.message.Message compares names).
_COOKIE_HEADERS = frozenset({"set-cookie", "set-cookie2"})


class _Cookies(httpx.Cookies):
    """httpx.Cookies whose ``extract_cookies`` goes to the cookie jar only for a response that sets one.

    Why: httpx calls ``extract_cookies`` on every response, and the jar wraps the response and its request
    in urllib compatibility objects (a ``urllib.request.Request``, an ``email.message.Message`` of every
    header) before it finds no Set-Cookie header and does nothing: ~40 us of CPU a request, for an API that
    sets no cookies. A response with a ``Set-Cookie`` or ``Set-Cookie2`` header, in any case, is extracted
    exactly as before (the jar's only other effect, refreshing its clock, is redone before any use).
    """

    def extract_cookies(self, response: httpx.Response) -> None:
        if any(name.lower() in _COOKIE_HEADERS for name in response.headers):
            super().extract_cookies(response)


class _CookieJar:
    """Cookies as httpx keeps them, in a `_Cookies` jar (mixed into both httpx clients).

    httpx reaches the jar only through the ``cookies`` property (on every response, in build_request and
    for redirects), so overriding the property is the whole change; setting it keeps the `_Cookies` type.
    """

    def __init__(self, *, cookies: CookieTypes | None = None, **kwargs: Any) -> None:
        self._jar: httpx.Cookies = _Cookies(cookies)
        super().__init__(**kwargs)

    @property
    def cookies(self) -> httpx.Cookies:
        return self._jar

    @cookies.setter
    def cookies(self, cookies: CookieTypes) -> None:
        self._jar = _Cookies(cookies)


class AsyncHttpClient(_CookieJar, httpx.AsyncClient):
    """The async client's httpx.AsyncClient, with the `_CookieJar`."""


class HttpClient(_CookieJar, httpx.Client):
    """The sync client's httpx.Client, with the `_CookieJar`."""


def pool_limits(max_concurrency: int) -> httpx.Limits:
    """A connection pool as large as the async client's concurrency bound."""
    return httpx.Limits(max_connections=max_concurrency, max_keepalive_connections=max_concurrency)
