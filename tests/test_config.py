"""Config resolution: every precedence rule of databricks-sdk's unified auth, checked on temp files and an
explicit environment, plus a differential run against databricks-sdk itself as the oracle."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from databricks_mlflow_client._config import (
    Config,
    ConfigError,
    check_transport_security,
    normalize_host,
    resolve_config,
)

HOST = "https://ws.example.com"
TOKEN = "dapi-secret-token-1234"
SECRET = "oauth-secret-5678"


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path


def environ(home: Path, **variables: str) -> dict[str, str]:
    """An environment whose HOME is the temp dir, so `~/.databrickscfg` is never the real one."""
    return {"HOME": str(home), **variables}


def write_cfg(home: Path, text: str, name: str = ".databrickscfg") -> Path:
    path = home / name
    path.write_text(text)
    return path


# --- arguments, environment, file ---


def test_arguments_alone(home: Path) -> None:
    config = resolve_config(host=HOST, token=TOKEN, environ=environ(home))
    assert (config.host, config.auth_type, config.token) == (HOST, "pat", TOKEN)
    assert config.sources == {"host": "argument", "token": "argument"}
    assert config.config_file is None


def test_environment_alone(home: Path) -> None:
    env = environ(home, DATABRICKS_HOST=HOST, DATABRICKS_TOKEN=TOKEN, DATABRICKS_WORKSPACE_ID="42")
    config = resolve_config(environ=env)
    assert (config.host, config.token, config.workspace_id) == (HOST, TOKEN, "42")
    assert config.sources["token"] == "env DATABRICKS_TOKEN"
    assert config.sources["workspace_id"] == "env DATABRICKS_WORKSPACE_ID"


def test_argument_beats_environment(home: Path) -> None:
    env = environ(home, DATABRICKS_HOST="https://env.example.com", DATABRICKS_TOKEN="env-token")
    config = resolve_config(host=HOST, token=TOKEN, environ=env)
    assert (config.host, config.token) == (HOST, TOKEN)
    assert config.sources == {"host": "argument", "token": "argument"}


def test_empty_environment_value_counts_as_unset(home: Path) -> None:
    write_cfg(home, f"[DEFAULT]\nhost = {HOST}\ntoken = {TOKEN}\n")
    config = resolve_config(environ=environ(home, DATABRICKS_HOST="", DATABRICKS_TOKEN=""))
    assert config.sources["token"] == "~/.databrickscfg [DEFAULT]"


def test_default_profile_of_default_file(home: Path) -> None:
    path = write_cfg(home, f"[DEFAULT]\nhost = {HOST}\ntoken = {TOKEN}\n")
    config = resolve_config(environ=environ(home))
    assert (config.host, config.token, config.auth_type) == (HOST, TOKEN, "pat")
    assert config.sources == {"host": "~/.databrickscfg [DEFAULT]", "token": "~/.databrickscfg [DEFAULT]"}
    assert config.config_file == str(path)
    assert config.profile is None  # the DEFAULT fallback is not recorded as a profile, as in the SDK


def test_file_is_skipped_when_host_is_set_and_no_profile_requested(home: Path) -> None:
    # Measured on the SDK: DATABRICKS_HOST in env plus a token only in the file -> no credentials.
    write_cfg(home, f"[DEFAULT]\nhost = {HOST}\ntoken = {TOKEN}\n")
    with pytest.raises(ConfigError) as caught:
        resolve_config(environ=environ(home, DATABRICKS_HOST=HOST))
    message = str(caught.value)
    assert message.startswith("no credentials found: ")
    assert "environment (DATABRICKS_HOST)" in message
    assert "~/.databrickscfg not read (host from env DATABRICKS_HOST already set" in message
    assert TOKEN not in message


def test_file_is_skipped_when_any_auth_attribute_is_set(home: Path) -> None:
    write_cfg(home, "[DEFAULT]\nhost = https://from-file.example.com\n")
    with pytest.raises(ConfigError, match="no host configured") as caught:
        resolve_config(token=TOKEN, environ=environ(home))
    assert "token from argument already set" in str(caught.value)
    assert TOKEN not in str(caught.value)


def test_file_is_skipped_for_other_sdk_auth_attributes(home: Path) -> None:
    write_cfg(home, f"[DEFAULT]\nhost = {HOST}\ntoken = {TOKEN}\n")
    with pytest.raises(ConfigError, match="no host configured"):
        resolve_config(environ=environ(home, ARM_CLIENT_ID="azure-app"))


def test_file_is_read_when_only_non_auth_attributes_are_set(home: Path) -> None:
    write_cfg(home, f"[DEFAULT]\nhost = {HOST}\ntoken = {TOKEN}\n")
    config = resolve_config(environ=environ(home, DATABRICKS_WORKSPACE_ID="7", DATABRICKS_AUTH_TYPE="pat"))
    assert (config.token, config.workspace_id) == (TOKEN, "7")


def test_requested_profile_reads_file_even_with_host_set(home: Path) -> None:
    write_cfg(home, f"[prod]\nhost = https://prod.example.com\ntoken = {TOKEN}\n")
    config = resolve_config(environ=environ(home, DATABRICKS_HOST=HOST, DATABRICKS_CONFIG_PROFILE="prod"))
    assert config.host == HOST  # env beats file
    assert config.token == TOKEN
    assert config.profile == "prod"
    assert config.sources["profile"] == "env DATABRICKS_CONFIG_PROFILE"
    assert config.sources["token"] == "~/.databrickscfg [prod]"


def test_environment_beats_file_key_by_key(home: Path) -> None:
    write_cfg(home, f"[prod]\nhost = {HOST}\ntoken = file-token\nworkspace_id = 1\n")
    env = environ(home, DATABRICKS_TOKEN=TOKEN)
    config = resolve_config(profile="prod", environ=env)
    assert (config.host, config.token, config.workspace_id) == (HOST, TOKEN, "1")
    assert config.sources == {
        "profile": "argument",
        "token": "env DATABRICKS_TOKEN",
        "host": "~/.databrickscfg [prod]",
        "workspace_id": "~/.databrickscfg [prod]",
    }


def test_profile_argument_beats_profile_env(home: Path) -> None:
    write_cfg(home, f"[a]\nhost = https://a.example.com\ntoken = t\n[b]\nhost = {HOST}\ntoken = t\n")
    config = resolve_config(profile="b", environ=environ(home, DATABRICKS_CONFIG_PROFILE="a"))
    assert (config.host, config.profile) == (HOST, "b")


def test_settings_default_profile(home: Path) -> None:
    write_cfg(
        home,
        "[__settings__]\ndefault_profile = dev\n"
        "[DEFAULT]\nhost = https://default.example.com\ntoken = t\n"
        f"[dev]\nhost = {HOST}\ntoken = {TOKEN}\n",
    )
    config = resolve_config(environ=environ(home))
    assert (config.host, config.token, config.profile) == (HOST, TOKEN, "dev")
    assert config.sources["profile"] == "~/.databrickscfg [__settings__]"


def test_settings_default_profile_that_does_not_exist_is_an_error(home: Path) -> None:
    path = write_cfg(home, "[__settings__]\ndefault_profile = gone\n[DEFAULT]\nhost = x\n")
    with pytest.raises(ConfigError) as caught:
        resolve_config(environ=environ(home))
    assert str(caught.value) == f"{path} has no 'gone' profile configured (profiles: DEFAULT)"


def test_missing_explicit_profile_names_file_and_profiles(home: Path) -> None:
    path = write_cfg(home, f"[DEFAULT]\nhost = {HOST}\n[dev]\ntoken = {TOKEN}\n")
    with pytest.raises(ConfigError) as caught:
        resolve_config(profile="prod", environ=environ(home))
    assert str(caught.value) == f"{path} has no 'prod' profile configured (profiles: DEFAULT, dev)"


def test_missing_default_profile_is_ignored(home: Path) -> None:
    write_cfg(home, f"[dev]\nhost = {HOST}\ntoken = {TOKEN}\n")
    with pytest.raises(ConfigError, match="no credentials found") as caught:
        resolve_config(environ=environ(home))
    assert "(no DEFAULT profile)" in str(caught.value)


def test_empty_default_section_counts_as_missing(home: Path) -> None:
    write_cfg(home, f"[DEFAULT]\n[dev]\nhost = {HOST}\ntoken = {TOKEN}\n")
    with pytest.raises(ConfigError, match="no credentials found"):
        resolve_config(environ=environ(home))


def test_profiles_do_not_inherit_default_keys(home: Path) -> None:
    # configparser would merge [DEFAULT] into every section; the SDK reads raw sections and so do we.
    write_cfg(home, f"[DEFAULT]\ntoken = {TOKEN}\n[prod]\nhost = {HOST}\n")
    with pytest.raises(ConfigError, match="no credentials found") as caught:
        resolve_config(profile="prod", environ=environ(home))
    assert "[prod] (host)" in str(caught.value)


def test_settings_section_cannot_be_a_profile(home: Path) -> None:
    write_cfg(home, "[__settings__]\ndefault_profile = x\n")
    with pytest.raises(ConfigError, match="reserved section name"):
        resolve_config(profile="__settings__", environ=environ(home))


def test_missing_file_is_not_an_error_by_itself(home: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        resolve_config(environ=environ(home))
    assert str(caught.value).startswith(
        f"no credentials found: looked at arguments (none), environment (none), "
        f"{home / '.databrickscfg'} [DEFAULT] (file missing); set a token (DATABRICKS_TOKEN)"
    )


def test_config_file_from_environment_and_argument(home: Path) -> None:
    other = write_cfg(home, f"[DEFAULT]\nhost = {HOST}\ntoken = from-env-file\n", name="env.cfg")
    chosen = write_cfg(home, f"[DEFAULT]\nhost = {HOST}\ntoken = {TOKEN}\n", name="arg.cfg")
    write_cfg(home, "[DEFAULT]\nhost = https://wrong.example.com\ntoken = wrong\n")
    env = environ(home, DATABRICKS_CONFIG_FILE=str(other))
    assert resolve_config(environ=env).token == "from-env-file"
    config = resolve_config(config_file=str(chosen), environ=env)
    assert (config.token, config.config_file) == (TOKEN, str(chosen))
    assert config.sources["token"] == f"{chosen} [DEFAULT]"


def test_tilde_expands_to_home_of_given_environment(home: Path) -> None:
    (home / "sub").mkdir()
    write_cfg(home, f"[DEFAULT]\nhost = {HOST}\ntoken = {TOKEN}\n", name="sub/my.cfg")
    config = resolve_config(config_file="~/sub/my.cfg", environ=environ(home))
    assert config.config_file == str(home / "sub" / "my.cfg")


def test_file_values_are_raw_not_interpolated(home: Path) -> None:
    write_cfg(home, f"[DEFAULT]\nhost = {HOST}\ntoken = a%b%(c)s\n")
    assert resolve_config(environ=environ(home)).token == "a%b%(c)s"


def test_file_keys_are_case_insensitive_and_unknown_keys_ignored(home: Path) -> None:
    write_cfg(home, f"[DEFAULT]\nHost = {HOST}\nTOKEN = {TOKEN}\ncolor = blue\njobs_api_version = 2.1\n")
    config = resolve_config(environ=environ(home))
    assert (config.host, config.token) == (HOST, TOKEN)
    assert set(config.sources) == {"host", "token"}


def test_auth_type_from_file(home: Path) -> None:
    write_cfg(home, f"[DEFAULT]\nhost = {HOST}\ntoken = {TOKEN}\nclient_id = c\nauth_type = pat\n")
    config = resolve_config(environ=environ(home))
    assert config.auth_type == "pat"
    assert config.sources["auth_type"] == "~/.databrickscfg [DEFAULT]"


# --- choosing the auth method ---


def test_oauth_m2m_from_file_profile(home: Path) -> None:
    write_cfg(home, f"[prod]\nhost = {HOST}\nclient_id = app-1\nclient_secret = {SECRET}\n")
    config = resolve_config(profile="prod", environ=environ(home))
    assert (config.auth_type, config.client_id, config.client_secret) == ("oauth-m2m", "app-1", SECRET)


def test_conflict_names_methods_and_sources_never_secrets(home: Path) -> None:
    write_cfg(home, f"[prod]\nhost = {HOST}\nclient_id = app-1\nclient_secret = {SECRET}\n")
    env = environ(home, DATABRICKS_TOKEN=TOKEN, DATABRICKS_CONFIG_PROFILE="prod")
    with pytest.raises(ConfigError) as caught:
        resolve_config(environ=env)
    assert str(caught.value) == (
        "more than one authentication method configured: pat (token from env DATABRICKS_TOKEN) and "
        "oauth-m2m (client_id, client_secret from ~/.databrickscfg [prod]); set auth_type to choose one"
    )


def test_conflict_with_mixed_sources_in_one_method(home: Path) -> None:
    env = environ(home, DATABRICKS_CLIENT_ID="app", DATABRICKS_USERNAME="me", DATABRICKS_PASSWORD=SECRET)
    with pytest.raises(ConfigError) as caught:
        resolve_config(host=HOST, client_secret=SECRET, environ=env)
    message = str(caught.value)
    assert "oauth-m2m (client_id from env DATABRICKS_CLIENT_ID, client_secret from argument)" in message
    assert "basic (username from env DATABRICKS_USERNAME, password from env DATABRICKS_PASSWORD)" in message
    assert SECRET not in message


@pytest.mark.parametrize(("auth_type", "expected"), [("pat", "pat"), ("oauth-m2m", "oauth-m2m")])
def test_auth_type_forces_one_method(home: Path, auth_type: str, expected: str) -> None:
    env = environ(home, DATABRICKS_AUTH_TYPE=auth_type)
    config = resolve_config(host=HOST, token=TOKEN, client_id="app", client_secret=SECRET, environ=env)
    assert config.auth_type == expected
    assert config.sources["auth_type"] == "env DATABRICKS_AUTH_TYPE"


def test_forced_method_without_its_credentials(home: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        resolve_config(
            host=HOST, client_id="app", client_secret=SECRET, auth_type="pat", environ=environ(home)
        )
    assert str(caught.value).startswith("auth_type 'pat' (from argument) needs a token, but none was found")
    assert SECRET not in str(caught.value)


def test_client_id_without_secret(home: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        resolve_config(host=HOST, environ=environ(home, DATABRICKS_CLIENT_ID="app"))
    assert str(caught.value).startswith(
        "oauth-m2m needs client_id and client_secret; found client_id from env DATABRICKS_CLIENT_ID "
        "but no client_secret"
    )


def test_unknown_auth_type(home: Path) -> None:
    with pytest.raises(
        ConfigError, match=r"unknown auth_type 'oauth_m2m' \(from argument\); expected one of"
    ):
        resolve_config(host=HOST, token=TOKEN, auth_type="oauth_m2m", environ=environ(home))


def test_other_sdk_method_goes_through_the_bridge(home: Path) -> None:
    env = environ(home, DATABRICKS_HOST=HOST, DATABRICKS_USERNAME="me", DATABRICKS_PASSWORD=SECRET)
    config = resolve_config(environ=env)
    assert (config.auth_type, config.sdk_auth_type) == ("sdk", None)
    assert config.sdk_attributes == {"username": "me", "password": SECRET}
    assert SECRET not in repr(config)


@pytest.mark.parametrize(
    ("variable", "attribute"),
    [
        ("DATABRICKS_PASSWORD", "password"),
        ("DATABRICKS_METADATA_SERVICE_URL", "metadata_service_url"),
        ("ARM_CLIENT_SECRET", "azure_client_secret"),
        ("GOOGLE_CREDENTIALS", "google_credentials"),
    ],
)
def test_every_secret_the_bridge_passes_on_is_hidden_from_repr(
    home: Path, variable: str, attribute: str
) -> None:
    config = resolve_config(environ=environ(home, DATABRICKS_HOST=HOST, **{variable: SECRET}))
    assert config.sdk_attributes[attribute] == SECRET
    assert SECRET not in repr(config) and f"'{attribute}': '***'" in repr(config)


@pytest.mark.parametrize(
    ("auth_type", "sdk_auth_type"), [("databricks-cli", "databricks-cli"), ("sdk", None)]
)
def test_explicit_sdk_auth_type(home: Path, auth_type: str, sdk_auth_type: str | None) -> None:
    config = resolve_config(host=HOST, auth_type=auth_type, environ=environ(home))
    assert (config.auth_type, config.sdk_auth_type) == ("sdk", sdk_auth_type)


def test_missing_host(home: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        resolve_config(token=TOKEN, environ=environ(home))
    assert str(caught.value).startswith("no host configured: looked at arguments (token)")


# --- repr, malformed files, host rules ---


def test_repr_hides_secrets(home: Path) -> None:
    config = resolve_config(host=HOST, token=TOKEN, client_id="app", client_secret=SECRET, auth_type="pat")
    text = repr(config)
    assert TOKEN not in text and SECRET not in text
    assert "token='***'" in text and "client_secret='***'" in text and "client_id='app'" in text
    assert TOKEN not in str(config)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"token = {TOKEN}\n[DEFAULT]\n", "line 1: a setting before any [profile] header"),
        (f"[DEFAULT]\nhost = x\n{TOKEN}\n", "line 3: expected 'key = value' or a [profile] header"),
        ("[a]\nhost = x\n[a]\n", "line 3: profile [a] appears more than once"),
        ("[a]\nhost = x\nhost = y\n", "line 3: key 'host' appears more than once in [a]"),
    ],
)
def test_malformed_file_names_file_and_line_without_content(home: Path, text: str, expected: str) -> None:
    path = write_cfg(home, text)
    with pytest.raises(ConfigError) as caught:
        resolve_config(environ=environ(home))
    assert str(caught.value) == f"malformed config file {path}: {expected}"
    assert caught.value.__cause__ is None and caught.value.__suppress_context__
    assert TOKEN not in str(caught.value)


def test_unreadable_file(home: Path) -> None:
    (home / ".databrickscfg").mkdir()
    with pytest.raises(ConfigError, match=r"cannot read config file .*\.databrickscfg: Is a directory"):
        resolve_config(environ=environ(home))


def test_non_utf8_file(home: Path) -> None:
    (home / ".databrickscfg").write_bytes(b"[DEFAULT]\nhost = \xff\n")
    with pytest.raises(ConfigError, match="not UTF-8"):
        resolve_config(environ=environ(home))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ws.example.com", "https://ws.example.com"),
        ("https://ws.example.com/", "https://ws.example.com"),
        ("https://ws.example.com:443/", "https://ws.example.com"),
        ("ws.example.com:443", "https://ws.example.com"),
        ("https://ws.example.com:8443/", "https://ws.example.com:8443"),
        ("https://ws.example.com/prefix//", "https://ws.example.com/prefix"),
        ("http://127.0.0.1:8080/", "http://127.0.0.1:8080"),
        ("https://[::1]:443", "https://[::1]"),
    ],
)
def test_host_normalisation(raw: str, expected: str) -> None:
    assert normalize_host(raw) == expected


@pytest.mark.parametrize(
    "raw",
    ["ws.example.com", "https://ws.example.com:443/", "https://ws.example.com/prefix//", "http://h:80/"],
)
def test_host_normalisation_matches_sdk(raw: str) -> None:
    from databricks.sdk._base_client import _fix_host_if_needed

    assert normalize_host(raw) == _fix_host_if_needed(raw)


def test_resolved_host_is_normalised(home: Path) -> None:
    config = resolve_config(host="ws.example.com:443/", token=TOKEN, environ=environ(home))
    assert config.host == HOST


@pytest.mark.parametrize(
    "host",
    ["http://127.0.0.1:5000", "http://127.9.8.7", "http://[::1]:8080", "http://localhost", "https://x.io"],
)
def test_http_allowed_only_for_loopback(host: str) -> None:
    check_transport_security(host)


def test_http_refused_for_other_hosts(home: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        resolve_config(host="http://example.com", token=TOKEN, environ=environ(home))
    assert str(caught.value) == (
        "refusing plain http:// for non-loopback host 'example.com'; use https:// "
        "(http is allowed only for 127.0.0.0/8, ::1 and localhost)"
    )
    for host in ("http://10.0.0.1", "http://128.0.0.1", "http://localhost.example.com", "ftp://h"):
        with pytest.raises(ConfigError):
            check_transport_security(host)


def test_invalid_host(home: Path) -> None:
    with pytest.raises(ConfigError, match="invalid port"):
        resolve_config(host="https://h:notaport", token=TOKEN, environ=environ(home))
    with pytest.raises(ConfigError, match="no host name"):
        resolve_config(host="https://", token=TOKEN, environ=environ(home))


# --- databricks-sdk as the oracle ---


class _MetadataHandler(BaseHTTPRequestHandler):
    """Serves what databricks-sdk's Config probes at construction: host metadata and OIDC discovery."""

    protocol_version = "HTTP/1.1"

    def setup(self) -> None:
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_GET(self) -> None:
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        documents: dict[str, Any] = {
            "/.well-known/databricks-config": {"oidc_endpoint": f"{base}/oidc", "workspace_id": "123"},
            "/oidc/.well-known/oauth-authorization-server": {
                "token_endpoint": f"{base}/oidc/v1/token",
                "authorization_endpoint": f"{base}/oidc/v1/authorize",
            },
        }
        document = documents.get(self.path)
        body = json.dumps(document if document is not None else {"error_code": "NOT_FOUND"}).encode()
        self.send_response(200 if document is not None else 404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def metadata_host() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _MetadataHandler)
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _sdk_outcome(kwargs: Mapping[str, str]) -> tuple[str | None, ...] | str:
    from databricks.sdk.core import Config as SdkConfig

    try:
        sdk = SdkConfig(**kwargs, retry_timeout_seconds=5)
    except ValueError:
        return "error"
    return (sdk.host, sdk.token, sdk.client_id, sdk.client_secret, sdk.auth_type)


