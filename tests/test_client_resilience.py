"""The client under real-world conditions, against the emulator over loopback HTTP: where credentials come
from, OAuth M2M, retries under injected faults, error mapping, validation before sending, duplicates under
faults, and debug logging that never shows a secret."""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import random
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from databricks_mlflow_client import (
    ApiConnectionError,
    ApiTimeoutError,
    AsyncDatabricksMlflowClient,
    BadRequest,
    ConfigError,
    DatabricksError,
    DatabricksMlflowClient,
    DeadlineExceeded,
    InternalError,
    InvalidParameterValue,
    InvalidState,
    NotFound,
    PermissionDenied,
    RequestLimitExceeded,
    RequestValidationError,
    ResourceDoesNotExist,
    RetryPolicy,
    TemporarilyUnavailable,
    TooManyRequests,
    Unauthenticated,
    validate_request,
)
from databricks_mlflow_client.emulator import Emulator, Workspace
from databricks_mlflow_client.emulator._wire import Router, default_specs

GET_MODEL = "/api/2.0/mlflow/databricks/registered-models/get"
CREATE_COMMENT = "/api/2.0/mlflow/comments/create"
UPDATE_COMMENT = "/api/2.0/mlflow/comments/update"
DELETE_COMMENT = "/api/2.0/mlflow/comments/delete"
DELETE_RUNS = "/api/2.0/mlflow/databricks/runs/delete-runs"
TOKEN_PATH = "/oidc/v1/token"
MODEL = "resilient"
FAST = RetryPolicy(timeout=5.0, backoff_initial=0.001, backoff_max=0.002, max_retry_after=0.01)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="module")
def emu() -> Iterator[Emulator]:
    with Emulator() as emulator:
        emulator.create_registered_model(MODEL, versions=1)
        yield emulator


@pytest.fixture
def faults(emu: Emulator) -> Iterator[Emulator]:
    """The module's emulator, with every fault cleared after the test."""
    try:
        yield emu
    finally:
        emu.clear_faults()


@pytest.fixture
def client(emu: Emulator) -> Iterator[DatabricksMlflowClient]:
    with DatabricksMlflowClient(host=emu.url, token=emu.token, retry=FAST) as client:
        yield client


def attempts(emu: Emulator, since: int, path: str) -> list[int]:
    """Statuses of the requests to `path` since the log had `since` entries (0: closed without an answer)."""
    return [record.status for record in emu.requests[since:] if record.path == path]


def settled_attempts(emu: Emulator, since: int, path: str, expected: int) -> list[int]:
    """`attempts`, once the log holds `expected` of them (or after 5 s). A call whose budget ends while its
    last attempt is in flight gives up before the emulator has answered and logged that attempt."""
    deadline = time.monotonic() + 5.0
    while len(found := attempts(emu, since, path)) < expected and time.monotonic() < deadline:
        time.sleep(0.01)
    return found


# The emulator's own router over openapi.json (the Databricks-only operations), not the client's code.
ROUTER = Router(default_specs()[:1])


def served(emu: Emulator, since: int) -> list[str]:
    found = []
    for record in emu.requests[since:]:
        matched = ROUTER.match(record.method, record.path)
        if matched is not None:
            found.append(matched[0].operation_id)
    return found


class CommentLog:
    """What the workspace knows about a version's comments, read from its COMMENT_CREATED events.

    A job-spec webhook records every event without network traffic. Deliveries come from one FIFO worker,
    so once a sentinel comment's delivery is recorded, every earlier comment's is too.
    """

    def __init__(self, emu: Emulator, model: str) -> None:
        self.emu = emu
        self.model = model
        webhook = emu.workspace.handle(
            "create_webhook",
            emu.workspace.admin,
            {
                "model_name": model,
                "events": ["COMMENT_CREATED"],
                "job_spec": {"job_id": "1", "access_token": "job-token"},
            },
        )
        self.webhook_id = webhook["webhook"]["id"]

    def _comments(self) -> list[str]:
        found = []
        for delivery in self.emu.webhook_deliveries:
            if delivery.webhook_id == self.webhook_id:
                event = json.loads(delivery.json()["notebook_params"]["event_message"])
                found.append(event["comment"])
        return found

    def comments(self) -> list[str]:
        sentinel = f"sentinel-{uuid.uuid4()}"
        self.emu.workspace.handle(
            "create_comment",
            self.emu.workspace.admin,
            {"name": self.model, "version": "1", "comment": sentinel},
        )
        deadline = time.monotonic() + 10
        while sentinel not in (found := self._comments()):
            assert time.monotonic() < deadline, "the sentinel comment's event never arrived"
            self.emu.wait_for_deliveries(len(self.emu.webhook_deliveries) + 1, timeout=0.5)
        return [comment for comment in found if not comment.startswith("sentinel-")]


_counter = itertools.count()


