"""Fault injection and rate limiting for the emulator: what goes wrong, on which routes, and how often.

A fault matches a request by an fnmatch glob on the path (no query string) and, optionally, the method. It
fires `times` times (None: until cleared). Kinds in `BEFORE_HANDLER_KINDS` act before authentication; the
others act on the handler's reply, after the workspace has already changed state.

`stale_reads` models eventual consistency (the Databricks CLI's test server has the same): for `seconds` after a
successful write (PUT/PATCH/POST/DELETE) to a matching path, a GET of that same path answers what a GET
answered just before the write. Objects are addressed by path, as the permissions API addresses them (its
reads and writes share the path); a write whose path has no GET changes nothing. Each stale answer is a hit.
"""

from __future__ import annotations

import email.utils
import fnmatch
import json
import math
import re
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from http import HTTPStatus
from typing import Any, Final, Literal, cast, get_args

import attrs

__all__ = [
    "AFTER_HANDLER_KINDS",
    "BEFORE_HANDLER_KINDS",
    "Fault",
    "FaultKind",
    "FaultSet",
    "RateLimit",
    "Reply",
    "RetryAfter",
    "SendMode",
    "error_reply",
    "format_retry_after",
    "json_reply",
    "parse_fault_option",
    "parse_rate_limit_option",
]

FaultKind = Literal[
    "latency", "status", "drop_before", "drop_after", "truncate", "html", "empty", "body", "stale_reads"
]
FAULT_KINDS: Final[frozenset[str]] = frozenset(get_args(FaultKind))
BEFORE_HANDLER_KINDS: Final[frozenset[str]] = frozenset({"latency", "status", "drop_before", "html", "empty"})
AFTER_HANDLER_KINDS: Final[frozenset[str]] = frozenset({"drop_after", "truncate", "body"})

RetryAfter = int | float | str | datetime
BodyReplacement = Callable[[Any], Any] | Mapping[str, Any] | list[Any] | str | bytes

# "all": a normal response. "nothing": close the connection without a byte. "part": declare the full
# Content-Length, send half the body, close (the client sees the connection die mid-body).
SendMode = Literal["all", "nothing", "part"]

_ERROR_CODE_BY_STATUS: Final = {
    400: "BAD_REQUEST",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    409: "RESOURCE_CONFLICT",
    429: "REQUEST_LIMIT_EXCEEDED",
    500: "INTERNAL_ERROR",
    501: "NOT_IMPLEMENTED",
    502: "BAD_GATEWAY",
    503: "TEMPORARILY_UNAVAILABLE",
    504: "DEADLINE_EXCEEDED",
}
_DEFAULT_STATUS: Final = {"status": 500, "html": 502, "empty": 503}


@attrs.define
class Reply:
    """One HTTP response, fully rendered except for the status line."""

    status: int
    body: bytes = b""
    content_type: str | None = "application/json"
    headers: tuple[tuple[str, str], ...] = ()
    send: SendMode = "all"


def json_reply(status: int, payload: object, headers: tuple[tuple[str, str], ...] = ()) -> Reply:
    body = json.dumps(payload, separators=(",", ":")).encode()
    return Reply(status, body, "application/json", headers)


def error_reply(
    status: int, error_code: str, message: str, headers: tuple[tuple[str, str], ...] = ()
) -> Reply:
    return json_reply(status, {"error_code": error_code, "message": message}, headers)


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def _error_code(status: int) -> str:
    return _ERROR_CODE_BY_STATUS.get(status) or _reason(status).upper().replace(" ", "_").replace("-", "_")


def format_retry_after(value: RetryAfter) -> str:
    """Seconds become an integer (rounded up); a datetime becomes an HTTP-date; a string is sent as given."""
    if isinstance(value, datetime):
        aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        return email.utils.format_datetime(aware.astimezone(UTC), usegmt=True)
    if isinstance(value, str):
        return value
    return str(max(0, math.ceil(value)))


def _body_bytes(body: object) -> tuple[bytes, str]:
    if isinstance(body, bytes):
        return body, "application/json"
    if isinstance(body, str):
        return body.encode(), "text/plain; charset=utf-8"
    return json.dumps(body, separators=(",", ":")).encode(), "application/json"


