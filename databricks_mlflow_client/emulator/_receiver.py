"""A webhook target for tests: a loopback HTTP server that records every delivery it receives.

with Emulator() as emu, WebhookReceiver() as receiver:
    client.webhooks.create(["COMMENT_CREATED"], model_name="m", http_url_spec={"url": receiver.url, "secret": s})
    ...
    (delivery,) = receiver.wait_for(1)
    assert delivery.verify(s)
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import attrs

from ..webhooks import SIGNATURE_HEADER, verify_signature

MAX_BODY_BYTES = 16 * 1024 * 1024


@attrs.frozen
class ReceivedDelivery:
    path: str
    headers: Mapping[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    def verify(self, secret: str) -> bool:
        """Whether the X-Databricks-Signature header signs this body with ``secret``."""
        return verify_signature(self.body, secret, self.headers.get(SIGNATURE_HEADER))


class WebhookReceiver:
    """Answers every POST with ``status`` and ``reply`` (both may be changed between deliveries)."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        status: int = 200,
        reply: bytes = b'{"ok": true}',
        connection_timeout: float = 10.0,
    ):
        """``connection_timeout``: an idle or stalled connection is closed after this many seconds."""
        self.status = status
        self.reply = reply
        self.connection_timeout = connection_timeout
        self.received: list[ReceivedDelivery] = []
        self._arrived = threading.Condition()
        self._server = ThreadingHTTPServer((host, port), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    @property
    def url(self) -> str:
        return self.url_for("/hook")

    def url_for(self, path: str) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}{path}"

    def wait_for(self, count: int, timeout: float = 5.0) -> list[ReceivedDelivery]:
        """The deliveries so far, once there are at least ``count`` or ``timeout`` has passed."""
        deadline = time.monotonic() + timeout
        with self._arrived:
            while len(self.received) < count and (left := deadline - time.monotonic()) > 0:
                self._arrived.wait(left)
            return list(self.received)

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> WebhookReceiver:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _record(self, delivery: ReceivedDelivery) -> None:
        with self._arrived:
            self.received.append(delivery)
            self._arrived.notify_all()

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            timeout = receiver.connection_timeout  # applied to the socket by StreamRequestHandler.setup

            def setup(self) -> None:
                self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                super().setup()

            def do_POST(self) -> None:
                length = self.headers.get("Content-Length", "0")
                if not length.isascii() or not length.isdigit() or int(length) > MAX_BODY_BYTES:
                    self.send_error(400, "a Content-Length of at most 16 MiB is required")
                    return
                body = self.rfile.read(int(length))
                receiver._record(ReceivedDelivery(self.path, dict(self.headers.items()), body))
                status, reply = receiver.status, receiver.reply
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler
