"""Unity Catalog registered models, their versions and aliases, and grants: ``client.uc``.

Models are named as users write them, ``catalog.schema.model``. Grants default to a registered model's
securable type (``function``); pass ``securable_type="catalog"`` or ``"schema"`` for its parents.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from databricks_mlflow_api.models import (
    CreateRegisteredModelRequest,
    EffectivePrivilegeAssignment,
    ModelVersionInfo,
    PermissionsChange,
    PrivilegeAssignment,
    RegisteredModelAlias,
    RegisteredModelInfo,
    SetRegisteredModelAliasRequest,
    UpdateModelVersionRequest,
    UpdatePermissions,
    UpdateRegisteredModelRequest,
)

from ..._api import AsyncAPI
from ..._response import AsyncItems
from ..._validation import RequestValidationError
from .._base import AsyncResource, _Names, as_list, listed, models_of, opt

MODEL_SECURABLE = "function"
"""The securable type of a registered model in the grants API."""


def model_name(full_name: str, operation_id: str) -> tuple[str, str, str]:
    """``catalog.schema.model`` as its three parts; anything else is a RequestValidationError."""
    parts = full_name.split(".") if isinstance(full_name, str) else []
    if len(parts) != 3 or not all(parts):
        raise RequestValidationError(
            operation_id,
            "full_name",
            f"must be `catalog.schema.model` (three non-empty names), got {full_name!r}",
        )
    catalog, schema, name = parts
    return catalog, schema, name


def version_number(version: int | str, operation_id: str) -> int:
    """A version number given as an int or its digits."""
    if isinstance(version, int) and not isinstance(version, bool) and version > 0:
        return version
    if isinstance(version, str) and version.isascii() and version.isdigit() and int(version) > 0:
        return int(version)
    raise RequestValidationError(
        operation_id, "version", f"must be a positive version number, got {version!r}"
    )


class AsyncUcModels(AsyncResource):
    """Registered models in Unity Catalog (``client.uc.models``). Every method raises RequestValidationError
    before sending for a bad argument (a name that is not ``catalog.schema.model``, say), and DatabricksError
    for what the server refuses."""

    async def create(self, full_name: str, *, comment: str | None = None) -> RegisteredModelInfo:
        """Create the model in an existing schema (needs USE CATALOG, USE SCHEMA and CREATE MODEL there).
        Sends ``create_uc_registered_model`` (POST, never re-sent); returns the model, owned by the caller."""
        from databricks_mlflow_api.api.unity_catalog import create_uc_registered_model

        catalog, schema, name = model_name(full_name, "create_uc_registered_model")
        body = CreateRegisteredModelRequest(
            catalog_name=catalog, schema_name=schema, name=name, comment=opt(comment)
        )
        return await self._api.call(create_uc_registered_model.ENDPOINT, body=body)

    def list(
        self, catalog: str | None = None, schema: str | None = None, *, page_size: int | None = None
    ) -> AsyncItems[RegisteredModelInfo]:
        """Every model the caller may see, in ``catalog`` (and ``schema``) when given, fetched page by page
        (``list_uc_registered_models``) as you iterate; ``.pages()`` gives each page with its HTTP response."""
        from databricks_mlflow_api.api.unity_catalog import list_uc_registered_models

        return AsyncItems(
            lambda token: self._api.call(
                list_uc_registered_models.ENDPOINT,
                catalog_name=opt(catalog),
                schema_name=opt(schema),
                max_results=opt(page_size),
                page_token=token,
            ),
            lambda page: page.registered_models,
        )

    async def get(self, full_name: str, *, include_aliases: bool = True) -> RegisteredModelInfo:
        """The model, with its aliases unless ``include_aliases=False``. Sends ``get_uc_registered_model``."""
        from databricks_mlflow_api.api.unity_catalog import get_uc_registered_model

        model_name(full_name, "get_uc_registered_model")
        return await self._api.call(
            get_uc_registered_model.ENDPOINT, full_name=full_name, include_aliases=include_aliases
        )

    async def update(
        self,
        full_name: str,
        *,
        comment: str | None = None,
        owner: str | None = None,
        new_name: str | None = None,
    ) -> RegisteredModelInfo:
        """Change only the fields given (a new owner needs ownership or MANAGE; the rest, ownership).
        Sends ``update_uc_registered_model`` (PATCH); returns the model as it now is."""
        from databricks_mlflow_api.api.unity_catalog import update_uc_registered_model

        model_name(full_name, "update_uc_registered_model")
        body = UpdateRegisteredModelRequest(comment=opt(comment), owner=opt(owner), new_name=opt(new_name))
        return await self._api.call(update_uc_registered_model.ENDPOINT, full_name=full_name, body=body)

    async def delete(self, full_name: str) -> None:
        """Delete the model and its versions. Sends ``delete_uc_registered_model``; a retry that finds it
        already gone counts as done."""
        from databricks_mlflow_api.api.unity_catalog import delete_uc_registered_model

        model_name(full_name, "delete_uc_registered_model")
        await self._api.call(delete_uc_registered_model.ENDPOINT, full_name=full_name)

    async def set_alias(self, full_name: str, alias: str, version: int | str) -> RegisteredModelAlias:
        """Point ``alias`` at ``version`` (moving it if it points elsewhere; needs ownership).
        Sends ``set_uc_registered_model_alias`` (PUT); returns the alias."""
        from databricks_mlflow_api.api.unity_catalog import set_uc_registered_model_alias

        op = "set_uc_registered_model_alias"
        model_name(full_name, op)
        body = SetRegisteredModelAliasRequest(version_num=version_number(version, op))
        return await self._api.call(
            set_uc_registered_model_alias.ENDPOINT, full_name=full_name, alias=alias, body=body
        )

    async def delete_alias(self, full_name: str, alias: str) -> None:
        """Remove ``alias`` from the model. Sends ``delete_uc_registered_model_alias``."""
        from databricks_mlflow_api.api.unity_catalog import delete_uc_registered_model_alias

        model_name(full_name, "delete_uc_registered_model_alias")
        await self._api.call(delete_uc_registered_model_alias.ENDPOINT, full_name=full_name, alias=alias)


class AsyncUcModelVersions(AsyncResource):
    """Versions of Unity Catalog models (``client.uc.model_versions``); raises as AsyncUcModels does."""

    def list(self, full_name: str, *, page_size: int | None = None) -> AsyncItems[ModelVersionInfo]:
        """Every version of the model, fetched page by page (``list_uc_model_versions``) as you iterate;
        ``.pages()`` gives each page with its HTTP response."""
        from databricks_mlflow_api.api.unity_catalog import list_uc_model_versions

        model_name(full_name, "list_uc_model_versions")
        return AsyncItems(
            lambda token: self._api.call(
                list_uc_model_versions.ENDPOINT,
                full_name=full_name,
                max_results=opt(page_size),
                page_token=token,
            ),
            lambda page: page.model_versions,
        )

    async def get(
        self, full_name: str, version: int | str, *, include_aliases: bool = True
    ) -> ModelVersionInfo:
        """One version, with its aliases unless ``include_aliases=False``. Sends ``get_uc_model_version``."""
        from databricks_mlflow_api.api.unity_catalog import get_uc_model_version

        op = "get_uc_model_version"
        model_name(full_name, op)
        return await self._api.call(
            get_uc_model_version.ENDPOINT,
            full_name=full_name,
            version=version_number(version, op),
            include_aliases=include_aliases,
        )

    async def get_by_alias(self, full_name: str, alias: str) -> ModelVersionInfo:
        """The version ``alias`` points at, with its aliases. Sends ``get_uc_model_version_by_alias``."""
        from databricks_mlflow_api.api.unity_catalog import get_uc_model_version_by_alias

        model_name(full_name, "get_uc_model_version_by_alias")
        return await self._api.call(
            get_uc_model_version_by_alias.ENDPOINT, full_name=full_name, alias=alias, include_aliases=True
        )

    async def update(self, full_name: str, version: int | str, *, comment: str) -> ModelVersionInfo:
        """Set the version's comment (the only field Unity Catalog lets you change on a version).
        Sends ``update_uc_model_version`` (PATCH); returns the version as it now is."""
        from databricks_mlflow_api.api.unity_catalog import update_uc_model_version

        op = "update_uc_model_version"
        model_name(full_name, op)
        return await self._api.call(
            update_uc_model_version.ENDPOINT,
            full_name=full_name,
            version=version_number(version, op),
            body=UpdateModelVersionRequest(comment=comment),
        )

    async def delete(self, full_name: str, version: int | str) -> None:
        """Delete the version. Sends ``delete_uc_model_version``; a retry that finds it gone counts as done."""
        from databricks_mlflow_api.api.unity_catalog import delete_uc_model_version

        op = "delete_uc_model_version"
        model_name(full_name, op)
        await self._api.call(
            delete_uc_model_version.ENDPOINT, full_name=full_name, version=version_number(version, op)
        )


Change = PermissionsChange | Mapping[str, object]
Assignments = list[PrivilegeAssignment]  # `list` is a method name in the class below


class AsyncUcGrants(AsyncResource):
    """Grants on Unity Catalog securables, a registered model by default (``client.uc.grants``).
    Raises RequestValidationError before sending for a bad argument, DatabricksError for a refusal."""

    def list(
        self,
        full_name: str,
        *,
        securable_type: str = MODEL_SECURABLE,
        principal: str | None = None,
        page_size: int | None = None,
    ) -> AsyncItems[PrivilegeAssignment]:
        """The direct grants (one assignment per principal), of ``principal`` only when given, fetched page by
        page (``get_uc_grants``) as you iterate; ``.pages()`` gives each page with its HTTP response."""
        from databricks_mlflow_api.api.unity_catalog import get_uc_grants

        return AsyncItems(
            lambda token: self._api.call(
                get_uc_grants.ENDPOINT,
                securable_type=securable_type,
                full_name=full_name,
                principal=opt(principal),
                max_results=opt(page_size),
                page_token=token,
            ),
            lambda page: page.privilege_assignments,
        )

    def effective(
        self,
        full_name: str,
        *,
        securable_type: str = MODEL_SECURABLE,
        principal: str | None = None,
        page_size: int | None = None,
    ) -> AsyncItems[EffectivePrivilegeAssignment]:
        """The grants in effect, inherited from the catalog and schema included, each privilege saying where
        it comes from; fetched page by page (``get_uc_effective_grants``) as you iterate."""
        from databricks_mlflow_api.api.unity_catalog import get_uc_effective_grants

        return AsyncItems(
            lambda token: self._api.call(
                get_uc_effective_grants.ENDPOINT,
                securable_type=securable_type,
                full_name=full_name,
                principal=opt(principal),
                max_results=opt(page_size),
                page_token=token,
            ),
            lambda page: page.privilege_assignments,
        )

    async def update(
        self, full_name: str, changes: Sequence[Change], *, securable_type: str = MODEL_SECURABLE
    ) -> Assignments:
        """Add and remove privileges in one request: each change is a PermissionsChange or its mapping
        (``{"principal": "ml-engineers", "add": ["EXECUTE"], "remove": ["APPLY_TAG"]}``). Needs ownership or
        MANAGE. Sends ``update_uc_grants`` (PATCH; adding what is held, or removing what is not, is harmless);
        returns the direct grants as they now are."""
        from databricks_mlflow_api.api.unity_catalog import update_uc_grants

        body = UpdatePermissions(changes=models_of(PermissionsChange, changes, "update_uc_grants", "changes"))
        response = await self._api.call(
            update_uc_grants.ENDPOINT, securable_type=securable_type, full_name=full_name, body=body
        )
        return listed(response.privilege_assignments)

    async def grant(
        self,
        full_name: str,
        principal: str,
        privileges: Sequence[str],
        *,
        securable_type: str = MODEL_SECURABLE,
    ) -> Assignments:
        """Grant ``privileges`` to ``principal``: ``update`` with one change that adds them."""
        change = {"principal": principal, "add": as_list(privileges)}
        return await self.update(full_name, [change], securable_type=securable_type)

    async def revoke(
        self,
        full_name: str,
        principal: str,
        privileges: Sequence[str],
        *,
        securable_type: str = MODEL_SECURABLE,
    ) -> Assignments:
        """Revoke ``privileges`` from ``principal``: ``update`` with one change that removes them."""
        change = {"principal": principal, "remove": as_list(privileges)}
        return await self.update(full_name, [change], securable_type=securable_type)


class AsyncUnityCatalog:
    """``models``, ``model_versions`` and ``grants`` in Unity Catalog (``client.uc``)."""

    def __init__(self, api: AsyncAPI, names: _Names) -> None:
        self.models = AsyncUcModels(api, names)
        self.model_versions = AsyncUcModelVersions(api, names)
        self.grants = AsyncUcGrants(api, names)
