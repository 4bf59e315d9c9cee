"""A local webhook receiver: checks each delivery's signature and reports it in one line.

Answers 200 to a correctly signed delivery, 401 to a bad or missing signature and 400 to a signed body
that is not a registry-webhook payload. TCP_NODELAY on every connection: the answers are tiny and the
sender waits for them.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from databricks_mlflow_client.webhooks import SIGNATURE_HEADER, PayloadError, parse_payload, verify_signature

MAX_BODY_BYTES = 1024 * 1024


def describe_delivery(body: bytes, signature_ok: bool) -> tuple[str, bool]:
    """The report line of one delivery, and whether its body is a webhook payload."""
    verdict = "signature=ok" if signature_ok else "signature=BAD"
    try:
        payload = parse_payload(body)
    except PayloadError as exc:
        return f"<not a webhook payload: {exc}>  {verdict}", False
    parts = [str(payload.event), f"model={payload.model_name or '-'}", f"version={payload.version or '-'}"]
    if payload.to_stage:
        parts.append(f"to_stage={payload.to_stage}")
    parts.append(verdict)
    return "  ".join(parts), True


class WebhookReceiver(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(
        self,
        host: str,
        port: int,
        secret: str,
        report: Callable[[str], None],
        *,
        exit_after: int | None = None,
    ) -> None:
        self.secret = secret
        self.exit_after = exit_after
        self.received = 0
        self._report = report
        self._lock = threading.Lock()
        super().__init__((host, port), _DeliveryHandler)

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def get_request(self) -> tuple[socket.socket, Any]:
        connection, address = super().get_request()
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return connection, address

    def record(self, line: str) -> None:
        with self._lock:
            self._report(line)
            self.received += 1
            done = self.exit_after is not None and self.received >= self.exit_after
        if done:
            # shutdown() waits for serve_forever to return, so it cannot run on a thread serve_forever waits on.
            threading.Thread(target=self.shutdown, daemon=True).start()


class _DeliveryHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: WebhookReceiver

    def do_POST(self) -> None:
        length_text = self.headers.get("Content-Length")
        if length_text is None or not length_text.isdigit() or int(length_text) > MAX_BODY_BYTES:
            self._answer(411 if length_text is None else 413, {"error": "a Content-Length body is required"})
            return
        body = self.rfile.read(int(length_text))
        signature_ok = verify_signature(body, self.server.secret, self.headers.get(SIGNATURE_HEADER))
        line, is_payload = describe_delivery(body, signature_ok)
        status = 200 if signature_ok and is_payload else 401 if not signature_ok else 400
        self._answer(status, {"received": status == 200})
        self.server.record(line)

    def _answer(self, status: int, document: dict[str, Any]) -> None:
        body = json.dumps(document).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()

    def log_message(self, format: str, *args: Any) -> None:
        """Silent: the receiver reports deliveries itself, one line each."""
