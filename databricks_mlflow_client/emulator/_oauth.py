"""The unauthenticated discovery and token routes that OAuth M2M clients (databricks-sdk included) call.

Shapes follow databricks-sdk 0.162.0: `Config` reads `/.well-known/databricks-config` (HostMetadata: the
`oidc_endpoint` becomes `discovery_url = {oidc_endpoint}/.well-known/oauth-authorization-server`), reads
`token_endpoint` / `authorization_endpoint` from that document, then POSTs a form
`grant_type=client_credentials&scope=all-apis` with HTTP Basic client credentials to the token endpoint.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from typing import TYPE_CHECKING, Final
from urllib.parse import parse_qsl

from ._faults import Reply, json_reply

if TYPE_CHECKING:
    from ._workspace import Workspace

__all__ = ["HOST_METADATA_PATH", "OIDC_DISCOVERY_PATH", "TOKEN_PATH", "OAuthRoutes"]

HOST_METADATA_PATH: Final = "/.well-known/databricks-config"
OIDC_DISCOVERY_PATH: Final = "/oidc/.well-known/oauth-authorization-server"
TOKEN_PATH: Final = "/oidc/v1/token"
DEFAULT_SCOPE: Final = "all-apis"

# (the Authorization header, the raw request body) -> the reply
RouteHandler = Callable[[str | None, bytes], Reply]


def _oauth_error(status: int, error: str, description: str) -> Reply:
    headers: tuple[tuple[str, str], ...] = ()
    if status == 401:
        headers = (("WWW-Authenticate", 'Basic realm="oidc"'),)
    return json_reply(status, {"error": error, "error_description": description}, headers)


def _basic_credentials(authorization: str | None) -> tuple[str, str] | None:
    if not authorization:
        return None
    scheme, _, encoded = authorization.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    client_id, sep, secret = decoded.partition(":")
    return (client_id, secret) if sep else None


class OAuthRoutes:
    """Serves the three OAuth routes for one workspace. `base_url` is the emulator's URL once bound."""

    def __init__(
        self,
        workspace: Workspace,
        *,
        base_url: Callable[[], str],
        workspace_id: str,
        cloud: str,
        token_ttl: int,
    ) -> None:
        self._workspace = workspace
        self._base_url = base_url
        self._workspace_id = workspace_id
        self._cloud = cloud
        self.token_ttl = token_ttl

    def routes(self) -> dict[tuple[str, str], RouteHandler]:
        return {
            ("GET", HOST_METADATA_PATH): self.host_metadata,
            ("GET", OIDC_DISCOVERY_PATH): self.discovery,
            ("POST", TOKEN_PATH): self.token,
        }

    def host_metadata(self, _authorization: str | None, _body: bytes) -> Reply:
        return json_reply(
            200,
            {
                "oidc_endpoint": f"{self._base_url()}/oidc",
                "workspace_id": self._workspace_id,
                "cloud": self._cloud,
            },
        )

    def discovery(self, _authorization: str | None, _body: bytes) -> Reply:
        base = self._base_url()
        return json_reply(
            200,
            {
                "issuer": f"{base}/oidc",
                "authorization_endpoint": f"{base}/oidc/v1/authorize",
                "token_endpoint": f"{base}{TOKEN_PATH}",
                "grant_types_supported": ["client_credentials"],
                "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
                "response_types_supported": ["code"],
                "scopes_supported": [DEFAULT_SCOPE, "offline_access"],
            },
        )

    def token(self, authorization: str | None, body: bytes) -> Reply:
        try:
            form = dict(parse_qsl(body.decode(), keep_blank_values=True))
        except UnicodeDecodeError:
            return _oauth_error(400, "invalid_request", "The request body is not a URL-encoded form.")
        if form.get("grant_type") != "client_credentials":
            return _oauth_error(
                400, "unsupported_grant_type", "Only grant_type=client_credentials is supported."
            )
        credentials = _basic_credentials(authorization)
        if credentials is None and "client_id" in form:
            credentials = (form["client_id"], form.get("client_secret", ""))
        if credentials is None:
            return _oauth_error(401, "invalid_client", "Client authentication is missing.")
        principal = self._workspace.authenticate_client(*credentials)
        if principal is None:
            return _oauth_error(401, "invalid_client", "Client authentication failed.")
        access_token = self._workspace.issue_oauth_token(principal, self.token_ttl)
        return json_reply(
            200,
            {
                "access_token": access_token,
                "token_type": "Bearer",
                "expires_in": self.token_ttl,
                "scope": form.get("scope") or DEFAULT_SCOPE,
            },
        )
