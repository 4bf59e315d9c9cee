"""LeanTransport, the CLI's lean HTTP/1.1 transport: against the emulator, against a raw loopback server
for the framings the emulator does not send (chunked, to the end of the connection, HTTP/1.0), and against
small servers in the test's own event loop for TLS, proxies and cancellation."""

from __future__ import annotations

import asyncio
import socket
import ssl
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest
from _tls import self_signed_certificate

from databricks_mlflow_client import AsyncDatabricksMlflowClient
from databricks_mlflow_client._lean_transport import LeanTransport, proxy_applies
from databricks_mlflow_client.cli._app import CliState
from databricks_mlflow_client.emulator import Emulator

PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "no_proxy", "REQUEST_METHOD")


@pytest.fixture(autouse=True)
def no_proxy_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts with no proxy in the environment (and sets the ones it is about)."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)


SEARCH = "/api/2.0/mlflow/registered-models/search"


@pytest.fixture
def emu() -> Iterator[Emulator]:
    with Emulator() as emulator:
        emulator.create_registered_model("m")
        yield emulator


def _http(url: str, token: str = "", max_idle: int = 8, timeout: float = 10) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        base_url=url,
        headers={"Authorization": f"Bearer {token}"},
        transport=LeanTransport(max_idle),
        timeout=timeout,
    )


async def _search(http: httpx.AsyncClient) -> int:
    response = await http.get(SEARCH)
    return len(response.raise_for_status().json()["registered_models"])


def test_sequential_requests_reuse_one_connection(emu: Emulator) -> None:
    async def run() -> list[int]:
        async with _http(emu.url, emu.token) as http:
            return [await _search(http) for _ in range(10)]

    assert asyncio.run(run()) == [1] * 10
    assert emu.connections_accepted == 1  # the last freed connection is reused first


def test_concurrent_requests_each_get_a_connection_and_keep_at_most_max_idle(emu: Emulator) -> None:
    emu.inject(SEARCH, "latency", latency=0.05)

    async def run() -> list[int]:
        async with _http(emu.url, emu.token, max_idle=2) as http:
            first = await asyncio.gather(*(_search(http) for _ in range(5)))
            return first + [await _search(http) for _ in range(3)]

    assert asyncio.run(run()) == [1] * 8
    assert emu.connections_accepted == 5  # the three later calls reuse the two connections kept


def test_post_bodies_and_error_statuses_round_trip(emu: Emulator) -> None:
    async def run() -> tuple[int, int]:
        async with _http(emu.url, emu.token) as http:
            created = await http.post("/api/2.0/mlflow/registered-models/create", json={"name": "n"})
            missing = await http.get("/api/2.0/mlflow/databricks/registered-models/get", params={"name": "x"})
            return created.status_code, missing.status_code

    assert asyncio.run(run()) == (200, 404)
    assert emu.workspace.model_id("n")


def test_a_dropped_connection_is_an_error_and_the_next_request_gets_a_new_one(emu: Emulator) -> None:
    emu.inject(SEARCH, "drop_before", times=1)

    async def run() -> int:
        async with _http(emu.url, emu.token) as http:
            with pytest.raises(httpx.RemoteProtocolError):
                await _search(http)
            return await _search(http)

    assert asyncio.run(run()) == 1


def test_a_body_cut_short_is_an_error(emu: Emulator) -> None:
    emu.inject(SEARCH, "truncate", cut_connection=True, times=1)

    async def run() -> int:
        async with _http(emu.url, emu.token) as http:
            with pytest.raises(httpx.RemoteProtocolError, match="mid-body"):
                await _search(http)
            return await _search(http)

    assert asyncio.run(run()) == 1


def test_an_unread_response_closes_its_connection(emu: Emulator) -> None:
    async def run() -> int:
        async with _http(emu.url, emu.token) as http:
            async with http.stream("GET", SEARCH) as response:
                assert response.status_code == 200
            return await _search(http)

    assert asyncio.run(run()) == 1
    assert emu.connections_accepted == 2  # the unread one could not be reused


def test_a_slow_answer_times_out(emu: Emulator) -> None:
    emu.inject(SEARCH, "latency", latency=1.0)

    async def run() -> None:
        async with _http(emu.url, emu.token, timeout=0.2) as http:
            await _search(http)

    with pytest.raises(httpx.ReadTimeout):
        asyncio.run(run())


def test_nothing_listening_is_a_connect_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    async def run() -> None:
        async with _http(f"http://127.0.0.1:{port}") as http:
            await http.get("/")

    with pytest.raises(httpx.ConnectError):
        asyncio.run(run())


