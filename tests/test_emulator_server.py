"""The emulator's HTTP server over real loopback HTTP: auth, routing, errors, keep-alive, OAuth, CLI, plugin."""

from __future__ import annotations

import base64
import logging
import signal
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner

from databricks_mlflow_client.cli import main as cli_main
from databricks_mlflow_client.emulator import DEFAULT_WORKSPACE_ID, ApiError, Emulator, Principal, Workspace

GET_MODEL = "/api/2.0/mlflow/databricks/registered-models/get"
CREATE_REQUEST = "/api/2.0/mlflow/transition-requests/create"
LIST_REQUESTS = "/api/2.0/mlflow/transition-requests/list"
SEARCH_MODELS = "/api/2.0/mlflow/registered-models/search"
MODEL_PERMISSIONS = "/api/2.0/permissions/registered-models/{id}"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def emu(databricks_emulator: Emulator) -> Emulator:
    databricks_emulator.create_registered_model("m", versions=1)
    return databricks_emulator


@pytest.fixture
def client(emu: Emulator) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=emu.url, headers=bearer(emu.token), timeout=10) as http:
        yield http


# ---- authentication


def test_missing_token_is_401_unauthenticated(emu: Emulator) -> None:
    response = httpx.get(emu.url + GET_MODEL, params={"name": "m"})
    assert response.status_code == 401
    assert response.json()["error_code"] == "UNAUTHENTICATED"


@pytest.mark.parametrize("authorization", ["Bearer dapi-not-a-token", "Basic YTpi", "Bearer", "dapi123"])
def test_unknown_token_or_scheme_is_401(emu: Emulator, authorization: str) -> None:
    response = httpx.get(emu.url + GET_MODEL, params={"name": "m"}, headers={"Authorization": authorization})
    assert response.status_code == 401
    assert response.json() == {"error_code": "UNAUTHENTICATED", "message": "Invalid access token."}


def test_auth_comes_before_routing(emu: Emulator) -> None:
    assert httpx.get(emu.url + "/api/2.0/no/such/thing").status_code == 401


def test_a_users_token_identifies_the_user(emu: Emulator, client: httpx.Client) -> None:
    alice = emu.add_user("alice@example.com")
    response = client.get(GET_MODEL, params={"name": "m"}, headers=bearer(alice.token))
    method, path, status, principal = emu.requests[-1]
    assert (method, path, status, principal) == ("GET", GET_MODEL, response.status_code, "alice@example.com")


# ---- routing and request errors


def test_unknown_path_is_404_endpoint_not_found(client: httpx.Client) -> None:
    response = client.get("/api/2.0/mlflow/registered-models/nope")
    assert response.status_code == 404
    assert response.json()["error_code"] == "ENDPOINT_NOT_FOUND"
    assert "GET /api/2.0/mlflow/registered-models/nope" in response.json()["message"]


def test_wrong_method_is_405_naming_the_allowed_ones(client: httpx.Client) -> None:
    response = client.post(GET_MODEL, json={"name": "m"})
    assert response.status_code == 405
    assert response.headers["Allow"] == "GET"
    templated = client.post(MODEL_PERMISSIONS.format(id="123"), json={})
    assert templated.status_code == 405
    assert set(templated.headers["Allow"].split(", ")) == {"GET", "PUT", "PATCH"}


