"""The adaptive pacer (`_pacing.py`) alone with an injected clock, and inside AsyncCore against a simulated
token-bucket server on virtual time (the emulator's own RateLimit): no test waits on a real clock."""

from __future__ import annotations

import asyncio
import random

import httpx
import pytest
from test_core import BASE, FakeTime, VirtualTime

from databricks_mlflow_client import _errors as errors
from databricks_mlflow_client._core import AsyncCore, RetryPolicy
from databricks_mlflow_client._pacing import SendPacer, pacing_key
from databricks_mlflow_client.emulator._faults import RateLimit


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def saturate(pacer: SendPacer, fake: FakeTime, *, sends: int, every: float) -> None:
    for _ in range(sends):
        pacer.mark_sent(fake.now)
        pacer.on_success(fake.now)
        fake.now += every


# ---------------------------------------------------------------- the pacer alone


def test_api_families_are_paced_apart() -> None:
    assert pacing_key("/api/2.0/permissions/registered-models/123") == "/api/2.0/permissions"
    assert pacing_key("/api/2.0/permissions/experiments/9") == "/api/2.0/permissions"
    assert pacing_key("/api/2.0/mlflow/databricks/registered-models/get") == "/api/2.0/mlflow"
    assert pacing_key("/p/3") == "/p"


def test_unpaced_until_a_429() -> None:
    fake = FakeTime()
    pacer = SendPacer(fake.clock)
    saturate(pacer, fake, sends=50, every=0.0)
    assert pacer.next_send_time() <= fake.now
    assert pacer.rate() is None


def test_a_sporadic_429_without_retry_after_is_noise() -> None:
    fake = FakeTime()
    pacer = SendPacer(fake.clock)
    saturate(pacer, fake, sends=100, every=0.005)
    for _ in range(5):  # 5 % of the last second's answers
        assert pacer.on_throttled(fake.now, 0.25, retry_after=False) == 0.25
        saturate(pacer, fake, sends=19, every=0.005)
    assert pacer.rate() is None
    assert pacer.next_send_time() <= fake.now


def test_many_429s_without_retry_after_are_congestion() -> None:
    fake = FakeTime()
    pacer = SendPacer(fake.clock)
    saturate(pacer, fake, sends=20, every=0.01)
    for _ in range(10):
        pacer.on_throttled(fake.now - 0.001, 0.3, retry_after=False)
    assert pacer.rate() is not None


def test_one_cut_per_episode_and_the_limit_is_measured_from_the_answers_of_that_round_trip() -> None:
    fake = FakeTime()
    pacer = SendPacer(fake.clock)
    # 400 requests/s offered; the server admits its burst, then 100/s: every 4th request sent after t=0.5.
    sent: list[float] = []
    for _ in range(240):
        pacer.mark_sent(fake.now)
        sent.append(fake.now)
        fake.now += 0.0025
    first_refused = next(t for t in sent if t >= 0.5)
    for t in sent:
        if t < 0.5:
            pacer.on_success(t)
    pacer.on_throttled(first_refused, 1.0, retry_after=True)
    cut_gate = pacer.gate_until
    assert cut_gate == pytest.approx(fake.now + 1.0)
    for index, t in enumerate(x for x in sent if x > first_refused):  # answers still in flight
        if index % 4 == 0:
            pacer.on_success(t)
        else:
            pacer.on_throttled(t, 1.0, retry_after=True)
    assert pacer.gate_until == cut_gate  # the same episode: one cut, one gate
    assert pacer.limit == pytest.approx(100.0, rel=0.05)
    assert pacer.burst == pytest.approx(150.0, rel=0.1)  # 200 admitted by t=0.5, 50 of them refilled
    assert pacer.rate() == pytest.approx(97.0, rel=0.05)  # just under the limit


def test_the_limit_is_measured_between_refusals_when_the_client_sent_in_clumps() -> None:
    fake = FakeTime()
    pacer = SendPacer(fake.clock)
    saturate(pacer, fake, sends=50, every=0.01)
    # Refused at t=0.5 and t=0.6 (the bucket empty at both), 10 admitted in between, then a lull until the
    # first 429 arrives at t=0.8: successes over the whole span would read 33/s; the server refills 100/s.
    sends = [0.5 + 0.01 * i for i in range(11)]
    for t in sends:
        pacer.mark_sent(t)
    fake.now = 0.8
    pacer.on_throttled(0.5, 1.0, retry_after=True)
    for t in sends[1:]:
        pacer.on_success(t)
    pacer.on_throttled(0.6 + 1e-9, 1.0, retry_after=True)
    assert pacer.limit == pytest.approx(100.0, rel=0.05)