def fresh_model(emu: Emulator) -> str:
    name = f"model-{next(_counter)}"
    emu.create_registered_model(name, versions=1)
    return name


# ---------------------------------------------------------------------------------------------------- credentials


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No Databricks variables and a HOME without ~/.databrickscfg; returns the HOME."""
    import os

    for variable in list(os.environ):
        if variable.startswith(("DATABRICKS_", "ARM_")) or variable == "GOOGLE_CREDENTIALS":
            monkeypatch.delenv(variable)
    monkeypatch.setenv("HOME", str(tmp_path))
    return tmp_path


def principal_of_next_call(emu: Emulator, client: DatabricksMlflowClient) -> str | None:
    since = len(emu.requests)
    client.registered_models.get(MODEL)
    (record,) = [record for record in emu.requests[since:] if record.path == GET_MODEL]
    return record.principal


@pytest.fixture(scope="module")
def people(emu: Emulator) -> dict[str, str]:
    """user name -> personal access token, for telling credential sources apart."""
    tokens = {}
    for name in ("env-user@example.com", "file-user@example.com", "profile-user@example.com"):
        tokens[name] = emu.add_user(name, admin=True).token
    return tokens


def test_explicit_host_and_token(emu: Emulator, clean_env: Path) -> None:
    with DatabricksMlflowClient(host=emu.url, token=emu.token) as client:
        assert principal_of_next_call(emu, client) == "admin@example.com"


def test_environment(
    emu: Emulator, people: dict[str, str], clean_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABRICKS_HOST", emu.url)
    monkeypatch.setenv("DATABRICKS_TOKEN", people["env-user@example.com"])
    with DatabricksMlflowClient() as client:
        assert principal_of_next_call(emu, client) == "env-user@example.com"
    with DatabricksMlflowClient(token=emu.token) as client:  # an argument beats the environment
        assert principal_of_next_call(emu, client) == "admin@example.com"


def _write_profiles(path: Path, emu: Emulator, people: dict[str, str]) -> None:
    path.write_text(
        f"[DEFAULT]\nhost = {emu.url}\ntoken = {people['file-user@example.com']}\n\n"
        f"[other]\nhost = {emu.url}\ntoken = {people['profile-user@example.com']}\n"
    )


def test_profile_file_named_by_the_environment(
    emu: Emulator, people: dict[str, str], clean_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config_file = clean_env / "custom.cfg"
    _write_profiles(config_file, emu, people)
    monkeypatch.setenv("DATABRICKS_CONFIG_FILE", str(config_file))
    with DatabricksMlflowClient() as client:
        assert principal_of_next_call(emu, client) == "file-user@example.com"
    with DatabricksMlflowClient(profile="other") as client:
        assert principal_of_next_call(emu, client) == "profile-user@example.com"
    monkeypatch.setenv("DATABRICKS_CONFIG_PROFILE", "other")
    with DatabricksMlflowClient() as client:
        assert principal_of_next_call(emu, client) == "profile-user@example.com"
    # with a profile requested, the environment still beats the file key by key
    monkeypatch.setenv("DATABRICKS_TOKEN", people["env-user@example.com"])
    with DatabricksMlflowClient() as client:
        assert principal_of_next_call(emu, client) == "env-user@example.com"


def test_default_profile_file_in_home(
    emu: Emulator, people: dict[str, str], clean_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write_profiles(clean_env / ".databrickscfg", emu, people)
    with DatabricksMlflowClient() as client:
        assert principal_of_next_call(emu, client) == "file-user@example.com"
    # a host from the environment and no profile requested: the file is not read, as databricks-sdk does
    monkeypatch.setenv("DATABRICKS_HOST", emu.url)
    with pytest.raises(ConfigError, match="no credentials found"):
        DatabricksMlflowClient()


def test_missing_and_conflicting_credentials_are_one_clear_error(
    emu: Emulator, clean_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(ConfigError, match="no credentials found"):
        DatabricksMlflowClient()
    with pytest.raises(ConfigError, match="no host configured"):
        DatabricksMlflowClient(token="dapi-some-token")
    monkeypatch.setenv("DATABRICKS_CLIENT_SECRET", "very-secret-value")
    with pytest.raises(ConfigError) as raised:
        DatabricksMlflowClient(host=emu.url, token="dapi-very-secret-token", client_id="app")
    message = str(raised.value)
    assert "more than one authentication method" in message
    assert "very-secret" not in message
    assert "auth_type" in message
    # auth_type resolves the conflict
    with DatabricksMlflowClient(host=emu.url, token=emu.token, client_id="app", auth_type="pat") as client:
        assert principal_of_next_call(emu, client) == "admin@example.com"


@pytest.mark.parametrize("host", ["http://example.com", "http://10.0.0.1:8080", "ftp://example.com"])
def test_plain_http_is_refused_except_on_loopback(host: str, clean_env: Path) -> None:
    with pytest.raises(ConfigError, match=r"http|scheme"):
        DatabricksMlflowClient(host=host, token="dapi-x")


@pytest.mark.parametrize("host", ["https://example.cloud.databricks.com", "example.cloud.databricks.com"])
def test_https_and_bare_hosts_are_accepted_without_network(host: str, clean_env: Path) -> None:
    with DatabricksMlflowClient(host=host, token="dapi-secret-token") as client:
        assert client.host == "https://example.cloud.databricks.com"
        assert "dapi-secret-token" not in repr(client)
        assert "dapi-secret-token" not in repr(vars(client))


def test_databricks_sdk_config_bridge(emu: Emulator, clean_env: Path) -> None:
    sdk_core = pytest.importorskip("databricks.sdk.core")
    config = sdk_core.Config(host=emu.url, token=emu.token, retry_timeout_seconds=5)
    with DatabricksMlflowClient(sdk_config=config) as client:
        assert principal_of_next_call(emu, client) == "admin@example.com"
    with pytest.raises(ConfigError, match="token"):
        DatabricksMlflowClient(sdk_config=config, token=emu.token)


# ---------------------------------------------------------------------------------------------------- OAuth M2M


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


def test_oauth_m2m_discovers_fetches_caches_and_refreshes_after_expiry(clean_env: Path) -> None:
    clock = FakeClock()
    workspace = Workspace(clock=clock)
    robot = workspace.add_service_principal(admin=True, client_secret="oauth-client-secret")
    workspace.create_registered_model(MODEL)
    with (
        Emulator(workspace=workspace, oauth_token_ttl=3600) as emu,
        DatabricksMlflowClient(
            host=emu.url, client_id=robot.name, client_secret="oauth-client-secret"
        ) as client,
    ):
        assert "oauth-client-secret" not in repr(client)
        client.registered_models.get(MODEL)
        client.registered_models.get(MODEL)
        assert [(r.method, r.path, r.status) for r in emu.requests] == [
            ("GET", "/.well-known/databricks-config", 200),
            ("GET", "/oidc/.well-known/oauth-authorization-server", 200),
            ("POST", TOKEN_PATH, 200),
            ("GET", GET_MODEL, 200),
            ("GET", GET_MODEL, 200),  # the token is cached
        ]
        assert {r.principal for r in emu.requests if r.path == GET_MODEL} == {robot.name}

        clock.now += 3601  # the server's copy of the token expires; the client does not know yet
        since = len(emu.requests)
        client.registered_models.get(MODEL)
        assert [(r.path, r.status) for r in emu.requests[since:]] == [
            (GET_MODEL, 401),
            (TOKEN_PATH, 200),
            (GET_MODEL, 200),
        ]


def test_oauth_m2m_refreshes_before_expiry(clean_env: Path) -> None:
    workspace = Workspace(clock=FakeClock())  # frozen: the server never expires a token by itself
    robot = workspace.add_service_principal(admin=True)
    workspace.create_registered_model(MODEL)
    assert robot.client_secret is not None
    with (
        Emulator(workspace=workspace, oauth_token_ttl=1) as emu,
        DatabricksMlflowClient(
            host=emu.url, client_id=robot.name, client_secret=robot.client_secret
        ) as client,
    ):
        client.registered_models.get(MODEL)
        since = len(emu.requests)
        time.sleep(0.95)  # past the client's refresh point: 10 % of the 1 s lifetime before expiry
        client.registered_models.get(MODEL)
        assert [(r.path, r.status) for r in emu.requests[since:]] == [(TOKEN_PATH, 200), (GET_MODEL, 200)]


@pytest.mark.anyio
async def test_async_oauth_m2m_shares_one_refresh(clean_env: Path) -> None:
    clock = FakeClock()
    workspace = Workspace(clock=clock)
    robot = workspace.add_service_principal(admin=True)
    workspace.create_registered_model(MODEL)
    assert robot.client_secret is not None
    with Emulator(workspace=workspace) as emu:
        async with AsyncDatabricksMlflowClient(
            host=emu.url, client_id=robot.name, client_secret=robot.client_secret, retry=FAST
        ) as client:
            await asyncio.gather(*(client.registered_models.get(MODEL) for _ in range(20)))
            assert attempts(emu, 0, TOKEN_PATH) == [200]
            clock.now += 7200
            since = len(emu.requests)
            await asyncio.gather(*(client.registered_models.get(MODEL) for _ in range(20)))
            assert attempts(emu, since, TOKEN_PATH) == [200]
            assert attempts(emu, since, GET_MODEL).count(200) == 20


def test_oauth_m2m_wrong_secret_fails_without_showing_it(clean_env: Path) -> None:
    with Emulator() as emu:
        robot = emu.add_service_principal()
        emu.create_registered_model(MODEL)
        client = DatabricksMlflowClient(
            host=emu.url, client_id=robot.name, client_secret="wrong-secret-value"
        )
        with pytest.raises(Exception) as raised:
            client.registered_models.get(MODEL)
        assert "invalid_client" in str(raised.value)
        assert "wrong-secret-value" not in str(raised.value)
        assert attempts(emu, 0, GET_MODEL) == []
        client.close()


# ---------------------------------------------------------------------------------------------------- retries


def test_429_without_retry_after_is_retried_with_backoff(
    faults: Emulator, client: DatabricksMlflowClient
) -> None:
    since = len(faults.requests)
    faults.inject(GET_MODEL, "status", status=429, times=2)
    assert client.registered_models.get(MODEL).name == MODEL
    assert attempts(faults, since, GET_MODEL) == [429, 429, 200]


@pytest.mark.parametrize(
    "retry_after",
    [0, 1, datetime.now(UTC) + timedelta(seconds=1)],
    ids=["zero-seconds", "seconds", "http-date"],
)
def test_429_with_retry_after_is_retried(
    faults: Emulator, client: DatabricksMlflowClient, retry_after: Any
) -> None:
    since = len(faults.requests)
    faults.inject(GET_MODEL, "status", status=429, retry_after=retry_after, times=2)
    client.registered_models.get(MODEL)
    assert attempts(faults, since, GET_MODEL) == [429, 429, 200]


@pytest.mark.parametrize("form", ["seconds", "http-date"])
def test_retry_after_longer_than_the_budget_gives_up_at_once(faults: Emulator, form: str) -> None:
    """Proof that Retry-After is read: the same fault without it is retried (test above)."""
    # The date is made here, not at collection: collection can run many seconds before the test.
    retry_after: Any = 30 if form == "seconds" else datetime.now(UTC) + timedelta(seconds=30)
    policy = RetryPolicy(timeout=2.0, backoff_initial=0.001)
    since = len(faults.requests)
    faults.inject(GET_MODEL, "status", status=429, retry_after=retry_after, times=3)
    with (
        DatabricksMlflowClient(host=faults.url, token=faults.token, retry=policy) as client,
        pytest.raises(RequestLimitExceeded) as raised,
    ):
        client.registered_models.get(MODEL)
    assert attempts(faults, since, GET_MODEL) == [429]
    assert raised.value.attempts == 1
    assert raised.value.retry_after is not None
    assert 20 < raised.value.retry_after <= 30


def test_503_is_retried_even_for_a_create(faults: Emulator, client: DatabricksMlflowClient) -> None:
    model = fresh_model(faults)
    log = CommentLog(faults, model)
    since = len(faults.requests)
    faults.inject(CREATE_COMMENT, "status", status=503, times=2)
    client.comments.create(model, "1", "after two 503s")
    assert attempts(faults, since, CREATE_COMMENT) == [503, 503, 200]
    assert log.comments() == ["after two 503s"]


def test_500_is_not_retried(faults: Emulator, client: DatabricksMlflowClient) -> None:
    since = len(faults.requests)
    faults.inject(GET_MODEL, "status", status=500, times=1)
    with pytest.raises(InternalError) as raised:
        client.registered_models.get(MODEL)
    assert attempts(faults, since, GET_MODEL) == [500]
    assert raised.value.attempts == 1
    assert raised.value.status_code == 500


@pytest.mark.parametrize("status", [502, 504])
def test_gateway_errors_are_retried_only_for_idempotent_operations(
    faults: Emulator, client: DatabricksMlflowClient, status: int
) -> None:
    since = len(faults.requests)
    faults.inject(GET_MODEL, "status", status=status, times=2)
    client.registered_models.get(MODEL)
    assert attempts(faults, since, GET_MODEL) == [status, status, 200]

    model = fresh_model(faults)
    log = CommentLog(faults, model)
    since = len(faults.requests)
    faults.inject(CREATE_COMMENT, "status", status=status, times=1)
    with pytest.raises(DatabricksError) as raised:
        client.comments.create(model, "1", "never sent twice")
    assert attempts(faults, since, CREATE_COMMENT) == [status]
    assert raised.value.status_code == status
    assert raised.value.attempts == 1
    if status == 504:
        assert isinstance(raised.value, DeadlineExceeded)
    assert log.comments() == []


def test_drop_before_is_retried_for_idempotent_operations(
    faults: Emulator, client: DatabricksMlflowClient
) -> None:
    since = len(faults.requests)
    faults.inject(GET_MODEL, "drop_before", times=2)
    client.registered_models.get(MODEL)
    assert attempts(faults, since, GET_MODEL) == [0, 0, 200]


def test_drop_after_a_create_is_not_retried_and_the_comment_exists_once(
    faults: Emulator, client: DatabricksMlflowClient
) -> None:
    model = fresh_model(faults)
    log = CommentLog(faults, model)
    since = len(faults.requests)
    faults.inject(CREATE_COMMENT, "drop_after", times=1)
    with pytest.raises(ApiConnectionError) as raised:
        client.comments.create(model, "1", "maybe created")
    assert attempts(faults, since, CREATE_COMMENT) == [0]
    assert raised.value.attempts == 1
    assert raised.value.method == "POST"
    assert raised.value.path == CREATE_COMMENT
    assert "not idempotent" in str(raised.value)
    assert log.comments() == ["maybe created"]


def test_drop_before_a_create_is_not_retried_either(faults: Emulator, client: DatabricksMlflowClient) -> None:
    """From the client's side a connection closed before the answer looks the same either way."""
    model = fresh_model(faults)
    log = CommentLog(faults, model)
    since = len(faults.requests)
    faults.inject(CREATE_COMMENT, "drop_before", times=1)
    with pytest.raises(ApiConnectionError):
        client.comments.create(model, "1", "not created")
    assert attempts(faults, since, CREATE_COMMENT) == [0]
    assert log.comments() == []


