"""Permissions on registered models and experiments, and the ACL helpers built on them.

The two object types share one implementation, parameterised by `_ObjectType`: the API is the same
apart from the path key, the operation ids and the level enum.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, Generic, TypeVar

import attrs
from databricks_mlflow_api.models import (
    ExperimentAccessControlRequest,
    ExperimentPermissions,
    ExperimentPermissionsDescription,
    RegisteredModelAccessControlRequest,
    RegisteredModelPermissions,
    RegisteredModelPermissionsDescription,
)
from databricks_mlflow_api.types import Unset

from .._api import AsyncAPI, SyncAPI, to_wire
from ._base import AsyncResource, SyncResource, _Names, exactly_one_principal, listed

PermsT = TypeVar("PermsT", RegisteredModelPermissions, ExperimentPermissions)
LevelT = TypeVar("LevelT", RegisteredModelPermissionsDescription, ExperimentPermissionsDescription)

# A dict in wire form ({"group_name": "ml", "permission_level": "CAN_READ"}) or a generated request model.
AccessControlEntry = Mapping[str, Any] | RegisteredModelAccessControlRequest | ExperimentAccessControlRequest
# Who calls safe_set: a user name, a service principal's application id, or {"<principal field>": name}.
Caller = str | Mapping[str, str]
PRINCIPAL_FIELDS = ("user_name", "group_name", "service_principal_name")
_APPLICATION_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)


@attrs.frozen
class _ObjectType:
    noun: str
    id_param: str
    get: str
    set: str
    update: str
    levels: str


_REGISTERED_MODEL = _ObjectType(
    "registered_model",
    "registered_model_id",
    "get_registered_model_permissions",
    "set_registered_model_permissions",
    "update_registered_model_permissions",
    "get_registered_model_permission_levels",
)
_EXPERIMENT = _ObjectType(
    "experiment",
    "experiment_id",
    "get_experiment_permissions",
    "set_experiment_permissions",
    "update_experiment_permissions",
    "get_experiment_permission_levels",
)


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


def _without(entries: Sequence[Mapping[str, Any]], principal: Mapping[str, str]) -> list[dict[str, Any]]:
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


def _keep_managers(entries: Sequence[AccessControlEntry], caller: Caller | None) -> list[dict[str, Any]]:
    """`admins` and the caller stay at CAN_MANAGE whatever the new ACL says, so nobody locks themselves out."""
    managers: list[dict[str, Any]] = [{"group_name": "admins", "permission_level": "CAN_MANAGE"}]
    if caller is not None:
        managers.append({**caller_principal(caller), "permission_level": "CAN_MANAGE"})
    kept = {_principal_of(manager) for manager in managers}
    wire = [to_wire(entry) for entry in entries]
    return managers + [entry for entry in wire if _principal_of(entry) not in kept]


class ObjectPermissions(SyncResource, Generic[PermsT, LevelT]):
    """Permissions of one object type. Objects are given by name (resolved and cached) or by id."""

    def __init__(self, api: SyncAPI, names: _Names, object_type: _ObjectType) -> None:
        super().__init__(api, names)
        self._type = object_type

    def _id(self, obj: str) -> str:
        return self.model_id(obj) if self._type is _REGISTERED_MODEL else self.experiment_id(obj)

    def _acl_call(self, operation_id: str, obj: str, acl: Sequence[AccessControlEntry] | None) -> PermsT:
        entries = None if acl is None else list(acl)
        # Validated with the name in place of the id first, so a bad ACL sends not even the lookup.
        self._api.check(operation_id, {self._type.id_param: obj, "access_control_list": entries})
        params = {self._type.id_param: self._id(obj), "access_control_list": entries}
        result: PermsT = self._api.call(operation_id, params)
        return result

    def get(self, obj: str) -> PermsT:
        """Every grant on the object, inherited ones included (``inherited``, ``inherited_from_object``)."""
        return self._acl_call(self._type.get, obj, None)

    def set(self, obj: str, access_control_list: Sequence[AccessControlEntry]) -> PermsT:
        """Replace every direct grant (PUT); an empty list removes them all."""
        return self._acl_call(self._type.set, obj, access_control_list)

    replace = set

    def update(self, obj: str, access_control_list: Sequence[AccessControlEntry]) -> PermsT:
        """Add or change grants (PATCH), leaving the others."""
        return self._acl_call(self._type.update, obj, access_control_list)

    def levels(self, obj: str) -> list[LevelT]:
        response = self._api.call(self._type.levels, {self._type.id_param: self._id(obj)})
        return listed(response.permission_levels)

    def direct(self, obj: str) -> list[dict[str, str]]:
        """The direct (non-inherited) ACL in the form ``set``/``update`` take."""
        return direct_entries(self.get(obj))

    def grant(
        self,
        obj: str,
        permission_level: str,
        *,
        user_name: str | None = None,
        group_name: str | None = None,
        service_principal_name: str | None = None,
    ) -> PermsT:
        principal = exactly_one_principal(user_name, group_name, service_principal_name)
        return self.update(obj, [{**principal, "permission_level": permission_level}])

    def revoke(
        self,
        obj: str,
        *,
        user_name: str | None = None,
        group_name: str | None = None,
        service_principal_name: str | None = None,
    ) -> PermsT:
        """Remove the principal's direct grant (read, then PUT the rest); inherited grants stay."""
        principal = exactly_one_principal(user_name, group_name, service_principal_name)
        return self.set(obj, _without(self.direct(obj), principal))

    def safe_set(
        self, obj: str, access_control_list: Sequence[AccessControlEntry], *, caller: Caller | None = None
    ) -> PermsT:
        """``set`` that keeps group ``admins`` and ``caller`` at CAN_MANAGE whatever the list says.

        ``caller`` is who runs this: a user name, a service principal's application id (a UUID), or
        ``{"service_principal_name": ...}`` / ``{"user_name": ...}`` to say which explicitly.
        """
        return self.set(obj, _keep_managers(access_control_list, caller))

    def copy(
        self, source: str, target: str, *, to: ObjectPermissions[PermsT, LevelT] | None = None
    ) -> PermsT:
        """Make ``target``'s direct ACL equal ``source``'s; ``to`` is another client's resource (another workspace)."""
        return (to or self).set(target, self.direct(source))


