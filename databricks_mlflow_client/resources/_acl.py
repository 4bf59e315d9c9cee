"""What the permission resources of both object types, sync and async, share: the object types (their
generated operations), and the ACL helpers (direct grants, keeping managers, the caller's principal)."""

from __future__ import annotations

import functools
import re
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, Generic, Protocol, TypeVar

import attrs
from databricks_mlflow_api.models import (
    ExperimentAccessControlRequest,
    ExperimentPermissions,
    ExperimentPermissionsDescription,
    ExperimentPermissionsRequest,
    RegisteredModelAccessControlRequest,
    RegisteredModelPermissions,
    RegisteredModelPermissionsDescription,
    RegisteredModelPermissionsRequest,
)
from databricks_mlflow_api.operations import Endpoint
from databricks_mlflow_api.types import Unset

from .._api import AsyncAPI, SyncAPI
from ._base import exactly_one_principal, listed, models_of

PermsT = TypeVar("PermsT", RegisteredModelPermissions, ExperimentPermissions)
LevelT = TypeVar("LevelT", RegisteredModelPermissionsDescription, ExperimentPermissionsDescription)
LevelT_co = TypeVar("LevelT_co", covariant=True)
Body_co = TypeVar("Body_co", covariant=True)

# A dict in wire form ({"group_name": "ml", "permission_level": "CAN_READ"}) or a generated request model.
AccessControlEntry = Mapping[str, Any] | RegisteredModelAccessControlRequest | ExperimentAccessControlRequest
# Who calls safe_set: a user name, a service principal's application id, or {"<principal field>": name}.
Caller = str | Mapping[str, str]
PRINCIPAL_FIELDS = ("user_name", "group_name", "service_principal_name")
_APPLICATION_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)


class _Levels(Protocol[LevelT_co]):
    @property
    def permission_levels(self) -> Sequence[LevelT_co] | Unset: ...


@attrs.frozen
class AclWrite(Generic[PermsT, Body_co]):
    """One set or update of an object's ACL: the generated operation and the body it takes, typed together
    (mypy checks the body against the operation here, where both are known)."""

    endpoint: Endpoint[[str, Body_co], PermsT]
    body: Body_co

    def check(self, api: SyncAPI | AsyncAPI, obj: str) -> None:
        """Validate with ``obj`` (a name, before it is resolved) as the id; sends nothing."""
        api.check(self.endpoint, obj, self.body)

    def call(self, api: SyncAPI, object_id: str) -> PermsT:
        """Send it; return the object's permissions as they now are."""
        return api.call(self.endpoint, object_id, self.body)

    def acall(self, api: AsyncAPI, object_id: str) -> Awaitable[PermsT]:
        """The async twin of call."""
        return api.call(self.endpoint, object_id, self.body)


@attrs.frozen
class ObjectType(Generic[PermsT, LevelT]):
    """One kind of object with permissions: its generated operations (called with the object id as the
    path parameter) and how a set/update of its ACL is made."""

    noun: str
    get: Endpoint[[str], PermsT]
    levels: Endpoint[[str], _Levels[LevelT]]
    write: Callable[[bool, Sequence[AccessControlEntry]], AclWrite[PermsT, object]]


def _registered_model_write(
    replace: bool, entries: Sequence[AccessControlEntry]
) -> AclWrite[RegisteredModelPermissions, object]:
    from databricks_mlflow_api.api.permissions import (
        set_registered_model_permissions,
        update_registered_model_permissions,
    )

    endpoint = (set_registered_model_permissions if replace else update_registered_model_permissions).ENDPOINT
    field = "access_control_list"
    acl = models_of(RegisteredModelAccessControlRequest, entries, endpoint.operation.operation_id, field)
    return AclWrite(endpoint, RegisteredModelPermissionsRequest(access_control_list=acl))


