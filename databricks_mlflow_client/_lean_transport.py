"""A lean HTTP/1.1 transport for bulk async work: O(1) connection pooling, one buffer per request.

Why: through httpx's default transport (httpcore + anyio + h11) a request on loopback costs ~0.9 ms of CPU,
and httpcore's pool rescans every connection at each request (probing each idle socket), ~1.8 ms at 32
connections. The CLI's export/apply send 2-3 requests per object, so at a 400/s rate limit on a 2-core
machine the client, not the limit, set the pace. Here: asyncio streams, the request head and body written
as one buffer, the response head parsed directly, the body streamed (Content-Length, chunked, or to the
end of the connection); idle keep-alive connections are kept per origin in a stack (the last freed is
reused first, so few stay warm), and one the server has closed meanwhile is dropped before reuse, as
httpcore does. HTTP/1.1 only (no HTTP/2, no ``Expect: 100-continue``, no proxies); httpx still owns
everything above the transport (auth, headers, redirects).

Proxies: httpx takes no proxy from the environment once a client is given a transport, so a user behind
HTTP(S)_PROXY would silently go direct. `proxy_applies` says whether httpx's own client would use one for
a URL: the CLI keeps httpx's default transport for a workspace that needs a proxy, and this transport
refuses to open a connection to any other host that needs one (UnsupportedProtocol: never sent, never
retried) rather than skip the proxy.
"""

from __future__ import annotations

import asyncio
import ipaddress
import ssl
import urllib.request
from collections.abc import AsyncIterator
from typing import Any

import httpx

__all__ = ["LeanTransport"]

_MAX_HEAD = 256 * 1024
_CHUNK = 64 * 1024
_NO_BODY_STATUS = frozenset({204, 304})

Origin = tuple[str, str, int]


def proxy_applies(url: httpx.URL) -> bool:
    """Whether httpx's own client (``trust_env``) would send a request for ``url`` through a proxy that the
    environment names (HTTP_PROXY, HTTPS_PROXY, ALL_PROXY, less NO_PROXY; either case).

    httpx decides in private code (``httpx._utils.get_environment_proxies`` and ``URLPattern``), so its rule
    is replicated here from the same source, urllib's ``getproxies()``: ``*`` turns every proxy off;
    ``example.com`` covers it and its subdomains, ``.example.com`` only the subdomains; an IP address or
    ``localhost`` only itself; a ``:port`` must match; ``scheme://host`` entries as httpx mounts them. Where
    the two could differ (a NO_PROXY entry naming no host) this says a proxy applies: that costs only the
    lean path, never the proxy. tests/test_lean_transport.py checks it against httpx's own choice.
    """
    found = urllib.request.getproxies()
    if not (found.get(url.scheme) or found.get("all")):
        return False
    entries = [entry.strip() for entry in found.get("no", "").split(",")]
    return "*" not in entries and not any(_bypasses(entry, url) for entry in entries if entry)


def _bypasses(entry: str, url: httpx.URL) -> bool:
    if "://" not in entry:
        if _is_ip(entry):
            entry = f"all://[{entry}]" if ":" in entry.split("/")[0] else f"all://{entry}"
        else:
            entry = f"all://{entry}" if entry.lower() == "localhost" else f"all://*{entry}"
    try:
        pattern = httpx.URL(entry)
    except httpx.InvalidURL:
        return False
    host = pattern.host
    if not host or host == "*" or pattern.scheme not in ("all", url.scheme):
        return False
    if pattern.port is not None and pattern.port != url.port:
        return False
    if host.startswith("*."):
        return url.host.endswith(host[1:]) and len(url.host) > len(host) - 1
    if host.startswith("*"):
        return url.host == host[1:] or url.host.endswith("." + host[1:])
    return url.host == host


def _is_ip(entry: str) -> bool:
    try:
        ipaddress.ip_address(entry.split("/")[0])
    except ValueError:
        return False
    return True


class _Connection:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer

    @property
    def dead(self) -> bool:
        """The server closed it (or sent something unasked) while it was idle."""
        unasked = getattr(self.reader, "_buffer", b"")  # bytes received while idle
        return self.writer.is_closing() or self.reader.at_eof() or bool(unasked)

    def close(self) -> None:
        self.writer.close()


