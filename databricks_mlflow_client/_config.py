"""Unified-auth configuration resolution, following databricks-sdk's `Config.__init__` rule for rule.

Order: explicit arguments, then environment variables (each fills only what is still unset), then one
profile of the config file (`~/.databrickscfg` by default), then host normalisation and validation.
Nothing here touches the network; the host-metadata probe the SDK runs at construction is left to the
OAuth flow in `_auth.py`, which needs it anyway.
"""

from __future__ import annotations

import configparser
import ipaddress
import os
import urllib.parse
from collections.abc import Mapping, Sequence
from pathlib import Path

import attrs

__all__ = [
    "DEFAULT_CONFIG_FILE",
    "KNOWN_AUTH_TYPES",
    "Config",
    "ConfigError",
    "check_credential",
    "check_transport_security",
    "normalize_host",
    "resolve_config",
]

DEFAULT_CONFIG_FILE = "~/.databrickscfg"
SETTINGS_SECTION = "__settings__"
DEFAULT_SECTION = "DEFAULT"

NATIVE_AUTH_TYPES = ("pat", "oauth-m2m")
# "sdk": let databricks-sdk's default credential chain choose. The rest are the SDK's strategy names,
# in the order of its chain; any of them forces that one strategy through the bridge.
SDK_AUTH_TYPES = (
    "basic",
    "metadata-service",
    "env-oidc",
    "file-oidc",
    "github-oidc",
    "azure-client-secret",
    "github-oidc-azure",
    "azure-cli",
    "azure-devops-oidc",
    "external-browser",
    "databricks-cli",
    "runtime-oauth",
    "runtime",
    "google-credentials",
    "google-id",
    "model-serving",
)
KNOWN_AUTH_TYPES = (*NATIVE_AUTH_TYPES, "sdk", *SDK_AUTH_TYPES)


@attrs.frozen
class _Attribute:
    name: str
    envs: tuple[str, ...] = ()
    auth_group: str | None = None  # as databricks-sdk groups them for the "more than one method" check
    secret: bool = False


_ATTRIBUTES = (
    _Attribute("host", ("DATABRICKS_HOST",)),
    _Attribute("token", ("DATABRICKS_TOKEN",), "pat", secret=True),
    _Attribute("client_id", ("DATABRICKS_CLIENT_ID",), "oauth-m2m"),
    _Attribute("client_secret", ("DATABRICKS_CLIENT_SECRET",), "oauth-m2m", secret=True),
    _Attribute("profile", ("DATABRICKS_CONFIG_PROFILE",)),
    _Attribute("config_file", ("DATABRICKS_CONFIG_FILE",)),
    _Attribute("auth_type", ("DATABRICKS_AUTH_TYPE",)),
    _Attribute("workspace_id", ("DATABRICKS_WORKSPACE_ID",)),
    _Attribute("discovery_url", ("DATABRICKS_DISCOVERY_URL",)),
    # Not used by this client directly. They are read so that the file-skip rule and the conflict check
    # behave as the SDK's do, and are handed to databricks-sdk when auth goes through the bridge.
    _Attribute("username", ("DATABRICKS_USERNAME",), "basic"),
    _Attribute("password", ("DATABRICKS_PASSWORD",), "basic", secret=True),
    _Attribute("account_id", ("DATABRICKS_ACCOUNT_ID",)),
    _Attribute("metadata_service_url", ("DATABRICKS_METADATA_SERVICE_URL",), "metadata-service", secret=True),
    _Attribute("oidc_token_env", ("DATABRICKS_OIDC_TOKEN_ENV",), "env-oidc"),
    _Attribute(
        "oidc_token_filepath", ("DATABRICKS_OIDC_TOKEN_FILEPATH", "DATABRICKS_OIDC_TOKEN_FILE"), "file-oidc"
    ),
    _Attribute("token_audience", ("DATABRICKS_TOKEN_AUDIENCE",)),
    _Attribute("azure_workspace_resource_id", ("DATABRICKS_AZURE_RESOURCE_ID",), "azure"),
    _Attribute("azure_use_msi", ("ARM_USE_MSI",), "azure"),
    _Attribute("azure_client_id", ("ARM_CLIENT_ID",), "azure"),
    _Attribute("azure_client_secret", ("ARM_CLIENT_SECRET",), "azure", secret=True),
    _Attribute("azure_tenant_id", ("ARM_TENANT_ID",), "azure"),
    _Attribute("azure_environment", ("ARM_ENVIRONMENT",)),
    _Attribute("google_service_account", ("DATABRICKS_GOOGLE_SERVICE_ACCOUNT",), "google"),
    _Attribute("google_credentials", ("GOOGLE_CREDENTIALS",), "google", secret=True),
    _Attribute("databricks_cli_path", ("DATABRICKS_CLI_PATH",)),
)
_BY_NAME = {attribute.name: attribute for attribute in _ATTRIBUTES}
_FIRST_CLASS = frozenset(
    {
        "host",
        "token",
        "client_id",
        "client_secret",
        "profile",
        "config_file",
        "auth_type",
        "workspace_id",
        "discovery_url",
    }
)
# Keys that make no sense inside a profile; databricks-sdk would store them but never act on them.
_IGNORED_FILE_KEYS = frozenset({"profile", "config_file"})
SECRET_ATTRIBUTES = frozenset(attribute.name for attribute in _ATTRIBUTES if attribute.secret)


