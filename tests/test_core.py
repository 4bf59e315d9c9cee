from __future__ import annotations

import asyncio
import heapq
import logging
from collections.abc import Callable, Coroutine
from typing import Any

import httpx
import pytest

from databricks_mlflow_client import _errors as errors
from databricks_mlflow_client._core import AsyncCore, RetryPolicy, SyncCore, is_retryable
from databricks_mlflow_client._response import (
    RawResponse,
    acall_with_raw_response,
    call_with_raw_response,
    capture_responses,
)

BASE = "https://adb-1.azuredatabricks.net"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


# --- test doubles -----------------------------------------------------------------------------------------

Outcome = int | tuple[int, dict[str, str]] | Callable[[httpx.Request], Exception | httpx.Response]


def connect_error(request: httpx.Request) -> Exception:
    return httpx.ConnectError("[Errno 111] Connection refused", request=request)


def connect_timeout(request: httpx.Request) -> Exception:
    return httpx.ConnectTimeout("timed out", request=request)


def pool_timeout(request: httpx.Request) -> Exception:
    return httpx.PoolTimeout("no connection", request=request)


def read_timeout(request: httpx.Request) -> Exception:
    return httpx.ReadTimeout("", request=request)


def remote_disconnect(request: httpx.Request) -> Exception:
    return httpx.RemoteProtocolError("Server disconnected without sending a response.", request=request)


def write_error(request: httpx.Request) -> Exception:
    return httpx.WriteError("broken pipe", request=request)


def undecodable_body(request: httpx.Request) -> httpx.Response:
    # The client's body read raises httpx.DecodingError: the response was mangled on its way back.
    return httpx.Response(500, headers={"Content-Encoding": "gzip"}, content=b"this is not gzip")


class Script:
    """A MockTransport handler answering each request with the next outcome (the last one repeats)."""

    def __init__(self, *outcomes: Outcome, clock: Callable[[], float] | None = None) -> None:
        self.outcomes = outcomes
        self.clock = clock
        self.requests: list[httpx.Request] = []
        self.sent_at: list[float] = []
        self.timeouts: list[dict[str, float | None]] = []

    @property
    def attempts(self) -> int:
        return len(self.requests)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        self.timeouts.append(dict(request.extensions["timeout"]))
        if self.clock is not None:
            self.sent_at.append(self.clock())
        outcome = self.outcomes[min(len(self.requests), len(self.outcomes)) - 1]
        if callable(outcome):
            made = outcome(request)
            if isinstance(made, Exception):
                raise made
            return made
        status, headers = outcome if isinstance(outcome, tuple) else (outcome, {})
        body = {"ok": True} if status < 300 else {"error_code": "E", "message": f"status {status}"}
        return httpx.Response(status, json=body, headers=headers)


