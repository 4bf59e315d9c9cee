"""Issue #13, hostile servers: slow bodies, huge or compressed bodies, pathological error pages, retry storms,
deep JSON, and the async deadline. Each test names the finding it reproduces.

Servers are on loopback; clocks are injected wherever the point is not a wall-clock bound.
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import logging
import socket
import threading
import time
import tracemalloc
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from test_core import BASE, FakeTime, Script, VirtualTime

from databricks_mlflow_client import DatabricksMlflowClient, RetryPolicy
from databricks_mlflow_client import _errors as errors
from databricks_mlflow_client._core import AsyncCore, SyncCore, _OldestFirstSlots
from databricks_mlflow_client._errors import ResponseTooLarge, error_from_response

GET_MODEL = "/api/2.0/mlflow/databricks/registered-models/get"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


# --- a loopback server whose answers we script byte by byte ----------------------------------------------


class TrickleServer(ThreadingHTTPServer):
    """Sends the status line and headers at once, then the body one byte every `interval` seconds."""

    daemon_threads = True

    def __init__(self, interval: float, body: bytes = b'{"registered_model_databricks": {}}' + b" " * 200):
        self.interval = interval
        self.body = body
        self.stop = threading.Event()
        self.requests = 0
        super().__init__(("127.0.0.1", 0), _TrickleHandler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _TrickleHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: TrickleServer

    def do_GET(self) -> None:
        self.server.requests += 1
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(self.server.body)))
        self.end_headers()
        self.wfile.flush()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        for byte in self.server.body:
            if self.server.stop.wait(self.server.interval):
                return
            try:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
            except OSError:
                return

    def log_message(self, format: str, *args: Any) -> None:
        return


@contextlib.contextmanager
def trickle(interval: float) -> Iterator[TrickleServer]:
    server = TrickleServer(interval)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.stop.set()
        server.shutdown()
        server.server_close()


# --- finding 2: the deadline bounds the whole attempt, body included ----------------------------------------


def test_finding_2_a_body_trickling_a_byte_every_half_second_cannot_outlive_the_deadline() -> None:
    with (
        trickle(0.5) as server,
        DatabricksMlflowClient(server.url, "dapi-x", retry=RetryPolicy(timeout=3)) as c,
    ):
        started = time.monotonic()
        with pytest.raises(errors.ApiTimeoutError, match="deadline") as caught:
            c.registered_models.get("m")
        elapsed = time.monotonic() - started
    assert elapsed < 8, f"a 3 s deadline took {elapsed:.1f} s (the body alone would take ~100 s)"
    assert caught.value.attempts == 1  # the deadline is spent: no second attempt


@pytest.mark.anyio
async def test_finding_2_async_the_same_bound() -> None:
    from databricks_mlflow_client import AsyncDatabricksMlflowClient

    with trickle(0.5) as server:
        async with AsyncDatabricksMlflowClient(server.url, "dapi-x", retry=RetryPolicy(timeout=3)) as c:
            started = time.monotonic()
            with pytest.raises(errors.ApiTimeoutError, match="deadline"):
                await c.registered_models.get("m")
            assert time.monotonic() - started < 8


def test_finding_2_the_body_deadline_uses_the_injected_clock() -> None:
    fake = FakeTime()

    def chunks() -> Iterator[bytes]:
        for _ in range(10):
            fake.now += 1.0  # each chunk "takes" a second
            yield b"x"

    http = httpx.Client(
        transport=httpx.MockTransport(lambda r: httpx.Response(200, content=chunks())), base_url=BASE
    )
    core = SyncCore(http, retry=RetryPolicy(timeout=3.5), sleep=fake.sleep, clock=fake.clock)
    with pytest.raises(errors.ApiTimeoutError, match="deadline"):
        core.send(http.build_request("GET", "/x"), idempotent=True)
    assert fake.now <= 5.0


# --- finding 4: a size cap, enforced while streaming and decompressing -------------------------------------


def gzip_of_zeros(size: int) -> bytes:
    return gzip.compress(b"\0" * size, compresslevel=9)


def test_finding_4_a_gzip_bomb_stops_at_the_cap_without_inflating() -> None:
    bomb = gzip_of_zeros(64 * 1024 * 1024)  # 64 KiB on the wire, 64 MiB inflated
    http = httpx.Client(
        transport=httpx.MockTransport(
            lambda r: httpx.Response(200, headers={"Content-Encoding": "gzip"}, content=iter([bomb]))
        ),
        base_url=BASE,
    )
    core = SyncCore(http, max_response_bytes=1024 * 1024)
    tracemalloc.start()
    try:
        with pytest.raises(ResponseTooLarge) as caught:
            core.send(http.build_request("GET", "/x"), idempotent=True)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 24 * 1024 * 1024, f"peak {peak / 2**20:.0f} MiB: the body was inflated before the check"
    assert caught.value.status_code == 200
    assert "1048576" in str(caught.value) and "max_response_bytes" in str(caught.value)


@pytest.mark.parametrize("with_length", [True, False])
def test_finding_4_a_plain_body_over_the_cap_is_refused(with_length: bool) -> None:
    body = b"x" * (3 * 1024 * 1024)

    def handler(request: httpx.Request) -> httpx.Response:
        if with_length:
            return httpx.Response(200, content=body)
        return httpx.Response(200, content=iter([body[i : i + 65536] for i in range(0, len(body), 65536)]))

    http = httpx.Client(transport=httpx.MockTransport(handler), base_url=BASE)
    core = SyncCore(http, max_response_bytes=1024 * 1024)
    with pytest.raises(ResponseTooLarge):
        core.send(http.build_request("GET", "/x"), idempotent=True)


def test_finding_4_the_cap_is_a_client_option_and_bodies_under_it_pass() -> None:
    from databricks_mlflow_client.emulator import Emulator

    with Emulator() as emu:
        emu.create_registered_model("m", versions=1)
        with (
            DatabricksMlflowClient(emu.url, emu.token, max_response_bytes=64) as small,
            pytest.raises(ResponseTooLarge),
        ):
            small.registered_models.get("m")
        with DatabricksMlflowClient(emu.url, emu.token) as normal:
            assert normal.registered_models.get("m").name == "m"


@pytest.mark.anyio
async def test_finding_4_async_gzip_bomb() -> None:
    bomb = gzip_of_zeros(16 * 1024 * 1024)

    async def streamed() -> Any:
        yield bomb

    http = httpx.AsyncClient(
        transport=httpx.MockTransport(
            lambda r: httpx.Response(200, headers={"Content-Encoding": "gzip"}, content=streamed())
        ),
        base_url=BASE,
    )
    core = AsyncCore(http, max_response_bytes=1024 * 1024)
    with pytest.raises(ResponseTooLarge):
        await core.send(http.build_request("GET", "/x"), idempotent=True)


# --- finding 3: error pages parsed in linear time, bounded input --------------------------------------------


@pytest.mark.parametrize("unit", ["<pre>", "<title>", "<PRE>x"])
def test_finding_3_a_pathological_error_page_parses_in_linear_time(unit: str) -> None:
    body = unit * 40_000  # 200 KB: 76 s with the old regexes
    response = httpx.Response(
        500, text=body, request=httpx.Request("GET", "https://h/x"), headers={"Content-Type": "text/html"}
    )
    started = time.process_time()
    error = error_from_response(response)
    str(error)
    assert time.process_time() - started < 2.0
    assert isinstance(error, errors.InternalError)


def test_finding_3_the_html_message_is_still_found() -> None:
    response = httpx.Response(
        502, text="<html><title>Bad Gateway</title><pre>upstream &amp; gone</pre></html>"
    )
    error = error_from_response(response)
    assert error.message == "upstream & gone"


# --- finding 5: Retry-After 0, negative or in the past: normal backoff, and a floor on every delay --------


@pytest.mark.parametrize("value", ["0", "-5", "0.0000001", "Wed, 21 Oct 2015 07:28:00 GMT"])
def test_finding_5_a_useless_retry_after_does_not_make_a_retry_storm(value: str) -> None:
    fake = FakeTime()
    script = Script((503, {"Retry-After": value}))
    http = httpx.Client(transport=httpx.MockTransport(script), base_url=BASE)
    core = SyncCore(http, retry=RetryPolicy(timeout=2.0), sleep=fake.sleep, clock=fake.clock)
    with pytest.raises(errors.TemporarilyUnavailable):
        core.send(http.build_request("GET", "/x"), idempotent=True)
    assert script.attempts <= 2.0 / RetryPolicy().min_delay + 1
    assert min(fake.sleeps) >= RetryPolicy().min_delay


def test_finding_5_every_backoff_delay_has_a_floor() -> None:
    policy = RetryPolicy()
    assert min(policy.delay(1, None) for _ in range(2000)) >= policy.min_delay
    assert min(policy.delay(1, value) for value in (0.0, -1.0, 1e-9) for _ in range(200)) >= policy.min_delay
    assert policy.delay(1, 2.5) == 2.5  # a real Retry-After is still honoured


# --- finding 9, second half: deep JSON in error responses and in DEBUG logs ---------------------------------


DEEP = "[" * 100_000 + "]" * 100_000


def test_finding_9_deep_json_in_an_error_keeps_the_status_class() -> None:
    response = httpx.Response(404, text=DEEP, request=httpx.Request("GET", "https://h/x"))
    error = error_from_response(response)
    assert isinstance(error, errors.NotFound)
    assert "404" in str(error)


def test_finding_9_the_fallback_keeps_the_status_class(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_: Any) -> Any:
        raise RuntimeError("parser bug")

    monkeypatch.setattr(errors, "_error_from_response", broken)
    assert isinstance(error_from_response(httpx.Response(404)), errors.NotFound)
    assert isinstance(error_from_response(httpx.Response(503)), errors.TemporarilyUnavailable)


def test_finding_9_deep_json_under_debug_logging_is_logged_not_raised(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="databricks_mlflow_client")
    nested = '{"token": "tok-DEEP-SECRET", "a": ' + "[" * 900 + "]" * 900 + "}"
    for body in (DEEP, nested):
        http = httpx.Client(
            transport=httpx.MockTransport(lambda r, b=body: httpx.Response(200, text=b)), base_url=BASE
        )
        SyncCore(http).send(http.build_request("GET", "/x"), idempotent=True)
    assert "tok-DEEP-SECRET" not in caplog.text
    assert len([r for r in caplog.records if r.name == "databricks_mlflow_client"]) == 2


# --- behaviours no test pinned down in _core.py ------------------------------------------------------------


@pytest.mark.parametrize("gateway", [502, 504])
@pytest.mark.parametrize("kind", ["sync", "async"])
@pytest.mark.anyio
async def test_a_delete_whose_retry_finds_404_after_a_gateway_error_is_done(kind: str, gateway: int) -> None:
    # The gateway gave up but the backend may have deleted: the 404 of the retry means "gone, as asked".
    script = Script(gateway, 404)
    fake = FakeTime()
    if kind == "sync":
        http = httpx.Client(transport=httpx.MockTransport(script), base_url=BASE)
        response = SyncCore(http, sleep=fake.sleep, clock=fake.clock).send(
            http.build_request("DELETE", "/x"), idempotent=True
        )
    else:
        ahttp = httpx.AsyncClient(transport=httpx.MockTransport(script), base_url=BASE)
        response = await AsyncCore(ahttp, sleep=fake.async_sleep, clock=fake.clock).send(
            ahttp.build_request("DELETE", "/x"), idempotent=True
        )
    assert response.status_code == 404 and script.attempts == 2


def test_a_delete_answered_404_at_once_is_still_not_found() -> None:
    http = httpx.Client(transport=httpx.MockTransport(Script(404)), base_url=BASE)
    with pytest.raises(errors.NotFound):
        SyncCore(http).send(http.build_request("DELETE", "/x"), idempotent=True)


@pytest.mark.anyio
async def test_a_slot_handed_to_a_waiter_cancelled_before_it_ran_is_passed_on() -> None:
    slots = _OldestFirstSlots(1)
    await slots.acquire(0)
    waiter = asyncio.ensure_future(slots.acquire(1))
    await asyncio.sleep(0)
    slots.release()  # hands the slot to the waiter...
    waiter.cancel()  # ...which is cancelled before it could run
    with contextlib.suppress(asyncio.CancelledError):
        await waiter
    late = asyncio.ensure_future(slots.acquire(2))
    await asyncio.sleep(0)
    assert late.done(), "the slot handed to the cancelled waiter was lost"


# --- finding 15: the async deadline is wall time from the call ---------------------------------------------


@pytest.mark.anyio
async def test_finding_15_a_call_queued_behind_the_bound_spends_its_deadline_waiting() -> None:
    vt = VirtualTime()

    async def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/long":
            await vt.sleep(20.0)  # holds the only slot from t=0 to t=20
        return httpx.Response(200)

    http = httpx.AsyncClient(transport=httpx.MockTransport(handler), base_url=BASE)
    core = AsyncCore(http, retry=RetryPolicy(timeout=3.0), max_concurrency=1, sleep=vt.sleep, clock=vt.clock)
    finished: dict[str, float] = {}

    async def call(path: str) -> Any:
        try:
            return await core.send(http.build_request("GET", path), idempotent=True)
        finally:
            finished[path] = vt.now

    long, queued = await vt.run(call("/long"), call("/queued"))
    assert isinstance(long, httpx.Response)  # its request was sent in time; the transport took 20 s
    assert isinstance(queued, errors.ApiTimeoutError) and "not sent" in str(queued)
    assert finished["/queued"] == 3.0, "the queued call must give up when its own deadline passes"


@pytest.mark.anyio
async def test_finding_15_200_calls_against_a_permanent_429_all_end_by_their_deadline() -> None:
    vt = VirtualTime()
    finished: list[float] = []

    async def handler(request: httpx.Request) -> httpx.Response:
        await vt.sleep(0.05)
        return httpx.Response(
            429, json={"error_code": "REQUEST_LIMIT_EXCEEDED"}, headers={"Retry-After": "1"}
        )

    http = httpx.AsyncClient(transport=httpx.MockTransport(handler), base_url=BASE)
    core = AsyncCore(http, retry=RetryPolicy(timeout=3.0), max_concurrency=32, sleep=vt.sleep, clock=vt.clock)

    async def call(i: int) -> None:
        with contextlib.suppress(errors.DatabricksError):
            await core.send(http.build_request("GET", f"/{i}"), idempotent=True)
        finished.append(vt.now)

    await vt.run(*(call(i) for i in range(200)))
    assert len(finished) == 200
    assert max(finished) <= 3.0 + 0.05 + 1e-9  # one attempt's transport time at most past the deadline


@pytest.mark.parametrize(
    ("url", "shown"), [("http://h.example/x", "h.example:80"), ("https://h.example/x", "h.example:443")]
)
def test_a_connection_error_names_the_default_port_of_the_scheme(url: str, shown: str) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    http = httpx.Client(transport=httpx.MockTransport(refuse))
    core = SyncCore(http, retry=RetryPolicy(max_connect_attempts=1))
    with pytest.raises(errors.ApiConnectionError, match=shown):
        core.send(http.build_request("GET", url), idempotent=True)
