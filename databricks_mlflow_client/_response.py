"""Raw HTTP access for any client call: RawResponse and the context-local capture behind it.

The core calls `record_response` for the final response of every attempt. Capturing through a
contextvar (rather than threading a flag through every resource method) means helpers that make
several requests, and async helpers that fan out with asyncio.gather, need no special support:
child tasks copy the context, and the context holds mutable lists that they all append to.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Generic, ParamSpec, TypeVar

import attrs
import httpx

__all__ = [
    "RawResponse",
    "acall_with_raw_response",
    "call_with_raw_response",
    "capture_responses",
    "record_response",
]

T = TypeVar("T")
P = ParamSpec("P")

# A tuple so that nested captures each see every response made inside them.
_sinks: ContextVar[tuple[list[httpx.Response], ...]] = ContextVar(
    "databricks_mlflow_client_responses", default=()
)


@attrs.frozen
class RawResponse(Generic[T]):
    """The parsed result of a call together with every HTTP response it received, in order."""

    parsed: T
    http_responses: tuple[httpx.Response, ...]

    @property
    def http_response(self) -> httpx.Response:
        """The last response received (for a single request: its successful response)."""
        if not self.http_responses:
            raise LookupError("the call made no HTTP request")
        return self.http_responses[-1]

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def content(self) -> bytes:
        return self.http_response.content

    @property
    def text(self) -> str:
        return self.http_response.text

    def json(self) -> Any:
        return self.http_response.json()


@contextmanager
def capture_responses() -> Iterator[list[httpx.Response]]:
    """Collect every response recorded in this context (and in tasks started from it) into the yielded list."""
    responses: list[httpx.Response] = []
    token = _sinks.set((*_sinks.get(), responses))
    try:
        yield responses
    finally:
        _sinks.reset(token)


def record_response(response: httpx.Response) -> None:
    for sink in _sinks.get():
        sink.append(response)


def call_with_raw_response(fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> RawResponse[T]:
    with capture_responses() as responses:
        parsed = fn(*args, **kwargs)
    return RawResponse(parsed=parsed, http_responses=tuple(responses))


async def acall_with_raw_response(
    fn: Callable[P, Awaitable[T]], /, *args: P.args, **kwargs: P.kwargs
) -> RawResponse[T]:
    with capture_responses() as responses:
        parsed = await fn(*args, **kwargs)
    return RawResponse(parsed=parsed, http_responses=tuple(responses))