def test_drop_after_an_idempotent_patch_is_retried(faults: Emulator, client: DatabricksMlflowClient) -> None:
    model = fresh_model(faults)
    created = client.comments.create(model, "1", "draft")
    since = len(faults.requests)
    faults.inject(UPDATE_COMMENT, "drop_after", times=1)
    assert isinstance(created.id, str)
    updated = client.comments.update(created.id, "final")
    assert updated.comment == "final"
    assert attempts(faults, since, UPDATE_COMMENT) == [0, 200]


def test_a_delete_whose_answer_was_lost_is_done_not_a_404(
    faults: Emulator, client: DatabricksMlflowClient
) -> None:
    """The dropped attempt deleted the comment; the retry's 404 means "already gone", which is success."""
    model = fresh_model(faults)
    created = client.comments.create(model, "1", "to delete")
    assert isinstance(created.id, str)
    since = len(faults.requests)
    faults.inject(DELETE_COMMENT, "drop_after", times=1)
    client.comments.delete(created.id)
    assert attempts(faults, since, DELETE_COMMENT) == [0, 404]
    with pytest.raises(
        ResourceDoesNotExist
    ):  # a plain 404, with no lost attempt before it, is still an error
        client.comments.delete(created.id)


def test_bulk_run_delete_is_not_resent_after_a_drop(faults: Emulator, client: DatabricksMlflowClient) -> None:
    """delete_runs acts on "up to max_runs" runs: a re-send would delete a second batch."""
    experiment = faults.create_experiment(f"/Users/x/resend-{len(faults.requests)}")
    faults.create_runs(experiment, 25, start_time_ms=1000)
    since = len(faults.requests)
    faults.inject(DELETE_RUNS, "drop_after", times=1)
    with pytest.raises(ApiConnectionError):
        client.runs.delete(experiment, 2000, max_runs=10)
    assert attempts(faults, since, DELETE_RUNS) == [0]
    assert client.runs.restore_all(experiment, 0) == 10  # exactly one batch was deleted


