"""Adaptive send pacing for AsyncCore: learn a token-bucket rate limit from 429s, then run at it.

Why: bulk work (hundreds of calls through asyncio.gather) against a rate limit would otherwise fire
`max_concurrency` requests at a time, collect waves of 429s and retry them in bursts, and a 429 for one of
the last calls costs a whole Retry-After at the end of the job. The design follows the AWS SDKs' adaptive
retry mode (a client-side token bucket whose fill rate is learned from throttling, CUBIC growth after a
cut) and TCP's congestion control (one cut per congestion episode, i.e. per round trip, not per loss):

- Unpaced until the first congestion signal: the server's bucket is spent at once. Sends are only
  spread: at most one per SPREAD x latency / concurrency, i.e. no slower than the concurrency bound allows,
  so that slots freed together (by a wave of answers) do not send together again. Waves would make every
  429 of the episode answer at the same instant, leaving nothing to measure the rate over.
- A congestion episode starts with a 429 for a request sent after the previous episode's cut; 429s for
  requests already in flight then belong to the same episode and cut nothing.
- The limit is *measured*: while the server's bucket is empty it admits exactly its rate, so among the
  answers to requests sent before the cut, the successes counted at each 429 grow at the server's rate.
  The least-squares slope of that count over the 429s' answer times, less CONFIDENCE standard errors, is
  the limit (answer times, not send times: a busy client or server delays requests unevenly before
  admission, while answers come back a fixed latency after it; the lower bound because a limit measured
  high costs a 429 and a Retry-After at the end of the job, one measured low only a little time). A slope
  whose standard error exceeds MAX_ERROR of it measures nothing (round trips of a few ms: the answers
  span too little time). Until a limit is measured, the pace after the first Retry-After is estimated
  from what the server admitted since the first send, over the time until the pause ends
  (`_first_estimate`: exact for a bucket that was full and holds one pause's refill, else low or high,
  which the refill then measures, see below); after a later Retry-After it is the rate sent before it,
  and after bare 429s BETA x that rate. A later episode that cannot be measured keeps the last measured
  limit.
- A Retry-After closes a shared gate (the server asked for a pause; the refused call waits it anyway).
  The server's bucket keeps filling meanwhile, so the client's does too: when the gate opens, what the
  server refilled (the measured or estimated limit x pause) is spent at once, then sends follow the rate.
  An estimate at round trips too short to measure an episode is over-spent (OVERSPEND), so that a low one
  meets the refusal that measures it early in the job instead of pacing the whole job under the limit.
  If that budget is refused in part, the server has admitted since its bucket ran dry exactly its refill:
  with no limit measured, that count over the pause and the time since is the limit; with one, what
  exceeds its refill is the server's bucket, and no more than that is spent after later pauses.
- After a cut the rate is held at the measured limit (already a lower bound), or after a Retry-After at
  the estimate or the rate sent, for CUBIC_K seconds, then grows above it as a cube (PROBE), so a limit
  that was raised is found again; a limit guessed after bare 429s is approached by CUBIC's curve from
  BETA x it.
- A 429 without Retry-After while few recent answers were 429s is noise (a sporadic refusal): that call
  backs off alone, for NOISE_BACKOFF of the retry policy's delay (the server is not congested, so a
  short wait is cheap, while a full backoff would make the refused calls the job's tail); the shared pace
  is left as it is.

Rate limits apply per API family, so AsyncCore keeps one pacer per path prefix (`Pacing`): a throttled
permissions API does not slow name lookups.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable

__all__ = ["Pacing", "SendPacer", "pacing_key"]


def pacing_key(path: str) -> str:
    """The API family of a request path: its first three segments, ids left out (``/api/2.0/permissions``)."""
    segments = [segment for segment in path.split("/")[1:4] if segment and not segment.isdigit()]
    return "/" + "/".join(segments)


class SendPacer:
    """When and how fast one API family may be sent to. All times come from the injected clock."""

    WINDOW = 1.0
    """Seconds of sends and answers used for the unpaced rate and to tell congestion from noise."""
    NOISE_SHARE = 0.2
    """A 429 without Retry-After is congestion only when more than this share of recent answers were 429s."""
    NOISE_BACKOFF = 0.2
    """A call refused by noise waits this share of the retry policy's delay (at least NOISE_MIN_DELAY)."""
    NOISE_MIN_DELAY = 0.02
    NOISE_MIN_RESPONSES = 10
    """The share is taken over at least this many answers, so a first stray 429 reads as noise."""
    PROBE = 0.02
    """A measured limit is held for CUBIC_K seconds, then exceeded by PROBE x ((t - CUBIC_K) / CUBIC_K)^3."""
    BETA = 0.7
    """Multiplicative cut of the rate sent after bare 429s, while no limit is measured (AWS adaptive mode's
    beta)."""
    CUBIC_K = 2.0
    """Seconds after a cut at which the CUBIC curve is back at the measured limit; beyond it, it probes."""
    CONFIDENCE = 1.0
    """The pace is the measured slope less this many standard errors of it. One, not two, and no further
    margin: a 300-object `apply` on virtual time (24 seeds) ran at a median 0.955 of its physical limit
    with two errors and 2 % below, 0.977 with one error."""
    MAX_ERROR = 0.1
    """A slope whose standard error is above this share of it measures nothing (e.g. a dozen answers within
    a few ms: one against a loopback emulator came out at half the server's rate)."""
    SPREAD = 0.8
    """Unpaced sends are at least this x (latency / concurrency) apart: a little faster than the slots allow."""
    MIN_GAP = 0.0005
    """Gaps shorter than this (fast servers) are not worth a sleep: unpaced sends are then not spread."""
    MIN_RATE = 0.5
    JITTER = 0.02
    """Seconds of the measured limit left in the server's bucket when a pause's refill is spent: a busy event
    loop bunches sends by a few ms, and a bucket spent to its last request refuses the first that comes
    early, which costs another pause (three of four traced 300-object applies met it right after the
    first pause). Virtual-time apply, 24 seeds: mean 0.948 of the limit without, 0.957 with."""
    OVERSPEND = 4.0
    """With the limit only estimated and round trips too short for an episode's answers to measure it (the
    shortest under MIN_SPAN), up to this x the first pause's refill is spent when the gate opens. The
    estimate is low when the server's bucket was part spent at the first send (an `apply` right after an
    `export`: 157 and 166/s against 200/s), and a refill spent short of the server's teaches nothing. Spent
    over, it meets a refusal that measures the limit (see _new_episode), for an estimate down to a quarter
    of it. That costs little at such round trips: the refusal is back within a few ms, so the gate closes
    again after about max_concurrency sends, whatever the factor, and the new pause's refill is spent when
    it ends."""
    SLACK = 0.05
    """With no limit measured, seconds of sends spent at once when the gate opens, or caught up after the
    event loop was late."""
    MIN_SPAN = 0.05
    """Seconds between an episode's first and last 429 below which no rate is measured over them. Over
    shorter spans (round trips of a few ms) the answers' times are the client's own processing, not the
    server's admissions: against a 400/s loopback emulator such slopes came out at 192 to 418/s, some with
    a small standard error, while the refill after the pause measured 396 to 400/s every time."""
    HISTORY = 20_000

    def __init__(self, clock: Callable[[], float], concurrency: int | None = None) -> None:
        self._clock = clock
        self._concurrency = concurrency
        self._latency: float | None = None  # the shortest successful round trip
        self._last_sent = -math.inf
        self.limit: float | None = None
        """The measured sustainable rate (before it is measured: the cut rate); None until throttled."""
        self.burst: float | None = None
        """The server's bucket, learned when a budget spent after a pause was refused in part; else None."""
        self.gate_until = -math.inf
        self._cut_at = -math.inf  # when the current episode's first 429 arrived
        self._measured = False
        # The first Retry-After's estimate (see _first_estimate): the first send, the send time of the
        # request whose 429 started the first episode, the successes among requests sent before it, and the
        # time they were admitted over plus the pause; whether the limit is that estimate.
        self._first_sent: float | None = None
        self._dry_sent = math.inf
        self._dry_ok = 0
        self._first_span: float | None = None
        self._estimated = False
        # The episode's answers to requests sent before the cut: successes so far, and one
        # (answer time, successes before it) point per 429.
        self._episode_ok = 0
        self._episode_points: list[tuple[float, int]] = []
        self._sends: deque[float] = deque()  # send times over the last window (the unpaced rate)
        self._answers: deque[tuple[float, bool]] = deque()  # (answered at, throttled) over the last window
        self._tokens = 0.0
        self._head_start = 0.0  # tokens over the refill spent when the gate opens (OVERSPEND)
        self._refilled_at = 0.0
        self._pause = 0.0  # length of the last shared pause
        self._server_pause = False  # whether the server asked for it (Retry-After)
        self._spending_since = math.inf  # when that pause ended: sends from then on spend its refill
        self._spent_ok = 0  # successes among those sends
        self.history: deque[tuple[float, float]] = deque(maxlen=self.HISTORY)
        """(time, allowed rate) at every paced send and every cut, for plots of what the pacer learned."""

    # ------------------------------------------------------------------ pace

    def rate(self, now: float | None = None) -> float | None:
        """The allowed send rate (requests/s) at ``now``; None while unpaced."""
        if self.limit is None:
            return None
        t = (self._clock() if now is None else now) - self._cut_at
        if self._measured or self._server_pause:  # held, then probing above it
            return max(self.MIN_RATE, self.limit * (1.0 + self.PROBE * max(t / self.CUBIC_K - 1.0, 0.0) ** 3))
        growth = (
            1.0 - self.BETA
        ) / self.CUBIC_K**3  # back from BETA x the guess to it at CUBIC_K, then above
        return max(self.MIN_RATE, self.limit * (1.0 + growth * (t - self.CUBIC_K) ** 3))

    def _refill(self, now: float) -> float:
        rate = self.rate(now)
        assert rate is not None
        if now > self._refilled_at:
            # What the server refills while we pause (never less than one request), at most its bucket. With
            # no limit measured or estimated the pace is above it (the rate sent, which the server refused),
            # so rate x pause would overstate the refill, and the pace spends the refill anyway: only SLACK's
            # worth.
            spend = self._pause - self.JITTER if self._measured or self._estimated else self.SLACK
            capacity = max(1.0, rate * spend + self._head_start)
            if self.burst is not None:
                capacity = min(capacity, self.burst)
            self._tokens = min(capacity, self._tokens + (now - self._refilled_at) * rate)
            self._refilled_at = now
        return rate

    def next_send_time(self) -> float:
        """The earliest time the next request may be sent (may be in the past)."""
        if self.limit is None:
            if self._latency is None or not self._concurrency:
                return self.gate_until
            gap = self.SPREAD * self._latency / self._concurrency
            return self.gate_until if gap < self.MIN_GAP else max(self.gate_until, self._last_sent + gap)
        now = self._clock()
        rate = self._refill(now)
        ready = now if self._tokens >= 1.0 else now + (1.0 - self._tokens) / rate
        return max(self.gate_until, ready)

    def mark_sent(self, now: float) -> None:
        """A request is being sent now (after next_send_time allowed it)."""
        if self._first_sent is None:
            self._first_sent = now
        self._last_sent = now
        self._sends.append(now)
        while self._sends[0] < now - self.WINDOW:
            self._sends.popleft()
        if self.limit is not None:
            rate = self._refill(now)
            self._tokens -= 1.0
            self.history.append((now, rate))

    # ------------------------------------------------------------------ learn

    def on_success(self, sent_at: float) -> None:
        """A request sent at ``sent_at`` succeeded."""
        self._answered(throttled=False)
        took = self._clock() - sent_at  # the minimum: start-up and queueing only ever add to it
        self._latency = took if self._latency is None else min(self._latency, took)
        if sent_at >= self._spending_since:
            self._spent_ok += 1
        if sent_at < self._cut_at:
            self._episode_ok += 1
        if sent_at < self._dry_sent:
            self._dry_ok += 1
            if self._estimated and not self._measured:  # a late answer of the first episode's round trip
                self.limit = self._first_estimate()

    def on_throttled(self, sent_at: float, delay: float, *, retry_after: bool) -> float:
        """A request sent at ``sent_at`` got a 429; ``delay`` is the wait the retry policy chose for it
        (the server's Retry-After if it gave one). Returns how long that call waits before it queues again."""
        now = self._clock()
        self._answered(throttled=True)
        if not retry_after and not self._congested():
            return min(delay, max(self.NOISE_MIN_DELAY, delay * self.NOISE_BACKOFF))  # noise: this call alone
        if sent_at > self._cut_at:
            self._new_episode(now, sent_at, delay, retry_after=retry_after)
        else:  # refused while the episode's answers are coming in: one more point to measure over
            self._episode_points.append((now, self._episode_ok))
            self._measure()
        return delay

    def _answered(self, *, throttled: bool) -> None:
        now = self._clock()
        self._answers.append((now, throttled))
        while self._answers[0][0] < now - self.WINDOW:
            self._answers.popleft()

    def _congested(self) -> bool:
        throttled = sum(1 for _, refused in self._answers if refused)
        return throttled / max(len(self._answers), self.NOISE_MIN_RESPONSES) > self.NOISE_SHARE

    def _new_episode(self, now: float, sent_at: float, delay: float, *, retry_after: bool) -> None:
        known = self.limit if self._measured else None  # the last measured limit
        if sent_at >= self._spending_since and self.limit is not None:
            since = sent_at - self._spending_since
            if self._measured:
                # The budget spent after the last pause was refused in part: the server's bucket held what
                # it admitted since the gate opened, less what it refilled meanwhile.
                self.burst = max(1.0, self._spent_ok - self.limit * since)
            elif retry_after and self._server_pause:  # a rate limit's refusals: not bursts of noise
                # No limit measured yet (round trips too short for an episode's answers to span any time):
                # since its bucket ran dry at the pause's start, the server admitted what it refilled over
                # the pause and since, i.e. its rate (a lower bound if its bucket could not hold the
                # pause's refill).
                known = max(self.MIN_RATE, self._spent_ok / (self._pause + since))
        current = self.rate(now)
        if current is None:  # never paced: the rate sent over the last window
            span = max(min(self.WINDOW, now - self._sends[0]) if self._sends else 0.0, 1e-3)
            current = max(len(self._sends) / span, self.MIN_RATE)
        first = self.limit is None
        if first:
            self._dry_sent = sent_at
            started = now if self._first_sent is None else self._first_sent
            span = now + delay - started - (self._latency or 0.0)
            self._first_span = span if retry_after and span > 0 and self._dry_ok else None
        self._estimated = first and self._first_span is not None
        # The anchor until the episode's answers measure the limit: the last measured one, else the first
        # Retry-After's estimate, else the rate sent (cut by BETA after bare 429s). Without it an unmeasured
        # episode cut a known limit again.
        self.limit = known if known is not None else self._first_estimate() if self._estimated else current
        self._measured = known is not None
        self._cut_at = now
        self._episode_ok = 0
        self._episode_points = [(now, 0)]
        self.gate_until = max(self.gate_until, now + delay)
        self._pause = max(self.gate_until - now, 0.0)
        short_trips = self._latency is not None and self._latency < self.MIN_SPAN
        over = self.OVERSPEND - 1.0 if self._estimated and short_trips else 0.0
        self._head_start = over * self.limit * self._pause
        self._tokens, self._refilled_at = self._head_start, now  # the server's bucket is empty now
        self._server_pause = retry_after
        self._spending_since, self._spent_ok = self.gate_until, 0
        self.history.append((now, self.rate(now) or current))

    def _first_estimate(self) -> float:
        """The limit as the first Retry-After tells it, until the episode's answers measure it (round trips
        of a few ms never do): if the server's bucket was full when this family's first request went out
        and holds what it refills over a pause (a limit of N/s that lets N through at once and refuses with
        Retry-After: 1), it admitted the requests sent before the first refused one over the time from the
        first send to the pause's end, less the latency between admission and answer.

        Otherwise it is off, at the cost of at most the second refusal that the rate sent would have met
        anyway: a bucket part spent, or left full while the first sends trickled, makes it low (the pace
        probes up from it); one that holds less or more than a pause's refill makes the refill spent after
        the pause (estimate x pause) too large, and its refusal measures the limit (see _new_episode).
        Without it, a short job met that second refusal near its end, where its pause costs most (a
        1,000-object apply against a 400/s loopback emulator ran at 0.81-0.91 of its limit, 0.98 with it)."""
        assert self._first_span is not None
        return max(self.MIN_RATE, self._dry_ok / self._first_span)

    def _measure(self) -> None:
        """The limit: the least-squares slope of successes counted against the 429s' answer times."""
        points = self._episode_points
        if points[-1][0] - points[0][0] < self.MIN_SPAN or points[-1][1] < 2:
            return
        mean_t = sum(t for t, _ in points) / len(points)
        mean_n = sum(n for _, n in points) / len(points)
        var = sum((t - mean_t) ** 2 for t, _ in points)
        cov = sum((t - mean_t) * (n - mean_n) for t, n in points)
        if var <= 0 or cov <= 0:
            return
        slope = cov / var
        # Run at the slope's lower confidence bound: a limit measured high costs a 429, and a 429 among
        # the last calls costs a whole Retry-After; one measured a little low costs a little time.
        residuals = sum((n - mean_n - slope * (t - mean_t)) ** 2 for t, n in points)
        error = math.sqrt(residuals / max(len(points) - 2, 1) / var)
        if error > self.MAX_ERROR * slope:
            return  # a few scattered points (round trips of a few ms): the refill after the pause measures
        self.limit = max(self.MIN_RATE, slope - self.CONFIDENCE * error)
        self._measured = True
        self.history.append((self._clock(), self.rate() or self.limit))


class Pacing:
    """One SendPacer per API family (`pacing_key`), created on first use; ``concurrency``: the client's bound
    on requests in flight, which spreads unpaced sends (SendPacer.SPREAD)."""

    def __init__(self, clock: Callable[[], float], concurrency: int | None = None) -> None:
        self._clock = clock
        self._concurrency = concurrency
        self.pacers: dict[str, SendPacer] = {}

    def for_path(self, path: str) -> SendPacer:
        """The pacer of the API family that ``path`` belongs to."""
        key = pacing_key(path)
        pacer = self.pacers.get(key)
        if pacer is None:
            pacer = self.pacers[key] = SendPacer(self._clock, self._concurrency)
        return pacer