def _our_outcome(kwargs: Mapping[str, str], env: Mapping[str, str]) -> tuple[str | None, ...] | str:
    try:
        config = resolve_config(**kwargs, environ=env)
    except ConfigError:
        return "error"
    return (config.host, config.token, config.client_id, config.client_secret, config.auth_type)


SCENARIOS: list[tuple[str, dict[str, str], dict[str, str], str]] = [
    # (name, arguments, environment, file text); {host} is the loopback metadata server
    ("args", {"host": "{host}", "token": "t-arg"}, {}, "[DEFAULT]\ntoken = t-file\n"),
    ("env", {}, {"DATABRICKS_HOST": "{host}", "DATABRICKS_TOKEN": "t-env"}, ""),
    ("env host skips file", {}, {"DATABRICKS_HOST": "{host}"}, "[DEFAULT]\ntoken = t-file\n"),
    ("file default", {}, {}, "[DEFAULT]\nhost = {host}/\ntoken = t-file\n"),
    (
        "env beats profile",
        {},
        {"DATABRICKS_CONFIG_PROFILE": "prod", "DATABRICKS_TOKEN": "t-env"},
        "[prod]\nhost = {host}\ntoken = t-file\n",
    ),
    (
        "settings default_profile",
        {},
        {},
        "[__settings__]\ndefault_profile = dev\n[DEFAULT]\nhost = {host}\ntoken = d\n[dev]\nhost = {host}\ntoken = t-dev\n",
    ),
    ("missing explicit profile", {"profile": "nope"}, {}, "[DEFAULT]\nhost = {host}\ntoken = t\n"),
    ("no inheritance", {"profile": "p"}, {}, "[DEFAULT]\ntoken = t\n[p]\nhost = {host}\n"),
    (
        "conflict",
        {"host": "{host}", "token": "t"},
        {"DATABRICKS_CLIENT_ID": "c", "DATABRICKS_CLIENT_SECRET": "s"},
        "",
    ),
    (
        "conflict resolved",
        {"host": "{host}", "token": "t", "auth_type": "pat"},
        {"DATABRICKS_CLIENT_ID": "c", "DATABRICKS_CLIENT_SECRET": "s"},
        "",
    ),
    ("m2m from file", {"profile": "m"}, {}, "[m]\nhost = {host}\nclient_id = c\nclient_secret = s\n"),
    (
        "auth type forces m2m",
        {"host": "{host}", "token": "t", "client_id": "c", "client_secret": "s", "auth_type": "oauth-m2m"},
        {},
        "",
    ),
]


@pytest.mark.parametrize(
    ("name", "arguments", "variables", "file_text"), SCENARIOS, ids=[s[0] for s in SCENARIOS]
)
def test_resolution_matches_databricks_sdk(
    home: Path,
    metadata_host: str,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    arguments: dict[str, str],
    variables: dict[str, str],
    file_text: str,
) -> None:
    import os

    for variable in list(os.environ):
        if variable.startswith(("DATABRICKS_", "ARM_", "GOOGLE_", "AZURE_", "ACTIONS_ID_TOKEN", "SYSTEM_")):
            monkeypatch.delenv(variable)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("PATH", str(home))  # no databricks or az CLI for the SDK's chain to find
    kwargs = {key: value.replace("{host}", metadata_host) for key, value in arguments.items()}
    env = {key: value.replace("{host}", metadata_host) for key, value in variables.items()}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    write_cfg(home, file_text.replace("{host}", metadata_host))
    sdk = _sdk_outcome(kwargs)
    ours = _our_outcome(kwargs, environ(home, **env))
    assert ours == sdk, name


def test_config_is_frozen() -> None:
    config = Config(host=HOST, auth_type="pat", token=TOKEN)
    with pytest.raises(AttributeError):
        config.host = "x"  # type: ignore[misc]