def _html_page(status: int) -> bytes:
    title = f"{status} {_reason(status)}"
    return (
        f"<html><head><title>{title}</title></head>"
        f"<body><h1>{title}</h1><pre>Injected fault: upstream returned {title}</pre></body></html>"
    ).encode()


@attrs.define(eq=False)
class Fault:
    """One injected fault; the handle returned by `Emulator.inject`. `hits` counts the requests it hit."""

    pattern: str
    kind: FaultKind
    method: str | None = None
    times: int | None = None
    status: int | None = None
    retry_after: RetryAfter | None = None
    latency: float = 0.0
    body: BodyReplacement | None = None
    headers: tuple[tuple[str, str], ...] = ()
    cut_connection: bool = False
    seconds: float = 0.0
    """For `stale_reads`: how long after a write reads still see the state before it."""
    hits: int = 0
    _matcher: Callable[[str], re.Match[str] | None] = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        if self.kind == "stale_reads" and self.seconds <= 0:
            raise ValueError("a stale_reads fault needs seconds > 0")
        if self.kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; expected one of {sorted(FAULT_KINDS)}")
        if self.times is not None and self.times < 1:
            raise ValueError("times must be at least 1 (or None for until cleared)")
        if self.kind == "latency" and self.latency <= 0:
            raise ValueError("a latency fault needs latency > 0 seconds")
        if self.kind == "body" and self.body is None:
            raise ValueError("a body fault needs body= (a replacement or a function of the parsed body)")
        if self.method is not None:
            self.method = self.method.upper()
        self._matcher = re.compile(fnmatch.translate(self.pattern)).match

    @property
    def exhausted(self) -> bool:
        return self.times is not None and self.hits >= self.times

    def matches(self, method: str, path: str) -> bool:
        return (self.method is None or self.method == method) and self._matcher(path) is not None

    def early_reply(self) -> Reply:
        """The reply of a fault that answers instead of the handler (status, html, empty, drop_before)."""
        if self.kind == "drop_before":
            return Reply(0, send="nothing")
        status = self.status or _DEFAULT_STATUS.get(self.kind, 500)
        headers = self.headers
        if self.retry_after is not None:
            headers = (*headers, ("Retry-After", format_retry_after(self.retry_after)))
        if self.kind == "html":
            return Reply(status, _html_page(status), "text/html; charset=utf-8", headers)
        if self.kind == "empty":
            return Reply(status, b"", None, headers)
        if self.body is not None and not callable(self.body):
            body, content_type = _body_bytes(self.body)
            return Reply(status, body, content_type, headers)
        message = f"Injected fault: {status} {_reason(status)}"
        return error_reply(status, _error_code(status), message, headers)

    def transform(self, reply: Reply) -> Reply:
        """Apply an after-handler fault to the handler's reply."""
        if self.kind == "drop_after":
            return Reply(reply.status, send="nothing")
        if self.kind == "truncate":
            if self.cut_connection:
                return attrs.evolve(reply, send="part")
            return attrs.evolve(reply, body=reply.body[: len(reply.body) // 2])
        replacement = self.body
        if callable(replacement):
            original = json.loads(reply.body) if reply.body else {}
            replacement = replacement(original)
        body, content_type = _body_bytes(replacement)
        return attrs.evolve(reply, body=body, content_type=content_type)


@attrs.define(eq=False)
class RateLimit:
    """A token bucket shared by every request matching the pattern. `hits` counts the requests refused."""

    pattern: str
    per_second: float
    burst: int
    method: str | None = None
    retry_after: RetryAfter | None = None
    hits: int = 0
    _tokens: float = attrs.field(init=False)
    _updated: float | None = attrs.field(init=False, default=None)
    _matcher: Callable[[str], re.Match[str] | None] = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        if self.per_second <= 0 or self.burst < 1:
            raise ValueError("a rate limit needs per_second > 0 and burst >= 1")
        if self.method is not None:
            self.method = self.method.upper()
        self._tokens = float(self.burst)
        self._matcher = re.compile(fnmatch.translate(self.pattern)).match

    def matches(self, method: str, path: str) -> bool:
        return (self.method is None or self.method == method) and self._matcher(path) is not None

    def admit(self, now: float) -> Reply | None:
        """Take a token, or return the 429 to send. Not thread-safe: `FaultSet` holds its lock around it."""
        if self._updated is not None:
            self._tokens = min(float(self.burst), self._tokens + (now - self._updated) * self.per_second)
        self._updated = now
        if self._tokens >= 1.0:
            self._tokens -= 1.0
            return None
        self.hits += 1
        wait = self.retry_after
        if wait is None:
            wait = max(1, math.ceil((1.0 - self._tokens) / self.per_second))
        return error_reply(
            429,
            "REQUEST_LIMIT_EXCEEDED",
            f"Rate limit of {self.per_second:g} requests/second exceeded for {self.pattern}",
            (("Retry-After", format_retry_after(wait)),),
        )


class FaultSet:
    """The active faults and rate limits of one emulator. Thread-safe; free when empty."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._faults: list[Fault] = []
        self._rate_limits: list[RateLimit] = []
        self._stale: dict[str, tuple[Reply, float, Fault]] = {}

    @property
    def active(self) -> bool:
        return bool(self._faults or self._rate_limits)

    @property
    def faults(self) -> list[Fault]:
        with self._lock:
            return list(self._faults)

    @property
    def rate_limits(self) -> list[RateLimit]:
        with self._lock:
            return list(self._rate_limits)

    def add(self, fault: Fault) -> Fault:
        with self._lock:
            self._faults.append(fault)
        return fault

    def add_rate_limit(self, limit: RateLimit) -> RateLimit:
        with self._lock:
            self._rate_limits.append(limit)
        return limit

    def remove(self, item: Fault | RateLimit) -> None:
        with self._lock:
            if isinstance(item, Fault):
                self._faults = [f for f in self._faults if f is not item]
            else:
                self._rate_limits = [r for r in self._rate_limits if r is not item]

    def clear(self) -> None:
        with self._lock:
            self._faults = []
            self._rate_limits = []
            self._stale = {}

    def stale_fault(self, method: str, path: str) -> Fault | None:
        """The stale_reads fault that a write of `method path` opens a window for, if any."""
        if method == "GET":
            return None
        with self._lock:
            found = [f for f in self._faults if f.kind == "stale_reads" and f.matches(method, path)]
        return found[0] if found else None

    def remember_before_write(self, path: str, before: Reply, fault: Fault) -> None:
        """Serve `before` to GETs of `path` for the fault's `seconds` from now."""
        with self._lock:
            self._stale[path] = (before, self._clock() + fault.seconds, fault)

    def stale_read(self, method: str, path: str) -> Reply | None:
        """The reply from before the last write to `path`, while its window is open and its fault active."""
        if method != "GET":
            return None
        with self._lock:
            entry = self._stale.get(path)
            if entry is None:
                return None
            reply, until, fault = entry
            if self._clock() >= until or not any(f is fault for f in self._faults):
                del self._stale[path]
                return None
            fault.hits += 1
            self._prune()
            return reply

    def before_handler(self, method: str, path: str) -> tuple[float, Reply | None]:
        """(seconds of latency to add, the reply that replaces the handler's, if any)."""
        latency = 0.0
        with self._lock:
            early: Reply | None = None
            for fault in self._matching(method, path, BEFORE_HANDLER_KINDS):
                if fault.kind == "latency":
                    latency += fault.latency
                elif early is None:
                    early = fault.early_reply()
                else:
                    continue  # only the first answering fault fires, so later ones keep their count
                fault.hits += 1
            self._prune()
            if early is None:
                early = self._admit(method, path)
        return latency, early

    def after_handler(self, method: str, path: str, reply: Reply) -> Reply:
        with self._lock:
            for fault in self._matching(method, path, AFTER_HANDLER_KINDS):
                if fault.kind == "body" and not 200 <= reply.status < 300:
                    continue
                fault.hits += 1
                self._prune()
                return fault.transform(reply)
        return reply

    def _matching(self, method: str, path: str, kinds: frozenset[str]) -> Iterable[Fault]:
        return [f for f in self._faults if f.kind in kinds and f.matches(method, path)]

    def _prune(self) -> None:
        if any(f.exhausted for f in self._faults):
            self._faults = [f for f in self._faults if not f.exhausted]

    def _admit(self, method: str, path: str) -> Reply | None:
        if not self._rate_limits:
            return None
        now = self._clock()
        for limit in self._rate_limits:
            if limit.matches(method, path):
                refused = limit.admit(now)
                if refused is not None:
                    return refused
        return None


# ----------------------------------------------------------------------------------------------------------
# Command-line forms: --fault 'PATTERN=KIND[:ARG][xTIMES]' and --rate-limit 'PATTERN=RPS[:BURST]'.
# PATTERN may start with a method and a space: 'POST /api/2.0/mlflow/*=drop_after'.

_FAULT_VALUE = re.compile(r"(?P<kind>[a-z_]+|[0-9]{3})(?::(?P<arg>.*?))?(?:x(?P<times>[0-9]+))?")
_METHOD_PREFIX = re.compile(r"(?P<method>[A-Za-z]+) +(?P<pattern>/.*)")


def _split_pattern(text: str) -> tuple[str | None, str]:
    found = _METHOD_PREFIX.fullmatch(text)
    if found is None:
        return None, text
    return found["method"].upper(), found["pattern"]


def parse_fault_option(text: str) -> Fault:
    """Parse one --fault value. ARG is: seconds for latency and stale_reads; the status for status/html/empty; Retry-After
    (seconds or an HTTP-date) for a numeric KIND such as 429 or 503; a JSON document for body; `cut` for
    truncate (close mid-body instead of sending a short body)."""
    where, sep, value = text.rpartition("=")
    found = _FAULT_VALUE.fullmatch(value)
    if not sep or not where or found is None:
        raise ValueError(f"bad --fault {text!r}: expected PATTERN=KIND[:ARG][xTIMES]")
    method, pattern = _split_pattern(where)
    raw_kind: str = found["kind"]
    arg: str | None = found["arg"]
    times = int(found["times"]) if found["times"] else None
    common: dict[str, Any] = {"method": method, "times": times}
    try:
        if raw_kind.isdigit():
            return Fault(pattern, "status", status=int(raw_kind), retry_after=_retry_after_arg(arg), **common)
        if raw_kind not in FAULT_KINDS:
            raise ValueError(f"unknown kind {raw_kind!r}; expected a status or one of {sorted(FAULT_KINDS)}")
        kind = cast(FaultKind, raw_kind)
        if kind == "latency":
            return Fault(pattern, kind, latency=_seconds_arg(arg, kind), **common)
        if kind in ("status", "html", "empty"):
            return Fault(pattern, kind, status=int(arg) if arg else None, **common)
        if kind == "body":
            return Fault(pattern, kind, body=json.loads(arg) if arg else None, **common)
        if kind == "truncate":
            return Fault(pattern, kind, cut_connection=arg == "cut", **common)
        if kind == "stale_reads":
            return Fault(pattern, kind, seconds=_seconds_arg(arg, kind), **common)
        if arg:
            raise ValueError(f"fault kind {kind!r} takes no argument")
        return Fault(pattern, kind, **common)
    except ValueError as exc:
        raise ValueError(f"bad --fault {text!r}: {exc}") from None


def _seconds_arg(arg: str | None, kind: str) -> float:
    if not arg:
        raise ValueError(f"{kind} needs seconds, e.g. {kind}:0.2")
    return float(arg)


def _retry_after_arg(arg: str | None) -> RetryAfter | None:
    if not arg:
        return None
    return int(arg) if arg.isdigit() else arg


def parse_rate_limit_option(text: str) -> RateLimit:
    where, sep, value = text.rpartition("=")
    rate, _, burst = value.partition(":")
    if not sep or not where:
        raise ValueError(f"bad --rate-limit {text!r}: expected PATTERN=RPS[:BURST]")
    method, pattern = _split_pattern(where)
    try:
        per_second = float(rate)
        return RateLimit(pattern, per_second, int(burst) if burst else max(1, math.ceil(per_second)), method)
    except ValueError as exc:
        raise ValueError(f"bad --rate-limit {text!r}: {exc}") from None
