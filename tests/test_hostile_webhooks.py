"""Issue #13, hostile deliveries: `webhooks listen`, parse_payload, verify_signature and the receivers' limits.

Each test names the finding it reproduces. Everything runs on loopback.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from databricks_mlflow_client.cli import main
from databricks_mlflow_client.cli._listen import WebhookReceiver
from databricks_mlflow_client.emulator import Emulator
from databricks_mlflow_client.emulator._receiver import WebhookReceiver as RecordingReceiver
from databricks_mlflow_client.webhooks import (
    SIGNATURE_HEADER,
    PayloadError,
    parse_payload,
    sign,
    verify_signature,
)

SECRET = "listen-HOSTILE-secret"
FORGED_LINE = "COMMENT_CREATED  model=prod-model  version=9  signature=ok"


def payload(**fields: object) -> bytes:
    document = {"event": "COMMENT_CREATED", "webhook_id": "1", "event_timestamp": 1700000000000, **fields}
    return json.dumps(document).encode()


@contextlib.contextmanager
def receiver(**kwargs: object) -> Iterator[tuple[WebhookReceiver, list[str]]]:
    lines: list[str] = []
    server = WebhookReceiver("127.0.0.1", 0, SECRET, lines.append, **kwargs)  # type: ignore[arg-type]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server, lines
    finally:
        server.shutdown()
        server.server_close()


def post(server: WebhookReceiver, body: bytes, signature: str | None) -> httpx.Response:
    headers = {SIGNATURE_HEADER: signature} if signature is not None else {}
    return httpx.post(f"http://127.0.0.1:{server.port}/", content=body, headers=headers, timeout=5)


# --- finding 6: forgeable output -----------------------------------------------------------------------------


@pytest.mark.parametrize("output", ["text", "json"])
def test_finding_6_an_unsigned_delivery_cannot_forge_a_line_or_show_its_fields(output: str) -> None:
    hostile = payload(model_name=f"x\n{FORGED_LINE}\x1b[2J\x1b]0;owned\x07", version="1\r" + FORGED_LINE)
    with receiver(output=output) as (server, lines):
        assert post(server, hostile, None).status_code == 401
        assert post(server, hostile, sign(hostile, "wrong")).status_code == 401
    printed = "\n".join(lines)
    assert len(lines) == 2 and "\n" not in "".join(lines) and "\r" not in printed
    assert "\x1b" not in printed and "\x07" not in printed
    assert "prod-model" not in printed and "x" not in printed.replace("\\x", "")  # no payload field shown
    if output == "json":
        documents = [json.loads(line) for line in lines]
        assert [d["signature"] for d in documents] == ["missing", "bad"]
        assert all(d["accepted"] is False and "model_name" not in d for d in documents)
    else:
        assert all("signature=ok" not in line for line in lines)


@pytest.mark.parametrize("output", ["text", "json"])
def test_finding_6_a_signed_delivery_is_shown_escaped_on_one_line(output: str) -> None:
    body = payload(model_name=f"m\n{FORGED_LINE}\x1b[31m", version="3")
    with receiver(output=output) as (server, lines):
        assert post(server, body, sign(body, SECRET)).status_code == 200
    (line,) = lines
    assert "\x1b" not in line and "\n" not in line
    if output == "json":
        document = json.loads(line)
        assert document["signature"] == "ok" and document["accepted"] is True
        assert document["model_name"] == f"m\n{FORGED_LINE}\x1b[31m"  # exact, inside a JSON string
    else:
        assert line.startswith("COMMENT_CREATED  model=") and line.endswith("  signature=ok")
        assert line.count("signature=ok") == 1 or '"' in line  # a copy inside a field is quoted


# --- finding 12: parse_payload raising a bare ValueError -----------------------------------------------------


@pytest.mark.parametrize("timestamp", ["²", "1" * 5000, "١٢٣", 10**30])
def test_finding_12_a_bad_event_timestamp_is_a_payload_error(timestamp: object) -> None:
    body = (
        b'{"event": "COMMENT_CREATED", "webhook_id": "1", "event_timestamp": '
        + (json.dumps(timestamp).encode() if not isinstance(timestamp, int) else str(timestamp).encode())
        + b"}"
    )
    with pytest.raises(PayloadError, match="event_timestamp"):
        parse_payload(body)


def test_finding_12_listen_answers_400_to_a_signed_bad_timestamp_and_keeps_serving() -> None:
    bad = b'{"event": "COMMENT_CREATED", "webhook_id": "1", "event_timestamp": "\xc2\xb2"}'
    good = payload()
    with receiver() as (server, lines):
        assert post(server, bad, sign(bad, SECRET)).status_code == 400
        assert post(server, good, sign(good, SECRET)).status_code == 200
    assert len(lines) == 2 and "event_timestamp" in lines[0]


# --- finding 16 and "Also": the secret --------------------------------------------------------------------


def test_finding_16_listen_refuses_an_empty_secret() -> None:
    result = CliRunner().invoke(main, ["webhooks", "listen", "--secret", ""])
    assert result.exit_code == 2 and "secret" in result.output and "empty" in result.output


def test_listen_reads_its_secret_from_a_file_not_the_command_line(tmp_path: Path) -> None:
    secret_file = tmp_path / "secret"
    secret_file.write_text(SECRET + "\n")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    body = payload(model_name="m")
    result_holder: list[object] = []

    def run() -> None:
        result_holder.append(
            CliRunner().invoke(
                main,
                [
                    "--output",
                    "json",
                    "webhooks",
                    "listen",
                    "--port",
                    str(port),
                    "--secret-file",
                    str(secret_file),
                    "--exit-after",
                    "1",
                ],
            )
        )

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    for _ in range(200):
        with contextlib.suppress(httpx.ConnectError):
            answer = httpx.post(
                f"http://127.0.0.1:{port}/",
                content=body,
                headers={SIGNATURE_HEADER: sign(body, SECRET)},
                timeout=5,
            )
            break
        threading.Event().wait(0.05)
    thread.join(10)
    assert answer.status_code == 200
    (result,) = result_holder
    lines = result.stdout.splitlines()  # type: ignore[attr-defined]
    assert json.loads(lines[0])["listening"].startswith("http://127.0.0.1:")
    assert json.loads(lines[1])["signature"] == "ok"


def test_listen_refuses_both_a_secret_and_a_secret_file(tmp_path: Path) -> None:
    (tmp_path / "s").write_text("x")
    result = CliRunner().invoke(
        main, ["webhooks", "listen", "--secret", "a", "--secret-file", str(tmp_path / "s")]
    )
    assert result.exit_code == 2


# --- "Also": replayed deliveries and idle connections ----------------------------------------------------


def test_a_replayed_delivery_is_refused_inside_the_replay_window() -> None:
    body = payload(model_name="m")
    with receiver(replay_window=60.0) as (server, lines):
        assert post(server, body, sign(body, SECRET)).status_code == 200
        assert post(server, body, sign(body, SECRET)).status_code == 409
    assert "replay" in lines[1]
    with receiver() as (server, lines):  # off by default: a workspace may legitimately re-deliver
        assert post(server, body, sign(body, SECRET)).status_code == 200
        assert post(server, body, sign(body, SECRET)).status_code == 200


def idle_connections_are_closed(port: int, count: int = 20) -> bool:
    sockets = [socket.create_connection(("127.0.0.1", port)) for _ in range(count)]
    try:
        for sock in sockets:
            sock.settimeout(5)
            try:
                if sock.recv(1) != b"":
                    return False
            except TimeoutError:
                return False
        return True
    finally:
        for sock in sockets:
            sock.close()


def test_listen_closes_idle_connections() -> None:
    with receiver(connection_timeout=0.2) as (server, _):
        assert idle_connections_are_closed(server.port)


def test_the_emulator_test_receiver_closes_idle_connections_and_bounds_bodies() -> None:
    with RecordingReceiver(connection_timeout=0.2) as test_receiver:
        port = int(test_receiver.url.rsplit(":", 1)[1].split("/")[0])
        assert idle_connections_are_closed(port)
        with socket.create_connection(("127.0.0.1", port)) as sock:
            sock.settimeout(5)
            sock.sendall(b"POST /hook HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n" + b"a" * 100)
            assert sock.recv(65536).startswith(b"HTTP/1.1 400")


# --- #12 item 6: verify_signature takes str or bytes -------------------------------------------------------


def test_verify_signature_takes_str_or_bytes() -> None:
    text = '{"event": "COMMENT_CREATED", "model_name": "modèle"}'
    signature = sign(text.encode(), SECRET)
    assert verify_signature(text.encode(), SECRET, signature)
    assert verify_signature(text, SECRET, signature)  # str: its UTF-8 bytes
    assert sign(text, SECRET) == signature
    with pytest.raises(TypeError, match="body"):
        verify_signature({"event": "x"}, SECRET, signature)  # type: ignore[arg-type]


# --- finding 13: the emulator's chunked body reader ---------------------------------------------------------


def test_finding_13_a_negative_chunk_size_is_a_400_not_a_read_to_the_end() -> None:
    with Emulator() as emu:
        host, port = emu.url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port))) as sock:
            sock.settimeout(5)
            sock.sendall(
                b"POST /api/2.0/mlflow/comments/create HTTP/1.1\r\nHost: x\r\n"
                b"Transfer-Encoding: chunked\r\n\r\n-1\r\n" + b"a" * 1000
            )
            answer = sock.recv(65536)  # keeps the connection open: a read-to-end would never answer
        assert answer.startswith(b"HTTP/1.1 400")
