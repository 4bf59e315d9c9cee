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
        # that call alone waits, a fifth of its backoff: the server is not congested
        assert pacer.on_throttled(fake.now, 0.25, retry_after=False) == pytest.approx(0.05)
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


def replay(
    pacer: SendPacer,
    fake: FakeTime,
    limit: RateLimit,
    sends: list[float],
    *,
    latency: float = 0.1,
    jitter: float = 0.0,
    seed: int = 5,
) -> list[tuple[float, float, bool]]:
    """Send at the given times (the client's schedule, not the pacer's) to a token bucket that admits each
    request `jitter`-uniformly after it was sent and answers `latency` after that; feed the pacer every
    send and answer in time order. Returns (sent at, answered at, throttled) per request."""
    rng = random.Random(seed)
    requests = []
    for sent in sends:
        admitted_at = sent + rng.uniform(0.0, jitter)
        requests.append((sent, admitted_at, limit.admit(admitted_at) is not None))
    events = sorted(
        [(sent, 0, i) for i, (sent, _, _) in enumerate(requests)]
        + [(admitted + latency, 1, i) for i, (_, admitted, _) in enumerate(requests)]
    )
    for at, kind, i in events:
        fake.now = at
        sent, _, throttled = requests[i]
        if kind == 0:
            pacer.mark_sent(at)
        elif throttled:
            pacer.on_throttled(sent, 1.0, retry_after=True)
        else:
            pacer.on_success(sent)
    return [(sent, admitted + latency, throttled) for sent, admitted, throttled in requests]


def first_episode(
    pacer: SendPacer, fake: FakeTime, limit: RateLimit, *, jitter: float = 0.0, seed: int = 5
) -> list[tuple[float, float, bool]]:
    """400 requests/s sent unpaced until the first 429 comes back (then the gate closes: no more sends)."""
    # The bucket (100, +100/s) runs dry after ~133 sends at t=0.33; that 429 is back at ~0.43.
    return replay(pacer, fake, limit, [i / 400 for i in range(173)], jitter=jitter, seed=seed)


def test_one_cut_per_episode_and_the_limit_is_measured_from_the_answers_of_that_round_trip() -> None:
    fake = FakeTime()
    pacer = SendPacer(fake.clock)
    answers = first_episode(pacer, fake, RateLimit("/p", 100, 100))
    first_429 = min(answered for _, answered, throttled in answers if throttled)
    assert sum(throttled for *_, throttled in answers) > 20  # many 429s ...
    assert pacer.gate_until == pytest.approx(first_429 + 1.0)  # ... one cut, one gate: the first one's
    assert pacer.limit is not None and 0.9 * 100 <= pacer.limit <= 100.5  # the server's rate, not above
    rate = pacer.rate()
    assert rate is not None and rate <= pacer.limit  # just under it


@pytest.mark.parametrize("seed", range(5))
def test_the_measured_limit_is_close_to_the_servers_when_admissions_jitter(seed: int) -> None:
    """A busy server or client delays each request a few ms unevenly before it is admitted: the send
    times no longer tell when the bucket was empty, the answers (a fixed latency after admission) do. The
    pace is one standard error under the slope, so about one run in five lands a little above the rate
    (a later 429 cuts it again, and the refill of that pause is spent after it), while every run lands
    close to it."""
    fake = FakeTime()
    pacer = SendPacer(fake.clock)
    first_episode(pacer, fake, RateLimit("/p", 100, 100), jitter=0.005, seed=seed)
    assert pacer.limit is not None and 0.94 * 100 <= pacer.limit <= 103


def test_the_slope_of_the_episodes_answers_replaces_the_first_estimate() -> None:
    """A bucket of 20 refilling at 100/s: the first estimate (what was admitted over the time to the
    pause's end, ~27/s) is far off; the slope of the episode's answers measures the rate."""
    fake = FakeTime()
    pacer = SendPacer(fake.clock)
    first_episode(pacer, fake, RateLimit("/p", 100, 20))
    assert pacer._dry_ok < 40 and pacer.limit is not None and 0.9 * 100 <= pacer.limit <= 100.5