def test_read_timeout_retries_idempotent_calls_and_not_creates(clean_env: Path) -> None:
    # An emulator of its own: the slow requests are logged when they finish, after the client gave up.
    with Emulator() as emu:
        model = fresh_model(emu)
        log = CommentLog(emu, model)
        with DatabricksMlflowClient(host=emu.url, token=emu.token, timeout=0.1, retry=FAST) as client:
            slow_read = emu.inject(GET_MODEL, "latency", latency=0.5, times=1)
            assert client.registered_models.get(model).name == model
            assert slow_read.hits == 1  # the first attempt timed out; the second was answered
            slow_create = emu.inject(CREATE_COMMENT, "latency", latency=0.5, times=1)
            with pytest.raises(ApiTimeoutError) as raised:
                client.comments.create(model, "1", "slow")
            assert raised.value.attempts == 1
            assert slow_create.hits == 1
        deadline = time.monotonic() + 10
        while attempts(emu, 0, CREATE_COMMENT) != [200]:  # the server finishes the create after the timeout
            assert time.monotonic() < deadline
            time.sleep(0.01)
        assert log.comments() == ["slow"]


# ---------------------------------------------------------------------------------------------------- errors


def _raised(call: Any) -> DatabricksError:
    with pytest.raises(DatabricksError) as raised:
        call()
    return raised.value