class ConfigError(ValueError):
    """The configuration cannot be used; the message says what was found and where, never a secret."""


def _secret_repr(value: str | None) -> str:
    return "None" if value is None else "'***'"


def _other_attributes_repr(value: Mapping[str, str]) -> str:
    shown = {key: "***" if key in SECRET_ATTRIBUTES else item for key, item in value.items()}
    return repr(shown)


@attrs.frozen
class Config:
    """A resolved configuration. `sources` tells where every attribute came from."""

    host: str
    auth_type: str  # "pat" | "oauth-m2m" | "sdk"
    token: str | None = attrs.field(default=None, repr=_secret_repr)
    client_id: str | None = None
    client_secret: str | None = attrs.field(default=None, repr=_secret_repr)
    workspace_id: str | None = None
    discovery_url: str | None = None
    profile: str | None = None
    config_file: str | None = None  # the file whose profile was read, if one was
    sources: Mapping[str, str] = attrs.field(factory=dict)
    # Only for auth_type "sdk": the databricks-sdk strategy to force (None lets its default chain choose)
    # and the other SDK attributes found (username, azure_client_id, ...), passed on to the SDK's Config.
    sdk_auth_type: str | None = None
    sdk_attributes: Mapping[str, str] = attrs.field(factory=dict, repr=_other_attributes_repr)


