"""Issue #13, hostile configuration: tokens, hosts and auth URLs a broken or hostile source can hand us.

Each test names the finding it reproduces. Nothing leaves loopback: "remote" names are resolved to
127.0.0.1 by an httpx transport inside the test.
"""

from __future__ import annotations

import traceback
from pathlib import Path

import httpx
import pytest

from databricks_mlflow_client import ConfigError, DatabricksMlflowClient, RetryPolicy
from databricks_mlflow_client._auth import AuthenticationError, BearerTokenAuth, OAuthM2MAuth
from databricks_mlflow_client._config import normalize_host, resolve_config
from databricks_mlflow_client.emulator import Emulator

TOKEN = "dapi-HOSTILE-7f3e9a1c5b"
PASSWORD = "pw-HOSTILE-c4a1"
SHORT = RetryPolicy(timeout=2.0, backoff_initial=0.001, backoff_max=0.01)


def clean_env(tmp_path: Path) -> dict[str, str]:
    return {"HOME": str(tmp_path)}


# --- finding 1: a token with a trailing newline, a space or a NUL -------------------------------------------


@pytest.mark.parametrize("suffix", ["\n", " ", "\r\n", "\t"])
def test_finding_1_surrounding_whitespace_is_stripped_from_a_token(tmp_path: Path, suffix: str) -> None:
    config = resolve_config(
        host="https://ws.example.com", environ={**clean_env(tmp_path), "DATABRICKS_TOKEN": TOKEN + suffix}
    )
    assert config.token == TOKEN