def test_resource_does_not_exist(client: DatabricksMlflowClient) -> None:
    error = _raised(lambda: client.registered_models.get("no-such-model"))
    assert type(error) is ResourceDoesNotExist
    assert isinstance(error, NotFound)
    assert error.error_code == "RESOURCE_DOES_NOT_EXIST"
    assert "no-such-model" in error.message
    assert (error.status_code, error.method, error.path, error.attempts) == (404, "GET", GET_MODEL, 1)


def test_permission_denied(emu: Emulator) -> None:
    outsider = emu.add_user(f"outsider-{next(_counter)}@example.com")
    with DatabricksMlflowClient(host=emu.url, token=outsider.token) as client:
        error = _raised(lambda: client.registered_models.get(MODEL))
    assert type(error) is PermissionDenied
    assert (error.error_code, error.status_code, error.method, error.path) == (
        "PERMISSION_DENIED",
        403,
        "GET",
        GET_MODEL,
    )


def test_invalid_parameter_value(client: DatabricksMlflowClient) -> None:
    error = _raised(
        lambda: client.registered_models.transition_stage(
            MODEL, "1", "Limbo", archive_existing_versions=False
        )
    )
    assert type(error) is InvalidParameterValue
    assert isinstance(error, BadRequest)
    assert "stage" in error.message
    assert (error.status_code, error.method) == (400, "POST")