def test_a_few_scattered_429s_measure_nothing() -> None:
    fake = FakeTime()
    pacer = SendPacer(fake.clock)
    saturate(pacer, fake, sends=50, every=0.01)  # sent until t=0.5, all answered
    sent = fake.now - 0.001
    fake.now = 1.0
    pacer.on_throttled(sent, 1.0, retry_after=True)  # the cut: (1.00, 0 successes)
    fake.now = 1.02
    pacer.on_success(sent)
    pacer.on_throttled(sent, 1.0, retry_after=True)  # (1.02, 1)
    fake.now = 1.04
    for _ in range(4):
        pacer.on_success(sent)
    pacer.on_throttled(sent, 1.0, retry_after=True)  # (1.04, 5): slope 125/s, standard error ~43/s
    # Not measured: the first refusal's estimate, 50 admitted from the first send (t=0) to the pause's
    # end (t=2) ...
    assert pacer.limit == pytest.approx(50 / 2.0)
    assert not pacer._measured
    assert pacer.rate(1.0) == pytest.approx(25)  # ... held after the Retry-After, not slope - 1 error (~82/s)


def gate_opens(pacer: SendPacer, fake: FakeTime) -> int:
    """How many requests the pacer lets out at once when its gate opens."""
    fake.now = pacer.gate_until
    at_once = 0
    while pacer.next_send_time() <= fake.now:
        pacer.mark_sent(fake.now)
        at_once += 1
    return at_once


def spend_the_refill(pacer: SendPacer, fake: FakeTime, server: RateLimit, latency: float) -> tuple[int, int]:
    """Open the gate, send what the pacer lets out at once, answer it ``latency`` later (admitted first).
    Returns (sent, refused)."""
    at_once = gate_opens(pacer, fake)
    opened = fake.now
    refused = [server.admit(opened) is not None for _ in range(at_once)]
    fake.now = opened + latency
    for throttled in refused:
        if throttled:
            pacer.on_throttled(opened, 1.0, retry_after=True)
        else:
            pacer.on_success(opened)
    return at_once, sum(refused)


def estimated(latency: float) -> tuple[FakeTime, RateLimit, SendPacer]:
    """A bucket of 400 refilling at 400/s ran dry after ~933 sends at 700/s: 933 admitted from the first
    send to the end of the 1 s pause (t=2.33) is its rate, the pacer's first estimate."""
    fake = FakeTime()
    server = RateLimit("/p", 400, 400)
    pacer = SendPacer(fake.clock)
    replay(pacer, fake, server, [i / 700 for i in range(934)], latency=latency)
    assert not pacer._measured and pacer.limit == pytest.approx(400, rel=0.01)
    return fake, server, pacer


def test_the_first_retry_after_estimates_the_limit_from_what_was_admitted_until_the_pause_ends() -> None:
    """Round trips of a few ms: the first episode's answers span too little time to measure the rate, so
    the limit is estimated; only an estimate, its refill is over-spent, and what the server refuses of it
    measures the limit."""
    fake, server, pacer = estimated(latency=0.002)
    sent, refused = spend_the_refill(pacer, fake, server, latency=0.002)
    assert sent == pytest.approx(SendPacer.OVERSPEND * 400, rel=0.02)
    assert refused == pytest.approx(sent - 400, abs=2)  # the server admits its refill, no more
    assert pacer._measured and pacer.limit == pytest.approx(400, rel=0.01)
    assert pacer.gate_until == pytest.approx(fake.now + 1.0)  # a second pause, a few ms into the job
    sent, refused = spend_the_refill(pacer, fake, server, latency=0.002)
    assert 0.95 * 400 <= sent <= 400 and refused == 0  # measured: its refill is spent, no more
    assert pacer.next_send_time() == pytest.approx(fake.now + 1 / 400, rel=0.05)


def test_at_round_trips_of_100_ms_the_estimates_refill_is_spent_not_over_spent() -> None:
    """Long round trips: a second pause would cost one of them in refill (the server's bucket sits full
    while the first requests after it travel), more than a close estimate loses."""
    fake, server, pacer = estimated(latency=0.1)
    sent, refused = spend_the_refill(pacer, fake, server, latency=0.1)
    assert 0.95 * 400 <= sent <= 400 and refused == 0


