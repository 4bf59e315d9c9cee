"""Experiments (open-source MLflow calls), for resolving names and selecting experiments in bulk."""

from __future__ import annotations

from collections.abc import Sequence

from databricks_mlflow_api.models import Experiment, SearchExperiments, ViewType

from ..._response import AsyncItems
from .._base import AsyncResource, as_list, enum_of, opt, required


class AsyncExperiments(AsyncResource):
    """Experiments (``client.experiments``). Every method raises RequestValidationError before sending
    for a bad argument, and DatabricksError for what the server refuses."""

    async def get_by_name(self, name: str) -> Experiment:
        """The experiment called ``name``. Sends ``get_experiment_by_name``; raises NotFound if there is none."""
        from databricks_mlflow_api.api.supporting import get_experiment_by_name

        response = await self._api.call(get_experiment_by_name.ENDPOINT, experiment_name=name)
        return required(response.experiment, "get_experiment_by_name", "experiment")

    async def id_of(self, experiment: str) -> str:
        """The id of an experiment given by id (digits or an ``ExperimentId``: returned as is) or by name
        (sends ``get_experiment_by_name`` once per client; raises NotFound if there is none)."""
        return await self._experiment_id(experiment)

    def search(
        self,
        filter: str | None = None,
        *,
        view_type: ViewType | str | None = None,
        order_by: Sequence[str] | None = None,
        page_size: int | None = None,
    ) -> AsyncItems[Experiment]:
        """Every experiment matching ``filter``, fetched page by page (``search_experiments``) as you
        iterate; ``.pages()`` gives each page with its HTTP response."""
        from databricks_mlflow_api.api.supporting import search_experiments

        view = enum_of(ViewType, view_type, "search_experiments", "view_type")
        return AsyncItems(
            lambda token: self._api.call(
                search_experiments.ENDPOINT,
                body=SearchExperiments(
                    filter_=opt(filter),
                    view_type=view,
                    order_by=as_list(order_by),
                    max_results=opt(page_size),
                    page_token=token,
                ),
            ),
            lambda page: page.experiments,
        )
