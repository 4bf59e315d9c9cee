"""Permissions on registered models and experiments, and the ACL helpers built on them.

The two object types share one implementation, parameterised by `ObjectType` (see _acl): the API is the
same apart from the path parameter, the operations and the level enum.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic

from databricks_mlflow_api.models import (
    ExperimentPermissions,
    ExperimentPermissionsDescription,
    RegisteredModelPermissions,
    RegisteredModelPermissionsDescription,
)

from ..._api import AsyncAPI
from .._acl import (
    AccessControlEntry,
    Caller,
    LevelT,
    ObjectType,
    PermsT,
    direct_entries,
    experiment_type,
    keep_managers,
    registered_model_type,
    without,
)
from .._base import AsyncResource, ModelId, _Names, exactly_one_principal, is_experiment_id, listed


class AsyncObjectPermissions(AsyncResource, Generic[PermsT, LevelT]):
    """Permissions of one object type. Objects are given by name (resolved once per client) or by id
    (``ModelId``; digits for an experiment). Every method raises RequestValidationError, before anything
    is sent (not even the name lookup), for an ACL the spec does not allow, and DatabricksError for what
    the server refuses."""

    def __init__(
        self, api: AsyncAPI, names: _Names, object_type: Callable[[], ObjectType[PermsT, LevelT]]
    ) -> None:
        super().__init__(api, names)
        self._object_type: Callable[[], ObjectType[PermsT, LevelT]] = object_type

    @property
    def _type(self) -> ObjectType[PermsT, LevelT]:
        return self._object_type()

    @property
    def _is_model(self) -> bool:
        return self._object_type is registered_model_type

    async def _id(self, obj: str) -> str:
        return await (self._model_id(obj) if self._is_model else self._experiment_id(obj))

    async def _write(self, replace: bool, obj: str, acl: Sequence[AccessControlEntry]) -> PermsT:
        write = self._type.write(replace, acl)
        if not (isinstance(obj, ModelId) if self._is_model else is_experiment_id(obj)):
            write.check(
                self._api, obj
            )  # with the name in place of the id: a bad ACL sends not even the lookup
        return await write.acall(self._api, await self._id(obj))

    async def get(self, obj: str) -> PermsT:
        """Every grant on the object, inherited ones included (``inherited``, ``inherited_from_object``).
        Sends ``get_<object>_permissions``."""
        return await self._api.call(self._type.get, await self._id(obj))

    async def set(self, obj: str, access_control_list: Sequence[AccessControlEntry]) -> PermsT:
        """Replace every direct grant (PUT ``set_<object>_permissions``); an empty list removes them all.
        Returns the object's permissions as they now are."""
        return await self._write(True, obj, access_control_list)

    replace = set

    async def update(self, obj: str, access_control_list: Sequence[AccessControlEntry]) -> PermsT:
        """Add or change grants (PATCH ``update_<object>_permissions``), leaving the others. Returns the
        object's permissions as they now are."""
        return await self._write(False, obj, access_control_list)

    async def levels(self, obj: str) -> list[LevelT]:
        """The permission levels the caller may grant on the object (``get_<object>_permission_levels``)."""
        return listed((await self._api.call(self._type.levels, await self._id(obj))).permission_levels)

    async def direct(self, obj: str) -> list[dict[str, str]]:
        """The direct (non-inherited) ACL in the form ``set``/``update`` take (sends ``get``)."""
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
        """Give exactly one principal ``permission_level`` on the object (an ``update``).
        Raises ValueError unless exactly one principal is given."""
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
        return await self.set(obj, without(await self.direct(obj), principal))

    async def safe_set(
        self, obj: str, access_control_list: Sequence[AccessControlEntry], *, caller: Caller | None = None
    ) -> PermsT:
        """``set`` that keeps group ``admins`` and ``caller`` at CAN_MANAGE whatever the list says.

        ``caller`` is who runs this: a user name, a service principal's application id (a UUID), or
        ``{"service_principal_name": ...}`` / ``{"user_name": ...}`` to say which explicitly.
        """
        return await self.set(obj, keep_managers(access_control_list, caller))

    async def copy(
        self, source: str, target: str, *, to: AsyncObjectPermissions[PermsT, LevelT] | None = None
    ) -> PermsT:
        """Make ``target``'s direct ACL equal ``source``'s; ``to`` is another client's resource (another workspace)."""
        return await (to or self).set(target, await self.direct(source))


class AsyncPermissions:
    """``registered_models`` and ``experiments``: the same calls on either object type."""

    def __init__(self, api: AsyncAPI, names: _Names) -> None:
        self.registered_models: AsyncObjectPermissions[
            RegisteredModelPermissions, RegisteredModelPermissionsDescription
        ] = AsyncObjectPermissions(api, names, registered_model_type)
        self.experiments: AsyncObjectPermissions[ExperimentPermissions, ExperimentPermissionsDescription] = (
            AsyncObjectPermissions(api, names, experiment_type)
        )