@pytest.mark.parametrize(
    ("bad", "rule"),
    [
        ("dapi\x00abc-HOSTILE", "control character"),
        ("dapi abc-HOSTILE", "space"),
        ("dapi\nabc-HOSTILE", "control character"),
        ("dapié-HOSTILE", "non-ASCII"),
    ],
)
def test_finding_1_a_token_that_cannot_be_a_header_is_refused_without_quoting_it(
    tmp_path: Path, bad: str, rule: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        resolve_config(host="https://ws.example.com", token=bad, environ=clean_env(tmp_path))
    text = str(caught.value) + "".join(traceback.format_exception(caught.value))
    assert "token" in str(caught.value) and rule in str(caught.value)
    assert "HOSTILE" not in text and "abc" not in text


def test_finding_1_client_secret_is_checked_like_a_token(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"client_secret .*control character"):
        resolve_config(
            host="https://ws.example.com",
            client_id="id",
            client_secret="s\x00HOSTILE",
            environ=clean_env(tmp_path),
        )


def test_finding_1_bearer_auth_built_by_hand_refuses_a_bad_token() -> None:
    with pytest.raises(ConfigError, match="token"):
        BearerTokenAuth("abc\x00HOSTILE")


def test_finding_1_no_traceback_of_a_failed_call_holds_the_token() -> None:
    # The header check is httpx's; a token that reaches it by another road (an OAuth server's answer, a
    # custom auth) must not print `Bearer <token>` in the chained traceback.
    class RawAuth(httpx.Auth):
        def auth_flow(self, request: httpx.Request):  # type: ignore[no-untyped-def]
            request.headers["Authorization"] = "Bearer " + TOKEN + "\n"
            yield request

    with Emulator() as emu, DatabricksMlflowClient(emu.url, emu.token, retry=SHORT) as client:
        client._http.auth = RawAuth()
        with pytest.raises(Exception) as caught:
            client.registered_models.get("m")
    text = "".join(traceback.format_exception(caught.value))
    assert TOKEN not in text
    assert "header" in str(caught.value)


def test_finding_1_an_oauth_access_token_that_cannot_be_a_header_is_an_authentication_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("oauth-authorization-server"):
            return httpx.Response(200, json={"token_endpoint": "https://ws.example.com/oidc/v1/token"})
        if request.url.path == "/oidc/v1/token":
            return httpx.Response(200, json={"access_token": "dapi\x00" + TOKEN, "expires_in": 3600})
        return httpx.Response(404)

    auth = OAuthM2MAuth("https://ws.example.com", "id", "secret")
    with (
        httpx.Client(transport=httpx.MockTransport(handler), auth=auth) as http,
        pytest.raises(AuthenticationError) as caught,
    ):
        http.get("https://ws.example.com/api/2.0/x")
    assert TOKEN not in "".join(traceback.format_exception(caught.value))
    assert "access_token" in str(caught.value)


# --- finding 10: user:password in the host; 11: a query string; 14: https://[::1 --------------------------


@pytest.mark.parametrize(
    "host", [f"https://user:{PASSWORD}@ws.example.com", f"https://{PASSWORD}@ws.example.com/"]
)
def test_finding_10_userinfo_in_the_host_is_refused_without_echoing_it(tmp_path: Path, host: str) -> None:
    with pytest.raises(ConfigError) as caught:
        resolve_config(host=host, token=TOKEN, environ=clean_env(tmp_path))
    assert "user name or password" in str(caught.value)
    assert PASSWORD not in "".join(traceback.format_exception(caught.value))


@pytest.mark.parametrize(
    "host", ["https://adb-123.4.azuredatabricks.net/?o=123", "https://ws.example.com/#/models"]
)
def test_finding_11_a_query_or_fragment_in_the_host_is_refused_with_a_message(host: str) -> None:
    with pytest.raises(ConfigError, match=r"query string or fragment .* use https://"):
        normalize_host(host)


@pytest.mark.parametrize("host", ["https://[::1", "http://[zz]/"])
def test_finding_14_a_malformed_ipv6_host_is_a_config_error(host: str) -> None:
    with pytest.raises(ConfigError, match="invalid host"):
        normalize_host(host)


# --- #12 item 6: a host without a scheme -------------------------------------------------------------------


def test_a_host_without_a_scheme_gets_https_and_a_tls_failure_says_so() -> None:
    # The SDK's rule: no scheme means https://. Pointed at a plain-http server (the emulator), the TLS
    # handshake fails; the error must say that https:// was assumed, not only "SSL: WRONG_VERSION_NUMBER".
    with Emulator() as emu:
        bare = emu.url.removeprefix("http://")
        with DatabricksMlflowClient(bare, emu.token, retry=SHORT) as client:
            assert client.host == f"https://{bare}"
            with pytest.raises(Exception) as caught:
                client.registered_models.get("m")
    message = str(caught.value)
    assert "https://" in message and "http://" in message and "without a scheme" in message


# --- finding 7: OAuth discovery over plain http ------------------------------------------------------------


def test_finding_7_a_plain_http_discovery_url_is_refused_at_configuration(tmp_path: Path) -> None:
    env = {
        **clean_env(tmp_path),
        "DATABRICKS_DISCOVERY_URL": "http://idp.example.com/.well-known/oauth-authorization-server",
    }
    with pytest.raises(ConfigError, match=r"idp\.example\.com") as caught:
        resolve_config(host="https://ws.example.com", client_id="id", client_secret="s", environ=env)
    assert "discovery_url" in str(caught.value)


@pytest.mark.parametrize(
    "metadata",
    [
        {"oidc_endpoint": "http://idp.example.com/oidc"},  # the host's metadata names a clear-text issuer
    ],
)
def test_finding_7_every_url_of_the_auth_flow_must_be_https(metadata: dict[str, str]) -> None:
    fetched: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        fetched.append(str(request.url))
        if request.url.path == "/.well-known/databricks-config":
            return httpx.Response(200, json=metadata)
        return httpx.Response(200, json={"token_endpoint": "https://ws.example.com/token"})

    for auth in (
        OAuthM2MAuth("https://ws.example.com", "id", "secret"),
        OAuthM2MAuth(
            "https://ws.example.com", "id", "secret", discovery_url="http://idp.example.com/discovery"
        ),
    ):
        fetched.clear()
        with (
            httpx.Client(transport=httpx.MockTransport(handler), auth=auth) as http,
            pytest.raises(AuthenticationError, match=r"idp\.example\.com"),
        ):
            http.get("https://ws.example.com/api/2.0/x")
        assert not any(url.startswith("http://") for url in fetched)


# --- behaviours no test pinned down in _auth.py (each was a surviving one-token mutation) ------------------


class OAuthServer:
    """A MockTransport handler for host metadata, discovery, token and API calls; counts what it served."""

    def __init__(self, *, api_401_for: frozenset[str] = frozenset()) -> None:
        self.tokens_issued = 0
        self.api_calls: list[httpx.Request] = []
        self.api_401_for = api_401_for

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path == "/.well-known/databricks-config":
            return httpx.Response(
                200, json={"workspace_id": 987654321, "oidc_endpoint": "https://ws.example.com/oidc"}
            )
        if path.endswith("oauth-authorization-server"):
            return httpx.Response(200, json={"token_endpoint": "https://ws.example.com/oidc/v1/token"})
        if path == "/oidc/v1/token":
            self.tokens_issued += 1
            return httpx.Response(200, json={"access_token": f"at-HOSTILE-{self.tokens_issued}"})
        self.api_calls.append(request)
        if request.headers["Authorization"].removeprefix("Bearer ") in self.api_401_for:
            return httpx.Response(401, json={"error_code": "UNAUTHENTICATED"})
        return httpx.Response(200, json={})


def test_the_cached_oauth_token_never_shows_in_a_repr() -> None:
    server = OAuthServer()
    auth = OAuthM2MAuth("https://ws.example.com", "id", "secret")
    with httpx.Client(transport=httpx.MockTransport(server), auth=auth) as http:
        http.get("https://ws.example.com/api/2.0/x")
    assert "at-HOSTILE" not in repr(vars(auth))


def test_the_workspace_id_comes_from_the_host_metadata_and_is_sent() -> None:
    server = OAuthServer()
    auth = OAuthM2MAuth("https://ws.example.com", "id", "secret")
    with httpx.Client(transport=httpx.MockTransport(server), auth=auth) as http:
        http.get("https://ws.example.com/api/2.0/x")
        http.get("https://ws.example.com/api/2.0/y")
    assert auth.workspace_id == "987654321"
    assert server.api_calls[-1].headers["X-Databricks-Workspace-Id"] == "987654321"


@pytest.mark.anyio
async def test_async_401_on_a_freshly_fetched_token_is_not_retried_but_on_a_cached_one_it_is() -> None:
    server = OAuthServer(api_401_for=frozenset({"at-HOSTILE-1"}))
    auth = OAuthM2MAuth("https://ws.example.com", "id", "secret")
    async with httpx.AsyncClient(transport=httpx.MockTransport(server), auth=auth) as http:
        first = await http.get("https://ws.example.com/api/2.0/x")
        assert first.status_code == 401  # the token was fetched for this request: no access, not stale
        assert (server.tokens_issued, len(server.api_calls)) == (1, 1)
        second = await http.get("https://ws.example.com/api/2.0/x")  # cached token 1 is refused: refresh once
    assert second.status_code == 200
    assert (server.tokens_issued, len(server.api_calls)) == (2, 3)


@pytest.mark.parametrize("given", [{"client_id": "id"}, {"client_secret": "secret"}])
def test_oauth_m2m_with_only_one_of_id_and_secret_is_a_config_error(
    tmp_path: Path, given: dict[str, str]
) -> None:
    from databricks_mlflow_client._auth import build_auth
    from databricks_mlflow_client._config import Config

    with pytest.raises(ConfigError, match="client_id and client_secret"):
        resolve_config(
            host="https://ws.example.com", auth_type="oauth-m2m", environ=clean_env(tmp_path), **given
        )
    with pytest.raises(ConfigError, match="oauth-m2m"):
        build_auth(Config(host="https://ws.example.com", auth_type="oauth-m2m", **given))


@pytest.mark.parametrize("access_token", [123, ["at"], "", None])
def test_a_token_response_whose_access_token_is_not_a_string_is_an_authentication_error(
    access_token: object,
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("oauth-authorization-server"):
            return httpx.Response(200, json={"token_endpoint": "https://ws.example.com/oidc/v1/token"})
        if request.url.path == "/oidc/v1/token":
            return httpx.Response(200, json={"access_token": access_token})
        return httpx.Response(404)

    auth = OAuthM2MAuth("https://ws.example.com", "id", "secret")
    with (
        httpx.Client(transport=httpx.MockTransport(handler), auth=auth) as http,
        pytest.raises(AuthenticationError, match="no access_token"),
    ):
        http.get("https://ws.example.com/api/2.0/x")


def test_the_first_of_an_attributes_environment_variables_wins(tmp_path: Path) -> None:
    # databricks-sdk's rule for attributes with two variables: the first one set is used.
    env = {
        **clean_env(tmp_path),
        "DATABRICKS_OIDC_TOKEN_FILEPATH": "/first",
        "DATABRICKS_OIDC_TOKEN_FILE": "/second",
    }
    config = resolve_config(host="https://ws.example.com", auth_type="file-oidc", environ=env)
    assert config.sdk_attributes["oidc_token_filepath"] == "/first"
    assert config.sources["oidc_token_filepath"] == "env DATABRICKS_OIDC_TOKEN_FILEPATH"
