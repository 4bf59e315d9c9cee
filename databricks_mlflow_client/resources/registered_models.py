"""Registered models: the Databricks view (workspace id, your permission level) and the Databricks stage transition."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Sequence
from typing import Any

from databricks_mlflow_api.models import Model, ModelDatabricks, ModelVersionDatabricks

from ._base import AsyncResource, SyncResource, as_list, remember_model, required


def _model(response: Any) -> ModelDatabricks:
    model: ModelDatabricks = required(
        response.registered_model_databricks, "get_model", "registered_model_databricks"
    )
    return model


class RegisteredModels(SyncResource):
    def get(self, name: str) -> ModelDatabricks:
        """The model with its workspace ``id`` and the caller's ``permission_level``."""
        model = _model(self._call("get_model", name=name))
        remember_model(self._names, name, model)
        return model

    def transition_stage(
        self,
        name: str,
        version: str,
        stage: str,
        *,
        archive_existing_versions: bool,
        comment: str | None = None,
    ) -> ModelVersionDatabricks:
        """Move a version to ``stage`` (None, Staging, Production, Archived) directly, without a request."""
        response = self._call(
            "transition_stage",
            name=name,
            version=version,
            stage=stage,
            archive_existing_versions=archive_existing_versions,
            comment=comment,
        )
        version_: ModelVersionDatabricks = required(
            response.model_version_databricks, "transition_stage", "model_version_databricks"
        )
        return version_

    def search(
        self,
        filter: str | None = None,
        *,
        order_by: Sequence[str] | None = None,
        page_size: int | None = None,
    ) -> Iterator[Model]:
        """Every model matching ``filter`` (e.g. ``name LIKE 'fraud%'``), fetched page by page as you iterate."""
        params = {"filter": filter, "order_by": as_list(order_by), "max_results": page_size}
        return self._paginate("search_registered_models", lambda page: page.registered_models, params)


class AsyncRegisteredModels(AsyncResource):
    async def get(self, name: str) -> ModelDatabricks:
        """The model with its workspace ``id`` and the caller's ``permission_level``."""
        model = _model(await self._call("get_model", name=name))
        remember_model(self._names, name, model)
        return model

    async def transition_stage(
        self,
        name: str,
        version: str,
        stage: str,
        *,
        archive_existing_versions: bool,
        comment: str | None = None,
    ) -> ModelVersionDatabricks:
        """Move a version to ``stage`` (None, Staging, Production, Archived) directly, without a request."""
        response = await self._call(
            "transition_stage",
            name=name,
            version=version,
            stage=stage,
            archive_existing_versions=archive_existing_versions,
            comment=comment,
        )
        version_: ModelVersionDatabricks = required(
            response.model_version_databricks, "transition_stage", "model_version_databricks"
        )
        return version_

    def search(
        self,
        filter: str | None = None,
        *,
        order_by: Sequence[str] | None = None,
        page_size: int | None = None,
    ) -> AsyncIterator[Model]:
        """Every model matching ``filter``, fetched page by page as you iterate (``async for``)."""
        params = {"filter": filter, "order_by": as_list(order_by), "max_results": page_size}
        return self._paginate("search_registered_models", lambda page: page.registered_models, params)