def test_the_async_client_works_through_it(emu: Emulator) -> None:
    async def run() -> set[str]:
        async with AsyncDatabricksMlflowClient(
            host=emu.url, token=emu.token, transport=LeanTransport(4), max_concurrency=4
        ) as client:
            models = client.permissions.registered_models
            return {str((await models.get("m")).object_id) for _ in range(5)}

    assert asyncio.run(run()) == {f"/registered-models/{emu.workspace.model_id('m')}"}


# ---------------------------------------------------------------- framings, from a raw loopback server


@pytest.fixture
def raw_server() -> Iterator[Callable[[list[bytes]], str]]:
    """Serves each accepted connection the next answers of the given list, one per request read."""
    listener = socket.create_server(("127.0.0.1", 0))
    answers: list[bytes] = []
    accepted: list[socket.socket] = []

    def serve() -> None:
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            accepted.append(connection)
            with connection:
                while answers:
                    request = b""
                    while b"\r\n\r\n" not in request:
                        chunk = connection.recv(65536)
                        if not chunk:
                            break
                        request += chunk
                    if not request:
                        break
                    answer = answers.pop(0)
                    connection.sendall(answer)
                    if b"Connection: close" in answer or answer.startswith(b"HTTP/1.0"):
                        break

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()

    def start(replies: list[bytes]) -> str:
        answers.extend(replies)
        return f"http://127.0.0.1:{listener.getsockname()[1]}"

    yield start
    listener.close()


def _get_all(url: str, count: int) -> list[tuple[int, bytes]]:
    async def run() -> list[tuple[int, bytes]]:
        async with _http(url) as http:
            return [((r := await http.get("/x")).status_code, r.content) for _ in range(count)]

    return asyncio.run(run())


def test_chunked_bodies_with_trailers_keep_the_connection(raw_server: Callable[[list[bytes]], str]) -> None:
    chunked = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;ext=1\r\nde\r\n0\r\nX-T: 1\r\n\r\n"
    url = raw_server(
        [chunked, b"HTTP/1.1 204 No Content\r\n\r\n", b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"]
    )
    assert _get_all(url, 3) == [(200, b"abcde"), (204, b""), (200, b"ok")]


def test_a_body_to_the_end_of_the_connection_and_http_1_0(raw_server: Callable[[list[bytes]], str]) -> None:
    url = raw_server(
        [
            b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil the end",
            b"HTTP/1.0 200 OK\r\nContent-Length: 3\r\n\r\nold",
            b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nnext",
        ]
    )
    assert _get_all(url, 3) == [(200, b"until the end"), (200, b"old"), (200, b"next")]


@pytest.mark.parametrize(
    "answer",
    [
        b"SPDY/3 200 OK\r\n\r\n",
        b"HTTP/1.1 2x0 OK\r\n\r\n",
        b"HTTP/1.1 200 OK\r\n folded\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
    ],
)
def test_malformed_answers_are_protocol_errors(
    raw_server: Callable[[list[bytes]], str], answer: bytes
) -> None:
    with pytest.raises(httpx.RemoteProtocolError):
        _get_all(raw_server([answer]), 1)


def test_max_idle_must_be_positive() -> None:
    with pytest.raises(ValueError, match="max_idle must be >= 1"):
        LeanTransport(0)


def test_a_second_content_length_or_both_framings_leave_no_connection_to_reuse() -> None:
    answers = [
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 9\r\n\r\n2\r\nab\r\n0\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
    ]

    async def run() -> tuple[list[bytes], int]:
        async with _serve(lambda _n, _head: _fixed(answers.pop(0))) as server, _http(server.url) as http:
            bodies = [(await http.get("/x")).content for _ in range(2)]
            return bodies, server.connections

    assert asyncio.run(run()) == ([b"ab", b"ok"], 2)  # the first connection's framing is suspect: not reused


def test_a_streamed_request_body_is_sent_with_its_length(emu: Emulator) -> None:
    async def body() -> AsyncIterator[bytes]:
        yield b'{"name": '
        yield b'"streamed"}'

    async def run() -> int:
        async with _http(emu.url, emu.token) as http:
            response = await http.post(
                "/api/2.0/mlflow/registered-models/create",
                content=body(),
                headers={"Content-Type": "application/json"},
            )
            return response.status_code

    assert asyncio.run(run()) == 200
    assert emu.workspace.model_id("streamed")


# ---------------------------------------------------------------- servers in the test's event loop


class _Server:
    """An HTTP/1.1 keep-alive server on loopback: answers the n-th request (from 0) with ``answer(n, head)``."""

    def __init__(self, answer: Callable[[int, bytes], Awaitable[bytes]]) -> None:
        self.answer = answer
        self.heads: list[bytes] = []
        self.connections = 0
        self.server_names: list[str | None] = []
        self.url = ""
        self.got_request = asyncio.Event()
        self.closed_by_client = asyncio.Event()

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            while head := await reader.readuntil(b"\r\n\r\n"):
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        await reader.readexactly(int(line.split(b":")[1]))
                self.heads.append(head)
                self.got_request.set()
                writer.write(await self.answer(len(self.heads) - 1, head))
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, ssl.SSLError):
            self.closed_by_client.set()
        finally:
            writer.close()


