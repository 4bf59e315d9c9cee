"""Bad configuration gives one clear error each: what is wrong and where, typed, without a secret, and
without a library's traceback. The command line prints one line on stderr and exits 2 (configuration) or 1
(the workspace refused or could not be reached).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
from click.testing import CliRunner

from databricks_mlflow_client import (
    ApiConnectionError,
    ConfigError,
    DatabricksMlflowClient,
    RetryPolicy,
    Unauthenticated,
)
from databricks_mlflow_client.cli import main
from databricks_mlflow_client.emulator import Emulator

SECRET = "dapi-BADCONFIG-5e8c2a7f"
# A budget that leaves room for two refused attempts even on a loaded machine.
SHORT = RetryPolicy(timeout=1.0, backoff_initial=0.001, backoff_max=0.01)
DATABRICKS_ENV = (
    "DATABRICKS_HOST",
    "DATABRICKS_TOKEN",
    "DATABRICKS_CLIENT_ID",
    "DATABRICKS_CLIENT_SECRET",
    "DATABRICKS_CONFIG_PROFILE",
    "DATABRICKS_CONFIG_FILE",
    "DATABRICKS_AUTH_TYPE",
    "DATABRICKS_WORKSPACE_ID",
)

MALFORMED: dict[str, tuple[bytes, str]] = {
    "setting before any profile": (
        f"host = https://x.cloud.databricks.com\ntoken = {SECRET}\n[prod]\nhost = https://y\n".encode(),
        "line 1: a setting before any [profile] header",
    ),
    "profile twice": (
        f"[prod]\nhost = https://x.cloud.databricks.com\ntoken = {SECRET}\n[prod]\nhost = https://y\n".encode(),
        "line 4: profile [prod] appears more than once",
    ),
    "key twice": (
        f"[prod]\ntoken = {SECRET}\ntoken = {SECRET}x\n".encode(),
        "line 3: key 'token' appears more than once in [prod]",
    ),
    "not key = value": (
        f"[prod]\nhost = https://x.cloud.databricks.com\n{SECRET}\n".encode(),
        "expected 'key = value' or a [profile] header",
    ),
    "not UTF-8": (b"[prod]\nhost = https://x.cloud.databricks.com\ntoken = \xff\xfe\n", "not UTF-8"),
}


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No Databricks settings from the machine running the tests; HOME is an empty directory."""
    for name in DATABRICKS_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    return tmp_path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def run_cli(home: Path, *args: str, env: Mapping[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The real command in a fresh process, as a user runs it: what reaches the terminal."""
    environment = {"PATH": os.environ.get("PATH", ""), "HOME": str(home), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "databricks_mlflow_client.cli", "--output", "json", *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str], exit_code: int, *expected: str) -> None:
    assert result.returncode == exit_code, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    for text in expected:
        assert text in lines[0], lines[0]
    assert SECRET not in result.stderr + result.stdout
    assert result.stdout == ""


# ------------------------------------------------------------------------------------------ the config file


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_a_malformed_config_file_is_one_config_error(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    content, expected = MALFORMED[case]
    path = clean_env / "databrickscfg"
    path.write_bytes(content)
    monkeypatch.setenv("DATABRICKS_CONFIG_FILE", str(path))
    with pytest.raises(ConfigError) as caught:
        DatabricksMlflowClient()
    message = str(caught.value)
    assert message.startswith(f"malformed config file {path}") or message.startswith(
        f"cannot read config file {path}"
    )
    assert expected in message
    assert SECRET not in message
    # No configparser/codec traceback chained behind it.
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_a_malformed_config_file_on_the_command_line(clean_env: Path) -> None:
    content, expected = MALFORMED["setting before any profile"]
    path = clean_env / "databrickscfg"
    path.write_bytes(content)
    result = run_cli(clean_env, "models", "get", "m", env={"DATABRICKS_CONFIG_FILE": str(path)})
    assert_one_line_error(result, 2, str(path), expected)


def test_the_default_config_file_is_found_through_home(clean_env: Path) -> None:
    content, expected = MALFORMED["profile twice"]
    (clean_env / ".databrickscfg").write_bytes(content)
    result = run_cli(clean_env, "models", "get", "m")
    assert_one_line_error(result, 2, str(clean_env / ".databrickscfg"), expected)


def test_an_indented_line_is_malformed_not_part_of_the_host(clean_env: Path) -> None:
    path = clean_env / "databrickscfg"
    path.write_text(
        f"[prod]\nhost = https://x.cloud.databricks.com\n  {SECRET}\ntoken = t\n", encoding="utf-8"
    )
    with pytest.raises(ConfigError) as caught:
        DatabricksMlflowClient(profile="prod", config_file=str(path))
    assert str(caught.value).startswith(f"malformed config file {path}")
    assert SECRET not in str(caught.value)


def write_profiles(path: Path, url: str = "https://x.cloud.databricks.com") -> Path:
    path.write_text(
        f"[dev]\nhost = {url}\ntoken = {SECRET}\n\n[staging]\nhost = {url}\ntoken = {SECRET}\n",
        encoding="utf-8",
    )
    return path


def test_a_missing_profile_names_the_file_and_the_profiles_there(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_profiles(clean_env / "databrickscfg")
    with pytest.raises(ConfigError) as caught:
        DatabricksMlflowClient(profile="prod", config_file=str(path))
    assert str(caught.value) == f"{path} has no 'prod' profile configured (profiles: dev, staging)"
    monkeypatch.setenv("DATABRICKS_CONFIG_FILE", str(path))
    monkeypatch.setenv("DATABRICKS_CONFIG_PROFILE", "prod")
    with pytest.raises(ConfigError, match="has no 'prod' profile configured"):
        DatabricksMlflowClient()


def test_a_missing_profile_on_the_command_line(clean_env: Path) -> None:
    path = write_profiles(clean_env / "databrickscfg")
    result = run_cli(
        clean_env, "--profile", "prod", "models", "get", "m", env={"DATABRICKS_CONFIG_FILE": str(path)}
    )
    assert_one_line_error(result, 2, str(path), "'prod'", "dev, staging")


def test_a_profile_in_a_missing_file_says_the_file_is_missing(clean_env: Path) -> None:
    missing = clean_env / "nowhere" / "databrickscfg"
    with pytest.raises(ConfigError) as caught:
        DatabricksMlflowClient(profile="prod", config_file=str(missing))
    assert f"{missing} [prod] (file missing)" in str(caught.value)


# ------------------------------------------------------------------------------------------ credentials


@pytest.fixture
def emu() -> Iterator[Emulator]:
    with Emulator() as emulator:
        emulator.create_registered_model("m")
        yield emulator


def test_an_invalid_token_is_unauthenticated(clean_env: Path, emu: Emulator) -> None:
    with (
        DatabricksMlflowClient(emu.url, SECRET, retry=SHORT) as client,
        pytest.raises(Unauthenticated) as caught,
    ):
        client.registered_models.get("m")
    error = caught.value
    assert (error.status_code, error.error_code, error.attempts) == (401, "UNAUTHENTICATED", 1)
    assert "Invalid access token" in str(error)
    assert "/api/2.0/mlflow/databricks/registered-models/get" in str(error)
    assert SECRET not in str(error)
    assert [r.status for r in emu.requests] == [401]  # one attempt: a 401 is not retried


def test_an_invalid_token_on_the_command_line(clean_env: Path, emu: Emulator) -> None:
    result = run_cli(
        clean_env, "models", "get", "m", env={"DATABRICKS_HOST": emu.url, "DATABRICKS_TOKEN": SECRET}
    )
    assert_one_line_error(result, 1, "UNAUTHENTICATED", "401")


def test_an_invalid_oauth_secret_is_unauthenticated(clean_env: Path, emu: Emulator) -> None:
    principal = emu.add_service_principal(client_secret="the-right-secret")
    client = DatabricksMlflowClient(emu.url, client_id=principal.name, client_secret=SECRET, retry=SHORT)
    with client, pytest.raises(Unauthenticated) as caught:
        client.registered_models.get("m")
    message = str(caught.value)
    assert "401" in message and "invalid_client" in message
    assert "/oidc/v1/token" in message  # where: the token endpoint, not the API call
    assert SECRET not in message


def test_an_invalid_oauth_secret_on_the_command_line(clean_env: Path, emu: Emulator) -> None:
    principal = emu.add_service_principal(client_secret="the-right-secret")
    env = {
        "DATABRICKS_HOST": emu.url,
        "DATABRICKS_CLIENT_ID": principal.name,
        "DATABRICKS_CLIENT_SECRET": SECRET,
    }
    result = run_cli(clean_env, "models", "get", "m", env=env)
    assert_one_line_error(result, 1, "401", "invalid_client")


# ------------------------------------------------------------------------------------------ the host


def test_a_wrong_host_is_a_connection_error_after_a_short_budget(clean_env: Path) -> None:
    port = free_port()
    client = DatabricksMlflowClient(f"http://127.0.0.1:{port}", SECRET, retry=SHORT)
    with client, pytest.raises(ApiConnectionError) as caught:
        client.registered_models.get("m")
    error = caught.value
    assert type(error) is ApiConnectionError
    assert "refused" in str(error).lower()  # what
    assert f"127.0.0.1:{port}" in str(error)  # where
    assert "/api/2.0/mlflow/databricks/registered-models/get" in str(error)
    assert error.attempts >= 2  # a refused connection sent nothing: retried until the budget was spent
    assert SECRET not in str(error)


def test_a_wrong_host_on_the_command_line(clean_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line has no retry-budget option (it waits the default 300 s); the budget is shortened
    here by replacing the default policy the CLI's client is built with."""
    import databricks_mlflow_client._sync_client as client_module

    monkeypatch.setattr(client_module, "RetryPolicy", lambda: SHORT)
    port = free_port()
    result = CliRunner(env={"DATABRICKS_CONFIG_FILE": str(clean_env / "none")}).invoke(
        main, ["--host", f"http://127.0.0.1:{port}", "--token", SECRET, "models", "get", "m"]
    )
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)  # handled: no traceback
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ConnectError"), result.stderr
    assert f"127.0.0.1:{port}" in lines[0]
    assert SECRET not in result.output
