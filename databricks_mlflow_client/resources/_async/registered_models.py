"""Registered models: the Databricks view (workspace id, your permission level) and the Databricks stage transition."""

from __future__ import annotations

from collections.abc import Sequence

from databricks_mlflow_api.models import (
    Model,
    ModelDatabricks,
    ModelVersion,
    ModelVersionDatabricks,
    TransitionModelVersionStageDatabricks,
)

from ..._response import AsyncItems
from .._base import AsyncResource, as_list, opt, remember_model, required


class AsyncRegisteredModels(AsyncResource):
    """Registered models (``client.registered_models``). Every method raises RequestValidationError
    before sending for a bad argument, and DatabricksError for what the server refuses."""

    async def get(self, name: str) -> ModelDatabricks:
        """The model with its workspace ``id`` and the caller's ``permission_level``. Sends ``get_model``."""
        from databricks_mlflow_api.api.registered_models import get_model

        response = await self._api.call(get_model.ENDPOINT, name=name)
        model = required(response.registered_model_databricks, "get_model", "registered_model_databricks")
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
        """Move a version to ``stage`` (None, Staging, Production, Archived) directly, without a request.
        Sends ``transition_stage`` (never re-sent); returns the version as it now is."""
        from databricks_mlflow_api.api.registered_models import transition_stage

        body = TransitionModelVersionStageDatabricks(
            name=name,
            version=version,
            stage=stage,
            archive_existing_versions=archive_existing_versions,
            comment=opt(comment),
        )
        response = await self._api.call(transition_stage.ENDPOINT, body=body)
        return required(response.model_version_databricks, "transition_stage", "model_version_databricks")

    def search(
        self,
        filter: str | None = None,
        *,
        order_by: Sequence[str] | None = None,
        page_size: int | None = None,
    ) -> AsyncItems[Model]:
        """Every model matching ``filter`` (e.g. ``name LIKE 'fraud%'``), fetched page by page
        (``search_registered_models``) as you iterate; ``.pages()`` gives each page with its HTTP response."""
        from databricks_mlflow_api.api.supporting import search_registered_models

        return AsyncItems(
            lambda token: self._api.call(
                search_registered_models.ENDPOINT,
                filter_=opt(filter),
                order_by=as_list(order_by),
                max_results=opt(page_size),
                page_token=token,
            ),
            lambda page: page.registered_models,
        )

    def search_versions(
        self,
        filter: str | None = None,
        *,
        order_by: Sequence[str] | None = None,
        page_size: int | None = None,
    ) -> AsyncItems[ModelVersion]:
        """Every model version matching ``filter`` (e.g. ``name='fraud-detector'``), all of them, not only the
        latest per stage; fetched page by page (``search_model_versions``) as you iterate; ``.pages()`` gives
        each page with its HTTP response."""
        from databricks_mlflow_api.api.supporting import search_model_versions

        return AsyncItems(
            lambda token: self._api.call(
                search_model_versions.ENDPOINT,
                filter_=opt(filter),
                order_by=as_list(order_by),
                max_results=opt(page_size),
                page_token=token,
            ),
            lambda page: page.model_versions,
        )