def test_the_budget_refilled_during_a_retry_after_pause_is_spent_when_the_gate_opens() -> None:
    fake = FakeTime()
    pacer = SendPacer(fake.clock)
    sent = []
    for _ in range(300):  # 200/s offered; the server admits 125 beyond its 100/s, then every other one
        pacer.mark_sent(fake.now)
        sent.append(fake.now)
        fake.now += 0.005
    for t in sent[:250]:
        pacer.on_success(t)
    pacer.on_throttled(sent[250], 1.0, retry_after=True)
    for index, t in enumerate(sent[251:]):
        if index % 2:
            pacer.on_success(t)
        else:
            pacer.on_throttled(t, 1.0, retry_after=True)
    rate = pacer.rate()
    assert rate is not None and 80 < rate < 110
    assert pacer.next_send_time() == pacer.gate_until
    fake.now = pacer.gate_until
    burst = 0
    while pacer.next_send_time() <= fake.now:
        pacer.mark_sent(fake.now)
        burst += 1
    assert burst >= 0.9 * rate  # a second's budget at once (the server's bucket holds more), not 1 per 1/rate


def test_after_a_cut_the_rate_grows_back_past_the_limit_cubically() -> None:
    fake = FakeTime()
    pacer = SendPacer(fake.clock)
    saturate(pacer, fake, sends=100, every=0.01)
    pacer.on_throttled(fake.now, 0.1, retry_after=True)
    start = pacer.rate()
    assert start is not None and start == pytest.approx(0.7 * 100, rel=0.1)  # unmeasured: AWS's beta
    rates = []
    for _ in range(8):
        fake.now += 0.5
        rates.append(pacer.rate())
    assert rates == sorted(rates)
    assert rates[-1] is not None and rates[-1] > 100  # probing above the old rate


def test_a_429_for_a_request_sent_after_the_cut_starts_a_new_episode() -> None:
    fake = FakeTime()
    pacer = SendPacer(fake.clock)
    saturate(pacer, fake, sends=100, every=0.01)
    pacer.on_throttled(fake.now - 0.05, 0.2, retry_after=True)
    first = pacer.rate()
    fake.now += 0.5
    pacer.mark_sent(fake.now)
    fake.now += 0.1
    pacer.on_throttled(fake.now - 0.1, 0.2, retry_after=True)
    second = pacer.rate()
    assert first is not None and second is not None and second < first


# ---------------------------------------------------------------- inside AsyncCore, on virtual time


def token_bucket_server(
    vt: VirtualTime, *, per_second: float, burst: int, latency: float, noise: float = 0.0, seed: int = 7
) -> tuple[httpx.AsyncClient, list[tuple[float, int]]]:
    """A handler that admits by the emulator's token bucket at arrival, answers after `latency`, and refuses
    a random `noise` share with a bare 429 (no Retry-After)."""
    limit = RateLimit("/api/2.0/permissions/*", per_second, burst) if per_second else None
    rng = random.Random(seed)
    log: list[tuple[float, int]] = []

    async def handler(request: httpx.Request) -> httpx.Response:
        refused = limit.admit(vt.now) if limit is not None else None
        status = 200
        headers: dict[str, str] = {}
        if refused is not None:
            status, headers = 429, dict(refused.headers)
        elif rng.random() < noise:
            status = 429
        log.append((vt.now, status))
        await vt.sleep(latency)
        body = {"error_code": "REQUEST_LIMIT_EXCEEDED", "message": "x"} if status == 429 else {}
        return httpx.Response(status, json=body, headers=headers)

    return httpx.AsyncClient(transport=httpx.MockTransport(handler), base_url=BASE), log


async def bulk(core: AsyncCore, http: httpx.AsyncClient, n: int) -> list[object]:
    requests = (http.build_request("PATCH", f"/api/2.0/permissions/x/{i}") for i in range(n))
    return await asyncio.gather(*(core.send(r, idempotent=True) for r in requests), return_exceptions=True)


