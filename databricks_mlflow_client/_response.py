"""Raw HTTP access for any client call: RawResponse, the context-local capture behind it, and the
paged listings (Items / AsyncItems) whose pages() give each page with its response.

The core calls `record_response` for the final response of every attempt. Capturing through a
contextvar (rather than threading a flag through every resource method) means helpers that make
several requests, and async helpers that fan out with asyncio.gather, need no special support:
child tasks copy the context, and the context holds mutable lists that they all append to.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Generic, ParamSpec, Protocol, TypeVar, cast

import attrs
import httpx
from databricks_mlflow_api.types import UNSET, Unset

__all__ = [
    "AsyncItems",
    "AsyncRawResponses",
    "Items",
    "RawResponse",
    "RawResponses",
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
        """The HTTP status of the last response."""
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        """The headers of the last response."""
        return self.http_response.headers

    @property
    def content(self) -> bytes:
        """The raw body of the last response."""
        return self.http_response.content

    @property
    def text(self) -> str:
        """The body of the last response, decoded."""
        return self.http_response.text

    def json(self) -> Any:
        """The body of the last response, parsed as JSON."""
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


def _listed(value: Sequence[T] | Unset) -> list[T]:
    return [] if isinstance(value, Unset) else list(value)


class _Page(Protocol):
    next_page_token: str | Unset


PageT = TypeVar("PageT", bound=_Page)


class Items(Iterator[T]):
    """Every item of a paginated listing, fetched page by page as you iterate.

    ``pages()`` yields each page instead, as a RawResponse of its items with that page's HTTP response.
    """

    def __init__(
        self, fetch: Callable[[str | Unset], PageT], items: Callable[[PageT], list[T] | Unset]
    ) -> None:
        self._fetch: Callable[[str | Unset], _Page] = fetch
        self._items = cast(Callable[[_Page], list[T] | Unset], items)
        self._rest: Iterator[T] | None = None

    def __iter__(self) -> Items[T]:
        return self

    def __next__(self) -> T:
        if self._rest is None:
            self._rest = (item for page in self.pages() for item in page.parsed)
        return next(self._rest)

    def pages(self) -> Iterator[RawResponse[list[T]]]:
        """Each page (sends one request per page as you iterate)."""
        token: str | Unset = UNSET
        while True:
            with capture_responses() as responses:
                page = self._fetch(token)
            yield RawResponse(_listed(self._items(page)), tuple(responses))
            if not isinstance(page.next_page_token, str) or not page.next_page_token:
                return
            token = page.next_page_token


class AsyncItems(AsyncIterator[T]):
    """The async twin of Items: ``async for`` over the items, or over ``pages()``."""

    def __init__(
        self, fetch: Callable[[str | Unset], Awaitable[PageT]], items: Callable[[PageT], list[T] | Unset]
    ) -> None:
        self._fetch: Callable[[str | Unset], Awaitable[_Page]] = fetch
        self._items = cast(Callable[[_Page], list[T] | Unset], items)
        self._rest: AsyncIterator[T] | None = None

    def __aiter__(self) -> AsyncItems[T]:
        return self

    async def __anext__(self) -> T:
        if self._rest is None:
            self._rest = self._each()
        return await anext(self._rest)

    async def _each(self) -> AsyncIterator[T]:
        async for page in self.pages():
            for item in page.parsed:
                yield item

    async def pages(self) -> AsyncIterator[RawResponse[list[T]]]:
        """Each page (sends one request per page as you iterate)."""
        token: str | Unset = UNSET
        while True:
            with capture_responses() as responses:
                page = await self._fetch(token)
            yield RawResponse(_listed(self._items(page)), tuple(responses))
            if not isinstance(page.next_page_token, str) or not page.next_page_token:
                return
            token = page.next_page_token


class RawResponses:
    """``resource.with_raw_response.<method>(...)``: the method's result with the HTTP responses behind it.

    A call returns a RawResponse (``.parsed``, ``.status_code``, ``.headers``, ``.http_responses``); a
    listing returns its pages, each a RawResponse of that page's items and response.
    """

    def __init__(self, resource: object) -> None:
        self._resource = resource

    def __getattr__(self, name: str) -> Callable[..., Any]:
        method = getattr(self._resource, name)

        def raw(*args: Any, **kwargs: Any) -> Any:
            with capture_responses() as responses:
                parsed = method(*args, **kwargs)
            if isinstance(parsed, Items):
                return parsed.pages()
            return RawResponse(parsed, tuple(responses))

        return raw


class AsyncRawResponses:
    """The async twin of RawResponses: await a call; ``async for`` over a listing's pages."""

    def __init__(self, resource: object) -> None:
        self._resource = resource

    def __getattr__(self, name: str) -> Callable[..., Any]:
        method = getattr(self._resource, name)

        def raw(*args: Any, **kwargs: Any) -> Any:
            result = method(*args, **kwargs)
            if isinstance(result, AsyncItems):
                return result.pages()
            return _captured(result)

        return raw


async def _captured(call: Awaitable[T]) -> RawResponse[T]:
    with capture_responses() as responses:
        parsed = await call
    return RawResponse(parsed, tuple(responses))
