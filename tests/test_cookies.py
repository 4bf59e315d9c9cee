"""The clients skip httpx's cookie extraction for a response that sets no cookie (it cost ~40 us a
request) and keep cookies exactly as httpx does otherwise: over real HTTP on loopback, through each
client's default transport, a cookie a response sets is sent with the next request."""

from __future__ import annotations

import asyncio
import http.cookiejar
import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from databricks_mlflow_client import AsyncDatabricksMlflowClient, DatabricksMlflowClient, ModelId
from databricks_mlflow_client._http import AsyncHttpClient, HttpClient, _Cookies
from databricks_mlflow_client._lean_transport import LeanTransport


@pytest.fixture(autouse=True)
def no_proxy_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """No proxy from the environment: the async client then sends through its LeanTransport."""
    for name in ("http_proxy", "https_proxy", "all_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)


class _Server:
    """Answers every GET with `{}` and the next queued Set-Cookie headers; records each Cookie header."""

    def __init__(self) -> None:
        self.set_cookies: list[list[tuple[str, str]]] = []
        self.cookies_seen: list[str | None] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                server.cookies_seen.append(self.headers.get("Cookie"))
                body = json.dumps({}).encode()
                self.send_response(200)
                for name, value in server.set_cookies.pop(0) if server.set_cookies else []:
                    self.send_header(name, value)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"


@pytest.fixture
def server() -> Iterator[_Server]:
    served = _Server()
    thread = threading.Thread(target=served.httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield served
    finally:
        served.httpd.shutdown()
        served.httpd.server_close()


def _sync_calls(url: str, count: int, between: Callable[[httpx.Client | httpx.AsyncClient], None]) -> None:
    with DatabricksMlflowClient(url, "dapi-x") as client:
        assert isinstance(client._http, HttpClient)
        for _ in range(count):
            client.permissions.registered_models.get(ModelId("1"))
            between(client._http)


def _async_calls(url: str, count: int, between: Callable[[httpx.Client | httpx.AsyncClient], None]) -> None:
    async def run() -> None:
        async with AsyncDatabricksMlflowClient(url, "dapi-x") as client:
            assert isinstance(client._http, AsyncHttpClient)
            assert isinstance(client._http._transport, LeanTransport)
            for _ in range(count):
                await client.permissions.registered_models.get(ModelId("1"))
                between(client._http)

    asyncio.run(run())


SET_COOKIES = [
    [],
    [("Set-Cookie", "session=abc; Path=/")],
    [],
    [("set-cookie", "other=1; Path=/"), ("SET-COOKIE", "third=3")],
    [("Set-Cookie", "session=; Path=/; Max-Age=0")],  # deleted
    [],
]
CLIENTS = {"sync": _sync_calls, "async": _async_calls}


def _nothing(_: httpx.Client | httpx.AsyncClient) -> None:
    pass


@pytest.mark.parametrize("calls", CLIENTS.values(), ids=CLIENTS.keys())
def test_a_cookie_set_is_sent_with_the_following_requests(
    server: _Server, calls: Callable[..., None], monkeypatch: pytest.MonkeyPatch
) -> None:
    extracted: list[int] = []
    original = http.cookiejar.CookieJar.extract_cookies

    def counting(jar: http.cookiejar.CookieJar, response: object, request: object) -> None:
        extracted.append(1)
        original(jar, response, request)

    monkeypatch.setattr(http.cookiejar.CookieJar, "extract_cookies", counting)
    server.set_cookies = list(SET_COOKIES)
    calls(server.url, 7, _nothing)
    assert len(extracted) == 3  # only the responses that set a cookie reached the jar
    seen = server.cookies_seen
    # What plain httpx does with the same answers: the reference.
    server.cookies_seen, server.set_cookies = [], list(SET_COOKIES)
    with httpx.Client(base_url=server.url) as plain:
        for _ in range(7):
            plain.get("/api/2.0/permissions/registered-models/1").raise_for_status()
    assert (
        seen
        == server.cookies_seen
        == [
            None,
            None,
            "session=abc",
            "session=abc",
            "third=3; session=abc; other=1",  # the path-specific cookie first, as http.cookiejar orders them
            "third=3; other=1",
            "third=3; other=1",
        ]
    )


@pytest.mark.parametrize("calls", CLIENTS.values(), ids=CLIENTS.keys())
def test_cookies_assigned_to_the_http_client_keep_the_lean_jar(
    server: _Server, calls: Callable[..., None]
) -> None:
    def assign(http: httpx.Client | httpx.AsyncClient) -> None:
        if not http.cookies:
            http.cookies = {"given": "g"}
            assert isinstance(http.cookies, _Cookies)

    server.set_cookies = [[], [("Set-Cookie", "later=l; Path=/")]]
    calls(server.url, 3, assign)
    assert server.cookies_seen == [None, "given=g", "given=g; later=l"]


def test_cookies_given_at_construction_are_kept() -> None:
    seen: list[str | None] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("Cookie"))
        return httpx.Response(200, json={})

    for client in (
        HttpClient(base_url="https://example.com", cookies={"a": "1"}, transport=httpx.MockTransport(record)),
    ):
        assert isinstance(client.cookies, _Cookies)
        client.get("/x")
    async_client = AsyncHttpClient(
        base_url="https://example.com",
        cookies=httpx.Cookies({"b": "2"}),
        transport=httpx.MockTransport(record),
    )
    assert isinstance(async_client.cookies, _Cookies)
    asyncio.run(async_client.get("/x"))
    assert seen == ["a=1", "b=2"]
