"""A local webhook receiver: checks each delivery's signature and reports it in one line.

Answers 200 to a correctly signed delivery, 401 to a bad or missing signature, 400 to a signed body that
is not a registry-webhook payload and 409 to a replay (only with a replay window). TCP_NODELAY on every
connection: the answers are tiny and the sender waits for them.

Nothing a sender controls can forge a report: a delivery that fails verification is reported without any
of its fields, and every value printed is escaped (text) or JSON-encoded (json), one line per delivery.
"""

from __future__ import annotations

import hashlib
import json
import re
import socket
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import attrs

from databricks_mlflow_client.webhooks import (
    SIGNATURE_HEADER,
    PayloadError,
    WebhookPayload,
    parse_payload,
    verify_signature,
)

MAX_BODY_BYTES = 1024 * 1024
# An idle or stalled connection is closed after this long, so it does not hold a thread forever.
CONNECTION_TIMEOUT = 10.0
_SHOWN_FIELDS = ("model_name", "version", "to_stage", "from_stage")
_PLAIN = re.compile(r"[A-Za-z0-9._:/@+-]+")


@attrs.frozen
class Verdict:
    """What the receiver decided about one delivery."""

    status: int
    signature: str  # "ok" | "bad" | "missing"
    payload: WebhookPayload | None = None  # only for a verified delivery
    reason: str | None = None  # why it was refused

    def text(self) -> str:
        """One line: the event and its fields for an accepted delivery, else the refusal only."""
        verdict = f"signature={'ok' if self.signature == 'ok' else 'BAD'}"
        if self.payload is None:
            reason = f"  {json.dumps(self.reason, ensure_ascii=True)[1:-1]}" if self.reason else ""
            return f"rejected{reason}  {verdict}"
        payload = self.payload
        parts = [_shown(str(payload.event))]
        parts += [f"model={_shown(payload.model_name)}", f"version={_shown(payload.version)}"]
        if payload.to_stage:
            parts.append(f"to_stage={_shown(payload.to_stage)}")
        parts.append(verdict)
        return "  ".join(parts)

    def json(self) -> str:
        """One JSON line; payload fields only for an accepted delivery."""
        document: dict[str, Any] = {
            "accepted": self.status == 200,
            "status": self.status,
            "signature": self.signature,
        }
        if self.reason:
            document["reason"] = self.reason
        if self.payload is not None:
            document["event"] = str(self.payload.event)
            document["webhook_id"] = self.payload.webhook_id
            document["event_timestamp"] = self.payload.event_timestamp
            for name in _SHOWN_FIELDS:
                document[name] = getattr(self.payload, name)
        return json.dumps(document, ensure_ascii=True)


def _shown(value: str | None) -> str:
    """A value safe on a terminal line: plain tokens as they are, anything else JSON-quoted (escapes
    newlines, terminal control sequences and non-ASCII look-alikes)."""
    if value is None or value == "":
        return "-"
    return value if _PLAIN.fullmatch(value) else json.dumps(value, ensure_ascii=True)


class _ReplayGuard:
    """Remembers the digests of accepted bodies for `window` seconds (0: off)."""

    def __init__(self, window: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.window = window
        self._clock = clock
        self._seen: dict[bytes, float] = {}
        self._lock = threading.Lock()

    def is_replay(self, body: bytes) -> bool:
        if self.window <= 0:
            return False
        digest = hashlib.sha256(body).digest()
        now = self._clock()
        with self._lock:
            for old, at in list(self._seen.items()):
                if at <= now - self.window:
                    del self._seen[old]
            if digest in self._seen:
                return True
            self._seen[digest] = now
            return False


def judge(body: bytes, secret: str, header: str | None, replays: _ReplayGuard) -> Verdict:
    """The answer to one delivery."""
    if not header:
        return Verdict(401, "missing", reason="no signature header")
    if not verify_signature(body, secret, header):
        return Verdict(401, "bad", reason="signature does not match")
    try:
        payload = parse_payload(body)
    except PayloadError as exc:
        return Verdict(400, "ok", reason=f"not a webhook payload: {exc}")
    if replays.is_replay(body):
        return Verdict(409, "ok", reason="replayed: this body was already delivered inside the replay window")
    return Verdict(200, "ok", payload=payload)


class WebhookReceiver(ThreadingHTTPServer):
    """`webhooks listen`'s server; `report` gets one line per delivery, text or JSON (`output`)."""

    daemon_threads = True

    def __init__(
        self,
        host: str,
        port: int,
        secret: str,
        report: Callable[[str], None],
        *,
        exit_after: int | None = None,
        output: str = "text",
        replay_window: float = 0.0,
        connection_timeout: float = CONNECTION_TIMEOUT,
    ) -> None:
        if not secret:
            raise ValueError("secret: the webhook secret is empty")
        self.secret = secret
        self.exit_after = exit_after
        self.output = output
        self.connection_timeout = connection_timeout
        self.replays = _ReplayGuard(replay_window)
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
        connection.settimeout(self.connection_timeout)
        return connection, address

    def record(self, verdict: Verdict) -> None:
        line = verdict.json() if self.output == "json" else verdict.text()
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
        verdict = judge(body, self.server.secret, self.headers.get(SIGNATURE_HEADER), self.server.replays)
        self._answer(verdict.status, {"received": verdict.status == 200})
        self.server.record(verdict)

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
