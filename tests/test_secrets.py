"""Secrets never leak: with debug logging on and every path exercised, the personal access token, the OAuth
client secret (and its Basic form), OAuth access tokens, webhook signing secrets, webhook Authorization
values and job access tokens appear in no log record, no repr of a client/config/auth object, no exception
message and no CLI output.

Every secret is a distinctive string, searched for verbatim in everything the user can see. Each test also
checks that it saw the activity it claims to cover (debug lines, redaction markers), so a silent logger or
an empty output cannot make it pass.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import pytest
from click.testing import CliRunner, Result

from databricks_mlflow_client import (
    AsyncDatabricksMlflowClient,
    DatabricksError,
    DatabricksMlflowClient,
    ModelId,
    NotFound,
    RequestValidationError,
    RetryPolicy,
    Unauthenticated,
)
from databricks_mlflow_client._auth import OAuthM2MAuth
from databricks_mlflow_client._config import resolve_config
from databricks_mlflow_client.cli import main
from databricks_mlflow_client.emulator import Emulator

PAT = "dapi-PAT-7f3c9e1b5a0d4e2f"
WRONG_PAT = "dapi-WRONG-1c8e4b7a2f9d"
CLIENT_SECRET = "oauth-CLIENTSECRET-4d2a8b6e1f"
WRONG_CLIENT_SECRET = "oauth-WRONGSECRET-9b3e7d1c"
WEBHOOK_SECRET = "whsec-SIGNING-8e1f0c5a3b"
WEBHOOK_AUTH_TOKEN = "whauth-HEADER-2b7d9a4c6e"
WEBHOOK_AUTHORIZATION = f"Bearer {WEBHOOK_AUTH_TOKEN}"
JOB_TOKEN = "dapi-JOBTOKEN-6c4e2f8a1d"
ADMIN = "secrets-admin@example.com"
MODEL = "secret-model"
HOOK_URL = "http://127.0.0.1:9/hook"
RETRY = RetryPolicy(timeout=2.0, backoff_initial=0.001, backoff_max=0.01)
CLEARED_ENV = (
    "DATABRICKS_HOST",
    "DATABRICKS_TOKEN",
    "DATABRICKS_CLIENT_ID",
    "DATABRICKS_CLIENT_SECRET",
    "DATABRICKS_CONFIG_PROFILE",
    "DATABRICKS_AUTH_TYPE",
    "DATABRICKS_MLFLOW_OUTPUT",
    "DATABRICKS_WEBHOOK_SECRET",
    "DATABRICKS_WEBHOOK_AUTHORIZATION",
    "DATABRICKS_WEBHOOK_JOB_TOKEN",
)


def basic(client_id: str, secret: str) -> str:
    return base64.b64encode(f"{client_id}:{secret}".encode()).decode()


@dataclass
class Setup:
    emu: Emulator
    client_id: str
    model_id: str

    @property
    def secrets(self) -> list[str]:
        return [
            PAT,
            WRONG_PAT,
            CLIENT_SECRET,
            WRONG_CLIENT_SECRET,
            basic(self.client_id, CLIENT_SECRET),
            basic(self.client_id, WRONG_CLIENT_SECRET),
            WEBHOOK_SECRET,
            WEBHOOK_AUTH_TOKEN,
            JOB_TOKEN,
        ]


@pytest.fixture
def setup(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> Iterator[Setup]:
    for name in CLEARED_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABRICKS_CONFIG_FILE", str(tmp_path / "no-databrickscfg"))
    with Emulator() as emu:
        emu.add_user(ADMIN, admin=True, token=PAT)
        principal = emu.add_service_principal(admin=True, client_secret=CLIENT_SECRET)
        model_id = emu.create_registered_model(MODEL, versions=1)
        yield Setup(emu, principal.name, model_id)


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    """Everything logged at DEBUG by the client, httpx, httpcore and the emulator (root and our logger)."""
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="databricks_mlflow_client")
    return caplog


def log_text(caplog: pytest.LogCaptureFixture) -> str:
    parts = []
    for record in caplog.records:
        parts.append(record.getMessage())
        if record.exc_info and record.exc_info[1] is not None:
            parts.append(str(record.exc_info[1]))
    return caplog.text + "\n".join(parts)


def assert_clean(setup: Setup, text: str, where: str) -> None:
    leaked = [secret for secret in setup.secrets if secret in text]
    assert not leaked, f"{where} contains {leaked}:\n{text[:4000]}"


def error_text(error: BaseException) -> str:
    """Everything an exception shows: str, repr, args, and the same for its causes."""
    parts = []
    seen: BaseException | None = error
    while seen is not None:
        parts += [str(seen), repr(seen), repr(seen.args)]
        seen = seen.__cause__ or seen.__context__
    return "\n".join(parts)


def pat_client(setup: Setup, token: str = PAT, **kwargs: Any) -> DatabricksMlflowClient:
    return DatabricksMlflowClient(setup.emu.url, token, retry=RETRY, **kwargs)


def webhook_targets() -> tuple[dict[str, Any], dict[str, Any]]:
    http = {"url": HOOK_URL, "secret": WEBHOOK_SECRET, "authorization": WEBHOOK_AUTHORIZATION}
    job = {"job_id": "42", "access_token": JOB_TOKEN, "workspace_url": "https://other.cloud.databricks.com"}
    return http, job


# ------------------------------------------------------------------------------------------ the client


def test_success_paths_log_no_secret(setup: Setup, debug_logs: pytest.LogCaptureFixture) -> None:
    http, job = webhook_targets()
    with pat_client(setup) as client:
        client.registered_models.get(MODEL)
        client.permissions.registered_models.update(
            MODEL, [{"user_name": ADMIN, "permission_level": "CAN_MANAGE"}]
        )
        client.comments.create(MODEL, "1", "looks good")
        hook = client.webhooks.create(["COMMENT_CREATED"], model_name=MODEL, http_url_spec=http)
        assert isinstance(hook.id, str)
        updated = client.webhooks.update(hook.id, job_spec=job, description="now a job")
        listed = list(client.webhooks.list(model_name=MODEL))
        seen = [repr(client), repr(client._http.auth), repr(hook), repr(updated), repr(listed)]
    logs = log_text(debug_logs)
    assert "registry-webhooks/create -> 200" in logs and "registry-webhooks/update -> 200" in logs
    assert logs.count("**REDACTED**") >= 3  # secret, authorization, access_token in the request bodies
    assert_clean(setup, logs, "debug log")
    assert_clean(setup, "\n".join(seen), "reprs")


def test_async_client_success_logs_no_secret(setup: Setup, debug_logs: pytest.LogCaptureFixture) -> None:
    import asyncio

    http, job = webhook_targets()

    async def run() -> str:
        async with AsyncDatabricksMlflowClient(setup.emu.url, PAT, retry=RETRY) as client:
            hook = await client.webhooks.create(["COMMENT_CREATED"], model_name=MODEL, http_url_spec=http)
            assert isinstance(hook.id, str)
            await client.webhooks.update(hook.id, job_spec=job)
            return repr(client) + repr(client._http.auth) + repr(hook)

    seen = asyncio.run(run())
    logs = log_text(debug_logs)
    assert "registry-webhooks/update -> 200" in logs
    assert_clean(setup, logs, "debug log")
    assert_clean(setup, seen, "reprs")


def test_api_errors_carry_no_secret(setup: Setup, debug_logs: pytest.LogCaptureFixture) -> None:
    http, job = webhook_targets()
    errors: list[DatabricksError] = []
    with pat_client(setup) as client:
        with pytest.raises(NotFound) as missing:
            client.webhooks.create(["COMMENT_CREATED"], model_name="no-such-model", http_url_spec=http)
        errors.append(missing.value)
        with pytest.raises(DatabricksError) as unknown:
            client.webhooks.update("no-such-webhook", http_url_spec=http, job_spec=job)
        errors.append(unknown.value)
    # Without client-side validation the server judges the request: its 400 must not echo the secrets.
    with pat_client(setup, validate=False) as client, pytest.raises(DatabricksError) as rejected:
        client.webhooks.create(["NOT_AN_EVENT"], model_name=MODEL, http_url_spec=http, job_spec=job)
    errors.append(rejected.value)
    assert [error.status_code for error in errors] == [404, 404, 400]
    logs = log_text(debug_logs)
    assert logs.count("-> 404") >= 2 and "-> 400" in logs
    assert_clean(setup, logs, "debug log")
    for error in errors:
        assert_clean(setup, error_text(error), f"{type(error).__name__}")


def test_auth_errors_carry_no_token(setup: Setup, debug_logs: pytest.LogCaptureFixture) -> None:
    http, _ = webhook_targets()
    with pat_client(setup, WRONG_PAT) as client, pytest.raises(Unauthenticated) as caught:
        client.webhooks.create(["COMMENT_CREATED"], model_name=MODEL, http_url_spec=http)
    assert caught.value.status_code == 401
    assert_clean(setup, error_text(caught.value), "Unauthenticated")
    assert_clean(setup, repr(client) + repr(client._http.auth), "reprs")
    logs = log_text(debug_logs)
    assert "-> 401" in logs
    assert_clean(setup, logs, "debug log")


def test_an_echoed_authorization_header_is_redacted_from_the_message(setup: Setup) -> None:
    """A gateway that quotes the request's headers in its error page: `str(err)` still shows no token."""
    setup.emu.inject(
        "/api/2.0/mlflow/comments/create",
        "status",
        status=403,
        body={
            "error_code": "PERMISSION_DENIED",
            "message": f"denied; request had Authorization: Bearer {PAT}",
        },
        times=1,
    )
    with pat_client(setup) as client, pytest.raises(DatabricksError) as caught:
        client.comments.create(MODEL, "1", "hi")
    assert "denied" in str(caught.value)
    assert_clean(setup, str(caught.value), "str(error)")