def test_unauthenticated_never_shows_the_token(emu: Emulator) -> None:
    with DatabricksMlflowClient(host=emu.url, token="dapi-wrong-token-123") as client:
        error = _raised(lambda: client.registered_models.get(MODEL))
    assert type(error) is Unauthenticated
    assert (error.error_code, error.status_code, error.attempts) == ("UNAUTHENTICATED", 401, 1)
    assert "dapi-wrong-token-123" not in str(error)
    assert "dapi-wrong-token-123" not in repr(error)


def test_request_limit_exceeded_after_the_budget(faults: Emulator) -> None:
    policy = RetryPolicy(timeout=0.5, backoff_initial=0.001, backoff_max=0.005)
    since = len(faults.requests)
    faults.inject(GET_MODEL, "status", status=429)
    with DatabricksMlflowClient(host=faults.url, token=faults.token, retry=policy) as client:
        error = _raised(lambda: client.registered_models.get(MODEL))
    sent = settled_attempts(faults, since, GET_MODEL, error.attempts)
    assert type(error) is RequestLimitExceeded
    assert isinstance(error, TooManyRequests)
    assert error.attempts == len(sent) >= 2
    assert set(sent) == {429}


def test_unknown_error_code_is_the_base_class(faults: Emulator, client: DatabricksMlflowClient) -> None:
    body = {"error_code": "TEAPOT_OVERHEATED", "message": "too hot", "details": [{"@type": "x"}]}
    faults.inject(GET_MODEL, "status", status=418, body=body, times=1)
    error = _raised(lambda: client.registered_models.get(MODEL))
    assert type(error) is DatabricksError
    assert (error.error_code, error.message, error.status_code) == ("TEAPOT_OVERHEATED", "too hot", 418)
    assert error.details == [{"@type": "x"}]


def test_known_code_with_an_unusual_status_maps_by_code(
    faults: Emulator, client: DatabricksMlflowClient
) -> None:
    faults.inject(
        GET_MODEL, "status", status=409, body={"error_code": "INVALID_STATE", "message": "busy"}, times=1
    )
    assert type(_raised(lambda: client.registered_models.get(MODEL))) is InvalidState


def test_html_body(faults: Emulator, client: DatabricksMlflowClient) -> None:
    faults.inject(GET_MODEL, "html", status=500, times=1)
    error = _raised(lambda: client.registered_models.get(MODEL))
    assert type(error) is InternalError
    assert error.error_code == "INTERNAL_SERVER_ERROR"
    assert "Injected fault" in error.message
    assert "<html>" not in str(error)


def test_plain_text_bodies(faults: Emulator, client: DatabricksMlflowClient) -> None:
    faults.inject(GET_MODEL, "status", status=400, body="INVALID_STATE: model is busy", times=1)
    error = _raised(lambda: client.registered_models.get(MODEL))
    assert type(error) is InvalidState
    assert error.message == "model is busy"

    faults.inject(GET_MODEL, "status", status=418, body="no JSON here, sorry", times=1)
    error = _raised(lambda: client.registered_models.get(MODEL))
    assert type(error) is DatabricksError
    assert error.raw_body == "no JSON here, sorry"
    assert "no JSON here" in str(error)


def test_empty_503_after_the_budget(faults: Emulator) -> None:
    policy = RetryPolicy(timeout=0.5, backoff_initial=0.001, backoff_max=0.005)
    since = len(faults.requests)
    faults.inject(GET_MODEL, "empty", status=503)
    with DatabricksMlflowClient(host=faults.url, token=faults.token, retry=policy) as client:
        error = _raised(lambda: client.registered_models.get(MODEL))
    assert type(error) is TemporarilyUnavailable
    assert error.message == "Service Unavailable"  # no body: the reason phrase
    assert error.attempts == len(settled_attempts(faults, since, GET_MODEL, error.attempts)) >= 2