def test_the_first_estimate_counts_what_was_admitted_before_the_bucket_ran_dry() -> None:
    """Round trips of 100 ms: the time the server admitted over ends a latency before the first 429 is
    back, and answers of one round trip come back together, in any order: those of requests sent before
    the refused one count though they are handled after its 429."""
    fake = FakeTime()
    server = RateLimit("/p", 400, 400)
    pacer = SendPacer(fake.clock)
    sends = [i / 700 for i in range(940)]
    for at in sends:
        fake.now = at
        pacer.mark_sent(at)
    refused = [server.admit(at) is not None for at in sends]
    dry = refused.index(True)  # the bucket ran dry at ~1.33 s, after ~933 admitted
    late = range(dry - 20, dry)
    for i in [i for i in range(dry) if i not in late] + [dry, *late]:
        fake.now = max(sends[i] + 0.1, fake.now)
        if i == dry:
            pacer.on_throttled(sends[i], 1.0, retry_after=True)
        else:
            pacer.on_success(sends[i])
    assert not pacer._measured and pacer.limit == pytest.approx(400, rel=0.005)


def test_a_part_spent_bucket_makes_the_estimate_low_and_the_over_spent_refill_measures_it() -> None:
    fake = FakeTime()
    server = RateLimit("/p", 400, 400)
    for _ in range(300):  # another client (or the export before this apply) spent most of the bucket
        server.admit(0.0)
    pacer = SendPacer(fake.clock)
    replay(pacer, fake, server, [i / 700 for i in range(234)], latency=0.002)  # dry at t=0.33
    assert pacer._estimated and pacer.limit is not None
    assert 0.4 * 400 < pacer.limit < 0.5 * 400  # 233 admitted by the pause's end at t=1.33: ~175/s
    sent, refused = spend_the_refill(pacer, fake, server, latency=0.002)
    assert refused > 0 and sent - refused == pytest.approx(400, abs=2)  # its whole refill, no more
    assert pacer._measured and pacer.limit == pytest.approx(400, rel=0.01)


def test_a_first_estimate_refused_in_part_is_measured_by_the_refill() -> None:
    """A bucket that holds two seconds of its rate makes the first estimate high (~509/s for 400/s). What
    the server admits from the gate's opening until it refuses again is its refill over the pause and
    since: 400/s x (1 s + the time since)."""
    fake = FakeTime()
    limit = RateLimit("/p", 400, 800)
    pacer = SendPacer(fake.clock)
    replay(pacer, fake, limit, [i / 700 for i in range(1870)], latency=0.002)
    assert pacer.limit is not None and pacer.limit > 450 and not pacer._measured
    fake.now = pacer.gate_until
    sends = []
    while len(sends) < 2000 and not (sends and limit.admit(sends[-1]) is not None):
        at = max(fake.now, pacer.next_send_time())
        fake.now = at
        pacer.mark_sent(at)
        pacer.on_success(at)
        sends.append(at)
    pacer.on_throttled(sends[-1], 1.0, retry_after=True)
    assert pacer._measured and pacer.limit == pytest.approx(400, rel=0.02)
    assert pacer.burst is None  # not learned from a refusal it could not tell from the rate


def test_with_no_limit_measured_or_estimated_the_gate_opens_without_the_pauses_refill() -> None:
    """After bare 429s (congestion: BETA x the rate sent, a guess), a Retry-After pause's gate: the pace is
    above the limit, so pace x pause would overstate the server's refill (a 1,000-object apply spent 636
    requests at once against a refill of 400 and met a second refusal with 99 objects left). Only SLACK's
    worth goes at once; the pace spends the refill."""
    fake = FakeTime()
    pacer = SendPacer(fake.clock)
    saturate(pacer, fake, sends=100, every=0.01)  # 100/s
    for _ in range(40):
        pacer.on_throttled(fake.now, 0.1, retry_after=False)
    fake.now = pacer.gate_until
    saturate(pacer, fake, sends=10, every=1 / 70)
    pacer.on_throttled(fake.now, 1.0, retry_after=True)
    assert not pacer._measured and not pacer._estimated
    at_once = gate_opens(pacer, fake)
    assert 1 <= at_once <= 70 * SendPacer.SLACK + 1  # not the 70 of rate x pause
    assert pacer.next_send_time() == pytest.approx(fake.now + 1 / 70, rel=0.2)  # then at the rate sent