async def _fixed(answer: bytes) -> bytes:
    return answer


def _json(body: bytes = b"{}") -> bytes:
    return b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s" % (
        len(body),
        body,
    )


async def _echo_path(_n: int, head: bytes) -> bytes:
    return _json(b'"' + head.split(b" ")[1] + b'"')


@asynccontextmanager
async def _serve(
    answer: Callable[[int, bytes], Awaitable[bytes]] = _echo_path,
    tls: ssl.SSLContext | None = None,
    host: str = "127.0.0.1",
) -> AsyncIterator[_Server]:
    server = _Server(answer)
    if tls is not None:
        tls.sni_callback = lambda _sock, name, _context: server.server_names.append(name)
    listener = await asyncio.start_server(
        server.handle, "127.0.0.1" if host == "localhost" else host, 0, ssl=tls
    )
    port = listener.sockets[0].getsockname()[1]
    server.url = f"{'https' if tls else 'http'}://{host}:{port}"
    async with listener:
        yield server


def test_head_and_304_answers_have_no_body_whatever_their_length_says() -> None:
    answers = [
        b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n",
        b"HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\n",
        _json(b'"after"'),
    ]

    async def run() -> tuple[list[tuple[int, bytes]], int]:
        async with _serve(lambda _n, _head: _fixed(answers.pop(0))) as server, _http(server.url) as http:
            responses = [await http.head("/x"), await http.get("/x"), await http.get("/x")]
            return [(r.status_code, r.content) for r in responses], server.connections

    assert asyncio.run(run()) == ([(200, b""), (304, b""), (200, b'"after"')], 1)


def test_a_request_cancelled_before_its_answer_leaves_no_connection_to_the_next() -> None:
    release = asyncio.Event()

    async def answer(n: int, head: bytes) -> bytes:
        if n == 0:
            await release.wait()  # answers only after the client gave up on it
        return await _echo_path(n, head)

    async def run() -> tuple[bytes, int]:
        async with _serve(answer) as server, _http(server.url) as http:
            first = asyncio.create_task(http.get("/first"))
            await server.got_request.wait()
            first.cancel()
            with pytest.raises(asyncio.CancelledError):
                await first
            release.set()
            second = await http.get("/second")
            return second.content, server.connections

    # Had the cancelled request's connection gone back to the pool, "/second" would read "/first"'s answer.
    assert asyncio.run(run()) == (b'"/second"', 2)


def test_a_request_cancelled_mid_body_leaves_no_connection_to_the_next() -> None:
    async def answer(n: int, head: bytes) -> bytes:
        if n == 0:
            return b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhalf."  # the rest never comes
        return await _echo_path(n, head)

    async def run() -> tuple[bytes, int]:
        async with _serve(answer) as server, _http(server.url) as http:
            reading = asyncio.Event()

            async def first() -> None:
                async with http.stream("GET", "/first") as response:
                    reading.set()
                    await response.aread()

            task = asyncio.create_task(first())
            await reading.wait()
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            second = await http.get("/second")
            return second.content, server.connections

    assert asyncio.run(run()) == (b'"/second"', 2)


def test_a_response_read_after_the_transport_closed_closes_its_connection() -> None:
    async def run() -> bytes:
        async with _serve() as server:
            http = _http(server.url)
            async with http.stream("GET", "/late") as response:
                await http.aclose()
                body = await response.aread()
            await asyncio.wait_for(server.closed_by_client.wait(), 10)  # a bound, not a measure
            return body

    assert asyncio.run(run()) == b'"/late"'