def test_a_2xx_body_that_is_not_the_spec_shape(faults: Emulator, client: DatabricksMlflowClient) -> None:
    faults.inject(GET_MODEL, "body", body={"registered_model_databricks": ["not", "an", "object"]}, times=1)
    error = _raised(lambda: client.registered_models.get(MODEL))
    assert type(error) is DatabricksError
    assert error.status_code == 200
    assert "does not match the spec" in error.message
    faults.inject(GET_MODEL, "body", body="<html>proxy login</html>", times=1)
    assert "not JSON" in _raised(lambda: client.registered_models.get(MODEL)).message
    faults.inject(GET_MODEL, "body", body={}, times=1)
    assert "registered_model_databricks" in _raised(lambda: client.registered_models.get(MODEL)).message


# ---------------------------------------------------------------------------------------------------- validation


def test_invalid_requests_are_refused_before_sending(emu: Emulator, client: DatabricksMlflowClient) -> None:
    since = len(emu.requests)
    cases: list[tuple[Any, str, str, str]] = [
        (
            lambda: client.comments.create(MODEL, 1, "x"),  # type: ignore[arg-type]
            "create_comment",
            "version",
            "must be a string",
        ),
        (
            lambda: client.webhooks.create(["NOT_AN_EVENT"], model_name=MODEL, http_url_spec={"url": "u"}),
            "create_webhook",
            "events[0]",
            "must be one of",
        ),
        (
            lambda: client.webhooks.create(["COMMENT_CREATED"], http_url_spec={"secret": "hush"}),
            "create_webhook",
            "http_url_spec.url",
            "required field is missing",
        ),
        (lambda: client.runs.delete("42", 0, max_runs=0), "delete_runs", "max_runs", "must be >= 1"),
        (
            lambda: client.transition_requests.approve(
                MODEL,
                "1",
                "Staging",
                archive_existing_versions="yes",  # type: ignore[arg-type]
            ),
            "approve_transition_request",
            "archive_existing_versions",
            "must be a boolean",
        ),
        (
            lambda: client.permissions.experiments.update(
                "42", [{"user_name": "u", "permission_level": "CAN_X"}]
            ),
            "update_experiment_permissions",
            "access_control_list[0].permission_level",
            "must be one of",
        ),
    ]
    for call, operation_id, field, rule in cases:
        with pytest.raises(RequestValidationError) as raised:
            call()
        assert raised.value.operation_id == operation_id
        assert raised.value.field == field
        assert rule in raised.value.rule
        assert str(raised.value).startswith(f"{operation_id}: {field}: ")
        assert "hush" not in str(raised.value)
    assert emu.requests[since:] == []


@pytest.mark.anyio
async def test_async_invalid_requests_are_refused_before_sending(emu: Emulator) -> None:
    since = len(emu.requests)
    async with AsyncDatabricksMlflowClient(host=emu.url, token=emu.token) as client:
        with pytest.raises(RequestValidationError, match="create_comment: comment: "):
            await client.comments.create(MODEL, "1", None)  # type: ignore[arg-type]
        with pytest.raises(RequestValidationError, match="list_webhooks: max_results: "):
            [hook async for hook in client.webhooks.list(page_size="ten")]  # type: ignore[arg-type]
    assert emu.requests[since:] == []


def test_validation_can_be_turned_off_and_the_server_answers(emu: Emulator) -> None:
    with DatabricksMlflowClient(host=emu.url, token=emu.token, validate=False) as client:
        since = len(emu.requests)
        with pytest.raises(InvalidParameterValue) as raised:
            client.webhooks.create(["NOT_AN_EVENT"], model_name=MODEL, http_url_spec={"url": "https://x"})
        assert raised.value.status_code == 400
        assert served(emu, since) == ["create_webhook"]


def test_standalone_validate_request() -> None:
    validate_request("create_comment", {"name": "m", "version": "1", "comment": "ok"})
    with pytest.raises(RequestValidationError) as raised:
        validate_request("create_comment", {"name": "m", "version": "1"})
    assert (raised.value.field, raised.value.rule) == ("comment", "required field is missing")


# ---------------------------------------------------------------------------------------------------- duplicates


def test_100_creates_under_random_faults_never_duplicate(faults: Emulator) -> None:
    model = fresh_model(faults)
    log = CommentLog(faults, model)
    rng = random.Random(4)
    succeeded: list[str] = []
    failed: list[str] = []
    with DatabricksMlflowClient(host=faults.url, token=faults.token, retry=FAST) as client:
        for index in range(100):
            text = f"comment {index}"
            for _ in range(rng.randint(0, 2)):
                faults.inject(CREATE_COMMENT, "status", status=rng.choice([429, 503]), times=1)
            if rng.random() < 0.2:
                faults.inject(CREATE_COMMENT, "drop_after", times=1)
            try:
                client.comments.create(model, "1", text)
            except ApiConnectionError:
                failed.append(text)
            else:
                succeeded.append(text)
            faults.clear_faults()
    existing = log.comments()
    duplicates = len(existing) - len(set(existing))
    assert duplicates == 0
    assert set(succeeded) <= set(existing)
    assert set(existing) <= set(succeeded) | set(failed)
    assert failed  # the random plan includes drop_after, so some creates were reported failed
    assert len(succeeded) + len(failed) == 100