async def _within(
    awaitable: Any,
    seconds: float | None,
    timeout: type[httpx.TimeoutException],
    request: httpx.Request,
    *,
    ready: bool = False,
) -> Any:
    """Await under a timeout of ``seconds``. ``ready``: the awaitable completes without suspending (its data
    is buffered already), so no timer could fire: it is awaited without arming one. Why: a timer per read
    (asyncio.timeout: a loop handle armed and cancelled) was ~10% of the client's CPU in bulk work, where
    the body and often the next read arrive with the response head."""
    try:
        if ready:
            return await awaitable
        async with asyncio.timeout(seconds):
            return await awaitable
    except TimeoutError:
        raise timeout(f"timed out after {seconds:g} s", request=request) from None


def _buffered(reader: asyncio.StreamReader) -> bytes | bytearray:
    """What the reader has received and not yet handed out: asyncio's StreamReader keeps it in ``_buffer``
    (read(n) returns from it without waiting when it is not empty; readexactly(n) when it holds n bytes;
    readuntil(sep) when it holds sep). Empty when unknown, which only costs the timer."""
    buffer = getattr(reader, "_buffer", b"")
    return buffer if isinstance(buffer, bytes | bytearray) else b""


class _Body(httpx.AsyncByteStream):
    """The response body read from the connection; the connection goes back to the pool when the body
    was read to its end and the server keeps the connection open, else it is closed."""

    def __init__(
        self,
        transport: LeanTransport,
        origin: Origin,
        connection: _Connection,
        request: httpx.Request,
        *,
        length: int | None,
        chunked: bool,
        keep_alive: bool,
    ) -> None:
        self._transport, self._origin, self._connection, self._request = (
            transport,
            origin,
            connection,
            request,
        )
        self._length, self._chunked, self._keep_alive = length, chunked, keep_alive
        self._done = length == 0
        self._timeout = request.extensions.get("timeout", {}).get("read")

    async def _read(self, reader: Any, *, ready: bool = False) -> bytes:
        try:
            data: bytes = await _within(reader, self._timeout, httpx.ReadTimeout, self._request, ready=ready)
        except asyncio.IncompleteReadError:
            raise httpx.RemoteProtocolError(
                "the server closed the connection mid-body", request=self._request
            ) from None
        except (asyncio.LimitOverrunError, ValueError):
            raise httpx.RemoteProtocolError("malformed chunked body", request=self._request) from None
        except OSError as exc:
            raise httpx.ReadError(str(exc) or type(exc).__name__, request=self._request) from None
        return data

    async def __aiter__(self) -> AsyncIterator[bytes]:
        if self._done:  # no body: the connection was handed back already
            return
        reader = self._connection.reader
        if self._chunked:
            while True:
                size_line = await self._read(reader.readuntil(b"\r\n"), ready=b"\r\n" in _buffered(reader))
                size_text = size_line.split(b";", 1)[0].strip()
                if not size_text or size_text.strip(b"0123456789abcdefABCDEF"):
                    raise httpx.RemoteProtocolError("bad chunk size", request=self._request)
                size = int(size_text, 16)
                if size == 0:
                    while (
                        await self._read(reader.readuntil(b"\r\n"), ready=b"\r\n" in _buffered(reader))
                        != b"\r\n"
                    ):
                        pass  # trailers
                    break
                while size:  # in pieces: the core caps the body's size as it arrives
                    want = min(size, _CHUNK)
                    piece = await self._read(reader.readexactly(want), ready=len(_buffered(reader)) >= want)
                    size -= len(piece)
                    yield piece
                if await self._read(reader.readexactly(2), ready=len(_buffered(reader)) >= 2) != b"\r\n":
                    raise httpx.RemoteProtocolError("bad chunk end", request=self._request)
        elif self._length is not None:
            remaining = self._length
            while remaining:
                chunk = await self._read(reader.read(min(remaining, _CHUNK)), ready=bool(_buffered(reader)))
                if not chunk:
                    raise httpx.RemoteProtocolError(
                        "the server closed the connection mid-body", request=self._request
                    )
                remaining -= len(chunk)
                yield chunk
        else:  # delimited by the end of the connection
            while chunk := await self._read(reader.read(_CHUNK), ready=bool(_buffered(reader))):
                yield chunk
        self._done = True

    async def aclose(self) -> None:
        connection, self._connection = self._connection, None  # type: ignore[assignment]
        if connection is None:
            return
        if self._done and self._keep_alive:
            self._transport._put(self._origin, connection)
        else:
            connection.close()