def test_an_echoed_authorization_header_is_redacted_everywhere(
    setup: Setup, debug_logs: pytest.LogCaptureFixture
) -> None:
    setup.emu.inject(
        "/api/2.0/mlflow/comments/create",
        "status",
        status=403,
        body={
            "error_code": "PERMISSION_DENIED",
            "message": f"denied; request had Authorization: Bearer {PAT}",
        },
        times=1,
    )
    with pat_client(setup) as client, pytest.raises(DatabricksError) as caught:
        client.comments.create(MODEL, "1", "hi")
    assert_clean(setup, error_text(caught.value), "repr(error)")
    assert_clean(setup, log_text(debug_logs), "debug log")


def test_validation_errors_carry_no_secret(setup: Setup, debug_logs: pytest.LogCaptureFixture) -> None:
    http, job = webhook_targets()
    with pat_client(setup) as client:
        with pytest.raises(RequestValidationError) as bad_event:
            client.webhooks.create(["NOT_AN_EVENT"], model_name=MODEL, http_url_spec=http, job_spec=job)
        with pytest.raises(RequestValidationError) as bad_level:
            client.permissions.registered_models.update(
                ModelId(setup.model_id), [{"user_name": ADMIN, "permission_level": "CAN_FLY"}]
            )
    assert "NOT_AN_EVENT" in str(bad_event.value) and "CAN_FLY" in str(bad_level.value)
    for error in (bad_event.value, bad_level.value):
        assert_clean(setup, error_text(error), "RequestValidationError")
    assert_clean(setup, log_text(debug_logs), "debug log")
    assert setup.emu.requests == []  # refused before any network