@pytest.mark.anyio
async def test_100_concurrent_creates_under_faults_never_duplicate(faults: Emulator) -> None:
    model = fresh_model(faults)
    log = CommentLog(faults, model)
    faults.inject(CREATE_COMMENT, "status", status=503, times=25)
    faults.inject(CREATE_COMMENT, "drop_after", times=10)
    outcomes: dict[str, bool] = {}

    async def create(client: AsyncDatabricksMlflowClient, text: str) -> None:
        try:
            await client.comments.create(model, "1", text)
        except ApiConnectionError:
            outcomes[text] = False
        else:
            outcomes[text] = True

    async with AsyncDatabricksMlflowClient(
        host=faults.url, token=faults.token, retry=FAST, max_concurrency=8
    ) as client:
        await asyncio.gather(*(create(client, f"concurrent {index}") for index in range(100)))
    existing = log.comments()
    assert len(existing) == len(set(existing))
    assert {text for text, ok in outcomes.items() if ok} <= set(existing)
    assert sum(not ok for ok in outcomes.values()) == 10  # each drop_after: one failure, its comment kept
    assert len(existing) == 100


# ---------------------------------------------------------------------------------------------------- async limits


@pytest.mark.anyio
async def test_async_client_bounds_its_connections(clean_env: Path) -> None:
    with Emulator() as emu:
        emu.create_registered_model(MODEL)
        emu.inject(GET_MODEL, "latency", latency=0.02)
        async with AsyncDatabricksMlflowClient(host=emu.url, token=emu.token, max_concurrency=3) as client:
            await asyncio.gather(*(client.registered_models.get(MODEL) for _ in range(30)))
        assert len(attempts(emu, 0, GET_MODEL)) == 30
        assert emu.connections_accepted <= 3


@pytest.mark.anyio
async def test_async_client_gets_through_a_rate_limit(clean_env: Path) -> None:
    with Emulator() as emu:
        emu.create_registered_model(MODEL)
        limit = emu.rate_limit(GET_MODEL, per_second=100, burst=5, retry_after=0.05)
        policy = RetryPolicy(timeout=20.0, backoff_initial=0.001)
        async with AsyncDatabricksMlflowClient(host=emu.url, token=emu.token, retry=policy) as client:
            models = await asyncio.gather(*(client.registered_models.get(MODEL) for _ in range(40)))
        assert [model.name for model in models] == [MODEL] * 40
        assert attempts(emu, 0, GET_MODEL).count(200) == 40
        assert limit.hits == attempts(emu, 0, GET_MODEL).count(429)


# ---------------------------------------------------------------------------------------------------- logging


def test_debug_log_shows_requests_and_never_secrets(
    emu: Emulator, caplog: pytest.LogCaptureFixture, clean_env: Path
) -> None:
    robot = emu.add_service_principal(admin=True, client_secret="oauth-secret-in-log-test")
    caplog.set_level(logging.DEBUG)
    with DatabricksMlflowClient(host=emu.url, token=emu.token, retry=FAST) as client:
        client.registered_models.get(MODEL)
        client.webhooks.create(
            ["COMMENT_CREATED"],
            model_name=MODEL,
            http_url_spec={"url": "https://hooks.example.com", "secret": "webhook-signing-secret"},
        )
        with pytest.raises(ResourceDoesNotExist):
            client.registered_models.get("missing")
    with DatabricksMlflowClient(
        host=emu.url, client_id=robot.name, client_secret="oauth-secret-in-log-test"
    ) as oauth:
        oauth.registered_models.get(MODEL)
    lines = [record.getMessage() for record in caplog.records if record.name == "databricks_mlflow_client"]
    assert any(line.startswith(f"GET {GET_MODEL}?name={MODEL} -> 200 (attempt 1,") for line in lines)
    assert any(line.startswith(f"GET {GET_MODEL}?name=missing -> 404") for line in lines)
    (create_line,) = [
        line for line in lines if line.startswith("POST /api/2.0/mlflow/registry-webhooks/create")
    ]
    assert '"secret":"**REDACTED**"' in create_line
    everything = caplog.text + "\n".join(record.getMessage() for record in caplog.records)
    for secret in (emu.token, "webhook-signing-secret", "oauth-secret-in-log-test"):
        assert secret not in everything
    print("\n".join(lines[:3]))