class LeanTransport(httpx.AsyncBaseTransport):
    """HTTP/1.1 over asyncio streams with per-origin stacks of idle keep-alive connections (at most
    ``max_idle`` kept per origin). ``ssl_context`` for https (default: httpx's default, the one an
    httpx client with ``verify=True`` uses: SSL_CERT_FILE or SSL_CERT_DIR if set, else certifi's CAs)."""

    def __init__(self, max_idle: int = 32, *, ssl_context: ssl.SSLContext | None = None) -> None:
        if max_idle < 1:
            raise ValueError(f"max_idle must be >= 1, got {max_idle}")
        self._max_idle = max_idle
        self._ssl = ssl_context
        self._idle: dict[Origin, list[_Connection]] = {}
        # Origins found to need no proxy: the environment is read once, as httpx's client does (reading it
        # took ~0.5 ms, for each of the first wave's 32 connections).
        self._direct: set[Origin] = set()
        self._closed = False

    @property
    def ssl_context(self) -> ssl.SSLContext:
        """The context https connections verify with (built on first use: it reads the CA bundle)."""
        if self._ssl is None:
            self._ssl = httpx.create_ssl_context()
        return self._ssl

    def _put(self, origin: Origin, connection: _Connection) -> None:
        idle = self._idle.setdefault(origin, [])
        # A response read to its end after aclose() must not refill the pool nobody will close again.
        if len(idle) < self._max_idle and not connection.dead and not self._closed:
            idle.append(connection)
        else:
            connection.close()

    async def _connection(self, origin: Origin, request: httpx.Request) -> _Connection:
        idle = self._idle.get(origin)
        while idle:
            connection = idle.pop()
            if not connection.dead:
                return connection
            connection.close()
        if origin not in self._direct and proxy_applies(request.url):
            raise httpx.UnsupportedProtocol(
                f"the environment names a proxy for {request.url.host}, and LeanTransport does not use "
                "proxies; use httpx's default transport (or NO_PROXY if the host is reachable directly)",
                request=request,
            )
        self._direct.add(origin)
        scheme, host, port = origin
        context = None
        if scheme == "https":
            context = self.ssl_context
        seconds = request.extensions.get("timeout", {}).get("connect")
        try:
            reader, writer = await _within(
                asyncio.open_connection(host, port, ssl=context, limit=_MAX_HEAD),
                seconds,
                httpx.ConnectTimeout,
                request,
            )
        except (OSError, ssl.SSLError) as exc:
            raise httpx.ConnectError(str(exc) or type(exc).__name__, request=request) from None
        return _Connection(reader, writer)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        if url.scheme not in ("http", "https"):
            raise httpx.UnsupportedProtocol(f"unsupported scheme {url.scheme!r}", request=request)
        origin = (url.scheme, url.host, url.port or (443 if url.scheme == "https" else 80))
        body = await request.aread()
        head = [request.method.encode("ascii"), b" ", url.raw_path, b" HTTP/1.1\r\n"]
        for name, value in request.headers.raw:  # a streamed body was read whole: it goes framed by length
            if name.lower() != b"transfer-encoding":
                head += (name, b": ", value, b"\r\n")
        if body and "content-length" not in request.headers:
            head += (b"Content-Length: ", str(len(body)).encode(), b"\r\n")
        head.append(b"\r\n")
        connection = await self._connection(origin, request)
        timeouts = request.extensions.get("timeout", {})
        try:
            try:
                writer = connection.writer
                writer.write(b"".join(head) + body)
                # Sent whole (nothing left in the transport's buffer) on an open transport: drain() only
                # checks for errors and returns without waiting, so no write timer is needed.
                flushed = not writer.transport.is_closing() and not writer.transport.get_write_buffer_size()
                await _within(
                    writer.drain(), timeouts.get("write"), httpx.WriteTimeout, request, ready=flushed
                )
            except OSError as exc:
                raise httpx.WriteError(str(exc) or type(exc).__name__, request=request) from None
            while True:  # 1xx answers come before the real one
                status, reason, headers, http10 = await self._read_head(
                    connection, request, timeouts.get("read")
                )
                if status >= 200:
                    break
        except BaseException:
            connection.close()
            raise
        fields = {name.lower(): value for name, value in headers}
        keep_alive = not http10 and b"close" not in fields.get(b"connection", b"").lower()
        chunked = b"chunked" in fields.get(b"transfer-encoding", b"").lower()
        lengths = {value for name, value in headers if name.lower() == b"content-length"}
        length: int | None = None
        if request.method == "HEAD" or status in _NO_BODY_STATUS:
            length, chunked = 0, False
        elif chunked:  # with a Content-Length too, the body is chunked and the connection suspect
            keep_alive = keep_alive and not lengths
        elif lengths:
            text = lengths.pop()
            if lengths or not text.isdigit():  # two lengths would leave the next response misframed
                connection.close()
                raise httpx.RemoteProtocolError(f"bad Content-Length {text[:40]!r}", request=request)
            length = int(text)
        else:
            keep_alive = False  # the body ends with the connection
        stream = _Body(
            self, origin, connection, request, length=length, chunked=chunked, keep_alive=keep_alive
        )
        if length == 0:
            await stream.aclose()
        return httpx.Response(
            status,
            headers=headers,
            stream=stream,
            extensions={"http_version": b"HTTP/1.0" if http10 else b"HTTP/1.1", "reason_phrase": reason},
        )

    async def _read_head(
        self, connection: _Connection, request: httpx.Request, seconds: float | None
    ) -> tuple[int, bytes, list[tuple[bytes, bytes]], bool]:
        try:
            reader = connection.reader
            raw: bytes = await _within(
                reader.readuntil(b"\r\n\r\n"),
                seconds,
                httpx.ReadTimeout,
                request,
                ready=b"\r\n\r\n" in _buffered(reader),
            )
        except asyncio.IncompleteReadError:
            raise httpx.RemoteProtocolError(
                "Server disconnected without sending a response.", request=request
            ) from None
        except asyncio.LimitOverrunError:
            raise httpx.RemoteProtocolError("the response head is too large", request=request) from None
        except OSError as exc:
            raise httpx.ReadError(str(exc) or type(exc).__name__, request=request) from None
        lines = raw[:-4].split(b"\r\n")
        version, _, rest = lines[0].partition(b" ")
        code, _, reason = rest.partition(b" ")
        if not version.startswith(b"HTTP/1.") or len(code) != 3 or not code.isdigit():
            raise httpx.RemoteProtocolError(
                f"not an HTTP/1.1 status line: {lines[0][:80]!r}", request=request
            )
        headers = []
        for line in lines[1:]:
            name, colon, value = line.partition(b":")
            if not colon or not name or name[-1:].isspace() or line[:1] in (b" ", b"\t"):
                raise httpx.RemoteProtocolError(f"malformed header line {line[:80]!r}", request=request)
            headers.append((name, value.strip(b" \t")))
        return int(code), reason, headers, version == b"HTTP/1.0"

    async def aclose(self) -> None:
        self._closed = True
        idle, self._idle = self._idle, {}
        for connections in idle.values():
            for connection in connections:
                connection.close()


def lean_unless_proxied(base_url: str | httpx.URL, max_concurrency: int) -> LeanTransport | None:
    """The async client's default transport: a LeanTransport, or None (httpx's own, which honours the
    environment's proxies) when a proxy applies to the workspace."""
    return None if proxy_applies(httpx.URL(base_url)) else LeanTransport(max_concurrency)