def test_the_budget_refilled_during_a_retry_after_pause_is_spent_when_the_gate_opens() -> None:
    fake = FakeTime()
    pacer = SendPacer(fake.clock)
    server = RateLimit("/p", 100, 100)
    first_episode(pacer, fake, server)
    rate = pacer.rate(pacer.gate_until)
    assert rate is not None
    fake.now = pacer.gate_until - 0.01
    assert pacer.next_send_time() == pacer.gate_until  # nobody sends during the pause
    fake.now = pacer.gate_until
    at_once = 0
    while pacer.next_send_time() <= fake.now:
        pacer.mark_sent(fake.now)
        at_once += 1
    # The server refilled 100 during the 1 s pause: the client spends nearly all of it at once (not one
    # request per 1/rate), and no more than it less JITTER's worth (sends that bunch), so none is refused.
    assert pacer.limit is not None
    assert 0.9 * 100 <= at_once <= pacer.limit * (1.0 - 0.02)  # 2 % of the refill left as a margin
    refused = sum(server.admit(fake.now) is not None for _ in range(at_once))
    assert refused == 0


def test_a_refilled_budget_refused_in_part_teaches_the_servers_bucket() -> None:
    fake = FakeTime()
    pacer = SendPacer(fake.clock)
    server = RateLimit("/p", 100, 30)  # refills 100 per 1 s pause, but holds only 30
    first_episode(pacer, fake, server)
    assert pacer.burst is None  # not guessed
    opened = pacer.gate_until
    sends = []
    fake.now = opened
    while pacer.next_send_time() <= opened:
        pacer.mark_sent(opened)
        sends.append(opened)
    answers = [(sent, server.admit(sent) is not None) for sent in sends]
    fake.now = opened + 0.1
    for sent, throttled in answers:
        if throttled:
            pacer.on_throttled(sent, 1.0, retry_after=True)
        else:
            pacer.on_success(sent)
    assert pacer.burst == pytest.approx(30, abs=1)
    fake.now = pacer.gate_until
    at_once = 0
    while pacer.next_send_time() <= fake.now:
        pacer.mark_sent(fake.now)
        at_once += 1
    assert at_once <= 30  # the next pause spends what the bucket holds, no more


@pytest.mark.parametrize("retry_after", [True, False])
def test_after_an_unmeasured_cut_the_rate_grows_back_past_the_rate_sent_cubically(retry_after: bool) -> None:
    """After a first Retry-After the first refusal's estimate is held (100 admitted over the 1 s sent and
    the 1 s pause), then probed above. After bare 429s (congestion, no refill to measure) the rate sent is
    cut by AWS's beta and grows back past it."""
    fake = FakeTime()
    pacer = SendPacer(fake.clock)
    saturate(pacer, fake, sends=100, every=0.01)
    for _ in range(1 if retry_after else 40):  # bare 429s are congestion only when many
        pacer.on_throttled(fake.now, 1.0 if retry_after else 0.1, retry_after=retry_after)
    assert pacer.limit is not None and not pacer._measured
    start = pacer.rate()
    assert start is not None and start == pytest.approx((0.5 if retry_after else 0.7) * 100, rel=0.05)
    rates = []
    for _ in range(8):
        fake.now += 0.5
        rates.append(pacer.rate())
    assert rates == sorted(rates)
    assert rates[-1] is not None and rates[-1] > (start if retry_after else 100)  # probing above


def test_congestion_without_retry_after_measures_no_limit_from_what_followed_its_pause() -> None:
    """Two bursts of bare 429s (noise clustered enough to read as congestion) 0.1 s apart: the second
    refuses requests sent after the first one's pause, but that pause was the client's backoff, not a
    refill the server measured out, so the count since it is not the server's rate (taking it pinned
    a bench run at a third of its throughput)."""
    fake = FakeTime()
    pacer = SendPacer(fake.clock)
    saturate(pacer, fake, sends=100, every=0.001)
    for _ in range(30):
        pacer.on_throttled(fake.now - 0.0005, 0.3, retry_after=False)
    assert pacer.limit is not None and not pacer._measured  # congestion: a cut, guessed
    fake.now = pacer.gate_until
    saturate(pacer, fake, sends=100, every=0.001)
    for _ in range(30):
        pacer.on_throttled(fake.now - 0.0005, 0.3, retry_after=False)
    assert not pacer._measured