@pytest.mark.parametrize("body", [b"{not json", b'{"name": "m",', b"\xff\xfe", b"[" * 100_000])
def test_malformed_json_is_400_malformed_request(client: httpx.Client, body: bytes) -> None:
    response = client.post(CREATE_REQUEST, content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.json()["error_code"] == "MALFORMED_REQUEST"


SEE_DOCS = " See the API docs for more information about request parameters."


def test_missing_body_field_is_400_in_mlflows_words(client: httpx.Client) -> None:
    response = client.post(CREATE_REQUEST, json={"name": "m", "version": "1"})
    assert response.status_code == 400
    assert response.json() == {
        "error_code": "INVALID_PARAMETER_VALUE",
        "message": f"Missing value for required parameter 'stage'.{SEE_DOCS}",
    }


def test_an_empty_required_string_reads_as_missing_in_mlflows_words(client: httpx.Client) -> None:
    """The spec gives required strings minLength 1; MLflow still calls "" missing, not too short."""
    response = client.post(CREATE_REQUEST, json={"name": "m", "version": "1", "stage": ""})
    assert response.status_code == 400
    assert response.json()["message"] == f"Missing value for required parameter 'stage'.{SEE_DOCS}"


def test_wrong_type_is_400_in_mlflows_words(client: httpx.Client) -> None:
    response = client.post(CREATE_REQUEST, json={"name": "m", "version": 1, "stage": "Staging"})
    assert response.status_code == 400
    assert response.json()["message"] == (
        f"Invalid value 1 for parameter 'version' supplied. Hint: Value was of type 'int'.{SEE_DOCS}"
    )


def test_nested_field_errors_name_the_dotted_path(client: httpx.Client) -> None:
    response = client.post(
        "/api/2.0/mlflow/registry-webhooks/create",
        json={"events": ["COMMENT_CREATED"], "http_url_spec": {"url": 5}},
    )
    assert response.status_code == 400
    assert "parameter 'http_url_spec.url'" in response.json()["message"]


def test_unknown_parameters_are_ignored_as_protobuf_does(client: httpx.Client) -> None:
    assert client.get(GET_MODEL, params={"name": "m", "bogus": "1"}).status_code == 200
    created = client.post(CREATE_REQUEST, json={"name": "m", "version": "1", "stage": "Staging", "x": 1})
    assert created.status_code == 200, created.text


def test_get_and_delete_arguments_may_come_in_a_json_body(client: httpx.Client) -> None:
    found = client.request("GET", GET_MODEL, json={"name": "m"})
    assert found.status_code == 200, found.text
    assert found.json()["registered_model_databricks"]["name"] == "m"
    webhook = client.post(
        "/api/2.0/mlflow/registry-webhooks/create",
        json={
            "events": ["COMMENT_CREATED"],
            "model_name": "m",
            "http_url_spec": {"url": "http://127.0.0.1:1/"},
        },
    ).json()["webhook"]
    deleted = client.request("DELETE", "/api/2.0/mlflow/registry-webhooks/delete", json={"id": webhook["id"]})
    assert deleted.status_code == 200, deleted.text
    assert client.get("/api/2.0/mlflow/registry-webhooks/list").json() == {"webhooks": []}


def test_the_query_string_wins_over_the_body(client: httpx.Client) -> None:
    response = client.request("GET", GET_MODEL + "?name=absent", json={"name": "m"})
    assert response.status_code == 404


def test_registry_webhooks_are_also_served_under_preview(client: httpx.Client) -> None:
    preview = "/api/2.0/preview/mlflow/registry-webhooks"
    created = client.post(
        f"{preview}/create",
        json={
            "events": ["MODEL_VERSION_CREATED"],
            "model_name": "m",
            "http_url_spec": {"url": "http://127.0.0.1:1/"},
        },
    )
    assert created.status_code == 200, created.text
    listed = client.get(f"{preview}/list", params={"model_name": "m"}).json()["webhooks"]
    assert [hook["id"] for hook in listed] == [created.json()["webhook"]["id"]]
    assert client.post(f"{preview}/list").status_code == 405
    assert (
        client.get(
            "/api/2.0/preview/mlflow/databricks/registered-models/get", params={"name": "m"}
        ).status_code
        == 404
    )


def test_int64_accepts_a_numeric_string_as_proto3_json_does(client: httpx.Client) -> None:
    response = client.get("/api/2.0/mlflow/registry-webhooks/list", params={"max_results": "abc"})
    assert response.status_code == 400
    assert "Invalid value \"abc\" for parameter 'max_results'" in response.json()["message"]
    assert (
        client.request("GET", "/api/2.0/mlflow/registry-webhooks/list", json={"max_results": "5"}).status_code
        == 200
    )


def test_bad_content_length_is_400_and_closes(emu: Emulator) -> None:
    import socket

    with socket.create_connection(("127.0.0.1", emu.port), timeout=5) as sock:
        sock.sendall(
            f"POST {CREATE_REQUEST} HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n"
            f"Authorization: Bearer {emu.token}\r\n\r\n".encode()
        )
        answer = sock.recv(65536)
    assert answer.startswith(b"HTTP/1.1 400 ")
    assert b"MALFORMED_REQUEST" in answer


def test_chunked_request_body_is_read(client: httpx.Client) -> None:
    body = iter([b'{"name": "m", "version": "1", ', b'"stage": "Staging"}'])
    created = client.post(CREATE_REQUEST, content=body, headers={"Content-Type": "application/json"})
    assert created.status_code == 200, created.text
    assert created.json()["request"]["to_stage"] == "Staging"


# ---- the workspace behind it


def test_operation_result_and_api_errors(client: httpx.Client, emu: Emulator) -> None:
    found = client.get(GET_MODEL, params={"name": "m"})
    assert found.status_code == 200
    assert found.headers["Content-Type"] == "application/json"
    assert found.json()["registered_model_databricks"]["name"] == "m"
    missing = client.get(GET_MODEL, params={"name": "absent"})
    assert missing.status_code == 404
    assert missing.json()["error_code"] == "RESOURCE_DOES_NOT_EXIST"


def test_state_changes_are_visible_to_later_requests(client: httpx.Client) -> None:
    created = client.post(CREATE_REQUEST, json={"name": "m", "version": "1", "stage": "Staging"})
    assert created.status_code == 200, created.text
    listed = client.get(LIST_REQUESTS, params={"name": "m", "version": "1"})
    assert [r["to_stage"] for r in listed.json()["requests"]] == ["Staging"]


class ExplodingWorkspace(Workspace):
    def handle(self, operation_id: str, principal: Principal, params: dict[str, Any]) -> dict[str, Any]:
        if params.get("name") == "boom":
            raise RuntimeError("kaboom")
        return super().handle(operation_id, principal, params)


def test_unexpected_exception_is_500_internal_error_and_logged(caplog: pytest.LogCaptureFixture) -> None:
    workspace = ExplodingWorkspace()
    workspace.create_registered_model("m")
    with (
        Emulator(workspace=workspace) as emu,
        httpx.Client(base_url=emu.url, headers=bearer(emu.token)) as http,
    ):
        with caplog.at_level(logging.ERROR, logger="databricks_mlflow_client.emulator"):
            response = http.get(GET_MODEL, params={"name": "boom"})
        assert response.status_code == 500
        assert response.json()["error_code"] == "INTERNAL_ERROR"
        assert any("kaboom" in (r.exc_text or "") or r.exc_info for r in caplog.records)
        assert http.get(GET_MODEL, params={"name": "m"}).status_code == 200


def test_api_error_status_and_code_pass_through() -> None:
    class Refusing(Workspace):
        def handle(self, operation_id: str, principal: Principal, params: dict[str, Any]) -> dict[str, Any]:
            raise ApiError(409, "RESOURCE_CONFLICT", "no way")

    with Emulator(workspace=Refusing()) as emu:
        response = httpx.get(emu.url + GET_MODEL, params={"name": "m"}, headers=bearer(emu.token))
    assert response.status_code == 409
    assert response.json() == {"error_code": "RESOURCE_CONFLICT", "message": "no way"}


# ---- connections


def test_keep_alive_serves_many_requests_on_one_connection(emu: Emulator, client: httpx.Client) -> None:
    statuses = {client.get(GET_MODEL, params={"name": "m"}).status_code for _ in range(300)}
    assert statuses == {200}
    assert emu.connections_accepted == 1


def test_fifty_concurrent_clients(emu: Emulator) -> None:
    def five_calls(_: int) -> list[int]:
        # verify=False: loading the CA bundle per client would dominate this test's time (plain HTTP anyway)
        with httpx.Client(base_url=emu.url, headers=bearer(emu.token), timeout=10, verify=False) as http:
            return [http.get(GET_MODEL, params={"name": "m"}).status_code for _ in range(5)]

    with ThreadPoolExecutor(max_workers=50) as pool:
        results = list(pool.map(five_calls, range(50)))
    assert [s for statuses in results for s in statuses] == [200] * 250
    assert emu.connections_accepted == 50
    assert len(emu.requests) == 250


def test_stop_closes_idle_keep_alive_connections() -> None:
    emu = Emulator().start()
    http = httpx.Client(base_url=emu.url, headers=bearer(emu.token), timeout=5)
    assert http.get(GET_MODEL, params={"name": "m"}).status_code == 404
    emu.stop()
    emu.stop()  # idempotent
    with pytest.raises(httpx.TransportError):
        http.get(GET_MODEL, params={"name": "m"})
    http.close()
    assert not emu.running
    with pytest.raises(RuntimeError, match="once"):
        emu.start()


def test_request_log_is_bounded() -> None:
    with Emulator(request_log_size=3) as emu, httpx.Client(base_url=emu.url) as http:
        for index in range(5):
            http.get(f"/p{index}")
        assert [r.path for r in emu.requests] == ["/p2", "/p3", "/p4"]
        assert all(r.status == 401 and r.principal is None for r in emu.requests)


@pytest.mark.parametrize("host", ["0.0.0.0", "192.0.2.10", "example.com"])
def test_non_loopback_hosts_are_refused(host: str) -> None:
    with pytest.raises(ValueError, match="allow_remote"):
        Emulator(host)


def test_ipv6_loopback_and_allow_remote() -> None:
    Emulator("192.0.2.10", allow_remote=True)  # refused only when binding, which this never does
    try:
        emu = Emulator("::1").start()
    except OSError:
        pytest.skip("no IPv6 loopback here")
    with emu:
        assert emu.url == f"http://[::1]:{emu.port}"
        assert httpx.get(emu.url + GET_MODEL, params={"name": "x"}).status_code == 401


def test_url_before_start_and_unknown_seed() -> None:
    with pytest.raises(RuntimeError, match="start"):
        _ = Emulator().url
    with pytest.raises(ValueError, match="seed"):
        Emulator(seed="nope")


def test_demo_seed_populates_the_workspace() -> None:
    with Emulator(seed="demo") as emu:
        found = httpx.get(emu.url + SEARCH_MODELS, headers=bearer(emu.token)).json()
    assert found["registered_models"]


# ---- OAuth M2M


def test_host_metadata_and_discovery_documents(emu: Emulator) -> None:
    meta = httpx.get(emu.url + "/.well-known/databricks-config").json()
    assert meta["oidc_endpoint"] == f"{emu.url}/oidc"
    assert meta["workspace_id"] and meta["cloud"] == "AWS"
    discovery = httpx.get(meta["oidc_endpoint"] + "/.well-known/oauth-authorization-server").json()
    assert discovery["token_endpoint"] == f"{emu.url}/oidc/v1/token"
    assert discovery["authorization_endpoint"].startswith(f"{emu.url}/oidc/")
    assert discovery["issuer"] == f"{emu.url}/oidc"


def _basic(client_id: str, secret: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()}


def test_oauth_client_credentials_token_calls_the_api(emu: Emulator) -> None:
    sp = emu.add_service_principal("sp-app-id", client_secret="s3cret")
    token_url = httpx.get(emu.url + "/oidc/.well-known/oauth-authorization-server").json()["token_endpoint"]
    issued = httpx.post(
        token_url,
        data={"grant_type": "client_credentials", "scope": "all-apis"},
        headers=_basic("sp-app-id", "s3cret"),
    )
    assert issued.status_code == 200
    body = issued.json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 3600
    assert body["scope"] == "all-apis"
    api = httpx.get(emu.url + GET_MODEL, params={"name": "absent"}, headers=bearer(body["access_token"]))
    assert api.status_code == 404  # authenticated: the model simply does not exist
    assert emu.requests[-1].principal == sp.name


def test_oauth_client_secret_in_the_form(emu: Emulator) -> None:
    emu.add_service_principal("form-app", client_secret="pw")
    issued = httpx.post(
        emu.url + "/oidc/v1/token",
        data={"grant_type": "client_credentials", "client_id": "form-app", "client_secret": "pw"},
    )
    assert issued.status_code == 200
    assert issued.json()["scope"] == "all-apis"


@pytest.mark.parametrize(
    ("form", "headers", "status", "error"),
    [
        ({"grant_type": "client_credentials"}, _basic("sp", "wrong"), 401, "invalid_client"),
        ({"grant_type": "client_credentials"}, _basic("nobody", "pw"), 401, "invalid_client"),
        ({"grant_type": "client_credentials"}, {}, 401, "invalid_client"),
        ({"grant_type": "password"}, _basic("sp", "pw"), 400, "unsupported_grant_type"),
    ],
)
def test_oauth_token_errors(
    emu: Emulator, form: dict[str, str], headers: dict[str, str], status: int, error: str
) -> None:
    emu.add_service_principal("sp", client_secret="pw")
    response = httpx.post(emu.url + "/oidc/v1/token", data=form, headers=headers)
    assert response.status_code == status
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.json()["error"] == error


def test_expired_oauth_token_is_401() -> None:
    now = [1_700_000_000.0]
    workspace = Workspace(clock=lambda: now[0])
    workspace.add_service_principal("sp", client_secret="pw")
    with Emulator(workspace=workspace, oauth_token_ttl=60) as emu:
        issued = httpx.post(
            emu.url + "/oidc/v1/token", data={"grant_type": "client_credentials"}, headers=_basic("sp", "pw")
        ).json()
        assert issued["expires_in"] == 60
        headers = bearer(issued["access_token"])
        assert httpx.get(emu.url + GET_MODEL, params={"name": "x"}, headers=headers).status_code == 404
        now[0] += 61
        expired = httpx.get(emu.url + GET_MODEL, params={"name": "x"}, headers=headers)
        assert expired.status_code == 401
        assert expired.json()["error_code"] == "UNAUTHENTICATED"


def test_databricks_sdk_oauth_m2m_against_the_emulator(
    emu: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("DATABRICKS_TOKEN", "DATABRICKS_HOST", "DATABRICKS_CONFIG_PROFILE", "DATABRICKS_AUTH_TYPE"):
        monkeypatch.delenv(name, raising=False)
    from databricks.sdk import WorkspaceClient
    from databricks.sdk.core import Config

    emu.add_service_principal("sdk-app", client_secret="sdk-secret", admin=True)
    config = Config(
        host=emu.url,
        client_id="sdk-app",
        client_secret="sdk-secret",
        retry_timeout_seconds=5,
        auth_type="oauth-m2m",
    )
    model = WorkspaceClient(config=config).model_registry.get_model("m").registered_model_databricks
    assert model is not None and model.name == "m"
    assert config.workspace_id == DEFAULT_WORKSPACE_ID
    paths = [r.path for r in emu.requests]
    assert paths[:1] == ["/.well-known/databricks-config"]
    assert "/oidc/v1/token" in paths and paths[-1] == GET_MODEL
    assert emu.requests[-1].principal == "sdk-app"


# ---- CLI and pytest plugin


def _console_script() -> list[str]:
    script = Path(sys.executable).with_name("databricks-mlflow")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from databricks_mlflow_client.cli import main; main()"]


def test_cli_prints_url_then_token_and_stops_on_sigterm() -> None:
    process = subprocess.Popen(
        [*_console_script(), "emulator", "--port", "0", "--seed", "demo"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        first, second = process.stdout.readline(), process.stdout.readline()
        assert first.startswith("listening on http://127.0.0.1:"), first + (
            process.stderr.read() if process.stderr else ""
        )
        url = first.removeprefix("listening on ").strip()
        token = second.removeprefix("token: ").strip()
        assert httpx.get(url + GET_MODEL, params={"name": "x"}, headers=bearer(token)).status_code == 404
        assert httpx.get(url + GET_MODEL, params={"name": "x"}).status_code == 401
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_cli_rejects_bad_options() -> None:
    runner = CliRunner()
    assert "emulator" in runner.invoke(cli_main, ["--help"]).output
    bad_fault = runner.invoke(cli_main, ["emulator", "--fault", "/api/*=explode"])
    assert bad_fault.exit_code == 2 and "explode" in bad_fault.output
    remote = runner.invoke(cli_main, ["emulator", "--host", "0.0.0.0"])
    assert remote.exit_code == 2 and "allow-remote" in remote.output.replace("allow_remote", "allow-remote")


def test_importing_the_cli_and_plugin_does_not_load_the_server() -> None:
    code = (
        "import sys, databricks_mlflow_client.cli, databricks_mlflow_client.emulator.pytest_plugin;"
        "print(sorted(m for m in sys.modules if m.startswith('databricks_mlflow_client.emulator.')))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "_server" not in loaded and "_workspace" not in loaded, loaded


def test_session_fixture_serves(databricks_emulator_session: Emulator) -> None:
    assert databricks_emulator_session.running
    response = httpx.get(databricks_emulator_session.url + GET_MODEL, params={"name": "x"})
    assert response.status_code == 401


def test_list_webhooks_pages_1000_by_default_as_the_proto_says(emu: Emulator, client: httpx.Client) -> None:
    for _ in range(101):
        client.post(
            "/api/2.0/mlflow/registry-webhooks/create",
            json={
                "events": ["COMMENT_CREATED"],
                "model_name": "m",
                "http_url_spec": {"url": "http://127.0.0.1:1/"},
            },
        )
    listed = client.get("/api/2.0/mlflow/registry-webhooks/list").json()
    assert len(listed["webhooks"]) == 101 and "next_page_token" not in listed
    too_many = client.get("/api/2.0/mlflow/registry-webhooks/list", params={"max_results": 1001})
    assert too_many.status_code == 400
    assert "It must be at least 1 and at most 1000, but got value 1001" in too_many.json()["message"]


def demo_ids(emu: Emulator) -> dict[str, Any]:
    with httpx.Client(base_url=emu.url, headers=bearer(emu.token), timeout=10) as http:
        models = http.get(SEARCH_MODELS).json()["registered_models"]
        ids = {
            m["name"]: http.get(GET_MODEL, params={"name": m["name"]}).json()["registered_model_databricks"][
                "id"
            ]
            for m in models
        }
        acl = http.get(MODEL_PERMISSIONS.format(id=ids["fraud-detector"])).json()
        experiments = http.post("/api/2.0/mlflow/experiments/search", json={}).json()["experiments"]
    principals = sorted(e.get("service_principal_name") or "" for e in acl["access_control_list"])
    return {
        "models": ids,
        "service_principals": principals,
        "experiments": sorted(e["experiment_id"] for e in experiments),
    }


def test_the_demo_seed_gives_the_same_ids_on_every_start() -> None:
    with Emulator(seed="demo") as first, Emulator(seed="demo") as second:
        seen = demo_ids(first)
        assert seen == demo_ids(second)
    assert len(seen["models"]) == 5 and all(len(model_id) == 32 for model_id in seen["models"].values())
    assert any(len(app_id) == 36 for app_id in seen["service_principals"])  # the deploy bot's application id