# ---------------------------------------------------------------- TLS


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate (and its key) for localhost and 127.0.0.1."""
    return self_signed_certificate(tmp_path_factory.mktemp("tls"))


def _server_tls(certificate: tuple[Path, Path]) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*certificate)
    return context


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1"])
def test_https_answers_keep_their_connection_and_name_the_host(
    certificate: tuple[Path, Path], host: str
) -> None:
    trusting = ssl.create_default_context(cafile=str(certificate[0]))

    async def run() -> tuple[list[bytes], int, list[str | None]]:
        async with _serve(tls=_server_tls(certificate), host=host) as server:
            async with httpx.AsyncClient(transport=LeanTransport(ssl_context=trusting), timeout=10) as http:
                bodies = [(await http.get(f"{server.url}/{n}")).content for n in range(3)]
            return bodies, server.connections, server.server_names

    bodies, connections, server_names = asyncio.run(run())
    assert bodies == [b'"/0"', b'"/1"', b'"/2"']
    assert connections == 1  # keep-alive over TLS
    # SNI names the request's host; an IP address is never sent as a server name (RFC 6066).
    assert server_names == ([host] if host == "localhost" else [None])


def test_a_certificate_not_trusted_is_a_connect_error(certificate: tuple[Path, Path]) -> None:
    async def run() -> None:
        certifis = LeanTransport()  # trusts certifi's CAs
        async with (
            _serve(tls=_server_tls(certificate), host="localhost") as server,
            httpx.AsyncClient(transport=certifis, timeout=10) as http,
        ):
            await http.get(server.url)

    with pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
        asyncio.run(run())


def test_a_certificate_for_another_host_is_a_connect_error(certificate: tuple[Path, Path]) -> None:
    trusting = ssl.create_default_context(cafile=str(certificate[0]))

    async def run() -> None:
        async with (
            _serve(
                tls=_server_tls(certificate), host="127.0.0.2"
            ) as server,  # the certificate names 127.0.0.1
            httpx.AsyncClient(transport=LeanTransport(ssl_context=trusting), timeout=10) as http,
        ):
            await http.get(server.url)

    with pytest.raises(httpx.ConnectError, match="mismatch"):
        asyncio.run(run())


def test_the_cli_client_trusts_ssl_cert_file_as_httpx_does(
    certificate: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Our configuration has no CA option of its own: httpx's default context (SSL_CERT_FILE, SSL_CERT_DIR,
    else certifi) is what the default transport uses, and LeanTransport builds the same one."""
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))

    async def run() -> tuple[object, list[bytes]]:
        async with (
            _serve(
                lambda _n, _head: _fixed(_json()), tls=_server_tls(certificate), host="localhost"
            ) as server,
            CliState(host=server.url, token="t").async_client(4) as client,
        ):
            assert await client.transition_requests.list("m", "1") == []
            return client._http._transport, server.heads

    transport, heads = asyncio.run(run())
    assert isinstance(transport, LeanTransport)
    assert heads[0].startswith(b"GET /api/2.0/mlflow/transition-requests/list?")


# ---------------------------------------------------------------- proxies


def test_the_cli_client_goes_through_a_proxy_the_environment_names(monkeypatch: pytest.MonkeyPatch) -> None:
    async def run() -> tuple[object, list[bytes], list[bytes]]:
        async with (
            _serve(lambda _n, _head: _fixed(_json())) as workspace,
            _serve(lambda _n, _head: _fixed(_json())) as proxy,
        ):
            monkeypatch.setenv("HTTP_PROXY", proxy.url)
            async with CliState(host=workspace.url, token="t").async_client(4) as client:
                assert await client.transition_requests.list("m", "1") == []
                return client._http._transport, workspace.heads, proxy.heads

    transport, at_workspace, at_proxy = asyncio.run(run())
    assert not isinstance(transport, LeanTransport)
    assert at_workspace == []
    assert len(at_proxy) == 1
    assert at_proxy[0].startswith(b"GET http://127.0.0.1:")  # the absolute form a forward proxy reads


@pytest.mark.parametrize("no_proxy", ["127.0.0.1", "localhost,127.0.0.1", "*"])
def test_the_cli_client_is_lean_when_no_proxy_covers_the_workspace(
    monkeypatch: pytest.MonkeyPatch, no_proxy: str
) -> None:
    async def run() -> tuple[object, list[bytes], list[bytes]]:
        async with _serve(lambda _n, _head: _fixed(_json())) as workspace, _serve() as proxy:
            monkeypatch.setenv("HTTP_PROXY", proxy.url)
            monkeypatch.setenv("NO_PROXY", no_proxy)
            async with CliState(host=workspace.url, token="t").async_client(4) as client:
                assert await client.transition_requests.list("m", "1") == []
                return client._http._transport, workspace.heads, proxy.heads

    transport, at_workspace, at_proxy = asyncio.run(run())
    assert isinstance(transport, LeanTransport)
    assert len(at_workspace) == 1
    assert at_proxy == []