def _experiment_write(
    replace: bool, entries: Sequence[AccessControlEntry]
) -> AclWrite[ExperimentPermissions, object]:
    from databricks_mlflow_api.api.permissions import (
        set_experiment_permissions,
        update_experiment_permissions,
    )

    endpoint = (set_experiment_permissions if replace else update_experiment_permissions).ENDPOINT
    field = "access_control_list"
    acl = models_of(ExperimentAccessControlRequest, entries, endpoint.operation.operation_id, field)
    return AclWrite(endpoint, ExperimentPermissionsRequest(access_control_list=acl))


@functools.cache
def registered_model_type() -> ObjectType[RegisteredModelPermissions, RegisteredModelPermissionsDescription]:
    """Registered models' permission operations (imported on first use)."""
    from databricks_mlflow_api.api.permissions import (
        get_registered_model_permission_levels,
        get_registered_model_permissions,
    )

    return ObjectType(
        "registered_model",
        get_registered_model_permissions.ENDPOINT,
        get_registered_model_permission_levels.ENDPOINT,
        _registered_model_write,
    )


@functools.cache
def experiment_type() -> ObjectType[ExperimentPermissions, ExperimentPermissionsDescription]:
    """Experiments' permission operations (imported on first use)."""
    from databricks_mlflow_api.api.permissions import (
        get_experiment_permission_levels,
        get_experiment_permissions,
    )

    return ObjectType(
        "experiment",
        get_experiment_permissions.ENDPOINT,
        get_experiment_permission_levels.ENDPOINT,
        _experiment_write,
    )


def wire_entry(entry: AccessControlEntry) -> dict[str, Any]:
    """An ACL entry as a plain dict in wire form."""
    if isinstance(entry, Mapping):
        return dict(entry)
    return entry.to_dict()


def direct_entries(permissions: RegisteredModelPermissions | ExperimentPermissions) -> list[dict[str, str]]:
    """The grants made on the object itself, in PUT/PATCH form; inherited ones would become direct if sent back."""
    entries: list[dict[str, str]] = []
    acls: list[Any] = listed(permissions.access_control_list)
    for acl in acls:
        principal = {key: value for key in PRINCIPAL_FIELDS if isinstance(value := getattr(acl, key), str)}
        for permission in listed(acl.all_permissions):
            if permission.inherited is True or isinstance(permission.permission_level, Unset):
                continue
            entries.append({**principal, "permission_level": str(permission.permission_level)})
    return entries


def _principal_of(entry: Mapping[str, Any]) -> tuple[str, str] | None:
    return next(((key, entry[key]) for key in PRINCIPAL_FIELDS if entry.get(key) is not None), None)


def without(entries: Sequence[Mapping[str, Any]], principal: Mapping[str, str]) -> list[dict[str, Any]]:
    target = next(iter(principal.items()))
    return [dict(entry) for entry in entries if _principal_of(entry) != target]


def caller_principal(caller: Caller) -> dict[str, str]:
    """The ACL principal of ``caller``. Service principals are named by their application id, a UUID;
    any other string is a user name (not always an email: SCIM user names can be anything)."""
    if isinstance(caller, Mapping):
        return exactly_one_principal(
            caller.get("user_name"), caller.get("group_name"), caller.get("service_principal_name")
        )
    if not caller:
        raise ValueError("caller: give a user name or a service principal's application id")
    key = "service_principal_name" if _APPLICATION_ID.fullmatch(caller) else "user_name"
    return {key: caller}


def keep_managers(entries: Sequence[AccessControlEntry], caller: Caller | None) -> list[dict[str, Any]]:
    """`admins` and the caller stay at CAN_MANAGE whatever the new ACL says, so nobody locks themselves out."""
    managers: list[dict[str, Any]] = [{"group_name": "admins", "permission_level": "CAN_MANAGE"}]
    if caller is not None:
        managers.append({**caller_principal(caller), "permission_level": "CAN_MANAGE"})
    kept = {_principal_of(manager) for manager in managers}
    wire = [wire_entry(entry) for entry in entries]
    return managers + [entry for entry in wire if _principal_of(entry) not in kept]