class FakeTime:
    """Clock and sleeps for one task at a time: sleeping just moves the clock."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)
        await asyncio.sleep(0)


class VirtualTime:
    """Virtual time for many tasks: the clock jumps to the earliest sleeper only once every task is blocked."""

    def __init__(self) -> None:
        self.now = 0.0
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._seq = 0

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (self.now + max(seconds, 0.0), self._seq, future))
        self._seq += 1
        await future

    async def run(self, *coroutines: Coroutine[Any, Any, Any]) -> list[Any]:
        tasks = [asyncio.ensure_future(c) for c in coroutines]
        while not all(t.done() for t in tasks):
            for _ in range(50):  # let every runnable task reach its next suspension (no real I/O here)
                await asyncio.sleep(0)
            while self._sleepers and self._sleepers[0][2].done():
                heapq.heappop(
                    self._sleepers
                )  # cancelled sleepers (a timer that lost a race) do not move time
            if self._sleepers:
                wake_at, _, future = heapq.heappop(self._sleepers)
                self.now = max(self.now, wake_at)
                future.set_result(None)
            elif not all(t.done() for t in tasks):
                raise AssertionError("tasks are blocked on something other than the virtual clock")
        return await asyncio.gather(*tasks, return_exceptions=True)


def sync_core(script: Script, fake: FakeTime, policy: RetryPolicy, **client: Any) -> SyncCore:
    http = httpx.Client(transport=httpx.MockTransport(script), base_url=BASE, **client)
    return SyncCore(http, retry=policy, sleep=fake.sleep, clock=fake.clock)


def async_core(script: Script, fake: FakeTime, policy: RetryPolicy, **client: Any) -> AsyncCore:
    http = httpx.AsyncClient(transport=httpx.MockTransport(script), base_url=BASE, **client)
    return AsyncCore(http, retry=policy, sleep=fake.async_sleep, clock=fake.clock)


async def send_with(
    kind: str,
    script: Script,
    *,
    idempotent: bool,
    policy: RetryPolicy | None = None,
    fake: FakeTime | None = None,
    request_timeout: float | None = None,
    **client: Any,
) -> httpx.Response:
    fake = fake or FakeTime()
    policy = policy or RetryPolicy()
    extra: dict[str, Any] = {} if request_timeout is None else {"timeout": request_timeout}
    if kind == "sync":
        sync = sync_core(script, fake, policy, **client)
        return sync.send(
            sync.http.build_request("POST", "/api/2.0/x", json={"a": 1}, **extra), idempotent=idempotent
        )
    core = async_core(script, fake, policy, **client)
    return await core.send(
        core.http.build_request("POST", "/api/2.0/x", json={"a": 1}, **extra), idempotent=idempotent
    )


CORES = pytest.mark.parametrize("kind", ["sync", "async"])


# --- RetryPolicy and the decision function ---------------------------------------------------------------


def test_retry_after_is_honoured_and_capped() -> None:
    policy = RetryPolicy(max_retry_after=60.0)
    assert policy.delay(1, 2.5) == 2.5
    assert policy.delay(7, 3600.0) == 60.0
    # A Retry-After of zero or less says nothing: normal backoff, with its floor (issue #13 item 5).
    assert policy.min_delay <= policy.delay(1, -3.0) <= policy.backoff_initial


def test_backoff_is_full_jitter_under_an_exponential_ceiling() -> None:
    policy = RetryPolicy(backoff_initial=0.5, backoff_max=20.0)
    for attempt, ceiling in [(1, 0.5), (2, 1.0), (3, 2.0), (6, 16.0), (7, 20.0), (500, 20.0)]:
        samples = [policy.delay(attempt, None) for _ in range(300)]
        assert all(0.0 <= s <= ceiling for s in samples)
        assert max(samples) > ceiling / 2  # the whole range is used, not a fixed delay
        assert min(samples) < ceiling / 2


def test_policy_rejects_non_positive_values() -> None:
    with pytest.raises(ValueError, match="timeout"):
        RetryPolicy(timeout=0)


@pytest.mark.parametrize(
    ("status", "idempotent", "expected"),
    [
        (429, False, True),
        (503, False, True),
        (502, False, False),
        (502, True, True),
        (504, True, True),
        (504, False, False),
        (500, True, False),
        (400, True, False),
        (409, True, False),
    ],
)
def test_is_retryable_statuses(status: int, idempotent: bool, expected: bool) -> None:
    assert is_retryable(idempotent=idempotent, status=status) is expected


def test_deterministic_client_faults_are_never_retried() -> None:
    assert not is_retryable(idempotent=True, error=httpx.UnsupportedProtocol("ftp://"))
    assert not is_retryable(idempotent=True, error=httpx.LocalProtocolError("bad header"))


# --- the retry matrix, through both cores ----------------------------------------------------------------

RETRIED = [
    (429, True),
    (429, False),
    (503, True),
    (503, False),
    (502, True),
    (504, True),
    (connect_error, True),
    (connect_error, False),
    (connect_timeout, False),
    (pool_timeout, False),
    (read_timeout, True),
    (remote_disconnect, True),
    (write_error, True),
    (undecodable_body, True),
]


@pytest.mark.anyio
@CORES
@pytest.mark.parametrize(("failure", "idempotent"), RETRIED)
async def test_retried_failures_are_re_sent_until_success(
    kind: str, failure: Outcome, idempotent: bool
) -> None:
    script = Script(failure, failure, 200)
    response = await send_with(kind, script, idempotent=idempotent)
    assert response.status_code == 200
    assert script.attempts == 3


NOT_RETRIED: list[tuple[Outcome, bool, type[errors.DatabricksError]]] = [
    (500, True, errors.InternalError),
    (500, False, errors.InternalError),
    (502, False, errors.DatabricksError),
    (504, False, errors.DeadlineExceeded),
    (400, True, errors.BadRequest),
    (404, True, errors.NotFound),
    (read_timeout, False, errors.ApiTimeoutError),
    (remote_disconnect, False, errors.ApiConnectionError),
    (write_error, False, errors.ApiConnectionError),
    (undecodable_body, False, errors.ApiConnectionError),
]


@pytest.mark.anyio
@CORES
@pytest.mark.parametrize(("failure", "idempotent", "expected"), NOT_RETRIED)
async def test_other_failures_raise_after_one_attempt(
    kind: str, failure: Outcome, idempotent: bool, expected: type[errors.DatabricksError]
) -> None:
    script = Script(failure, 200)
    with pytest.raises(errors.DatabricksError) as caught:
        await send_with(kind, script, idempotent=idempotent)
    assert type(caught.value) is expected
    assert caught.value.attempts == 1
    assert (caught.value.method, caught.value.path) == ("POST", "/api/2.0/x")
    assert script.attempts == 1


@pytest.mark.anyio
@CORES
async def test_non_idempotent_read_timeout_chains_the_httpx_error_and_says_why(kind: str) -> None:
    with pytest.raises(errors.ApiTimeoutError) as caught:
        await send_with(kind, Script(read_timeout), idempotent=False)
    assert isinstance(caught.value.__cause__, httpx.ReadTimeout)
    assert "not idempotent" in str(caught.value)
    assert str(caught.value).endswith("(POST /api/2.0/x, 1 attempt)")


@pytest.mark.anyio
@CORES
async def test_connection_error_names_the_host_it_could_not_reach(kind: str) -> None:
    with pytest.raises(errors.ApiConnectionError) as caught:
        await send_with(kind, Script(remote_disconnect), idempotent=False)
    assert "(https://adb-1.azuredatabricks.net:443)" in str(caught.value)


@pytest.mark.anyio
@CORES
async def test_error_carries_the_last_response(kind: str) -> None:
    script = Script((503, {"Retry-After": "1"}), 409)
    with pytest.raises(errors.ResourceConflict) as caught:
        await send_with(kind, script, idempotent=True)
    assert caught.value.attempts == 2
    assert caught.value.response is not None
    assert caught.value.response.status_code == 409


@pytest.mark.anyio
@CORES
async def test_any_2xx_is_success(kind: str) -> None:
    script = Script(204)
    assert (await send_with(kind, script, idempotent=False)).status_code == 204


# --- deadline ----------------------------------------------------------------------------------------------


@pytest.mark.anyio
@CORES
async def test_budget_exhaustion_raises_the_last_typed_error_with_attempts(kind: str) -> None:
    fake = FakeTime()
    script = Script((503, {"Retry-After": "3"}))
    with pytest.raises(errors.TemporarilyUnavailable) as caught:
        await send_with(kind, script, idempotent=False, policy=RetryPolicy(timeout=10.0), fake=fake)
    # attempts at t=0, 3, 6, 9; a fifth would need a sleep to t=12, past the deadline.
    assert script.attempts == 4
    assert caught.value.attempts == 4
    assert caught.value.retry_after == 3.0
    assert fake.sleeps == [3.0, 3.0, 3.0]
    assert fake.now <= 10.0


@pytest.mark.anyio
@CORES
async def test_budget_exhaustion_on_connection_errors_raises_the_connection_error(kind: str) -> None:
    fake = FakeTime()
    script = Script(connect_error)
    policy = RetryPolicy(timeout=10.0, backoff_initial=1.0, backoff_max=2.0)
    with pytest.raises(errors.ApiConnectionError) as caught:
        await send_with(kind, script, idempotent=False, policy=policy, fake=fake)
    assert not isinstance(caught.value, errors.ApiTimeoutError)
    assert isinstance(caught.value.__cause__, httpx.ConnectError)
    assert caught.value.attempts == script.attempts
    assert script.attempts > 3
    assert fake.now < 10.0


@pytest.mark.anyio
@CORES
@pytest.mark.parametrize("idempotent", [True, False])
async def test_an_attempt_cut_short_by_the_deadline_reports_the_error_that_kept_us_retrying(
    kind: str, idempotent: bool
) -> None:
    fake = FakeTime()

    def times_out_at_the_deadline(request: httpx.Request) -> Exception:
        fake.now = 10.0  # the attempt ran out the remaining budget (its timeout was capped to it)
        return connect_timeout(request)

    script = Script((429, {"Retry-After": "3"}), times_out_at_the_deadline)
    with pytest.raises(errors.DatabricksError) as caught:
        await send_with(kind, script, idempotent=idempotent, policy=RetryPolicy(timeout=10.0), fake=fake)
    assert type(caught.value) is errors.TooManyRequests
    assert caught.value.attempts == 2


@pytest.mark.anyio
@CORES
async def test_a_non_idempotent_read_timeout_at_the_deadline_is_reported_as_such(kind: str) -> None:
    fake = FakeTime()

    def times_out_at_the_deadline(request: httpx.Request) -> Exception:
        fake.now = 10.0
        return read_timeout(request)

    script = Script((429, {"Retry-After": "3"}), times_out_at_the_deadline)
    with pytest.raises(errors.ApiTimeoutError) as caught:  # the create may have happened: say so
        await send_with(kind, script, idempotent=False, policy=RetryPolicy(timeout=10.0), fake=fake)
    assert caught.value.attempts == 2


@pytest.mark.anyio
@CORES
async def test_retry_after_is_capped_by_max_retry_after(kind: str) -> None:
    fake = FakeTime()
    script = Script((429, {"Retry-After": "3600"}), 200)
    policy = RetryPolicy(timeout=100.0, max_retry_after=5.0)
    await send_with(kind, script, idempotent=False, policy=policy, fake=fake)
    assert script.attempts == 2
    assert fake.now == 5.0


@pytest.mark.anyio
@CORES
async def test_retry_after_longer_than_the_budget_gives_up_without_sleeping(kind: str) -> None:
    fake = FakeTime()
    script = Script((429, {"Retry-After": "30"}), 200)
    with pytest.raises(errors.TooManyRequests):
        await send_with(kind, script, idempotent=True, policy=RetryPolicy(timeout=10.0), fake=fake)
    assert script.attempts == 1
    assert fake.now == 0.0


@pytest.mark.anyio
@CORES
async def test_each_attempt_timeout_is_capped_to_the_remaining_budget(kind: str) -> None:
    script = Script((503, {"Retry-After": "3"}))
    with pytest.raises(errors.TemporarilyUnavailable):
        await send_with(kind, script, idempotent=True, policy=RetryPolicy(timeout=10.0), timeout=60.0)
    assert [t["read"] for t in script.timeouts] == [10.0, 7.0, 4.0, 1.0]
    assert [t["connect"] for t in script.timeouts] == [10.0, 7.0, 4.0, 1.0]


@pytest.mark.anyio
@CORES
async def test_shorter_request_timeouts_are_kept(kind: str) -> None:
    script = Script((503, {"Retry-After": "8"}), 200)
    await send_with(
        kind, script, idempotent=True, policy=RetryPolicy(timeout=10.0), timeout=60.0, request_timeout=5.0
    )
    assert [t["read"] for t in script.timeouts] == [5.0, 2.0]


@pytest.mark.anyio
@CORES
async def test_no_timeout_configured_becomes_the_remaining_budget(kind: str) -> None:
    script = Script(200)
    await send_with(kind, script, idempotent=True, policy=RetryPolicy(timeout=42.0), timeout=None)
    assert script.timeouts == [{"connect": 42.0, "read": 42.0, "write": 42.0, "pool": 42.0}]


# --- logging -----------------------------------------------------------------------------------------------


def test_debug_log_has_one_redacted_line_per_attempt(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="databricks_mlflow_client")

    def handler(request: httpx.Request) -> httpx.Response:
        if handler.calls == 0:  # type: ignore[attr-defined]
            handler.calls += 1  # type: ignore[attr-defined]
            return httpx.Response(503, json={"error_code": "TEMPORARILY_UNAVAILABLE", "message": "later"})
        return httpx.Response(200, json={"access_token": "tok-RESPONSE-123", "expires_in": 3600})

    handler.calls = 0  # type: ignore[attr-defined]
    fake = FakeTime()
    http = httpx.Client(transport=httpx.MockTransport(handler), base_url=BASE)
    core = SyncCore(http, sleep=fake.sleep, clock=fake.clock)
    request = http.build_request(
        "POST",
        "/api/2.0/mlflow/registry-webhooks/create",
        headers={"Authorization": "Bearer dapiBEARER-SECRET"},
        json={"model_name": "m", "http_url_spec": {"url": "https://hook", "secret": "s3cr3t-body"}},
    )
    core.send(request, idempotent=False)

    lines = [r.getMessage() for r in caplog.records if r.name == "databricks_mlflow_client"]
    assert len(lines) == 2
    assert "POST /api/2.0/mlflow/registry-webhooks/create -> 503 (attempt 1," in lines[0]
    assert "-> 200 (attempt 2," in lines[1]
    assert '"model_name":"m"' in lines[0]
    assert "later" in lines[0]
    text = caplog.text
    for secret in ("dapiBEARER-SECRET", "s3cr3t-body", "tok-RESPONSE-123"):
        assert secret not in text
    assert "**REDACTED**" in lines[0]
    assert "**REDACTED**" in lines[1]


def test_log_bodies_are_truncated(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="databricks_mlflow_client")
    fake = FakeTime()
    http = httpx.Client(
        transport=httpx.MockTransport(lambda r: httpx.Response(200, text="y" * 10_000)), base_url=BASE
    )
    SyncCore(http, sleep=fake.sleep, clock=fake.clock).send(http.build_request("GET", "/x"), idempotent=True)
    (line,) = [r.getMessage() for r in caplog.records]
    assert len(line) < 2000
    assert "more characters" in line


# --- raw response capture ----------------------------------------------------------------------------------


def test_every_attempt_response_is_recorded_in_order() -> None:
    script = Script((503, {"Retry-After": "1"}), (429, {"Retry-After": "1"}), 201)
    fake = FakeTime()
    core = sync_core(script, fake, RetryPolicy())
    with capture_responses() as responses:
        core.send(core.http.build_request("GET", "/x"), idempotent=True)
    assert [r.status_code for r in responses] == [503, 429, 201]


def test_failed_calls_record_their_responses_too() -> None:
    core = sync_core(Script(404), FakeTime(), RetryPolicy())
    with capture_responses() as responses, pytest.raises(errors.NotFound):
        core.send(core.http.build_request("GET", "/x"), idempotent=True)
    assert [r.status_code for r in responses] == [404]


def test_call_with_raw_response_exposes_every_response_of_a_helper() -> None:
    core = sync_core(Script(200), FakeTime(), RetryPolicy())

    def helper(name: str) -> str:
        core.send(core.http.build_request("GET", "/first"), idempotent=True)
        core.send(core.http.build_request("GET", "/second", headers={"X-Name": name}), idempotent=True)
        return name.upper()

    raw = call_with_raw_response(helper, "model")
    assert isinstance(raw, RawResponse)
    assert raw.parsed == "MODEL"
    assert [r.request.url.path for r in raw.http_responses] == ["/first", "/second"]
    assert raw.http_response is raw.http_responses[-1]
    assert raw.status_code == 200
    assert raw.json() == {"ok": True}
    assert raw.text == '{"ok":true}'
    assert raw.content == b'{"ok":true}'
    assert raw.headers["content-type"] == "application/json"


def test_nested_captures_each_see_the_inner_responses() -> None:
    core = sync_core(Script(200), FakeTime(), RetryPolicy())
    with capture_responses() as outer:
        core.send(core.http.build_request("GET", "/a"), idempotent=True)
        inner = call_with_raw_response(core.send, core.http.build_request("GET", "/b"), idempotent=True)
    assert [r.request.url.path for r in inner.http_responses] == ["/b"]
    assert [r.request.url.path for r in outer] == ["/a", "/b"]


def test_raw_response_without_requests() -> None:
    raw = call_with_raw_response(lambda: 3)
    assert raw.parsed == 3
    assert raw.http_responses == ()
    with pytest.raises(LookupError):
        _ = raw.http_response


@pytest.mark.anyio
async def test_async_capture_survives_gather_fan_out() -> None:
    core = async_core(Script(200), FakeTime(), RetryPolicy())

    async def fan_out() -> int:
        paths = ["/a", "/b", "/c"]
        results = await asyncio.gather(
            *(core.send(core.http.build_request("GET", p), idempotent=True) for p in paths)
        )
        return len(results)

    raw = await acall_with_raw_response(fan_out)
    assert raw.parsed == 3
    assert sorted(r.request.url.path for r in raw.http_responses) == ["/a", "/b", "/c"]


# --- AsyncCore: gate, pacing, concurrency -------------------------------------------------------------------


@pytest.mark.anyio
async def test_concurrency_never_exceeds_max_concurrency() -> None:
    in_flight = 0
    peak = 0

    async def handler(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        for _ in range(5):
            await asyncio.sleep(0)
        in_flight -= 1
        return httpx.Response(200)

    http = httpx.AsyncClient(transport=httpx.MockTransport(handler), base_url=BASE)
    core = AsyncCore(http, max_concurrency=3)
    await asyncio.gather(*(core.send(http.build_request("GET", f"/{i}"), idempotent=True) for i in range(20)))
    assert peak == 3


@pytest.mark.anyio
async def test_a_call_queued_behind_the_concurrency_bound_spends_its_deadline_waiting() -> None:
    vt = VirtualTime()

    async def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/long":
            await vt.sleep(8.0)  # holds the only slot from t=0 to t=8
            return httpx.Response(200)
        if vt.now == 8.0:
            return httpx.Response(503, headers={"Retry-After": "3"})
        return httpx.Response(200)

    http = httpx.AsyncClient(transport=httpx.MockTransport(handler), base_url=BASE)
    core = AsyncCore(http, retry=RetryPolicy(timeout=10.0), max_concurrency=1, sleep=vt.sleep, clock=vt.clock)

    long, queued = await vt.run(
        core.send(http.build_request("GET", "/long"), idempotent=True),
        core.send(http.build_request("GET", "/queued"), idempotent=True),
    )

    # The deadline is wall time from the call: /queued got its slot at t=8 with 2 s left, so the retry the
    # 503 asks for at t=11 is past it and the 503 is raised at once.
    assert isinstance(long, httpx.Response)
    assert isinstance(queued, errors.TemporarilyUnavailable)
    assert vt.now == 8.0


def test_max_concurrency_must_be_positive() -> None:
    with pytest.raises(ValueError, match="max_concurrency"):
        AsyncCore(httpx.AsyncClient(), max_concurrency=0)


@pytest.mark.anyio
async def test_calls_that_started_first_get_free_slots_before_new_calls() -> None:
    # Each call makes two requests (like resolve-a-name, then PATCH). First-come slots would run every
    # call's first request before any second one (a1 b1 c1 d1 a2 ...); oldest-call-first pipelines them.
    order: list[str] = []

    async def handler(request: httpx.Request) -> httpx.Response:
        order.append(request.url.path)
        await asyncio.sleep(0)
        return httpx.Response(200, json={})

    async with httpx.AsyncClient(transport=httpx.MockTransport(handler), base_url="http://127.0.0.1") as http:
        core = AsyncCore(http, max_concurrency=1)

        async def call(name: str) -> None:
            for step in (1, 2):
                await core.send(http.build_request("GET", f"/{name}{step}"), idempotent=True)

        await asyncio.gather(*(call(name) for name in "abcd"))
    assert sorted(order) == sorted(f"/{name}{step}" for name in "abcd" for step in (1, 2))
    assert order.index("/a2") < order.index("/c1")
    assert order.index("/b2") < order.index("/d1")


@pytest.mark.anyio
async def test_a_cancelled_waiter_does_not_leak_or_keep_a_slot() -> None:
    release = asyncio.Event()
    seen: list[str] = []

    async def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        if request.url.path == "/first":
            await release.wait()
        return httpx.Response(200, json={})

    async with httpx.AsyncClient(transport=httpx.MockTransport(handler), base_url="http://127.0.0.1") as http:
        core = AsyncCore(http, max_concurrency=1)
        first = asyncio.create_task(core.send(http.build_request("GET", "/first"), idempotent=True))
        await asyncio.sleep(0.01)
        waiting = asyncio.create_task(core.send(http.build_request("GET", "/cancelled"), idempotent=True))
        await asyncio.sleep(0.01)
        waiting.cancel()
        release.set()
        await first
        await asyncio.wait_for(core.send(http.build_request("GET", "/after"), idempotent=True), 2)
    assert seen == ["/first", "/after"]


@pytest.mark.parametrize(
    ("policy", "expected"), [(RetryPolicy(timeout=300.0, max_connect_attempts=4), 4), (RetryPolicy(), 5)]
)
def test_a_refused_connection_gives_up_after_a_few_attempts_not_the_whole_deadline(
    policy: RetryPolicy, expected: int
) -> None:
    """Four attempts when asked; five by default, as the README says."""
    attempts = 0

    def refuse(request: httpx.Request) -> httpx.Response:
        nonlocal attempts
        attempts += 1
        raise httpx.ConnectError("[Errno 111] Connection refused", request=request)

    slept: list[float] = []
    with httpx.Client(transport=httpx.MockTransport(refuse), base_url="http://127.0.0.1:9") as http:
        core = SyncCore(http, retry=policy, sleep=slept.append)
        with pytest.raises(errors.ApiConnectionError) as raised:
            core.send(http.build_request("GET", "/x"), idempotent=True)
    assert attempts == expected and raised.value.attempts == expected
    assert len(slept) == expected - 1