@pytest.mark.anyio
async def test_bulk_work_runs_within_a_tenth_of_the_physical_limit_of_a_token_bucket() -> None:
    random.seed(1)
    vt = VirtualTime()
    http, log = token_bucket_server(vt, per_second=100, burst=100, latency=0.1)
    core = AsyncCore(http, max_concurrency=32, sleep=vt.sleep, clock=vt.clock)
    (results,) = await vt.run(bulk(core, http, 300))
    assert isinstance(results, list)
    assert all(isinstance(r, httpx.Response) and r.status_code == 200 for r in results)
    physical = (300 - 100) / 100 + 0.1
    assert physical / vt.now >= 0.9
    pacer = core._pacing.for_path("/api/2.0/permissions/x")
    assert pacer.limit == pytest.approx(100, rel=0.15)
    assert sum(status == 429 for _, status in log) < 60


@pytest.mark.anyio
async def test_sporadic_429s_without_retry_after_do_not_collapse_throughput() -> None:
    async def p95_seconds(noise: float) -> float:
        """When 95 % of 1,000 calls had completed: a refused call's own backoff (the retry policy's full
        jitter) only stretches the tail, while a collapse of the shared pace would stretch everything."""
        random.seed(3)
        vt = VirtualTime()
        http, log = token_bucket_server(vt, per_second=0, burst=1, latency=0.05, noise=noise)
        core = AsyncCore(http, max_concurrency=32, sleep=vt.sleep, clock=vt.clock)
        done: list[float] = []

        async def call(i: int) -> None:
            await core.send(http.build_request("PATCH", f"/api/2.0/permissions/x/{i}"), idempotent=True)
            done.append(vt.now)

        await vt.run(*(call(i) for i in range(1000)))
        assert len(done) == 1000
        assert core._pacing.for_path("/api/2.0/permissions/x").rate() is None  # never paced
        assert noise == 0 or sum(status == 429 for _, status in log) >= 20
        return sorted(done)[949]

    assert await p95_seconds(0.0) / await p95_seconds(0.05) >= 0.8


# ---------------------------------------------------------------- the shared gate


@pytest.mark.anyio
async def test_after_a_429_no_task_sends_before_the_gate_opens() -> None:
    from test_core import Script

    vt = VirtualTime()
    script = Script((429, {"Retry-After": "5"}), 200, clock=vt.clock)
    http = httpx.AsyncClient(transport=httpx.MockTransport(script), base_url=BASE)
    core = AsyncCore(http, max_concurrency=3, sleep=vt.sleep, clock=vt.clock)

    results = await vt.run(
        *(core.send(http.build_request("PUT", f"/p/{i}"), idempotent=False) for i in range(6))
    )

    assert all(isinstance(r, httpx.Response) and r.status_code == 200 for r in results)
    assert script.sent_at[0] == 0.0
    assert all(t >= 5.0 for t in script.sent_at[1:])
    assert script.attempts == 7  # six calls, one of them re-sent once


@pytest.mark.anyio
async def test_a_call_whose_deadline_falls_inside_the_gate_gives_up_at_once() -> None:
    vt = VirtualTime()

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/2.0/x/slow":
            return httpx.Response(503, headers={"Retry-After": "6"})
        if request.url.path == "/api/2.0/x/b" and vt.now == 3.0:
            return httpx.Response(429, headers={"Retry-After": "9"})
        return httpx.Response(200)

    http = httpx.AsyncClient(transport=httpx.MockTransport(handler), base_url=BASE)
    core = AsyncCore(http, retry=RetryPolicy(timeout=10.0), sleep=vt.sleep, clock=vt.clock)

    async def started_later() -> httpx.Response:
        await vt.sleep(3.0)
        return await core.send(http.build_request("GET", "/api/2.0/x/b"), idempotent=True)

    slow, later = await vt.run(
        core.send(http.build_request("GET", "/api/2.0/x/slow"), idempotent=True), started_later()
    )

    # /slow woke at t=6 to find its API's sends held until t=12, past its t=10 deadline: it raised then.
    assert isinstance(slow, errors.TemporarilyUnavailable)
    assert slow.attempts == 1
    assert isinstance(later, httpx.Response)
    assert vt.now == 12.0
