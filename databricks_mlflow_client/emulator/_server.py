"""The emulator's HTTP front end: a keep-alive HTTP/1.1 server on loopback in front of one `Workspace`.

Per request: faults -> rate limits -> auth -> route -> JSON body -> validation -> `Workspace.handle` -> JSON.
Every response is written with one `send()` on a TCP_NODELAY socket; otherwise Nagle's algorithm and the
client's delayed ACK cost ~40 ms per request (measured: 23 requests/s instead of ~1800).
"""

from __future__ import annotations

import contextlib
import ipaddress
import json
import logging
import socket
import threading
import time
from collections import deque
from collections.abc import Mapping, Sequence
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from socketserver import TCPServer
from types import TracebackType
from typing import Any, Final, NamedTuple
from urllib.parse import parse_qsl

from ._faults import (
    BodyReplacement,
    Fault,
    FaultKind,
    FaultSet,
    RateLimit,
    Reply,
    RetryAfter,
    error_reply,
    json_reply,
)
from ._oauth import OAuthRoutes, RouteHandler
from ._wire import Router, canonical_path, default_specs, read_params
from ._workspace import ApiError, Delivery, Principal, Workspace

__all__ = ["DEFAULT_WORKSPACE_ID", "Emulator", "RequestRecord"]

logger = logging.getLogger("databricks_mlflow_client.emulator")

DEFAULT_WORKSPACE_ID: Final = "1234567890123456"
_MAX_BODY_BYTES: Final = 16 * 1024 * 1024
_IDLE_CONNECTION_TIMEOUT: Final = 300.0
_REASONS: Final = {status.value: status.phrase for status in HTTPStatus}


class RequestRecord(NamedTuple):
    """One served request. `status` is 0 when the connection was closed instead of answered."""

    method: str
    path: str
    status: int
    principal: str | None


class _BadRequestBody(Exception):
    pass