def test_lean_transport_refuses_a_host_a_proxy_applies_to(monkeypatch: pytest.MonkeyPatch) -> None:
    """Not silently direct: e.g. an OAuth token endpoint on another host than the (NO_PROXY) workspace."""

    async def run() -> tuple[list[bytes], list[bytes]]:
        async with _serve() as target, _serve() as proxy, _http(target.url) as http:
            monkeypatch.setenv("http_proxy", proxy.url)
            with pytest.raises(httpx.UnsupportedProtocol, match="LeanTransport does not use proxies"):
                await http.get("/")
            return target.heads, proxy.heads

    assert asyncio.run(run()) == ([], [])


WORKSPACE = "https://ws.cloud.databricks.com"


@pytest.mark.parametrize(
    ("settings", "url"),
    [
        ({}, WORKSPACE),
        ({"HTTPS_PROXY": "proxy.corp:3128"}, WORKSPACE),
        ({"HTTPS_PROXY": "http://proxy.corp:3128"}, "http://127.0.0.1:8080"),
        ({"http_proxy": "http://proxy.corp:3128"}, "http://127.0.0.1:8080"),
        ({"ALL_PROXY": "http://proxy.corp:3128"}, WORKSPACE),
        ({"HTTPS_PROXY": "http://p:1", "NO_PROXY": "cloud.databricks.com"}, WORKSPACE),
        ({"HTTPS_PROXY": "http://p:1", "NO_PROXY": "cloud.databricks.com"}, "https://cloud.databricks.com"),
        ({"HTTPS_PROXY": "http://p:1", "NO_PROXY": "cloud.databricks.com"}, "https://xcloud.databricks.com"),
        ({"HTTPS_PROXY": "http://p:1", "NO_PROXY": ".cloud.databricks.com"}, WORKSPACE),
        ({"HTTPS_PROXY": "http://p:1", "NO_PROXY": ".cloud.databricks.com"}, "https://cloud.databricks.com"),
        ({"HTTPS_PROXY": "http://p:1", "no_proxy": "WS.Cloud.Databricks.com"}, WORKSPACE),
        ({"HTTPS_PROXY": "http://p:1", "NO_PROXY": "a.example, *"}, WORKSPACE),
        ({"HTTPS_PROXY": "http://p:1", "NO_PROXY": "ws.cloud.databricks.com:8443"}, WORKSPACE),
        ({"HTTPS_PROXY": "http://p:1", "NO_PROXY": "ws.cloud.databricks.com:8443"}, WORKSPACE + ":8443"),
        ({"HTTPS_PROXY": "http://p:1", "NO_PROXY": "https://ws.cloud.databricks.com"}, WORKSPACE),
        (
            {"ALL_PROXY": "http://p:1", "NO_PROXY": "https://ws.cloud.databricks.com"},
            "http://ws.cloud.databricks.com",
        ),
        ({"HTTPS_PROXY": "http://p:1", "NO_PROXY": "all://"}, WORKSPACE),
        ({"HTTP_PROXY": "http://p:1", "NO_PROXY": "127.0.0.1"}, "http://127.0.0.1:8080"),
        ({"HTTP_PROXY": "http://p:1", "NO_PROXY": "127.0.0.1"}, "http://127.0.0.2:8080"),
        ({"HTTP_PROXY": "http://p:1", "NO_PROXY": "127.0.0.0/8"}, "http://127.0.0.2:8080"),
        ({"HTTP_PROXY": "http://p:1", "NO_PROXY": "::1"}, "http://[::1]:8080"),
        ({"HTTP_PROXY": "http://p:1", "NO_PROXY": "localhost"}, "http://localhost:8080"),
        ({"HTTP_PROXY": "http://p:1", "NO_PROXY": "localhost"}, "http://x.localhost:8080"),
        ({"HTTP_PROXY": "http://p:1", "NO_PROXY": "", "REQUEST_METHOD": "GET"}, "http://127.0.0.1:8080"),
    ],
)
def test_proxy_applies_as_httpx_decides(
    monkeypatch: pytest.MonkeyPatch, settings: dict[str, str], url: str
) -> None:
    for name, value in settings.items():
        monkeypatch.setenv(name, value)
    with httpx.Client() as http:  # httpx's own choice, from its private mounts: the rule we replicate
        httpx_proxies = http._transport_for_url(httpx.URL(url)) is not http._transport
    assert proxy_applies(httpx.URL(url)) == httpx_proxies


def test_proxy_applies_errs_towards_the_proxy_where_no_proxy_names_no_host(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://p:1")
    monkeypatch.setenv("NO_PROXY", "https://")  # httpx: every https URL direct; we: keep httpx's transport
    assert proxy_applies(httpx.URL(WORKSPACE))