def test_a_measured_limit_is_held_then_probed_above() -> None:
    fake = FakeTime()
    pacer = SendPacer(fake.clock)
    first_episode(pacer, fake, RateLimit("/p", 100, 100))
    assert pacer._measured and pacer.limit is not None
    cut, limit = pacer._cut_at, pacer.limit
    held = [pacer.rate(cut + t) for t in (0.0, 1.0, SendPacer.CUBIC_K)]
    assert held == [limit] * 3
    probing = [pacer.rate(cut + SendPacer.CUBIC_K + t) for t in (0.5, 1.0, 2.0, 4.0)]
    assert probing == sorted(probing) and all(r is not None and r > limit for r in probing)
    assert probing[-1] == pytest.approx(limit * 1.16)  # +2 % at 2 x CUBIC_K, then as a cube


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
    vt: VirtualTime,
    *,
    per_second: float,
    burst: int,
    latency: float,
    noise: float = 0.0,
    jitter: float = 0.0,
    seed: int = 7,
) -> tuple[httpx.AsyncClient, list[tuple[float, int, str]]]:
    """A handler that admits by the emulator's token bucket at arrival (`jitter`-uniformly after the send,
    as a busy server accepts requests a few ms apart), answers after `latency`, and refuses a random
    `noise` share with a bare 429 (no Retry-After). Logs (admitted at, status, path)."""
    limit = RateLimit("/api/2.0/permissions/*", per_second, burst) if per_second else None
    rng = random.Random(seed)
    log: list[tuple[float, int, str]] = []

    async def handler(request: httpx.Request) -> httpx.Response:
        if jitter:
            await vt.sleep(rng.uniform(0.0, jitter))
        limited = limit is not None and limit.matches(request.method, request.url.path)
        refused = limit.admit(vt.now) if limited else None
        status = 200
        headers: dict[str, str] = {}
        if refused is not None:
            status, headers = 429, dict(refused.headers)
        elif rng.random() < noise:
            status = 429
        log.append((vt.now, status, request.url.path))
        await vt.sleep(latency)
        body = {"error_code": "REQUEST_LIMIT_EXCEEDED", "message": "x"} if status == 429 else {}
        return httpx.Response(status, json=body, headers=headers)

    return httpx.AsyncClient(transport=httpx.MockTransport(handler), base_url=BASE), log


async def bulk(core: AsyncCore, http: httpx.AsyncClient, n: int) -> list[object]:
    requests = (http.build_request("PATCH", f"/api/2.0/permissions/x/{i}") for i in range(n))
    return await asyncio.gather(*(core.send(r, idempotent=True) for r in requests), return_exceptions=True)


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("seed", "jitter"), [(0, 0.0), (1, 0.0), (0, 0.004), (1, 0.004), (2, 0.004), (3, 0.004)]
)
async def test_bulk_work_runs_within_five_percent_of_the_physical_limit_of_a_token_bucket(
    seed: int, jitter: float
) -> None:
    """Bench 4's grant by id on virtual time: 300 PATCHes, 32 in flight, 100 ms latency, a bucket of 100
    refilled at 100/s answering 429 + Retry-After 1 s. The physical limit spends the bucket at once and then
    runs at the rate; the only 429s allowed are those of the one round trip that finds the bucket empty.
    Without jitter the first 32 sends leave together and, unspread, would come back in waves whose 429s
    all answer at the same instant: nothing to measure the rate over."""
    random.seed(1)
    vt = VirtualTime()
    http, log = token_bucket_server(vt, per_second=100, burst=100, latency=0.1, jitter=jitter, seed=seed)
    core = AsyncCore(http, max_concurrency=32, sleep=vt.sleep, clock=vt.clock)
    (results,) = await vt.run(bulk(core, http, 300))
    assert isinstance(results, list)
    assert all(isinstance(r, httpx.Response) and r.status_code == 200 for r in results)
    physical = (300 - 100) / 100 + 0.1
    assert physical / vt.now >= 0.95
    pacer = core._pacing.for_path("/api/2.0/permissions/x")
    assert pacer.limit is not None and 90 <= pacer.limit <= 101
    refused = [(at, path) for at, status, path in log if status == 429]
    assert refused and max(at for at, _ in refused) - min(at for at, _ in refused) < 0.2  # one episode
    for at, path in refused:  # each refused call came back only after its Retry-After (1 s)
        assert min(t for t, _, p in log if p == path and t > at) >= at + 0.1 + 1.0


