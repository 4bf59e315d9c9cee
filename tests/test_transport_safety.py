"""Transport safety: TLS certificates are verified by default, credentials never cross a network in clear
(`http://` only to loopback, refused before any connection), and a redirect never carries them elsewhere.
"""

from __future__ import annotations

import asyncio
import ssl
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from _tls import self_signed_certificate

from databricks_mlflow_client import (
    ApiConnectionError,
    AsyncDatabricksMlflowClient,
    ConfigError,
    DatabricksError,
    DatabricksMlflowClient,
    RetryPolicy,
)
from databricks_mlflow_client._lean_transport import LeanTransport
from databricks_mlflow_client.emulator import Emulator

TOKEN = "dapi-TRANSPORT-3e9a7c1f5b"
CLIENT_SECRET = "oauth-TRANSPORT-SECRET-8d2b6f"
SHORT = RetryPolicy(timeout=0.3, backoff_initial=0.001, backoff_max=0.01)
GET_MODEL = "/api/2.0/mlflow/databricks/registered-models/get"


# ------------------------------------------------------------------------------------------ a recording server


class Recorder(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        self.seen: list[dict[str, str]] = []
        super().__init__(("127.0.0.1", 0), _RecordingHandler)

    @property
    def port(self) -> int:
        return int(self.server_address[1])


class _RecordingHandler(BaseHTTPRequestHandler):
    server: Recorder

    def _record(self) -> None:
        self.server.seen.append({"method": self.command, "path": self.path, **dict(self.headers.items())})
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        body = b'{"registered_model_databricks": {"name": "stolen", "id": "1"}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _record

    def log_message(self, format: str, *args: Any) -> None:
        return


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    server = Recorder()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


# ------------------------------------------------------------------------------------------ TLS verification


def _ssl_context_of(client: DatabricksMlflowClient | AsyncDatabricksMlflowClient) -> ssl.SSLContext:
    transport = client._http._transport
    if isinstance(transport, LeanTransport):  # the async client's default
        return transport.ssl_context
    context = transport._pool._ssl_context  # type: ignore[attr-defined]
    assert isinstance(context, ssl.SSLContext)
    return context


def test_tls_verification_is_on_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    sync_client = DatabricksMlflowClient("https://example.cloud.databricks.com", TOKEN)
    async_client = AsyncDatabricksMlflowClient("https://example.cloud.databricks.com", TOKEN)
    assert isinstance(async_client._http._transport, LeanTransport)
    for client in (sync_client, async_client):
        context = _ssl_context_of(client)
        assert context.verify_mode == ssl.CERT_REQUIRED
        assert context.check_hostname is True
        assert client._http.follow_redirects is False
    sync_client.close()
    asyncio.run(async_client.aclose())


@pytest.fixture(scope="module")
def self_signed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 that no trust store knows."""
    return self_signed_certificate(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def tls_recorder(self_signed: tuple[Path, Path]) -> Iterator[Recorder]:
    cert_path, key_path = self_signed
    server = Recorder()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_path, key_path)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def test_an_untrusted_certificate_is_refused_before_the_token_is_sent(
    tls_recorder: Recorder, self_signed: tuple[Path, Path]
) -> None:
    url = f"https://127.0.0.1:{tls_recorder.port}"
    with (
        DatabricksMlflowClient(url, TOKEN, retry=SHORT) as client,
        pytest.raises(ApiConnectionError) as caught,
    ):
        client.registered_models.get("m")
    assert "CERTIFICATE_VERIFY_FAILED" in str(caught.value) or "certificate" in str(caught.value).lower()
    assert tls_recorder.seen == []

    # The control: the same server, trusted explicitly, answers; so the refusal above was verification.
    trusting = httpx.HTTPTransport(verify=ssl.create_default_context(cafile=str(self_signed[0])))
    with DatabricksMlflowClient(url, TOKEN, retry=SHORT, transport=trusting) as client:
        assert client.registered_models.get("m").name == "stolen"
    assert [seen["Authorization"] for seen in tls_recorder.seen] == [f"Bearer {TOKEN}"]


# ------------------------------------------------------------------------------------------ plain http://


@pytest.mark.parametrize(
    "host",
    [
        "http://example.cloud.databricks.com",
        "HTTP://example.cloud.databricks.com",
        "http://10.1.2.3",
        "http://0.0.0.0:8080",
        "http://[::2]",
        "http://localhost.example.com",
        "http://127.0.0.1.nip.io",
        "ftp://example.cloud.databricks.com",
    ],
)
def test_plain_http_to_a_non_loopback_host_is_refused_before_any_network(host: str) -> None:
    sent: list[httpx.Request] = []

    def transport(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json={})

    with pytest.raises(ConfigError) as caught:
        DatabricksMlflowClient(host, TOKEN, transport=httpx.MockTransport(transport))
    assert "http" in str(caught.value).lower() or "scheme" in str(caught.value).lower()
    assert TOKEN not in str(caught.value)
    with pytest.raises(ConfigError):
        AsyncDatabricksMlflowClient(host, TOKEN)
    assert sent == []


def test_plain_http_from_the_environment_or_a_profile_is_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("DATABRICKS_CONFIG_PROFILE", raising=False)
    monkeypatch.setenv("DATABRICKS_HOST", "http://example.cloud.databricks.com")
    monkeypatch.setenv("DATABRICKS_TOKEN", TOKEN)
    monkeypatch.setenv("DATABRICKS_CONFIG_FILE", str(tmp_path / "none"))
    with pytest.raises(ConfigError, match="refusing plain http://"):
        DatabricksMlflowClient()
    monkeypatch.delenv("DATABRICKS_HOST")
    monkeypatch.delenv("DATABRICKS_TOKEN")
    config = tmp_path / "databrickscfg"
    config.write_text(f"[prod]\nhost = http://prod.example.com\ntoken = {TOKEN}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="refusing plain http://") as caught:
        DatabricksMlflowClient(profile="prod", config_file=str(config))
    assert TOKEN not in str(caught.value)


@pytest.mark.parametrize(
    "host", ["http://127.0.0.1:{port}", "http://localhost:{port}", "http://127.0.0.2:{port}"]
)
def test_plain_http_to_loopback_is_allowed(host: str) -> None:
    with Emulator() as emu:
        emu.create_registered_model("m")
        url = host.format(port=emu.port)
        if "127.0.0.2" in url:  # the emulator listens on 127.0.0.1 only: construction is what is tested
            DatabricksMlflowClient(url, emu.token).close()
            return
        with DatabricksMlflowClient(url, emu.token, retry=SHORT) as client:
            assert client.registered_models.get("m").name == "m"


# ------------------------------------------------------------------------------------------ redirects


@pytest.mark.parametrize("status", [301, 302, 307, 308])
@pytest.mark.parametrize("other_host", ["127.0.0.1", "localhost"])
def test_a_redirect_never_carries_the_token_elsewhere(
    recorder: Recorder, status: int, other_host: str
) -> None:
    with Emulator() as emu:
        emu.add_user("redirected@example.com", admin=True, token=TOKEN)
        emu.create_registered_model("m")
        location = f"http://{other_host}:{recorder.port}{GET_MODEL}?name=m"
        emu.inject(GET_MODEL, "status", status=status, headers={"Location": location}, body="", times=None)
        with DatabricksMlflowClient(emu.url, TOKEN, retry=SHORT) as client:
            try:
                model = client.registered_models.get("m")
            except DatabricksError as error:
                assert error.status_code == status  # not followed: a typed error with the redirect's status
            else:
                assert model.name == "stolen"  # followed: allowed only without the token (checked below)
    assert all(TOKEN not in " ".join(seen.values()) for seen in recorder.seen), recorder.seen
    assert all("Authorization" not in seen for seen in recorder.seen), recorder.seen


def test_a_redirect_never_carries_the_token_elsewhere_async(recorder: Recorder) -> None:
    async def run(emu: Emulator) -> None:
        async with AsyncDatabricksMlflowClient(emu.url, TOKEN, retry=SHORT) as client:
            with pytest.raises(DatabricksError) as caught:
                await client.registered_models.get("m")
            assert caught.value.status_code == 307

    with Emulator() as emu:
        emu.add_user("redirected@example.com", admin=True, token=TOKEN)
        location = f"http://localhost:{recorder.port}{GET_MODEL}?name=m"
        emu.inject(GET_MODEL, "status", status=307, headers={"Location": location}, body="")
        asyncio.run(run(emu))
    assert recorder.seen == []


def test_a_redirected_oauth_token_request_does_not_carry_the_client_secret(recorder: Recorder) -> None:
    with Emulator() as emu:
        principal = emu.add_service_principal(admin=True, client_secret=CLIENT_SECRET)
        location = f"http://localhost:{recorder.port}/oidc/v1/token"
        emu.inject("/oidc/v1/token", "status", status=307, headers={"Location": location}, body="")
        client = DatabricksMlflowClient(
            emu.url, client_id=principal.name, client_secret=CLIENT_SECRET, retry=SHORT
        )
        with client, pytest.raises(DatabricksError) as caught:
            client.registered_models.get("m")
    assert "307" in str(caught.value)
    assert recorder.seen == []
