"""Auth over real httpx clients: PAT, OAuth M2M (discovery, token wire form, caching, refresh, single
flight under 32 threads and 32 tasks, 401 recovery, errors) and the databricks-sdk bridge."""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import os
import socket
import threading
import urllib.parse
from collections.abc import Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from databricks_mlflow_client._auth import (
    AuthenticationError,
    BearerTokenAuth,
    OAuthM2MAuth,
    SdkConfigAuth,
    build_auth,
    host_from_sdk_config,
)
from databricks_mlflow_client._config import ConfigError, resolve_config

HOST = "https://ws.example.com"
CLIENT_ID = "sp-app-id"
SECRET = "very-secret-client-secret"
API = "/api/2.0/mlflow/databricks/registered-models/get"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


class FakeClock:
    """A monotonic clock the test moves by hand; counts reads so a handler can wait for them."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.reads = 0
        self.changed = threading.Condition()

    def __call__(self) -> float:
        with self.changed:
            self.reads += 1
            self.changed.notify_all()
            return self.now


class FakeWorkspace:
    """Host metadata, OIDC discovery, a token endpoint and one API route, like a Databricks workspace."""

    def __init__(self, base: str = HOST, *, metadata: bool = True, expires_in: Any = 3600) -> None:
        self.base = base
        self.metadata = metadata
        self.expires_in = expires_in
        self.requests: list[httpx.Request] = []
        self.token_error: tuple[int, str, str] | None = None  # status, content type, body
        self.before_token: Callable[[], None] | None = None
        self.revoked: set[str] = set()
        self._issued = itertools.count(1)
        self._lock = threading.Lock()

    def handle(self, request: httpx.Request) -> httpx.Response:
        # A copy: the auth flow re-sends the same Request object with new headers after a 401.
        snapshot = httpx.Request(
            request.method, request.url, headers=request.headers.copy(), content=request.content
        )
        snapshot.extensions = dict(request.extensions)
        with self._lock:
            self.requests.append(snapshot)
        path = request.url.path
        if path == "/.well-known/databricks-config" and self.metadata:
            return httpx.Response(200, json={"oidc_endpoint": f"{self.base}/oidc", "workspace_id": 4242})
        if path == "/oidc/.well-known/oauth-authorization-server":
            token_endpoint = f"{self.base}/oidc/v1/token"
            return httpx.Response(200, json={"token_endpoint": token_endpoint, "authorization_endpoint": "x"})
        if path == "/oidc/v1/token" and request.method == "POST":
            if self.before_token is not None:
                self.before_token()
            if self.token_error is not None:
                status, content_type, body = self.token_error
                return httpx.Response(status, headers={"Content-Type": content_type}, content=body.encode())
            with self._lock:
                token = f"tok-{next(self._issued)}"
            body_json = {"access_token": token, "token_type": "Bearer", "expires_in": self.expires_in}
            return httpx.Response(200, json=body_json)
        if path == API:
            scheme, _, token = request.headers.get("Authorization", "").partition(" ")
            if scheme != "Bearer" or not token.startswith("tok-") or token in self.revoked:
                return httpx.Response(401, json={"error_code": "UNAUTHENTICATED", "message": "bad token"})
            return httpx.Response(200, json={"token_used": token})
        return httpx.Response(404, json={"error_code": "ENDPOINT_NOT_FOUND"})

    def paths(self) -> list[str]:
        return [request.url.path for request in self.requests]

    def token_requests(self) -> int:
        return self.paths().count("/oidc/v1/token")


def m2m(clock: FakeClock | None = None, **kwargs: Any) -> OAuthM2MAuth:
    return OAuthM2MAuth(HOST, CLIENT_ID, SECRET, clock=clock or FakeClock(), **kwargs)


def sync_client(workspace: FakeWorkspace, auth: httpx.Auth, **kwargs: Any) -> httpx.Client:
    return httpx.Client(base_url=HOST, transport=httpx.MockTransport(workspace.handle), auth=auth, **kwargs)


# --- PAT ---


def test_bearer_token_auth() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200)

    auth = BearerTokenAuth("dapi-123")
    with httpx.Client(transport=httpx.MockTransport(handler), auth=auth) as client:
        client.get(f"{HOST}{API}")
    assert seen[0].headers["Authorization"] == "Bearer dapi-123"
    assert "dapi-123" not in repr(auth)


# --- OAuth M2M on the wire ---


def test_discovery_then_token_then_api_call() -> None:
    workspace = FakeWorkspace()
    auth = m2m()
    with sync_client(workspace, auth, headers={"User-Agent": "ua-test/1"}, timeout=7.5) as client:
        response = client.get(API, params={"name": "m"})
    assert response.json() == {"token_used": "tok-1"}
    assert [(r.method, str(r.url)) for r in workspace.requests] == [
        ("GET", f"{HOST}/.well-known/databricks-config"),
        ("GET", f"{HOST}/oidc/.well-known/oauth-authorization-server"),
        ("POST", f"{HOST}/oidc/v1/token"),
        ("GET", f"{HOST}{API}?name=m"),
    ]
    token_request = workspace.requests[2]
    assert token_request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert token_request.content == b"grant_type=client_credentials&scope=all-apis"
    expected_basic = base64.b64encode(f"{CLIENT_ID}:{SECRET}".encode()).decode()
    assert token_request.headers["Authorization"] == f"Basic {expected_basic}"
    api_request = workspace.requests[3]
    assert api_request.headers["Authorization"] == "Bearer tok-1"
    assert api_request.headers["X-Databricks-Workspace-Id"] == "4242"
    assert auth.workspace_id == "4242"
    for sub_request in workspace.requests[:3]:
        assert "Bearer" not in sub_request.headers.get("Authorization", "")
        assert sub_request.headers["User-Agent"] == "ua-test/1"
        # The API call's timeout goes with the sub-requests; without it they could hang forever.
        assert sub_request.extensions["timeout"] == api_request.extensions["timeout"]
        assert sub_request.extensions["timeout"]["read"] == 7.5


def test_explicit_workspace_id_header_wins() -> None:
    workspace = FakeWorkspace()
    with sync_client(workspace, m2m()) as client:
        client.get(API, headers={"X-Databricks-Workspace-Id": "1"})
    assert workspace.requests[-1].headers["X-Databricks-Workspace-Id"] == "1"


def test_custom_scopes() -> None:
    workspace = FakeWorkspace()
    with sync_client(workspace, m2m(scopes="sql offline_access")) as client:
        client.get(API)
    token_request = workspace.requests[2]
    assert urllib.parse.parse_qs(token_request.content.decode()) == {
        "grant_type": ["client_credentials"],
        "scope": ["sql offline_access"],
    }


def test_discovery_url_skips_host_metadata() -> None:
    workspace = FakeWorkspace()
    auth = m2m(discovery_url=f"{HOST}/oidc/.well-known/oauth-authorization-server")
    with sync_client(workspace, auth) as client:
        assert client.get(API).status_code == 200
    assert workspace.paths() == ["/oidc/.well-known/oauth-authorization-server", "/oidc/v1/token", API]
    assert auth.workspace_id is None


def test_metadata_missing_falls_back_to_workspace_oidc() -> None:
    workspace = FakeWorkspace(metadata=False)
    with sync_client(workspace, m2m()) as client:
        assert client.get(API).status_code == 200
    assert workspace.paths() == [
        "/.well-known/databricks-config",
        "/oidc/.well-known/oauth-authorization-server",
        "/oidc/v1/token",
        API,
    ]
    assert "X-Databricks-Workspace-Id" not in workspace.requests[-1].headers


def test_account_placeholder_in_oidc_endpoint() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        if request.url.path == "/.well-known/databricks-config":
            oidc = f"{HOST}/oidc/accounts/{{account_id}}"
            return httpx.Response(200, json={"oidc_endpoint": oidc, "account_id": "acc-9"})
        if request.url.path.endswith("/.well-known/oauth-authorization-server"):
            return httpx.Response(200, json={"token_endpoint": "/oidc/accounts/acc-9/v1/token"})
        if request.url.path.endswith("/token"):
            return httpx.Response(200, json={"access_token": "tok-a", "expires_in": 60})
        return httpx.Response(200)

    with httpx.Client(transport=httpx.MockTransport(handler), auth=m2m()) as client:
        client.get(f"{HOST}{API}")
    assert seen[1:3] == [
        f"{HOST}/oidc/accounts/acc-9/.well-known/oauth-authorization-server",
        f"{HOST}/oidc/accounts/acc-9/v1/token",  # a relative token_endpoint is resolved
    ]


def test_token_is_cached() -> None:
    workspace = FakeWorkspace()
    with sync_client(workspace, m2m()) as client:
        tokens = {client.get(API).json()["token_used"] for _ in range(10)}
    assert tokens == {"tok-1"}
    assert workspace.paths().count("/.well-known/databricks-config") == 1
    assert workspace.paths().count("/oidc/.well-known/oauth-authorization-server") == 1
    assert workspace.token_requests() == 1


@pytest.mark.parametrize(
    ("expires_in", "still_cached_at", "refreshed_at"),
    [
        (3600, 3539.0, 3541.0),  # margin min(60 s, 360 s) = 60 s
        (100, 89.0, 91.0),  # margin min(60 s, 10 s) = 10 s
        ("600", 539.0, 541.0),  # a numeric string is accepted
    ],
)
def test_refresh_before_expiry(expires_in: Any, still_cached_at: float, refreshed_at: float) -> None:
    clock = FakeClock()
    start = clock.now
    workspace = FakeWorkspace(expires_in=expires_in)
    with sync_client(workspace, m2m(clock)) as client:
        assert client.get(API).json()["token_used"] == "tok-1"
        clock.now = start + still_cached_at
        assert client.get(API).json()["token_used"] == "tok-1"
        clock.now = start + refreshed_at
        assert client.get(API).json()["token_used"] == "tok-2"
    # Discovery is cached too: only the token is fetched again.
    assert workspace.paths().count("/oidc/.well-known/oauth-authorization-server") == 1
    assert workspace.token_requests() == 2


def test_token_without_lifetime_is_kept_until_401() -> None:
    clock = FakeClock()
    workspace = FakeWorkspace(expires_in=None)
    with sync_client(workspace, m2m(clock)) as client:
        client.get(API)
        clock.now += 10**9
        assert client.get(API).json()["token_used"] == "tok-1"
        workspace.revoked.add("tok-1")
        assert client.get(API).json()["token_used"] == "tok-2"


def test_401_on_cached_token_refreshes_once_and_resends() -> None:
    workspace = FakeWorkspace()
    with sync_client(workspace, m2m()) as client:
        client.get(API)
        workspace.revoked.add("tok-1")
        response = client.post(API, json={"name": "m"})
    assert response.status_code == 200
    assert response.json() == {"token_used": "tok-2"}
    posts = [r for r in workspace.requests if r.url.path == API and r.method == "POST"]
    assert [r.headers["Authorization"] for r in posts] == ["Bearer tok-1", "Bearer tok-2"]
    assert posts[0].content == posts[1].content == b'{"name":"m"}'


def test_persistent_401_is_returned_after_one_refresh() -> None:
    workspace = FakeWorkspace()
    with sync_client(workspace, m2m()) as client:
        client.get(API)
        workspace.revoked.update({"tok-1", "tok-2", "tok-3"})
        response = client.get(API)
    assert response.status_code == 401
    assert workspace.paths().count(API) == 3  # the first call, then the 401 and its one re-send
    assert workspace.token_requests() == 2


def test_401_on_freshly_fetched_token_is_not_retried() -> None:
    workspace = FakeWorkspace()
    workspace.revoked.update({"tok-1", "tok-2"})
    with sync_client(workspace, m2m()) as client:
        assert client.get(API).status_code == 401
    assert workspace.paths().count(API) == 1
    assert workspace.token_requests() == 1


def test_401_with_streamed_body_is_not_resent(
    loopback_workspace: tuple[LoopbackServer, FakeWorkspace],
) -> None:
    server, workspace = loopback_workspace
    auth = OAuthM2MAuth(server.url, CLIENT_ID, SECRET, clock=FakeClock())
    with httpx.Client(base_url=server.url, auth=auth, timeout=5) as client:
        client.get(API)
        workspace.revoked.add("tok-1")
        response = client.post(API, content=iter([b"{}"]))  # a generator cannot be sent twice
    assert response.status_code == 401
    assert workspace.token_requests() == 1


def test_token_endpoint_error_raises_without_the_secret() -> None:
    workspace = FakeWorkspace()
    basic = base64.b64encode(f"{CLIENT_ID}:{SECRET}".encode()).decode()
    error = {"error": "invalid_client", "error_description": f"bad secret {SECRET} / {basic}"}
    workspace.token_error = (401, "application/json", json.dumps(error))
    with sync_client(workspace, m2m()) as client, pytest.raises(AuthenticationError) as caught:
        client.get(API)
    failure = caught.value
    assert failure.status_code == 401
    assert failure.url == f"{HOST}/oidc/v1/token"
    assert failure.server_message == "invalid_client: bad secret *** / ***"
    assert failure.message == (
        f"oauth-m2m: token request to {HOST}/oidc/v1/token failed with HTTP 401: invalid_client: bad secret *** / ***"
    )
    for text in (str(failure), repr(failure), repr(failure.args)):
        assert SECRET not in text and basic not in text


def test_token_endpoint_plain_text_error() -> None:
    workspace = FakeWorkspace()
    workspace.token_error = (503, "text/html", "<html>upstream unavailable</html>" + "x" * 1000)
    with sync_client(workspace, m2m()) as client, pytest.raises(AuthenticationError) as caught:
        client.get(API)
    assert caught.value.status_code == 503
    assert caught.value.server_message.startswith("<html>upstream unavailable</html>xxx")
    assert len(caught.value.server_message) == 303


def test_token_response_without_access_token() -> None:
    workspace = FakeWorkspace()
    workspace.token_error = (200, "application/json", '{"token_type": "Bearer"}')
    with sync_client(workspace, m2m()) as client, pytest.raises(AuthenticationError, match="no access_token"):
        client.get(API)


def test_discovery_failure() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/.well-known/databricks-config":
            return httpx.Response(404)
        return httpx.Response(403, json={"error_code": "PERMISSION_DENIED", "message": "nope"})

    client = httpx.Client(transport=httpx.MockTransport(handler), auth=m2m())
    with client, pytest.raises(AuthenticationError) as caught:
        client.get(f"{HOST}{API}")
    assert caught.value.status_code == 403
    assert caught.value.url == f"{HOST}/oidc/.well-known/oauth-authorization-server"
    assert "OIDC discovery" in str(caught.value)


def test_insecure_token_endpoint_is_refused() -> None:
    sent: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(str(request.url))
        return httpx.Response(200, json={"token_endpoint": "http://evil.example.com/token"})

    auth = m2m(discovery_url=f"{HOST}/oidc/.well-known/oauth-authorization-server")
    client = httpx.Client(transport=httpx.MockTransport(handler), auth=auth)
    with client, pytest.raises(AuthenticationError, match="refusing plain http://"):
        client.get(f"{HOST}{API}")
    assert sent == [f"{HOST}/oidc/.well-known/oauth-authorization-server"]  # the secret never left


def test_repr_hides_secret() -> None:
    assert SECRET not in repr(m2m())
    assert CLIENT_ID in repr(m2m())


def test_32_threads_with_expired_token_share_one_refresh() -> None:
    clock = FakeClock()
    workspace = FakeWorkspace()
    threads = 32
    with sync_client(workspace, m2m(clock)) as client:
        client.get(API)
        clock.now += 3600
        reads_before = clock.reads

        def hold_token_until_every_thread_has_looked() -> None:
            # Every thread reads the clock and finds the token expired before the first refresh answers.
            with clock.changed:
                clock.changed.wait_for(lambda: clock.reads - reads_before >= threads, timeout=10)

        workspace.before_token = hold_token_until_every_thread_has_looked
        start = threading.Barrier(threads)

        def call() -> str:
            start.wait()
            response = client.get(API)
            return str(response.json()["token_used"])

        with ThreadPoolExecutor(threads) as pool:
            used = list(pool.map(lambda _: call(), range(threads)))
    assert used == ["tok-2"] * threads
    assert workspace.token_requests() == 2  # the initial one and exactly one refresh


# --- async ---


def async_client(
    workspace: FakeWorkspace, auth: httpx.Auth, hook: Callable[[], Awaitable[None]] | None = None
) -> httpx.AsyncClient:
    async def handler(request: httpx.Request) -> httpx.Response:
        if hook is not None and request.url.path == "/oidc/v1/token":
            await hook()
        return workspace.handle(request)

    return httpx.AsyncClient(base_url=HOST, transport=httpx.MockTransport(handler), auth=auth)


@pytest.mark.anyio
async def test_async_flow_caches_and_recovers_from_401() -> None:
    workspace = FakeWorkspace()
    auth = m2m()
    async with async_client(workspace, auth) as client:
        assert (await client.get(API)).json() == {"token_used": "tok-1"}
        assert (await client.get(API)).json() == {"token_used": "tok-1"}
        workspace.revoked.add("tok-1")
        assert (await client.get(API)).json() == {"token_used": "tok-2"}
    assert workspace.paths()[:3] == [
        "/.well-known/databricks-config",
        "/oidc/.well-known/oauth-authorization-server",
        "/oidc/v1/token",
    ]
    assert workspace.token_requests() == 2
    assert auth.workspace_id == "4242"


@pytest.mark.anyio
async def test_async_token_error() -> None:
    workspace = FakeWorkspace()
    workspace.token_error = (400, "application/json", '{"error": "invalid_scope"}')
    async with async_client(workspace, m2m()) as client:
        with pytest.raises(AuthenticationError, match="HTTP 400: invalid_scope"):
            await client.get(API)


@pytest.mark.anyio
async def test_32_tasks_with_expired_token_share_one_refresh() -> None:
    clock = FakeClock()
    workspace = FakeWorkspace()
    tasks = 32
    reads_before = 0

    async def hold_token_until_every_task_has_looked() -> None:
        for _ in range(100_000):
            if reads_before and clock.reads - reads_before >= tasks:
                return
            await asyncio.sleep(0)

    async with async_client(workspace, m2m(clock), hold_token_until_every_task_has_looked) as client:
        await client.get(API)
        clock.now += 3600
        reads_before = clock.reads
        responses = await asyncio.gather(*(client.get(API) for _ in range(tasks)))
    assert [r.json()["token_used"] for r in responses] == ["tok-2"] * tasks
    assert workspace.token_requests() == 2


def test_one_auth_used_from_two_event_loops() -> None:
    clock = FakeClock()
    workspace = FakeWorkspace()
    auth = m2m(clock)

    async def call() -> str:
        async with async_client(workspace, auth) as client:
            return str((await client.get(API)).json()["token_used"])

    assert asyncio.run(call()) == "tok-1"
    clock.now += 3600
    assert asyncio.run(call()) == "tok-2"


# --- over real HTTP on loopback ---


class LoopbackServer:
    """Serves an httpx-style handler over real HTTP/1.1 on 127.0.0.1 (TCP_NODELAY, keep-alive)."""

    def __init__(self, app: Callable[[httpx.Request], httpx.Response]) -> None:
        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def setup(self) -> None:
                super().setup()
                self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

            def handle_one(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                request = httpx.Request(
                    self.command,
                    f"http://127.0.0.1:{self.server.server_address[1]}{self.path}",
                    headers=list(self.headers.items()),
                    content=self.rfile.read(length),
                )
                response = app(request)
                body = response.read()
                head = [f"HTTP/1.1 {response.status_code} {response.reason_phrase}"]
                head += [f"{k}: {v}" for k, v in response.headers.items() if k.lower() != "content-length"]
                head.append(f"Content-Length: {len(body)}")
                self.wfile.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body)

            do_GET = do_POST = handle_one

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.01,), daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def loopback_workspace() -> Iterator[tuple[LoopbackServer, FakeWorkspace]]:
    workspace = FakeWorkspace()
    server = LoopbackServer(workspace.handle)
    workspace.base = server.url
    yield server, workspace
    server.close()


def test_oauth_m2m_over_loopback_http(loopback_workspace: tuple[LoopbackServer, FakeWorkspace]) -> None:
    server, workspace = loopback_workspace
    config = resolve_config(host=server.url, client_id=CLIENT_ID, client_secret=SECRET, environ={})
    auth = build_auth(config)
    assert isinstance(auth, OAuthM2MAuth)
    with httpx.Client(base_url=server.url, auth=auth, timeout=5) as client:
        assert [client.get(API).json()["token_used"] for _ in range(3)] == ["tok-1"] * 3
    assert workspace.paths() == [
        "/.well-known/databricks-config",
        "/oidc/.well-known/oauth-authorization-server",
        "/oidc/v1/token",
        API,
        API,
        API,
    ]
    assert workspace.requests[2].content == b"grant_type=client_credentials&scope=all-apis"


def test_build_auth_pat() -> None:
    auth = build_auth(resolve_config(host=HOST, token="dapi-1", environ={}))
    assert isinstance(auth, BearerTokenAuth)


# --- databricks-sdk bridge ---


class FakeSdkConfig:
    def __init__(self) -> None:
        self.host = "https://ws.example.com/"
        self.workspace_id = 77
        self.calls = 0

    def authenticate(self) -> dict[str, str]:
        self.calls += 1
        return {"Authorization": f"Bearer sdk-{self.calls}", "X-Databricks-Azure-SP-Management-Token": "m"}


def test_bridge_asks_sdk_for_fresh_headers_per_request() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200)

    sdk_config = FakeSdkConfig()
    auth = SdkConfigAuth(sdk_config)
    with httpx.Client(transport=httpx.MockTransport(handler), auth=auth) as client:
        client.get(f"{HOST}{API}")
        client.get(f"{HOST}{API}")
    assert [r.headers["Authorization"] for r in seen] == ["Bearer sdk-1", "Bearer sdk-2"]
    assert seen[0].headers["X-Databricks-Azure-SP-Management-Token"] == "m"
    assert auth.workspace_id == "77"
    assert host_from_sdk_config(sdk_config) == HOST


@pytest.mark.anyio
async def test_bridge_async() -> None:
    seen: list[str] = []

    async def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["Authorization"])
        return httpx.Response(200)

    async with httpx.AsyncClient(
        transport=httpx.MockTransport(handler), auth=SdkConfigAuth(FakeSdkConfig())
    ) as client:
        await client.get(f"{HOST}{API}")
    assert seen == ["Bearer sdk-1"]


def test_host_from_sdk_config_rules() -> None:
    sdk_config = FakeSdkConfig()
    sdk_config.host = "http://example.com"
    with pytest.raises(ConfigError, match="refusing plain http://"):
        host_from_sdk_config(sdk_config)
    sdk_config.host = ""
    with pytest.raises(ConfigError, match="has no host"):
        host_from_sdk_config(sdk_config)


@pytest.fixture
def clean_sdk_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """databricks-sdk reads os.environ and ~/.databrickscfg itself: give it an empty world."""
    for variable in list(os.environ):
        if variable.startswith(("DATABRICKS_", "ARM_", "GOOGLE_", "AZURE_", "ACTIONS_ID_TOKEN", "SYSTEM_")):
            monkeypatch.delenv(variable)
    monkeypatch.setenv("HOME", str(tmp_path))


@pytest.mark.usefixtures("clean_sdk_environment")
def test_real_sdk_config_pat_through_bridge(loopback_workspace: tuple[LoopbackServer, FakeWorkspace]) -> None:
    from databricks.sdk.core import Config as SdkConfig

    server, _workspace = loopback_workspace
    sdk_config = SdkConfig(host=server.url, token="tok-sdk", retry_timeout_seconds=5)
    auth = SdkConfigAuth(sdk_config)
    assert host_from_sdk_config(sdk_config) == server.url
    with httpx.Client(base_url=host_from_sdk_config(sdk_config), auth=auth, timeout=5) as client:
        assert client.get(API).json() == {"token_used": "tok-sdk"}
    assert auth.workspace_id == "4242"  # the SDK's own metadata probe found it


@pytest.mark.usefixtures("clean_sdk_environment")
def test_real_sdk_oauth_m2m_through_bridge(loopback_workspace: tuple[LoopbackServer, FakeWorkspace]) -> None:
    from databricks.sdk.core import Config as SdkConfig

    server, workspace = loopback_workspace
    sdk_config = SdkConfig(
        host=server.url, client_id=CLIENT_ID, client_secret=SECRET, retry_timeout_seconds=5
    )
    with httpx.Client(base_url=server.url, auth=SdkConfigAuth(sdk_config), timeout=5) as client:
        assert client.get(API).json() == {"token_used": "tok-1"}
    # The SDK's token request has the same wire form as ours.
    token_request = next(r for r in workspace.requests if r.url.path == "/oidc/v1/token")
    assert urllib.parse.parse_qs(token_request.content.decode()) == {
        "grant_type": ["client_credentials"],
        "scope": ["all-apis"],
    }
    expected_basic = base64.b64encode(f"{CLIENT_ID}:{SECRET}".encode()).decode()
    assert token_request.headers["Authorization"] == f"Basic {expected_basic}"


@pytest.mark.usefixtures("clean_sdk_environment")
def test_build_auth_sdk_basic(loopback_workspace: tuple[LoopbackServer, FakeWorkspace]) -> None:
    server, _workspace = loopback_workspace
    env = {"DATABRICKS_HOST": server.url, "DATABRICKS_USERNAME": "me", "DATABRICKS_PASSWORD": "pw"}
    auth = build_auth(resolve_config(environ=env))
    assert isinstance(auth, SdkConfigAuth)
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["Authorization"])
        return httpx.Response(200)

    with httpx.Client(transport=httpx.MockTransport(handler), auth=auth) as client:
        client.get(f"{server.url}{API}")
    assert seen == [f"Basic {base64.b64encode(b'me:pw').decode()}"]


@pytest.mark.usefixtures("clean_sdk_environment")
def test_build_auth_sdk_failure_is_a_config_error(
    loopback_workspace: tuple[LoopbackServer, FakeWorkspace],
) -> None:
    server, _workspace = loopback_workspace
    env = {"DATABRICKS_HOST": server.url, "DATABRICKS_CLI_PATH": "/nonexistent/databricks"}
    config = resolve_config(auth_type="databricks-cli", environ=env)
    assert config.sdk_attributes == {"databricks_cli_path": "/nonexistent/databricks"}
    with pytest.raises(ConfigError, match="databricks-sdk could not configure authentication"):
        build_auth(config)