@pytest.mark.anyio
@pytest.mark.parametrize("seed", [0, 1])
async def test_apply_runs_within_ten_percent_of_the_physical_limit_of_a_token_bucket(seed: int) -> None:
    """Bench 4's `permissions apply` on virtual time: 300 objects, 64 at a time, each a name look-up (not
    rate-limited), then a GET and a PATCH of its permissions (rate-limited: 600 requests, 100/s, burst
    100), 32 in flight, 100 ms latency. The look-ups share the slots with the limited calls, so calls
    waiting out a Retry-After must not hold them. Over 24 seeds the median is 0.977 of the limit."""
    random.seed(seed)
    vt = VirtualTime()
    http, log = token_bucket_server(vt, per_second=100, burst=100, latency=0.1, jitter=0.004, seed=seed)
    core = AsyncCore(http, max_concurrency=32, sleep=vt.sleep, clock=vt.clock)
    window = asyncio.Semaphore(64)

    async def apply_one(i: int) -> None:
        async with window:
            for method, path in (
                ("GET", f"/api/2.0/mlflow/databricks/registered-models/get?name=m{i}"),
                ("GET", f"/api/2.0/permissions/registered-models/{i}"),
                ("PATCH", f"/api/2.0/permissions/registered-models/{i}"),
            ):
                await core.send(http.build_request(method, path), idempotent=True)

    results = await vt.run(*(apply_one(i) for i in range(300)))
    assert results == [None] * 300
    assert sum(1 for _, status, path in log if status == 200 and "/permissions/" in path) == 600
    physical = (600 - 100) / 100 + 2 * 0.1
    assert physical / vt.now >= 0.9


@pytest.mark.anyio
async def test_sporadic_429s_without_retry_after_do_not_collapse_throughput() -> None:
    async def seconds(noise: float) -> float:
        """When the last of 1,000 calls completed: a collapse of the shared pace would stretch everything,
        and a full backoff per refused call (up to 0.5 s, then 1 s) would make those calls the tail."""
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
        assert noise == 0 or sum(status == 429 for _, status, _ in log) >= 20
        return max(done)

    assert await seconds(0.0) / await seconds(0.05) >= 0.8


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


@pytest.mark.anyio
async def test_calls_waiting_for_a_closed_gate_leave_the_concurrency_slots_to_other_api_families() -> None:
    """Two slots; the permissions API answers its first call 429 + Retry-After 5. Two more permissions calls
    made meanwhile wait for the gate without holding a slot, so a name look-up made at t=1 is answered at
    once instead of at t=5."""
    vt = VirtualTime()
    refused: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.startswith("/api/2.0/permissions/") and not refused:
            refused.append(vt.now)
            return httpx.Response(429, headers={"Retry-After": "5"})
        return httpx.Response(200)

    http = httpx.AsyncClient(transport=httpx.MockTransport(handler), base_url=BASE)
    core = AsyncCore(http, max_concurrency=2, sleep=vt.sleep, clock=vt.clock)

    async def call_at(at: float, path: str) -> float:
        await vt.sleep(at)
        await core.send(http.build_request("GET", path), idempotent=True)
        return vt.now

    answered = await vt.run(
        call_at(0.0, "/api/2.0/permissions/registered-models/1"),
        call_at(0.5, "/api/2.0/permissions/registered-models/2"),
        call_at(0.5, "/api/2.0/permissions/registered-models/3"),
        call_at(1.0, "/api/2.0/mlflow/databricks/registered-models/get"),
    )

    assert refused == [0.0]
    assert answered == pytest.approx([5.0, 5.0, 5.0, 1.0], abs=0.01)  # the permissions calls paced after t=5