def resolve_config(
    *,
    host: str | None = None,
    token: str | None = None,
    client_id: str | None = None,
    client_secret: str | None = None,
    profile: str | None = None,
    config_file: str | None = None,
    auth_type: str | None = None,
    workspace_id: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> Config:
    """Resolve host and credentials from arguments, environment and config file, as databricks-sdk does."""
    env = os.environ if environ is None else environ
    arguments = {
        "host": host,
        "token": token,
        "client_id": client_id,
        "client_secret": client_secret,
        "profile": profile,
        "config_file": config_file,
        "auth_type": auth_type,
        "workspace_id": workspace_id,
    }
    resolution = _Resolution()
    for name, value in arguments.items():
        if value:
            resolution.set(name, value, "argument")
    for attribute in _ATTRIBUTES:
        if attribute.name in resolution.values:
            continue
        for variable in attribute.envs:
            value = env.get(variable)
            if value:
                resolution.set(attribute.name, value, f"env {variable}")
                break
    _load_config_file(resolution, env)
    return _finish(resolution)


class _Resolution:
    """Values found so far, where each came from, and notes on the config file for error messages."""

    def __init__(self) -> None:
        self.values: dict[str, str] = {}
        self.sources: dict[str, str] = {}
        self.file_note = ""
        self.file_path: str | None = None

    def set(self, name: str, value: str, source: str) -> None:
        self.values[name] = value
        self.sources[name] = source

    def names_from(self, prefix: str) -> list[str]:
        return [name for name, source in self.sources.items() if source.startswith(prefix)]

    def looked_at(self) -> str:
        from_arguments = self.names_from("argument")
        from_env = [
            source.removeprefix("env ") for source in self.sources.values() if source.startswith("env ")
        ]
        parts = [
            f"arguments ({', '.join(from_arguments) or 'none'})",
            f"environment ({', '.join(from_env) or 'none'})",
            self.file_note,
        ]
        return ", ".join(part for part in parts if part)


def _describe(names: Sequence[str], resolution: _Resolution) -> str:
    """`client_id, client_secret from ~/.databrickscfg [prod]`, grouping attributes by where they came from."""
    by_source: dict[str, list[str]] = {}
    for name in names:
        by_source.setdefault(resolution.sources[name], []).append(name)
    return ", ".join(f"{', '.join(group)} from {source}" for source, group in by_source.items())


def _expand_home(path: str, environ: Mapping[str, str]) -> Path:
    # `environ` decides what `~` means, so a caller passing its own environment never reads the real home.
    home = environ.get("HOME")
    if home and (path == "~" or path.startswith("~/")):
        return Path(home + path[1:])
    return Path(path).expanduser()


def _load_config_file(resolution: _Resolution, environ: Mapping[str, str]) -> None:
    values = resolution.values
    requested_profile = values.get("profile")
    spelled = values.get("config_file") or DEFAULT_CONFIG_FILE
    if requested_profile is None:
        # azure_workspace_resource_id is in the "azure" auth group, so the SDK's third condition is covered.
        already_set = [name for name in values if name == "host" or _BY_NAME[name].auth_group]
        if already_set:
            resolution.file_note = (
                f"{spelled} not read ({_describe(already_set, resolution)} already set "
                "and no profile requested; set profile to read it)"
            )
            return
    path = _expand_home(spelled, environ)
    if not path.exists():
        shown_profile = requested_profile or DEFAULT_SECTION
        resolution.file_note = f"{path} [{shown_profile}] (file missing)"
        return
    profiles, settings = _parse_config_file(path)
    profile, profile_source, is_fallback = _choose_profile(requested_profile, settings, profiles, spelled)
    if profile is None:
        resolution.file_note = f"{path} (no {DEFAULT_SECTION} profile)"
        return
    if profile not in profiles:
        if is_fallback:
            resolution.file_note = f"{path} (no {DEFAULT_SECTION} profile)"
            return
        listed = ", ".join(profiles) or "none"
        raise ConfigError(f"{path} has no {profile!r} profile configured (profiles: {listed})")
    if profile_source is not None:
        resolution.set("profile", profile, profile_source)
    section_source = f"{spelled} [{profile}]"
    used: list[str] = []
    for key, value in profiles[profile].items():
        if key in _IGNORED_FILE_KEYS or key not in _BY_NAME or key in values or not value:
            continue
        resolution.set(key, value, section_source)
        used.append(key)
    resolution.file_path = str(path)
    resolution.file_note = f"{path} [{profile}] ({', '.join(used) or 'nothing used'})"


def _choose_profile(
    requested: str | None, settings: Mapping[str, str], profiles: Mapping[str, object], spelled: str
) -> tuple[str | None, str | None, bool]:
    """(profile, where its name came from if not yet recorded, is_fallback), as the SDK's `_resolve_profile`."""
    if requested is not None:
        if requested == SETTINGS_SECTION:
            raise ConfigError(
                f"{SETTINGS_SECTION} is a reserved section name and cannot be used as a profile"
            )
        return requested, None, False
    default_profile = settings.get("default_profile", "").strip()
    if default_profile:
        if default_profile == SETTINGS_SECTION:
            raise ConfigError(
                f"{SETTINGS_SECTION} is a reserved section name and cannot be used as a profile"
            )
        return default_profile, f"{spelled} [{SETTINGS_SECTION}]", False
    if DEFAULT_SECTION in profiles:
        return DEFAULT_SECTION, None, True
    return None, None, True


# A section name no file can contain, so that [DEFAULT] is parsed as an ordinary profile and its keys are
# not merged into every other profile (databricks-sdk reads the raw sections for the same reason).
_NO_DEFAULT_SECTION = "\x00no-default-section"


def _parse_config_file(path: Path) -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    """Profiles (an empty [DEFAULT] counts as absent, as in the SDK) and the [__settings__] section."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise ConfigError(f"cannot read config file {path}: not UTF-8 (byte {error.start})") from None
    except OSError as error:
        raise ConfigError(
            f"cannot read config file {path}: {error.strerror or type(error).__name__}"
        ) from None
    parser = configparser.ConfigParser(interpolation=None, default_section=_NO_DEFAULT_SECTION)
    try:
        parser.read_string(text, source=str(path))
    except configparser.Error as error:
        # `from None`: configparser's own messages quote the offending line, which may hold a secret.
        raise ConfigError(f"malformed config file {path}: {_describe_parse_error(error)}") from None
    profiles = {name: dict(parser.items(name, raw=True)) for name in parser.sections()}
    for name, values in profiles.items():
        for key, value in values.items():
            if "\n" in value:
                # configparser joins an indented line to the value above: a host or token would silently absorb it
                raise ConfigError(
                    f"malformed config file {path}: [{name}] {key!r} continues onto an indented line; "
                    "remove the leading spaces"
                )
    settings = profiles.pop(SETTINGS_SECTION, {})
    if not profiles.get(DEFAULT_SECTION):
        profiles.pop(DEFAULT_SECTION, None)
    return profiles, settings


def _describe_parse_error(error: configparser.Error) -> str:
    if isinstance(error, configparser.MissingSectionHeaderError):
        return f"line {error.lineno}: a setting before any [profile] header"
    if isinstance(error, configparser.DuplicateSectionError):
        return f"line {error.lineno}: profile [{error.section}] appears more than once"
    if isinstance(error, configparser.DuplicateOptionError):
        return f"line {error.lineno}: key {error.option!r} appears more than once in [{error.section}]"
    if isinstance(error, configparser.ParsingError):
        line_numbers = ", ".join(str(lineno) for lineno, _line in error.errors)
        noun = "line" if len(error.errors) == 1 else "lines"
        return f"{noun} {line_numbers}: expected 'key = value' or a [profile] header"
    return type(error).__name__


def _finish(resolution: _Resolution) -> Config:
    values = resolution.values
    requested = values.get("auth_type")
    if requested is not None and requested not in KNOWN_AUTH_TYPES:
        raise ConfigError(
            f"unknown auth_type {requested!r} (from {resolution.sources['auth_type']}); "
            f"expected one of: {', '.join(KNOWN_AUTH_TYPES)}"
        )
    groups: dict[str, list[str]] = {}
    for attribute in _ATTRIBUTES:
        if attribute.auth_group and attribute.name in values:
            groups.setdefault(attribute.auth_group, []).append(attribute.name)
    auth_type, sdk_auth_type = _choose_auth(requested, groups, resolution)
    raw_host = values.get("host")
    if not raw_host:
        raise ConfigError(
            f"no host configured: looked at {resolution.looked_at()}; set host (DATABRICKS_HOST) or a profile"
        )
    host = normalize_host(raw_host)
    check_transport_security(host)
    for name in _CREDENTIALS:
        if name in values:
            values[name] = check_credential(values[name], f"{name} (from {resolution.sources[name]})")
    if "discovery_url" in values:
        try:
            check_transport_security(values["discovery_url"])
        except ConfigError as error:
            raise ConfigError(
                f"discovery_url (from {resolution.sources['discovery_url']}): {error}"
            ) from None
    return Config(
        host=host,
        auth_type=auth_type,
        token=values.get("token"),
        client_id=values.get("client_id"),
        client_secret=values.get("client_secret"),
        workspace_id=values.get("workspace_id"),
        discovery_url=values.get("discovery_url"),
        profile=values.get("profile"),
        config_file=resolution.file_path,
        sources=dict(resolution.sources),
        sdk_auth_type=sdk_auth_type,
        sdk_attributes={name: value for name, value in values.items() if name not in _FIRST_CLASS},
    )


_CREDENTIAL_HINT = (
    "set a token (DATABRICKS_TOKEN), or client_id and client_secret (DATABRICKS_CLIENT_ID, "
    "DATABRICKS_CLIENT_SECRET), or auth_type to use another databricks-sdk method"
)


def _choose_auth(
    requested: str | None, groups: Mapping[str, list[str]], resolution: _Resolution
) -> tuple[str, str | None]:
    """(auth_type, sdk_auth_type): which method to use, by databricks-sdk's validation rule."""
    values = resolution.values
    if requested is None:
        if len(groups) > 1:
            found = " and ".join(
                f"{group} ({_describe(names, resolution)})" for group, names in groups.items()
            )
            raise ConfigError(
                f"more than one authentication method configured: {found}; set auth_type to choose one"
            )
        if not groups:
            raise ConfigError(f"no credentials found: looked at {resolution.looked_at()}; {_CREDENTIAL_HINT}")
        (group,) = groups
        if group == "pat":
            return "pat", None
        if group != "oauth-m2m":
            return "sdk", None
        _require_oauth_pair(resolution, "oauth-m2m")
        return "oauth-m2m", None
    if requested == "pat":
        if "token" not in values:
            raise ConfigError(
                f"auth_type 'pat' (from {resolution.sources['auth_type']}) needs a token, "
                f"but none was found: looked at {resolution.looked_at()}"
            )
        return "pat", None
    if requested == "oauth-m2m":
        _require_oauth_pair(resolution, f"auth_type 'oauth-m2m' (from {resolution.sources['auth_type']})")
        return "oauth-m2m", None
    return "sdk", None if requested == "sdk" else requested


def _require_oauth_pair(resolution: _Resolution, what: str) -> None:
    present = [name for name in ("client_id", "client_secret") if name in resolution.values]
    missing = [name for name in ("client_id", "client_secret") if name not in resolution.values]
    if not missing:
        return
    found = f"{_describe(present, resolution)} but no {missing[0]}" if present else "neither"
    raise ConfigError(
        f"{what} needs client_id and client_secret; found {found}: looked at {resolution.looked_at()}"
        " (set auth_type to use another databricks-sdk method such as github-oidc)"
    )


# Values that become an HTTP header: surrounding whitespace (a secret file's trailing newline) is dropped.
_CREDENTIALS = ("token", "client_id", "client_secret")


def check_credential(value: str, what: str) -> str:
    """`value` without surrounding whitespace; ConfigError (naming `what`, never quoting the value) when
    what is left cannot travel in an HTTP header: a control character, an inner space or non-ASCII."""
    value = value.strip()
    for position, char in enumerate(value, start=1):
        if char == " ":
            problem = "a space"
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            problem = "a control character"
        elif ord(char) > 0x7E:
            problem = "a non-ASCII character"
        else:
            continue
        raise ConfigError(
            f"{what} contains {problem} at position {position}; credentials are printable ASCII "
            "(check the file or variable it was read from)"
        )
    if not value:
        raise ConfigError(f"{what} is blank")
    return value


def normalize_host(host: str) -> str:
    """As databricks-sdk: add https:// when there is no scheme, drop a trailing / and the port 443.

    Refused with a ConfigError (that never quotes a password): a user name or password in the URL, a query
    string or fragment (a URL copied from the browser, e.g. `/?o=123`), an unparseable host or port.
    """
    if "://" not in host:
        host = "https://" + host
    try:
        parts = urllib.parse.urlparse(host)
        hostname = parts.hostname
    except ValueError:
        raise ConfigError(f"invalid host {_without_userinfo(host)!r}: not a URL") from None
    if "@" in parts.netloc:
        raise ConfigError(
            f"host {_without_userinfo(host)!r}: a user name or password in the host URL is not supported; "
            "give credentials as token or client_id/client_secret"
        )
    if parts.query or parts.fragment or host.endswith(("?", "#")):
        base = urllib.parse.urlunparse((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", "", ""))
        raise ConfigError(
            f"host {host!r} has a query string or fragment (a URL copied from the browser?); "
            f"use {base} instead"
        )
    try:
        port = parts.port
    except ValueError:
        raise ConfigError(f"invalid port in host {host!r}") from None
    if not hostname:
        raise ConfigError(f"invalid host {host!r}: no host name")
    netloc = parts.netloc.rsplit(":", 1)[0] if port == 443 else parts.netloc
    return urllib.parse.urlunparse(
        (parts.scheme, netloc, parts.path.rstrip("/"), parts.params, parts.query, parts.fragment)
    )


def _without_userinfo(url: str) -> str:
    scheme, _, rest = url.partition("://")
    netloc, slash, path = rest.partition("/")
    return f"{scheme}://{netloc.rpartition('@')[2]}{slash}{path}"


def check_transport_security(url: str) -> None:
    """Refuse plain http:// except to a loopback address, so a token or secret never crosses a network in clear."""
    try:
        parts = urllib.parse.urlsplit(url)
        hostname = parts.hostname or ""
    except ValueError:
        raise ConfigError(f"invalid URL {_without_userinfo(url)!r}") from None
    scheme = parts.scheme.lower()
    if scheme == "https":
        return
    if scheme == "http":
        if _is_loopback(hostname):
            return
        raise ConfigError(
            f"refusing plain http:// for non-loopback host {hostname!r}; use https:// "
            "(http is allowed only for 127.0.0.0/8, ::1 and localhost)"
        )
    raise ConfigError(f"unsupported URL scheme {scheme!r} for host {hostname!r}; use https://")


def _is_loopback(hostname: str) -> bool:
    if hostname.lower().rstrip(".") == "localhost":
        return True
    try:
        address = ipaddress.ip_address(hostname)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv4Address):
        return address in ipaddress.IPv4Network("127.0.0.0/8")
    return address == ipaddress.IPv6Address("::1")
