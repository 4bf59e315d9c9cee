"""SyncCore / AsyncCore: the one place that sends requests, retries, enforces deadlines and paces bulk work.

Both cores run the same per-call bookkeeping (`_Call`) and the same pure retry decision
(`retry_delay`), so the sync and async clients cannot drift apart.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import heapq
import itertools
import logging
import math
import random
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping

import attrs
import httpx

from ._errors import (
    ApiConnectionError,
    ApiTimeoutError,
    DatabricksError,
    ResponseTooLarge,
    error_from_response,
    parse_retry_after,
    redact_plain_text,
    redact_text,
    truncate,
)
from ._pacing import Pacing, SendPacer
from ._response import record_response
from ._validation import RequestValidationError

__all__ = [
    "DEFAULT_MAX_RESPONSE_BYTES",
    "AsyncCore",
    "RetryPolicy",
    "SyncCore",
    "is_retryable",
    "parse_retry_after",
    "retry_delay",
]

logger = logging.getLogger("databricks_mlflow_client")

LOG_BODY_LIMIT = 1024
# Largest response body accepted, counted after decompression (a 1 MB gzip body can inflate to 1 GiB).
DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024
# Encoded bytes decoded per step: at zlib's worst ratio (~1:1000) one step inflates to at most ~1 MiB
# before the cap is checked again.
_DECODE_STEP = 1024

# The server says it did not do the work: safe to re-send any operation.
ALWAYS_RETRIED_STATUSES = frozenset({429, 503})
# A gateway gave up; the backend may still have done the work, so only idempotent operations are re-sent.
IDEMPOTENT_RETRIED_STATUSES = frozenset({502, 504})
# The request never left the client: re-sending cannot duplicate work.
NOT_SENT_ERRORS: tuple[type[httpx.TransportError], ...] = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
)
# Deterministic client-side faults: another attempt would fail the same way.
NEVER_RETRIED_ERRORS: tuple[type[httpx.TransportError], ...] = (
    httpx.UnsupportedProtocol,
    httpx.LocalProtocolError,
)


def _positive(_: object, attribute: attrs.Attribute[float] | attrs.Attribute[int], value: float) -> None:
    if not value > 0:
        raise ValueError(f"RetryPolicy.{attribute.name} must be > 0, got {value!r}")


@attrs.frozen
class RetryPolicy:
    """How long one call may take across attempts, and how long to wait between attempts (seconds).

    ``timeout`` is the call's deadline in wall time from the moment it is made: it bounds every attempt
    including the time its response body takes to arrive, the waits between attempts, and (async client)
    the time spent queued for a ``max_concurrency`` slot or behind the rate-limit pause. No wait between
    attempts is shorter than ``min_delay`` (capped by ``backoff_initial``); a ``Retry-After`` of zero, a
    negative number or a past date is ignored in favour of the normal backoff.
    """

    timeout: float = attrs.field(default=300.0, validator=_positive)
    backoff_initial: float = attrs.field(default=0.5, validator=_positive)
    backoff_max: float = attrs.field(default=20.0, validator=_positive)
    max_retry_after: float = attrs.field(default=60.0, validator=_positive)
    # A refused or unresolvable connection is retried this many attempts at most, not for the whole
    # deadline: a wrong host fails in seconds, while a server restarting is still ridden out.
    max_connect_attempts: int = attrs.field(default=5, validator=_positive)
    min_delay: float = attrs.field(default=0.05, validator=_positive)

    def delay(self, attempt: int, retry_after: float | None) -> float:
        """Wait after failed attempt number `attempt` (1-based): a positive Retry-After (capped), else
        full-jitter backoff; never less than the floor, so no server answer can cause a retry storm."""
        floor = min(self.min_delay, self.backoff_initial)
        if retry_after is not None and retry_after > 0:
            return max(min(retry_after, self.max_retry_after), floor)
        ceiling = min(self.backoff_max, self.backoff_initial * 2.0 ** min(max(attempt - 1, 0), 64))
        return max(random.uniform(0.0, ceiling), floor)


def is_retryable(*, idempotent: bool, status: int | None = None, error: BaseException | None = None) -> bool:
    """Whether a failed attempt may be re-sent. Exactly one of `status` and `error` describes the failure."""
    if error is not None:
        if isinstance(error, NEVER_RETRIED_ERRORS):
            return False
        if isinstance(error, NOT_SENT_ERRORS):
            return True
        # Read timeout, server disconnect, read/write error, a body mangled in transit (DecodingError):
        # the bytes may have reached the server.
        return isinstance(error, httpx.RequestError) and idempotent
    if status in ALWAYS_RETRIED_STATUSES:
        return True
    return status in IDEMPOTENT_RETRIED_STATUSES and idempotent


def retry_delay(
    policy: RetryPolicy,
    *,
    idempotent: bool,
    attempt: int,
    remaining: float,
    status: int | None = None,
    error: BaseException | None = None,
    retry_after: float | None = None,
) -> float | None:
    """Seconds to wait before the next attempt, or None to give up now (not retryable, or out of budget)."""
    if not is_retryable(idempotent=idempotent, status=status, error=error):
        return None
    if (
        isinstance(error, httpx.ConnectError | httpx.ConnectTimeout)
        and attempt >= policy.max_connect_attempts
    ):
        return None
    delay = policy.delay(attempt, retry_after)
    return delay if delay < remaining else None


def _connection_error(
    exc: httpx.RequestError, request: httpx.Request, attempts: int, *, retryable: bool
) -> ApiConnectionError:
    cls = ApiTimeoutError if isinstance(exc, httpx.TimeoutException) else ApiConnectionError
    if isinstance(exc, httpx.LocalProtocolError):
        # h11's message quotes the offending header, which may be `Authorization: Bearer <token>`.
        detail = (
            "a request header is not valid HTTP (a control character, or a space around a value); not sent"
        )
    else:
        detail = str(exc).strip()
    message = f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
    message += f" ({request.url.scheme}://{_host_port(request.url)})"  # a wrong host must be obvious
    if request.url.scheme == "https" and "WRONG_VERSION_NUMBER" in detail:
        message += (
            " (the server does not speak TLS: if it is plain http, such as the emulator, give the host as "
            f"http://{_host_port(request.url)}; a host without a scheme gets https://)"
        )
    if not retryable and not isinstance(exc, NEVER_RETRIED_ERRORS):
        message += (
            " (not retried: the operation is not idempotent and the request may have reached the server)"
        )
    return cls(redact_plain_text(message), method=request.method, path=request.url.path, attempts=attempts)


def _host_port(url: httpx.URL) -> str:
    # Not url.netloc: that may carry user:password.
    port = url.port or {"http": 80, "https": 443}.get(url.scheme)
    return f"{url.host}:{port}" if port else url.host


def _capped_timeout(base: Mapping[str, float | None], remaining: float) -> dict[str, float | None]:
    budget = max(remaining, 0.0)
    return {phase: budget if value is None else min(value, budget) for phase, value in base.items()}


def _body_for_log(read: Callable[[], bytes]) -> str:
    try:
        raw = read()
    except (httpx.RequestNotRead, httpx.ResponseNotRead):
        return "<stream>"
    if not raw:
        return "-"
    # Redacted from a bounded prefix: a huge body costs no more to log than 64 KiB of it (a cut JSON
    # document is redacted by the key=value rules instead).
    text = raw[: 64 * LOG_BODY_LIMIT].decode("utf-8", errors="replace")
    shown = truncate(redact_text(text), LOG_BODY_LIMIT)
    return shown if len(raw) <= 64 * LOG_BODY_LIMIT else f"{shown} ({len(raw)} bytes)"


class _Body:
    """One response body, read under the call's deadline and the size cap; sans-IO, fed by both cores.

    Why not httpx's read(): its read timeout applies per read, so a server sending a byte every 0.5 s
    keeps the call alive indefinitely, and it inflates a compressed body whole before anyone can look.
    """

    def __init__(self, response: httpx.Response, call: _Call, limit: int) -> None:
        self.response = response
        self.call = call
        self.limit = limit
        self.chunks: list[bytes] = []
        self.size = 0
        encoded = response.headers.get("Content-Encoding", "identity").lower() not in ("", "identity")
        self.step = _DECODE_STEP if encoded else None
        # httpx's own decoder for the response's Content-Encoding (gzip, deflate, br, zstd, or none).
        self.decoder = response._get_content_decoder()
        length = response.headers.get("Content-Length", "")
        if not encoded and length.isdigit() and int(length) > limit:
            raise self.too_large(f"Content-Length {length}")

    def feed(self, raw: bytes) -> None:
        """Take the raw bytes as they arrived (not re-chunked: a trickle is seen byte by byte)."""
        step = self.step or max(len(raw), 1)
        for start in range(0, len(raw), step):
            self._add(self.decoder.decode(raw[start : start + step]))
        if self.call.remaining() <= 0 and not self._complete():
            raise httpx.ReadTimeout(
                f"the response body was still arriving when the call's {self.call.policy.timeout:g} s "
                "deadline passed",
                request=self.call.request,
            )

    def _complete(self) -> bool:
        length = self.response.headers.get("Content-Length", "")
        return length.isdigit() and self.response.num_bytes_downloaded >= int(length)

    def finish(self) -> None:
        self._add(self.decoder.flush())
        self.response._content = b"".join(self.chunks)  # what httpx's read() stores

    def check_preloaded(self) -> None:
        """An in-memory transport's response arrives already read: only the cap applies."""
        if len(self.response.content) > self.limit:
            raise self.too_large(f"{len(self.response.content)} bytes")

    def _add(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.limit:
            raise self.too_large(f"more than {self.limit} bytes")
        if data:
            self.chunks.append(data)

    def too_large(self, found: str) -> ResponseTooLarge:
        request = self.call.request
        return ResponseTooLarge(
            f"response body too large: {found}, over max_response_bytes={self.limit} "
            "(raise it on the client if this response is expected)",
            status_code=self.response.status_code,
            method=request.method,
            path=request.url.path,
            attempts=self.call.attempt,
        )


def _read_body(response: httpx.Response, call: _Call, limit: int) -> None:
    try:
        body = _Body(response, call, limit)
        if response.is_stream_consumed:
            body.check_preloaded()
            return
        for raw in response.iter_raw():
            body.feed(raw)
        body.finish()
    finally:
        response.close()


async def _aread_body(response: httpx.Response, call: _Call, limit: int) -> None:
    try:
        body = _Body(response, call, limit)
        if response.is_stream_consumed:
            body.check_preloaded()
            return
        async for raw in response.aiter_raw():
            body.feed(raw)
        body.finish()
    finally:
        await response.aclose()


_NOT_A_SEGMENT = frozenset({"", ".", ".."})


def check_path_segments(operation_id: str, values: Mapping[str, object]) -> None:
    """Refuse a path parameter that is no path segment, before the generated builder percent-encodes it:
    httpx normalises dot segments away, so ".." would address another endpoint. Raises RequestValidationError."""
    for name, value in values.items():
        segment = str(value)
        if segment in _NOT_A_SEGMENT:
            raise RequestValidationError(operation_id, name, f"must be a path segment (got {segment!r})")


class _Call:
    """Bookkeeping for one logical call across its attempts: deadline, attempt count, logging, the last failure."""

    def __init__(
        self,
        request: httpx.Request,
        *,
        idempotent: bool,
        policy: RetryPolicy,
        clock: Callable[[], float],
        client_timeout: httpx.Timeout,
    ) -> None:
        self.request = request
        self.idempotent = idempotent
        self.policy = policy
        self.clock = clock
        self.deadline = math.inf  # set by start()
        self.attempt = 0
        self.attempt_started = 0.0
        self.last_failure: DatabricksError | None = None
        self.maybe_applied = False  # an earlier attempt may have reached the server and done the work
        configured = request.extensions.get("timeout")
        self.base_timeout: dict[str, float | None] = (
            dict(configured) if isinstance(configured, Mapping) else client_timeout.as_dict()
        )

    def start(self, at: float | None = None) -> None:
        """Start the budget: when the call is made (``at``, default now), so the deadline is wall time from
        the call for both cores (an async call queued behind max_concurrency or the rate-limit pause spends
        it waiting)."""
        self.deadline = (self.clock() if at is None else at) + self.policy.timeout

    def remaining(self) -> float:
        return self.deadline - self.clock()

    def begin_attempt(self) -> None:
        remaining = self.remaining()
        if self.attempt and remaining <= 0:
            raise self.give_up()
        self.attempt += 1
        self.request.extensions["timeout"] = _capped_timeout(self.base_timeout, remaining)
        self.attempt_started = self.clock()

    def give_up(self) -> DatabricksError:
        """The error to raise when the budget is spent: the last API error, or a timeout if nothing was sent."""
        if self.last_failure is not None:
            return self.last_failure
        return ApiTimeoutError(
            f"not sent: the call's {self.policy.timeout:g} s deadline passed (or would, before the "
            "rate-limit pause ends) while it waited for a concurrency slot or its turn to send",
            method=self.request.method,
            path=self.request.url.path,
            attempts=0,
        )

    def on_response(self, response: httpx.Response) -> float | None:
        """Record and log the attempt's response. None on success; else the delay before retrying (or raise)."""
        record_response(response)
        self._log(str(response.status_code), response)
        if response.is_success:
            return None
        if response.status_code == 404 and self.maybe_applied and self.request.method == "DELETE":
            return None  # the attempt whose answer was lost did the delete: the object is gone, as asked
        if response.status_code in (502, 504):
            self.maybe_applied = True
        failure = error_from_response(response, attempts=self.attempt)
        self.last_failure = failure
        delay = retry_delay(
            self.policy,
            idempotent=self.idempotent,
            attempt=self.attempt,
            remaining=self.remaining(),
            status=response.status_code,
            retry_after=failure.retry_after,
        )
        if delay is None:
            raise failure
        return delay

    def on_transport_error(self, exc: httpx.RequestError) -> float:
        """Log the failed attempt; return the delay before retrying, or raise ApiConnectionError from `exc`."""
        self._log(type(exc).__name__, None)
        retryable = is_retryable(idempotent=self.idempotent, error=exc)
        if not is_retryable(idempotent=False, error=exc):  # not "never sent": the bytes may have arrived
            self.maybe_applied = True
        previous = self.last_failure
        failure = _connection_error(exc, self.request, self.attempt, retryable=retryable)
        # Chained for debugging, except an error whose text may hold a header value (the token).
        cause = None if isinstance(exc, httpx.LocalProtocolError) else exc
        failure.__cause__ = cause
        failure.__suppress_context__ = True
        self.last_failure = failure
        delay = retry_delay(
            self.policy,
            idempotent=self.idempotent,
            attempt=self.attempt,
            remaining=self.remaining(),
            error=exc,
        )
        if delay is not None:
            return delay
        if (
            retryable
            and previous is not None
            and isinstance(exc, httpx.TimeoutException)
            and self.remaining() <= 0
        ):
            # This attempt only timed out because its timeout was cut to the end of the budget: the
            # previous failure (e.g. the 429 that kept us retrying) is the informative error.
            previous.attempts = self.attempt
            raise previous
        raise failure from cause

    def _log(self, outcome: str, response: httpx.Response | None) -> None:
        if not logger.isEnabledFor(logging.DEBUG):
            return
        request = self.request
        logger.debug(
            "%s %s -> %s (attempt %d, %.3f s) request=%s response=%s",
            request.method,
            redact_plain_text(request.url.raw_path.decode("ascii", errors="replace")),
            outcome,
            self.attempt,
            self.clock() - self.attempt_started,
            _body_for_log(lambda: request.content),
            "-" if response is None else _body_for_log(lambda: response.content),
        )


class SyncCore:
    """Sends requests through an httpx.Client with retries inside one total deadline per call."""

    def __init__(
        self,
        http: httpx.Client,
        *,
        retry: RetryPolicy = RetryPolicy(),
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        self.http = http
        self.retry = retry
        self.max_response_bytes = max_response_bytes
        self._sleep = sleep
        self._clock = clock

    def send(self, request: httpx.Request, *, idempotent: bool) -> httpx.Response:
        """Return the 2xx response, or raise the DatabricksError of the last attempt."""
        call = _Call(
            request,
            idempotent=idempotent,
            policy=self.retry,
            clock=self._clock,
            client_timeout=self.http.timeout,
        )
        call.start()
        while True:
            call.begin_attempt()
            try:
                response = self.http.send(request, stream=True)
                _read_body(response, call, self.max_response_bytes)
            except httpx.RequestError as exc:
                self._sleep(call.on_transport_error(exc))
                continue
            delay = call.on_response(response)
            if delay is None:
                return response
            self._sleep(delay)


_call_order: contextvars.ContextVar[int | None] = contextvars.ContextVar(
    "databricks_mlflow_call_order", default=None
)
_next_call_order = itertools.count()


def begin_call_order() -> int:
    """Number the current task on its first request; its later requests keep that place in the queue."""
    order = _call_order.get()
    if order is None:
        order = next(_next_call_order)
        _call_order.set(order)
    return order


# Arms a timer that resolves a waiter's future to False; returns what cancels the timer.
_Timer = Callable[["asyncio.Future[bool]"], Callable[[], object]]


def _time_up(future: asyncio.Future[bool]) -> None:
    if not future.done():
        future.set_result(False)


class _OldestFirstSlots:
    """Concurrency slots handed to the oldest waiting call, not to the first request that asked.

    Why: bulk work makes several requests per call (resolve a name, then PATCH). First-come slots run
    every call's first request before any second one, so the writes arrive in one late burst against the
    rate limit; oldest-first finishes calls that have started, which pipelines lookups and writes.
    """

    def __init__(self, size: int) -> None:
        self._free = size
        self._waiting: list[tuple[int, int, asyncio.Future[bool]]] = []
        self._arrival = itertools.count()

    def try_acquire(self) -> bool:
        """Take a free slot if one is free and nobody is waiting for it."""
        if self._free and not self._waiting:
            self._free -= 1
            return True
        return False

    async def acquire(self, order: int, timer: _Timer | None = None) -> bool:
        """Wait for a slot: True once handed one, False when ``timer`` (armed on the waiter's future) ran out
        first. One future per waiter and no task: a bulk gather waits here twice a request."""
        if self.try_acquire():
            return True
        future: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._waiting, (order, next(self._arrival), future))
        cancel_timer = timer(future) if timer is not None else None
        try:
            return await future
        except asyncio.CancelledError:
            if future.done() and not future.cancelled() and future.result():
                self.release()  # handed a slot just as we were cancelled: pass it on
            raise
        finally:
            if cancel_timer is not None:
                cancel_timer()

    def release(self) -> None:
        while self._waiting:
            _, _, future = heapq.heappop(self._waiting)
            if not future.done():  # cancelled or timed-out waiters are skipped here rather than searched for
                future.set_result(True)
                return
        self._free += 1


class AsyncCore:
    """Sends requests through an httpx.AsyncClient: retries, deadlines, bounded concurrency and pacing."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        *,
        retry: RetryPolicy = RetryPolicy(),
        max_concurrency: int = 32,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        if max_concurrency < 1:
            raise ValueError(f"max_concurrency must be >= 1, got {max_concurrency}")
        self.http = http
        self.retry = retry
        self.max_response_bytes = max_response_bytes
        self.max_concurrency = max_concurrency
        self._sleep = sleep
        self._clock = clock
        self._slots = _OldestFirstSlots(max_concurrency)
        self._pacing = Pacing(clock, max_concurrency)
        # Calls building or sending at once. Why: asyncio.gather of N calls runs each to its first await,
        # so without this every request was built (~0.6 ms each) before the loop saw the first connection
        # open: 300 grants sent nothing for 0.2 s, and 10,000 for 6 s. Twice the concurrency keeps the
        # slots fed while a call waits out a backoff.
        self._building = _OldestFirstSlots(2 * max_concurrency)  # first come, first built
        self._build_order = itertools.count()

    def now(self) -> float:
        """The core's clock (injected for tests)."""
        return self._clock()

    @contextlib.asynccontextmanager
    async def turn_to_build(self, started: float) -> AsyncIterator[bool]:
        """Wait, within the deadline of a call made at ``started``, until the call may build its request;
        yields False when the deadline passed first (then `send` gives up with the not-sent error)."""
        if self._building.try_acquire():
            try:
                yield True
            finally:
                self._building.release()
            return
        delay = max(started + self.retry.timeout - self._clock(), 0.0)
        admitted = await self._building.acquire(next(self._build_order), self._timer(delay))
        try:
            yield admitted
        finally:
            if admitted:
                self._building.release()

    def _timer(self, seconds: float) -> _Timer:
        """What resolves a slot waiter to False after ``seconds``: a timer handle on the loop when the core
        sleeps with asyncio.sleep (as cheap as it gets), else the injected sleep in a task (tests' clocks)."""
        if self._sleep is asyncio.sleep:

            def arm(future: asyncio.Future[bool]) -> Callable[[], object]:
                return asyncio.get_running_loop().call_later(seconds, _time_up, future).cancel

            return arm

        def arm_sleep(future: asyncio.Future[bool]) -> Callable[[], object]:
            sleeper = asyncio.ensure_future(self._sleep(seconds))
            sleeper.add_done_callback(lambda done: None if done.cancelled() else _time_up(future))
            return sleeper.cancel

        return arm_sleep

    async def send(
        self, request: httpx.Request, *, idempotent: bool, started: float | None = None, admitted: bool = True
    ) -> httpx.Response:
        """Return the 2xx response, or raise the DatabricksError of the last attempt. ``started``: when the
        call was made (its deadline counts from then); ``admitted`` False: it never got its turn to build."""
        order = begin_call_order()
        call = _Call(
            request,
            idempotent=idempotent,
            policy=self.retry,
            clock=self._clock,
            client_timeout=self.http.timeout,
        )
        pacer = self._pacing.for_path(request.url.path)
        call.start(started)
        if not admitted:
            raise call.give_up()
        while True:
            outcome, sent_at = await self._attempt(call, order, pacer)
            if isinstance(outcome, httpx.RequestError):
                await self._sleep(call.on_transport_error(outcome))
                continue
            delay = call.on_response(outcome)
            if delay is None:
                pacer.on_success(sent_at)
                return outcome
            if outcome.status_code == 429:
                retry_after = call.last_failure is not None and call.last_failure.retry_after is not None
                delay = pacer.on_throttled(sent_at, delay, retry_after=retry_after)
            await self._sleep(delay)

    async def _attempt(
        self, call: _Call, order: int, pacer: SendPacer
    ) -> tuple[httpx.Response | httpx.RequestError, float]:
        """One send inside the concurrency bound, after the pacer's turn; returns the outcome and send time."""
        # A closed gate or a slow pace is waited out before taking a slot, so that a paused API family does
        # not hold slots the others could use (name look-ups go on during a permissions Retry-After).
        wait = pacer.next_send_time() - self._clock()
        if 0 < wait < call.remaining():
            await self._sleep(wait)
        await self._acquire_slot(call, order)
        try:
            await self._wait_turn(call, pacer)
            call.begin_attempt()
            sent_at = self._clock()
            try:
                response = await self.http.send(call.request, stream=True)
                await _aread_body(response, call, self.max_response_bytes)
                return response, sent_at
            except httpx.RequestError as exc:
                return exc, sent_at
        finally:
            self._slots.release()

    async def _acquire_slot(self, call: _Call, order: int) -> None:
        """A concurrency slot, or the call's give_up() error once its deadline passes in the queue."""
        if self._slots.try_acquire():
            return
        if await self._slots.acquire(order, self._timer(max(call.remaining(), 0.0))):
            return  # _wait_turn gives up if the deadline passed meanwhile, releasing the slot
        raise call.give_up()

    async def _wait_turn(self, call: _Call, pacer: SendPacer) -> None:
        # No reservations: whoever wakes first after the gate/rate allows it sends; the others sleep again.
        while True:
            send_at = pacer.next_send_time()
            if send_at >= call.deadline or call.remaining() <= 0:
                raise call.give_up()
            now = self._clock()
            if send_at <= now:
                pacer.mark_sent(now)
                return
            await self._sleep(send_at - now)