@pytest.mark.parametrize(
    ("http_url_spec", "job_spec"),
    [
        ({"url": HOOK_URL, "secret": WEBHOOK_SECRET.encode()}, None),
        ({"url": HOOK_URL, "authorization": [WEBHOOK_AUTHORIZATION]}, None),
        (None, {"job_id": "42", "access_token": JOB_TOKEN.encode()}),
    ],
)
def test_a_wrong_typed_secret_is_not_quoted(
    setup: Setup, http_url_spec: dict[str, Any] | None, job_spec: dict[str, Any] | None
) -> None:
    with pat_client(setup) as client, pytest.raises(RequestValidationError) as caught:
        client.webhooks.create(
            ["COMMENT_CREATED"], model_name=MODEL, http_url_spec=http_url_spec, job_spec=job_spec
        )
    assert_clean(setup, error_text(caught.value), "RequestValidationError")


# ------------------------------------------------------------------------------------------ OAuth


def test_oauth_success_logs_no_client_secret_or_access_token(
    setup: Setup, debug_logs: pytest.LogCaptureFixture
) -> None:
    with DatabricksMlflowClient(
        setup.emu.url, client_id=setup.client_id, client_secret=CLIENT_SECRET, retry=RETRY
    ) as client:
        client.registered_models.get(MODEL)
        auth = client._http.auth
        assert isinstance(auth, OAuthM2MAuth)
        assert auth._token is not None
        access_token = auth._token.access_token
        seen = repr(client) + repr(auth)
    assert access_token
    logs = log_text(debug_logs)
    assert "/oidc/v1/token" in logs  # httpx logs the token request
    for text, where in ((logs, "debug log"), (seen, "reprs")):
        assert_clean(setup, text, where)
        assert access_token not in text, f"{where} contains the OAuth access token"


def test_oauth_token_failure_carries_no_secret(setup: Setup, debug_logs: pytest.LogCaptureFixture) -> None:
    client = DatabricksMlflowClient(
        setup.emu.url, client_id=setup.client_id, client_secret=WRONG_CLIENT_SECRET, retry=RETRY
    )
    with client, pytest.raises(Unauthenticated) as caught:
        client.registered_models.get(MODEL)
    assert "401" in str(caught.value)
    assert_clean(setup, error_text(caught.value), type(caught.value).__name__)
    assert_clean(setup, repr(client) + repr(client._http.auth), "reprs")
    assert_clean(setup, log_text(debug_logs), "debug log")