class AsyncObjectPermissions(AsyncResource, Generic[PermsT, LevelT]):
    """The async twin of ObjectPermissions."""

    def __init__(self, api: AsyncAPI, names: _Names, object_type: _ObjectType) -> None:
        super().__init__(api, names)
        self._type = object_type

    async def _id(self, obj: str) -> str:
        return await (self.model_id(obj) if self._type is _REGISTERED_MODEL else self.experiment_id(obj))

    async def _acl_call(
        self, operation_id: str, obj: str, acl: Sequence[AccessControlEntry] | None
    ) -> PermsT:
        entries = None if acl is None else list(acl)
        self._api.check(operation_id, {self._type.id_param: obj, "access_control_list": entries})
        params = {self._type.id_param: await self._id(obj), "access_control_list": entries}
        result: PermsT = await self._api.call(operation_id, params)
        return result

    async def get(self, obj: str) -> PermsT:
        """Every grant on the object, inherited ones included (``inherited``, ``inherited_from_object``)."""
        return await self._acl_call(self._type.get, obj, None)

    async def set(self, obj: str, access_control_list: Sequence[AccessControlEntry]) -> PermsT:
        """Replace every direct grant (PUT); an empty list removes them all."""
        return await self._acl_call(self._type.set, obj, access_control_list)

    replace = set

    async def update(self, obj: str, access_control_list: Sequence[AccessControlEntry]) -> PermsT:
        """Add or change grants (PATCH), leaving the others."""
        return await self._acl_call(self._type.update, obj, access_control_list)

    async def levels(self, obj: str) -> list[LevelT]:
        response = await self._api.call(self._type.levels, {self._type.id_param: await self._id(obj)})
        return listed(response.permission_levels)

    async def direct(self, obj: str) -> list[dict[str, str]]:
        """The direct (non-inherited) ACL in the form ``set``/``update`` take."""
        return direct_entries(await self.get(obj))

    async def grant(
        self,
        obj: str,
        permission_level: str,
        *,
        user_name: str | None = None,
        group_name: str | None = None,
        service_principal_name: str | None = None,
    ) -> PermsT:
        principal = exactly_one_principal(user_name, group_name, service_principal_name)
        return await self.update(obj, [{**principal, "permission_level": permission_level}])

    async def revoke(
        self,
        obj: str,
        *,
        user_name: str | None = None,
        group_name: str | None = None,
        service_principal_name: str | None = None,
    ) -> PermsT:
        """Remove the principal's direct grant (read, then PUT the rest); inherited grants stay."""
        principal = exactly_one_principal(user_name, group_name, service_principal_name)
        return await self.set(obj, _without(await self.direct(obj), principal))

    async def safe_set(
        self, obj: str, access_control_list: Sequence[AccessControlEntry], *, caller: Caller | None = None
    ) -> PermsT:
        """``set`` that keeps group ``admins`` and ``caller`` at CAN_MANAGE whatever the list says.

        ``caller`` is who runs this: a user name, a service principal's application id (a UUID), or
        ``{"service_principal_name": ...}`` / ``{"user_name": ...}`` to say which explicitly.
        """
        return await self.set(obj, _keep_managers(access_control_list, caller))

    async def copy(
        self, source: str, target: str, *, to: AsyncObjectPermissions[PermsT, LevelT] | None = None
    ) -> PermsT:
        """Make ``target``'s direct ACL equal ``source``'s; ``to`` is another client's resource (another workspace)."""
        return await (to or self).set(target, await self.direct(source))


class Permissions:
    """``registered_models`` and ``experiments``: the same calls on either object type."""

    def __init__(self, api: SyncAPI, names: _Names) -> None:
        self.registered_models: ObjectPermissions[
            RegisteredModelPermissions, RegisteredModelPermissionsDescription
        ] = ObjectPermissions(api, names, _REGISTERED_MODEL)
        self.experiments: ObjectPermissions[ExperimentPermissions, ExperimentPermissionsDescription] = (
            ObjectPermissions(api, names, _EXPERIMENT)
        )


class AsyncPermissions:
    """``registered_models`` and ``experiments``: the same calls on either object type."""

    def __init__(self, api: AsyncAPI, names: _Names) -> None:
        self.registered_models: AsyncObjectPermissions[
            RegisteredModelPermissions, RegisteredModelPermissionsDescription
        ] = AsyncObjectPermissions(api, names, _REGISTERED_MODEL)
        self.experiments: AsyncObjectPermissions[ExperimentPermissions, ExperimentPermissionsDescription] = (
            AsyncObjectPermissions(api, names, _EXPERIMENT)
        )
