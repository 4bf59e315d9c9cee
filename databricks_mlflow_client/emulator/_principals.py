"""Who is who in the emulated workspace: users, groups, service principals, their tokens, and API errors."""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable, Iterable, Sequence
from typing import Final, Literal

import attrs

ADMINS_GROUP: Final = "admins"
ALL_USERS_GROUP: Final = "users"

PrincipalKind = Literal["user", "group", "service_principal"]
PrincipalRef = tuple[PrincipalKind, str]
"""How an access control list names a principal: its kind and user name, group name or application id."""


class ApiError(Exception):
    """An error the server turns into `{error_code, message}` with this HTTP status."""

    def __init__(self, status: int, error_code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.error_code = error_code
        self.message = message

    def __repr__(self) -> str:
        return f"ApiError({self.status}, {self.error_code!r}, {self.message!r})"


def bad_param(message: str) -> ApiError:
    return ApiError(400, "INVALID_PARAMETER_VALUE", message)


def not_found(message: str) -> ApiError:
    return ApiError(404, "RESOURCE_DOES_NOT_EXIST", message)


def denied(message: str) -> ApiError:
    return ApiError(403, "PERMISSION_DENIED", message)


def _hidden(value: str | None) -> str:
    return "None" if value is None else "'***'"


@attrs.define
class Principal:
    """A user or service principal that can call the API. `name` is the user name or the application id."""

    kind: str
    name: str
    display_name: str
    token: str = attrs.field(repr=_hidden)
    is_admin: bool = False
    client_id: str | None = None
    client_secret: str | None = attrs.field(default=None, repr=_hidden)

    @property
    def ref(self) -> PrincipalRef:
        return ("service_principal", self.name) if self.kind == "service_principal" else ("user", self.name)

    def describe(self) -> str:
        return (
            f"Service principal '{self.name}'" if self.kind == "service_principal" else f"User '{self.name}'"
        )


def _new_pat() -> str:
    return "dapi" + secrets.token_hex(16)


class Directory:
    """Users, groups and service principals, and the tokens that identify them. Not thread-safe on its own."""

    def __init__(self, clock: Callable[[], float], new_uuid: Callable[[], str]) -> None:
        self._clock = clock
        self._new_uuid = new_uuid
        self.users: dict[str, Principal] = {}
        self.service_principals: dict[str, Principal] = {}
        self.groups: dict[str, set[str]] = {ADMINS_GROUP: set(), ALL_USERS_GROUP: set()}
        self._groups_of: dict[str, set[str]] = {}
        self._tokens: dict[str, Principal] = {}
        self._oauth_tokens: dict[str, tuple[Principal, float]] = {}

    # ------------------------------------------------------------------------------------------ membership

    def add_user(
        self,
        user_name: str,
        *,
        admin: bool = False,
        groups: Sequence[str] = (),
        token: str | None = None,
        display_name: str | None = None,
    ) -> Principal:
        if user_name in self.users or user_name in self.service_principals:
            raise ValueError(f"principal {user_name!r} already exists")
        principal = Principal(
            kind="user", name=user_name, display_name=display_name or user_name, token=token or _new_pat()
        )
        self.users[user_name] = principal
        self._register(principal, admin=admin, groups=groups)
        return principal

    def add_service_principal(
        self,
        application_id: str | None = None,
        *,
        display_name: str | None = None,
        admin: bool = False,
        client_secret: str | None = None,
        groups: Sequence[str] = (),
    ) -> Principal:
        app_id = application_id or self._new_uuid()
        if app_id in self.users or app_id in self.service_principals:
            raise ValueError(f"principal {app_id!r} already exists")
        principal = Principal(
            kind="service_principal",
            name=app_id,
            display_name=display_name or app_id,
            token=_new_pat(),
            client_id=app_id,
            client_secret=client_secret or "dose" + secrets.token_hex(16),
        )
        self.service_principals[app_id] = principal
        self._register(principal, admin=admin, groups=groups)
        return principal

    def _register(self, principal: Principal, *, admin: bool, groups: Iterable[str]) -> None:
        if principal.token in self._tokens:
            raise ValueError("token already in use")
        self._tokens[principal.token] = principal
        self._groups_of[principal.name] = set()
        self._join(principal.name, ALL_USERS_GROUP)
        if admin:
            self._join(principal.name, ADMINS_GROUP)
        for group in groups:
            self.add_group(group, [principal.name])
        principal.is_admin = ADMINS_GROUP in self._groups_of[principal.name]

    def add_group(self, name: str, members: Sequence[str] = ()) -> None:
        unknown = [m for m in members if self.principal(m) is None]
        if unknown:
            raise ValueError(f"unknown group members: {', '.join(unknown)}")
        self.groups.setdefault(name, set())
        for member in members:
            self._join(member, name)

    def _join(self, member: str, group: str) -> None:
        self.groups.setdefault(group, set()).add(member)
        self._groups_of.setdefault(member, set()).add(group)
        if group == ADMINS_GROUP and (principal := self.principal(member)) is not None:
            principal.is_admin = True

    def principal(self, name: str) -> Principal | None:
        return self.users.get(name) or self.service_principals.get(name)

    def groups_of(self, principal: Principal) -> set[str]:
        return self._groups_of.get(principal.name, set())

    def refs_of(self, principal: Principal) -> list[PrincipalRef]:
        """The principal itself and every group it belongs to, as access-control-list keys."""
        return [principal.ref, *(("group", group) for group in sorted(self.groups_of(principal)))]

    def exists(self, ref: PrincipalRef) -> bool:
        kind, name = ref
        if kind == "user":
            return name in self.users
        if kind == "group":
            return name in self.groups
        return name in self.service_principals

    def display_name(self, ref: PrincipalRef) -> str:
        kind, name = ref
        principal = self.service_principals.get(name) if kind == "service_principal" else self.users.get(name)
        return principal.display_name if principal is not None else name

    # ------------------------------------------------------------------------------------------ credentials

    def authenticate_token(self, token: str) -> Principal | None:
        principal = self._tokens.get(token)
        if principal is not None:
            return principal
        entry = self._oauth_tokens.get(token)
        if entry is None:
            return None
        principal, expires_at = entry
        if self._clock() >= expires_at:
            del self._oauth_tokens[token]
            return None
        return principal

    def authenticate_client(self, client_id: str, client_secret: str) -> Principal | None:
        principal = self.service_principals.get(client_id)
        if principal is None or principal.client_secret is None:
            return None
        if not hmac.compare_digest(principal.client_secret.encode(), client_secret.encode()):
            return None
        return principal

    def issue_oauth_token(self, principal: Principal, ttl_seconds: int) -> str:
        token = secrets.token_urlsafe(32)
        self._oauth_tokens[token] = (principal, self._clock() + ttl_seconds)
        return token