def test_an_oauth_server_echoing_the_credentials_is_redacted(
    setup: Setup, debug_logs: pytest.LogCaptureFixture
) -> None:
    echoed = basic(setup.client_id, CLIENT_SECRET)
    setup.emu.inject(
        "/oidc/v1/token",
        "status",
        status=400,
        body={
            "error": "invalid_request",
            "error_description": f"got secret {CLIENT_SECRET} in Authorization: Basic {echoed}",
        },
        times=1,
    )
    client = DatabricksMlflowClient(
        setup.emu.url, client_id=setup.client_id, client_secret=CLIENT_SECRET, retry=RETRY
    )
    with client, pytest.raises(DatabricksError) as caught:
        client.registered_models.get(MODEL)
    assert "invalid_request" in str(caught.value)
    assert_clean(setup, error_text(caught.value), type(caught.value).__name__)
    assert_clean(setup, log_text(debug_logs), "debug log")


# ------------------------------------------------------------------------------------------ configuration


def test_config_and_client_reprs_hide_credentials(setup: Setup, tmp_path: Any) -> None:
    config_file = tmp_path / "databrickscfg"
    config_file.write_text(
        f"[pat]\nhost = {setup.emu.url}\ntoken = {PAT}\n\n"
        f"[m2m]\nhost = {setup.emu.url}\nclient_id = {setup.client_id}\nclient_secret = {CLIENT_SECRET}\n",
        encoding="utf-8",
    )
    seen = []
    for profile in ("pat", "m2m"):
        config = resolve_config(profile=profile, config_file=str(config_file))
        seen += [repr(config), str(config)]
        with DatabricksMlflowClient(profile=profile, config_file=str(config_file)) as client:
            seen += [repr(client), repr(client._http.auth), repr(client._http.headers)]
    text = "\n".join(seen)
    assert "***" in text
    assert_clean(setup, text, "reprs")


# ------------------------------------------------------------------------------------------ the CLI


def run_cli(setup: Setup, *args: str, env: Mapping[str, str] | None = None) -> Result:
    environment: dict[str, str | None] = dict.fromkeys(CLEARED_ENV)
    environment["DATABRICKS_CONFIG_FILE"] = "/nonexistent/databrickscfg"
    environment.update(env or {})
    return CliRunner(env=environment).invoke(main, ["--output", "json", *args])


def cli_text(result: Result) -> str:
    parts = [result.stdout, result.stderr]
    if result.exception is not None:
        parts.append(error_text(result.exception))
    return "\n".join(parts)


def test_cli_output_and_debug_log_carry_no_secret(setup: Setup, debug_logs: pytest.LogCaptureFixture) -> None:
    pat_env = {"DATABRICKS_HOST": setup.emu.url, "DATABRICKS_TOKEN": PAT}
    created = run_cli(
        setup,
        "--debug",
        "webhooks",
        "create",
        "--event",
        "COMMENT_CREATED",
        "--model",
        MODEL,
        "--url",
        HOOK_URL,
        "--secret",
        WEBHOOK_SECRET,
        "--authorization",
        WEBHOOK_AUTHORIZATION,
        env=pat_env,
    )
    assert created.exit_code == 0, cli_text(created)
    hook_id = setup.emu.workspace.handle("list_webhooks", setup.emu.workspace.admin, {})["webhooks"][0]["id"]
    updated = run_cli(
        setup,
        "--debug",
        "webhooks",
        "update",
        hook_id,
        "--job-id",
        "42",
        env={**pat_env, "DATABRICKS_WEBHOOK_JOB_TOKEN": JOB_TOKEN},
    )
    assert updated.exit_code == 0, cli_text(updated)
    failed = run_cli(
        setup, "--debug", "--token", PAT, "--host", setup.emu.url, "models", "get", "no-such-model"
    )
    assert failed.exit_code == 1
    unauthenticated = run_cli(
        setup, "--debug", "models", "get", MODEL, env={**pat_env, "DATABRICKS_TOKEN": WRONG_PAT}
    )
    assert unauthenticated.exit_code == 1
    for result in (created, updated, failed, unauthenticated):
        assert "registered-models/get" in result.stderr or "registry-webhooks" in result.stderr  # debug lines
        assert_clean(setup, cli_text(result), "CLI output")
    assert_clean(setup, log_text(debug_logs), "debug log")


def test_cli_oauth_failure_carries_no_secret(setup: Setup) -> None:
    result = run_cli(
        setup,
        "--debug",
        "models",
        "get",
        MODEL,
        env={
            "DATABRICKS_HOST": setup.emu.url,
            "DATABRICKS_CLIENT_ID": setup.client_id,
            "DATABRICKS_CLIENT_SECRET": WRONG_CLIENT_SECRET,
        },
    )
    assert result.exit_code != 0
    assert_clean(setup, cli_text(result), "CLI output")
