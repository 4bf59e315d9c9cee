"""Adaptive send pacing for AsyncCore: learn a rate limit from 429s and successes, then run just under it.

Why: bulk work (hundreds of calls through asyncio.gather) against a token-bucket rate limit would otherwise
fire `max_concurrency` requests at a time, collect waves of 429s and retry them in bursts. The design follows
the AWS SDKs' adaptive retry mode (a client-side token bucket whose fill rate is learned from throttling, with
CUBIC growth after a cut) and TCP's congestion control (one cut per congestion episode, i.e. per round trip,
not one per lost request):

- Unpaced until the first congestion signal.
- A congestion episode starts with a 429 for a request sent after the previous episode began; 429s for
  requests already in flight then belong to the same episode and cut nothing.
- The limit is *measured*, not guessed: the requests sent between the episode's first refused send and the
  cut met a saturated server, so the successes among them, over that span, are the server's sustainable
  rate. Until those answers are in, the rate is cut multiplicatively (BETA), as AWS does.
- After a cut the rate follows a CUBIC curve anchored at the measured limit: HEADROOM below it at the cut,
  flat near it, then probing above it, so a limit that was raised is found again.
- Retry-After closes a shared gate (the server asked for a pause), but the client's token bucket keeps
  filling during the pause, so the budget the server refilled meanwhile is spent when the gate opens
  instead of restarting at one request per 1/rate.
- A 429 without Retry-After while few recent responses were 429s is noise (a sporadic refusal): that call
  backs off alone; the shared pace is left as it is.

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
    """Seconds of responses used to tell congestion from noise."""
    NOISE_SHARE = 0.2
    """A 429 without Retry-After is congestion only when more than this share of recent responses were 429s."""
    NOISE_MIN_RESPONSES = 10
    """The share is taken over at least this many responses, so a first stray 429 reads as noise."""
    HEADROOM = 0.97
    """Right after a cut, run at this fraction of the measured limit."""
    BETA = 0.7
    """Multiplicative cut while the limit cannot be measured yet (AWS adaptive mode's beta)."""
    CUBIC_K = 2.0
    """Seconds after a cut at which the CUBIC curve is back at the measured limit; beyond it, it probes."""
    MIN_RATE = 0.5
    MIN_SPAN = 0.02
    """Seconds between two refused sends below which their gap is too short to measure a rate over."""
    HISTORY = 20_000

    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self.limit: float | None = None
        """The measured sustainable rate (before it is measured: the rate at the cut); None until throttled."""
        self.burst: float | None = None
        """What the server admitted beyond its rate before the first episode (its bucket), once measured."""
        self.gate_until = -math.inf
        self._cut_at = -math.inf  # when the current episode's first 429 arrived
        self._episode_first_sent = math.inf  # when the episode's first refused request was sent
        self._episode_ok: list[float] = []  # send times of the successes sent between then and the cut
        self._episode_refused: list[float] = []  # send times of the 429s sent between then and the cut
        self._measured = False
        self._first_sent: float | None = None
        self._ok_before_first_episode = 0
        self._burst_episode: float | None = None
        self._sends: deque[float] = deque()
        self._recent_ok: deque[float] = deque()  # send times of the last window's successes
        self._responses: deque[tuple[float, bool]] = deque()  # (answered at, throttled)
        self._tokens = 0.0
        self._refilled_at = 0.0
        self.history: deque[tuple[float, float]] = deque(maxlen=self.HISTORY)
        """(time, allowed rate) at every paced send and every cut, for plots of what the pacer learned."""

    # ------------------------------------------------------------------ pace

    def rate(self, now: float | None = None) -> float | None:
        """The allowed send rate (requests/s) at ``now``; None while unpaced."""
        if self.limit is None:
            return None
        # CUBIC: `start` x limit at the cut, flat near the limit around CUBIC_K, then probing above it.
        start = self.HEADROOM if self._measured else self.BETA
        t = (self._clock() if now is None else now) - self._cut_at
        growth = (1.0 - start) / self.CUBIC_K**3
        return max(self.MIN_RATE, self.limit * (1.0 + growth * (t - self.CUBIC_K) ** 3))

    def _capacity(self, rate: float) -> float:
        # What the server refills while we pause: one second of its rate at most, never more than its bucket.
        capacity = rate if self.burst is None else min(rate, 0.9 * self.burst)
        return max(1.0, capacity)

    def _refill(self, now: float) -> float:
        rate = self.rate(now)
        assert rate is not None
        if now > self._refilled_at:
            self._tokens = min(self._capacity(rate), self._tokens + (now - self._refilled_at) * rate)
            self._refilled_at = now
        return rate

    def next_send_time(self) -> float:
        """The earliest time the next request may be sent (may be in the past)."""
        if self.limit is None:
            return self.gate_until
        now = self._clock()
        rate = self._refill(now)
        ready = now if self._tokens >= 1.0 else now + (1.0 - self._tokens) / rate
        return max(self.gate_until, ready)

    def mark_sent(self, now: float) -> None:
        """A request is being sent now (after next_send_time allowed it)."""
        if self._first_sent is None:
            self._first_sent = now
        self._sends.append(now)
        while self._sends and self._sends[0] < now - self.WINDOW:
            self._sends.popleft()
        if self.limit is not None:
            rate = self._refill(now)
            self._tokens -= 1.0
            self.history.append((now, rate))

    # ------------------------------------------------------------------ learn

    def on_success(self, sent_at: float) -> None:
        """A request sent at ``sent_at`` succeeded."""
        self._answered(throttled=False)
        if self._burst_episode is None and sent_at < self._episode_first_sent:
            self._ok_before_first_episode += 1
        self._recent_ok.append(sent_at)
        while self._recent_ok and self._recent_ok[0] < sent_at - self.WINDOW:
            self._recent_ok.popleft()
        if self._episode_first_sent <= sent_at < self._cut_at:
            self._episode_ok.append(sent_at)
            self._measure()

    def on_throttled(self, sent_at: float, delay: float, *, retry_after: bool) -> float:
        """A request sent at ``sent_at`` got a 429; ``delay`` is the wait the retry policy chose for it
        (the server's Retry-After if it gave one). Returns how long that call waits before it queues again."""
        now = self._clock()
        self._answered(throttled=True)
        if not retry_after and not self._congested(now):
            return delay  # noise: this call backs off alone
        if sent_at > self._cut_at:
            self._new_episode(now, sent_at, delay)
        elif sent_at < self._cut_at:  # refused while the episode's answers are coming in
            if sent_at < self._episode_first_sent:  # overtaken by a later answer: the episode began earlier
                self._episode_first_sent = sent_at
                self._episode_ok = [t for t in self._recent_ok if sent_at <= t < self._cut_at]
            self._episode_refused.append(sent_at)
            self._measure()
        return delay

    def _answered(self, *, throttled: bool) -> None:
        now = self._clock()
        self._responses.append((now, throttled))
        while self._responses and self._responses[0][0] < now - self.WINDOW:
            self._responses.popleft()

    def _congested(self, now: float) -> bool:
        throttled = sum(1 for _, refused in self._responses if refused)
        return throttled / max(len(self._responses), self.NOISE_MIN_RESPONSES) > self.NOISE_SHARE

    def _new_episode(self, now: float, sent_at: float, delay: float) -> None:
        first = self.limit is None
        current = self.rate(now)
        if current is None:  # never paced: the rate that was being sent over the last window
            began = now if self._first_sent is None else self._first_sent
            span = min(self.WINDOW, max(now - began, 1e-3))
            current = max(len(self._sends) / span, self.MIN_RATE)
        self.limit = current  # the CUBIC anchor until the episode's answers measure the real limit
        self._measured = False
        self._cut_at = now
        self._episode_first_sent = sent_at
        # Answers may overtake each other: successes sent after the refused request may already be in.
        self._episode_ok = [t for t in self._recent_ok if sent_at <= t < now]
        self._episode_refused = [sent_at]
        self._measure()
        self.gate_until = max(self.gate_until, now + delay)
        if first:
            self._tokens, self._refilled_at = 0.0, now
        self.history.append((now, self.rate(now) or current))

    def _measure(self) -> None:
        """The server's rate from the answers to requests sent between the episode's first refusal and the
        cut. Between two refused sends the bucket was empty at both ends, so what it admitted in between
        is exactly what it refilled: successes / time between them. With refusals too close together for
        that, successes / the whole span (a lower bound when the client sent in clumps)."""
        refused = sorted(self._episode_refused)
        between = sum(1 for t in self._episode_ok if refused and refused[0] < t <= refused[-1])
        if len(refused) >= 2 and between >= 2 and refused[-1] - refused[0] >= self.MIN_SPAN:
            measured = between / (refused[-1] - refused[0])
        else:
            span = self._cut_at - self._episode_first_sent
            if len(self._episode_ok) < 3 or span <= 0:
                return
            measured = len(self._episode_ok) / span
        self.limit = max(self.MIN_RATE, measured)
        self._measured = True
        if self._burst_episode in (None, self._cut_at) and self._first_sent is not None:
            self._burst_episode = self._cut_at  # measured in the first episode only: the bucket was full
            admitted = self._ok_before_first_episode - measured * (
                self._episode_first_sent - self._first_sent
            )
            self.burst = max(1.0, admitted)
        self.history.append((self._clock(), self.rate() or self.limit))


class Pacing:
    """One SendPacer per API family (`pacing_key`), created on first use."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self.pacers: dict[str, SendPacer] = {}

    def for_path(self, path: str) -> SendPacer:
        """The pacer of the API family that ``path`` belongs to."""
        key = pacing_key(path)
        pacer = self.pacers.get(key)
        if pacer is None:
            pacer = self.pacers[key] = SendPacer(self._clock)
        return pacer