class _App:
    """Everything between the parsed HTTP request and the reply; no sockets here."""

    def __init__(
        self,
        workspace: Workspace,
        faults: FaultSet,
        extra_routes: Mapping[tuple[str, str], RouteHandler],
        spec: Mapping[str, Any] | None,
        log_size: int,
    ) -> None:
        self.workspace = workspace
        self.faults = faults
        self.extra_routes = dict(extra_routes)
        self.router = Router([spec] if spec is not None else default_specs())
        self._requests: deque[RequestRecord] = deque(maxlen=log_size)
        self._requests_lock = threading.Lock()

    def record(self, request: RequestRecord) -> None:
        with self._requests_lock:
            self._requests.append(request)

    def recorded(self) -> list[RequestRecord]:
        with self._requests_lock:
            return list(self._requests)

    def forget_requests(self) -> None:
        with self._requests_lock:
            self._requests.clear()

    def authenticate(self, authorization: str | None) -> Principal | Reply:
        if not authorization:
            return error_reply(
                401, "UNAUTHENTICATED", "Credential was not sent or was of an unsupported type for this API."
            )
        scheme, _, token = authorization.partition(" ")
        principal = self.workspace.authenticate_token(token.strip()) if scheme.lower() == "bearer" else None
        if principal is None:
            return error_reply(401, "UNAUTHENTICATED", "Invalid access token.")
        return principal

    def dispatch(
        self, method: str, path: str, query: str, authorization: str | None, body: bytes
    ) -> tuple[Reply, Principal | None]:
        extra = self.extra_routes.get((method, path))
        if extra is not None:
            return extra(authorization, body), None
        principal = self.authenticate(authorization)
        if isinstance(principal, Reply):
            return principal, None
        if not self.faults.active:
            return self.call_operation(method, path, query, principal, body), principal
        stale = self.faults.stale_read(method, canonical_path(path))
        if stale is not None:
            return stale, principal
        fault = self.faults.stale_fault(method, path)
        before = None
        if fault is not None and self.router.match("GET", path) is not None:
            before = self.call_operation("GET", path, "", principal, b"")
        reply = self.call_operation(method, path, query, principal, body)
        if before is not None and fault is not None and 200 <= reply.status < 300:
            self.faults.remember_before_write(canonical_path(path), before, fault)
        return reply, principal

    def call_operation(self, method: str, path: str, query: str, principal: Principal, body: bytes) -> Reply:
        matched = self.router.match(method, path)
        if matched is None:
            return self.no_route(method, path)
        route, path_params = matched
        try:
            payload = json.loads(body) if body.strip() else None
        except (ValueError, RecursionError) as exc:
            return error_reply(400, "MALFORMED_REQUEST", f"Malformed JSON in the request body: {exc}")
        if body.strip() and payload is None:  # a JSON `null` is a body, and not an object
            return error_reply(400, "INVALID_PARAMETER_VALUE", "Invalid JSON in request body: got null.")
        try:
            params = read_params(route, path_params, parse_qsl(query, keep_blank_values=True), payload)
            result = self.workspace.handle(route.operation_id, principal, params)
        except ApiError as exc:
            return error_reply(exc.status, exc.error_code, exc.message)
        return json_reply(200, result if result is not None else {})

    def no_route(self, method: str, path: str) -> Reply:
        allowed = [m for m in self.router.allowed_methods(path) if m != method]
        if allowed:
            return error_reply(
                405,
                "METHOD_NOT_ALLOWED",
                f"Method {method} is not allowed for {path}; use {', '.join(allowed)}.",
                (("Allow", ", ".join(allowed)),),
            )
        return error_reply(404, "ENDPOINT_NOT_FOUND", f"No API found for '{method} {path}'")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "databricks-mlflow-emulator"
    timeout = _IDLE_CONNECTION_TIMEOUT
    server: _HTTPServer

    def do_GET(self) -> None:
        self._serve()

    # OPTIONS/TRACE get the JSON 404/405 of any unserved method, not http.server's HTML 501.
    do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_TRACE = do_GET

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("%s " + format, self.address_string(), *args)

    def _serve(self) -> None:
        app = self.server.app
        method = self.command
        path, _, query = self.path.partition("?")
        principal: Principal | None = None
        try:
            reply, principal = self._reply(app, method, path, query)
        except Exception:
            logger.exception("emulator: unexpected error serving %s %s", method, path)
            reply = error_reply(500, "INTERNAL_ERROR", "Unexpected error in the emulator; see its log.")
            self.close_connection = True  # the request body may be half read
        status = reply.status if reply.send != "nothing" else 0
        app.record(RequestRecord(method, path, status, principal.name if principal else None))
        try:
            self._send(reply)
        except OSError:
            self.close_connection = True

    def _reply(self, app: _App, method: str, path: str, query: str) -> tuple[Reply, Principal | None]:
        faults = app.faults
        if faults.active:
            latency, early = faults.before_handler(method, path)
            if latency:
                time.sleep(latency)
            if early is not None:
                if early.send == "all" and self._read_body_or_none() is None:
                    return Reply(early.status, send="nothing"), None
                return early, None
        try:
            body = self._read_body()
        except _BadRequestBody as exc:
            self.close_connection = True
            return error_reply(400, "MALFORMED_REQUEST", str(exc)), None
        except OSError:  # the client went away or stalled mid-body
            return Reply(0, send="nothing"), None
        reply, principal = app.dispatch(method, path, query, self.headers.get("Authorization"), body)
        if faults.active:
            reply = faults.after_handler(method, path, reply)
        return reply, principal

    def _read_body_or_none(self) -> bytes | None:
        """The request body, or None when it cannot be read (the connection must then close)."""
        try:
            return self._read_body()
        except (_BadRequestBody, OSError):
            return None

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            return self._read_chunked()
        length_text = self.headers.get("Content-Length")
        if not length_text:
            return b""
        try:
            length = int(length_text)
        except ValueError:
            raise _BadRequestBody(f"Bad Content-Length {length_text!r}") from None
        if length < 0 or length > _MAX_BODY_BYTES:
            raise _BadRequestBody(f"Content-Length {length} is out of range")
        body = self.rfile.read(length)
        if len(body) != length:
            raise _BadRequestBody("The request body ended before Content-Length bytes")
        return body

    def _read_chunked(self) -> bytes:
        chunks: list[bytes] = []
        total = 0
        while True:
            size_line = self.rfile.readline(1024)
            try:
                size = int(size_line.split(b";", 1)[0].strip(), 16)
            except ValueError:
                raise _BadRequestBody("Bad chunk size in a chunked request body") from None
            if size == 0:
                while self.rfile.readline(1024) not in (b"\r\n", b"\n", b""):
                    pass  # trailers
                return b"".join(chunks)
            total += size
            if total > _MAX_BODY_BYTES:
                raise _BadRequestBody("The chunked request body is too large")
            chunks.append(self.rfile.read(size))
            self.rfile.readline(1024)

    def _send(self, reply: Reply) -> None:
        if reply.send == "nothing":
            self.close_connection = True
            return
        head = [f"HTTP/1.1 {reply.status} {_REASONS.get(reply.status, 'Unknown')}\r\n"]
        if reply.content_type is not None:
            head.append(f"Content-Type: {reply.content_type}\r\n")
        head.append(f"Content-Length: {len(reply.body)}\r\n")
        head.extend(f"{name}: {value}\r\n" for name, value in reply.headers)
        body = reply.body
        if reply.send == "part":
            body = body[: len(body) // 2]
            self.close_connection = True
        if self.close_connection:
            head.append("Connection: close\r\n")
        head.append("\r\n")
        self.wfile.write("".join(head).encode("latin-1") + body)


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024

    def __init__(self, address: tuple[str, int], app: _App) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.app = app
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        self.connections_accepted = 0
        super().__init__(address, _Handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind calls socket.getfqdn(), a reverse DNS lookup that can stall for seconds.
        TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = str(host)
        self.server_port = int(port)

    def get_request(self) -> tuple[socket.socket, Any]:
        connection, address = super().get_request()
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with self._connections_lock:
            self._connections.add(connection)
            self.connections_accepted += 1
        return connection, address

    def shutdown_request(self, request: Any) -> None:
        with self._connections_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        logger.debug("emulator: connection from %s ended with an error", client_address, exc_info=True)

    def close_connections(self) -> None:
        """Unblock the threads parked on idle keep-alive connections."""
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _require_loopback(host: str, allow_remote: bool) -> None:
    if not allow_remote and not _is_loopback(host):
        raise ValueError(
            f"refusing to serve on {host!r}: the emulator has no real security; "
            "use a loopback address or pass allow_remote=True"
        )


class Emulator:
    """An in-memory Databricks workspace served over real HTTP on loopback.

    It serves the Databricks-only API and the OSS MLflow API a workspace also serves, as the two spec documents
    of the generated package describe them (`openapi.json`, `openapi-oss.json`); `spec` replaces both with one
    document. `seed="demo"` fills the workspace with the same demo data (and ids) on every start.

    >>> with Emulator(seed="demo") as emu:
    ...     httpx.get(f"{emu.url}/api/2.0/mlflow/registry-webhooks/list",
    ...               headers={"Authorization": f"Bearer {emu.token}"})
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        seed: str | None = None,
        workspace: Workspace | None = None,
        oauth_token_ttl: int = 3600,
        allow_remote: bool = False,
        workspace_id: str = DEFAULT_WORKSPACE_ID,
        cloud: str = "AWS",
        spec: Mapping[str, Any] | None = None,
        request_log_size: int = 10_000,
    ) -> None:
        _require_loopback(host, allow_remote)
        if seed not in (None, "demo"):
            raise ValueError(f"unknown seed {seed!r}; the only seed is 'demo'")
        self.host = host
        self.port = port
        self._owns_workspace = workspace is None
        self.workspace = workspace if workspace is not None else Workspace()
        if seed == "demo":
            self.workspace.seed_demo()
        if not _is_loopback(host):
            self.workspace.echo_webhook_test_bodies = False
        self.faults = FaultSet()
        self.oauth = OAuthRoutes(
            self.workspace,
            base_url=lambda: self.url,
            workspace_id=workspace_id,
            cloud=cloud,
            token_ttl=oauth_token_ttl,
        )
        self._app = _App(self.workspace, self.faults, self.oauth.routes(), spec, request_log_size)
        self._server: _HTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._stopped = False

    # ---- lifecycle

    def start(self) -> Emulator:
        if self._server is not None:
            raise RuntimeError("the emulator is already running")
        if self._stopped:
            raise RuntimeError("an Emulator serves once; create a new one (it may share the workspace)")
        server = _HTTPServer((self.host, self.port), self._app)
        self.port = int(server.server_address[1])
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"emulator:{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close every connection. A workspace the emulator created is closed too."""
        server, thread = self._server, self._thread
        if server is None:
            return
        self._server = self._thread = None
        self._stopped = True
        server.shutdown()
        server.server_close()
        server.close_connections()
        if thread is not None:
            thread.join(timeout=5)
        if self._owns_workspace:
            self.workspace.close()

    @property
    def running(self) -> bool:
        return self._server is not None

    def __enter__(self) -> Emulator:
        return self.start() if self._server is None else self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("the emulator is not running; call start() first")
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def token(self) -> str:
        """The workspace admin's personal access token."""
        return self.workspace.admin.token

    @property
    def requests(self) -> list[RequestRecord]:
        """The most recent requests served (bounded), oldest first."""
        return self._app.recorded()

    @property
    def connections_accepted(self) -> int:
        """TCP connections accepted since start(): shows whether clients reuse keep-alive connections."""
        return self._server.connections_accepted if self._server is not None else 0

    def clear_requests(self) -> None:
        self._app.forget_requests()

    # ---- faults

    def inject(
        self,
        pattern: str,
        kind: FaultKind,
        *,
        times: int | None = None,
        method: str | None = None,
        status: int | None = None,
        retry_after: RetryAfter | None = None,
        latency: float = 0.0,
        body: BodyReplacement | None = None,
        headers: Mapping[str, str] | None = None,
        cut_connection: bool = False,
        seconds: float = 0.0,
    ) -> Fault:
        """Make requests whose path matches the glob `pattern` fail; see `_faults` for the kinds.

        `emu.inject("/api/2.0/permissions/*", "stale_reads", seconds=5)`: for 5 s after a write to an object,
        GETs of that object answer its state from before the write (eventual consistency). Returns the
        `Fault`; its `hits` count the requests it changed. Raises ValueError for an impossible fault.
        """
        fault = Fault(
            pattern,
            kind,
            method=method,
            times=times,
            status=status,
            retry_after=retry_after,
            latency=latency,
            body=body,
            headers=tuple((headers or {}).items()),
            cut_connection=cut_connection,
            seconds=seconds,
        )
        return self.faults.add(fault)

    def rate_limit(
        self,
        pattern: str,
        per_second: float,
        burst: int = 1,
        *,
        method: str | None = None,
        retry_after: RetryAfter | None = None,
    ) -> RateLimit:
        """A token bucket: `burst` requests at once, refilled at `per_second`; beyond it, 429s."""
        return self.faults.add_rate_limit(RateLimit(pattern, per_second, burst, method, retry_after))

    def clear_faults(self) -> None:
        self.faults.clear()

    # ---- seeding helpers, delegated to the workspace

    def add_user(
        self,
        user_name: str,
        *,
        admin: bool = False,
        groups: Sequence[str] = (),
        token: str | None = None,
        display_name: str | None = None,
    ) -> Principal:
        return self.workspace.add_user(
            user_name, admin=admin, groups=groups, token=token, display_name=display_name
        )

    def add_group(self, name: str, members: Sequence[str] = ()) -> None:
        self.workspace.add_group(name, members)

    def add_service_principal(
        self,
        application_id: str | None = None,
        *,
        display_name: str | None = None,
        admin: bool = False,
        client_secret: str | None = None,
        groups: Sequence[str] = (),
    ) -> Principal:
        return self.workspace.add_service_principal(
            application_id, display_name=display_name, admin=admin, client_secret=client_secret, groups=groups
        )

    def create_registered_model(
        self, name: str, *, owner: str | None = None, description: str = "", versions: int = 0
    ) -> str:
        return self.workspace.create_registered_model(
            name, owner=owner, description=description, versions=versions
        )

    def create_model_version(self, model_name: str, *, stage: str = "None", owner: str | None = None) -> str:
        return self.workspace.create_model_version(model_name, stage=stage, owner=owner)

    def set_model_version_tag(self, name: str, version: str, key: str, value: str) -> None:
        self.workspace.set_model_version_tag(name, version, key, value)

    def set_registered_model_tag(self, name: str, key: str, value: str) -> None:
        self.workspace.set_registered_model_tag(name, key, value)

    def create_experiment(self, name: str, *, owner: str | None = None) -> str:
        return self.workspace.create_experiment(name, owner=owner)

    def create_runs(self, experiment_id: str, count: int, *, start_time_ms: int | None = None) -> list[str]:
        return self.workspace.create_runs(experiment_id, count, start_time_ms=start_time_ms)

    def seed_demo(self) -> None:
        self.workspace.seed_demo()

    @property
    def webhook_deliveries(self) -> list[Delivery]:
        return self.workspace.webhook_deliveries

    def wait_for_deliveries(self, count: int, timeout: float = 5.0) -> list[Delivery]:
        return self.workspace.wait_for_deliveries(count, timeout)
