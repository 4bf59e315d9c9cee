"""Experiments (open-source MLflow calls), for resolving names and selecting experiments in bulk."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Sequence

from databricks_mlflow_api.models import Experiment, ViewType

from ._base import AsyncResource, SyncResource, as_list, required


class Experiments(SyncResource):
    def get_by_name(self, name: str) -> Experiment:
        response = self._call("get_experiment_by_name", experiment_name=name)
        experiment: Experiment = required(response.experiment, "get_experiment_by_name", "experiment")
        return experiment

    def search(
        self,
        filter: str | None = None,
        *,
        view_type: ViewType | str | None = None,
        order_by: Sequence[str] | None = None,
        page_size: int | None = None,
    ) -> Iterator[Experiment]:
        """Every experiment matching ``filter``, fetched page by page as you iterate."""
        params = {
            "filter": filter,
            "view_type": view_type,
            "order_by": as_list(order_by),
            "max_results": page_size,
        }
        return self._paginate("search_experiments", lambda page: page.experiments, params)


class AsyncExperiments(AsyncResource):
    async def get_by_name(self, name: str) -> Experiment:
        response = await self._call("get_experiment_by_name", experiment_name=name)
        experiment: Experiment = required(response.experiment, "get_experiment_by_name", "experiment")
        return experiment

    def search(
        self,
        filter: str | None = None,
        *,
        view_type: ViewType | str | None = None,
        order_by: Sequence[str] | None = None,
        page_size: int | None = None,
    ) -> AsyncIterator[Experiment]:
        """Every experiment matching ``filter``, fetched page by page as you iterate (``async for``)."""
        params = {
            "filter": filter,
            "view_type": view_type,
            "order_by": as_list(order_by),
            "max_results": page_size,
        }
        return self._paginate("search_experiments", lambda page: page.experiments, params)
