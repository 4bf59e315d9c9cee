"""What every resource shares: the operation executor, name resolution and unwrapping of wrapper fields."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping, Sequence
from typing import Any, TypeVar, cast

from databricks_mlflow_api.types import Unset

from .._api import AsyncAPI, SyncAPI
from .._core import begin_call_order
from .._errors import DatabricksError

T = TypeVar("T")


class ModelId(str):
    """Marks a registered-model workspace id; a plain ``str`` is taken as the model's name."""

    __slots__ = ()


class ExperimentId(str):
    """Marks an experiment id; a plain ``str`` of digits is taken as an id too, anything else as a name."""

    __slots__ = ()


def required(value: T | Unset, operation_id: str, field: str) -> T:
    """Successful responses promise these wrapper fields; a server that leaves one out is an error, not None."""
    if isinstance(value, Unset):
        raise DatabricksError(f"{operation_id}: the response has no '{field}'")
    return value


def as_list(values: Sequence[T] | None) -> list[T] | None:
    """A list for the wire. A lone string is one value: ``events="COMMENT_CREATED"`` must not become letters."""
    if values is None:
        return None
    if isinstance(values, str):
        return cast(list[T], [values])
    return list(values)


def listed(value: list[T] | Unset) -> list[T]:
    return [] if isinstance(value, Unset) else value


def count(value: int | str | Unset) -> int:
    """A counter from a response. Databricks leaves zero-valued fields out (proto3 JSON), so missing means 0."""
    if isinstance(value, Unset):
        return 0
    return int(value)


def page_token(value: str | Unset) -> str | None:
    return value if isinstance(value, str) and value else None


def exactly_one_principal(
    user_name: str | None, group_name: str | None, service_principal_name: str | None
) -> dict[str, str]:
    given = {
        key: value
        for key, value in (
            ("user_name", user_name),
            ("group_name", group_name),
            ("service_principal_name", service_principal_name),
        )
        if value is not None
    }
    if len(given) != 1:
        raise ValueError(
            "principal: give exactly one of user_name, group_name, service_principal_name "
            f"(got {', '.join(given) or 'none'})"
        )
    return given


class _Names:
    """Name -> id caches shared by every resource of one client.

    `pending` holds the async lookups in flight, so that tasks resolving the same name at the same time
    (a bulk grant through asyncio.gather) share one request instead of sending one each.
    """

    def __init__(self) -> None:
        self.models: dict[str, str] = {}
        self.experiments: dict[str, str] = {}
        self.pending: dict[tuple[str, str], asyncio.Future[str]] = {}


def remember_model(names: _Names, name: str, model: Any) -> None:
    """A model fetched by name also resolves that name, saving the lookup a later call would make."""
    if isinstance(model.id, str) and model.id:
        names.models[name] = model.id


def _model_id_from(response: Any) -> str:
    found = required(response.registered_model_databricks, "get_model", "registered_model_databricks")
    model_id: str = required(found.id, "get_model", "registered_model_databricks.id")
    return model_id


def _experiment_id_from(response: Any) -> str:
    found = required(response.experiment, "get_experiment_by_name", "experiment")
    experiment_id: str = required(found.experiment_id, "get_experiment_by_name", "experiment.experiment_id")
    return experiment_id


def is_experiment_id(experiment: str) -> bool:
    return isinstance(experiment, ExperimentId) or (experiment.isascii() and experiment.isdigit())


class SyncResource:
    def __init__(self, api: SyncAPI, names: _Names) -> None:
        self._api = api
        self._names = names

    def _call(self, operation_id: str, **params: Any) -> Any:
        return self._api.call(operation_id, params)

    def model_id(self, model: str) -> str:
        """The workspace id of a model given by name (cached per client) or as a ModelId."""
        if isinstance(model, ModelId):
            return str(model)
        cached = self._names.models.get(model)
        if cached is None:
            cached = self._names.models[model] = _model_id_from(self._call("get_model", name=model))
        return cached

    def experiment_id(self, experiment: str) -> str:
        """The id of an experiment given by id (digits or ExperimentId) or by name (cached per client)."""
        if is_experiment_id(experiment):
            return str(experiment)
        cached = self._names.experiments.get(experiment)
        if cached is None:
            response = self._call("get_experiment_by_name", experiment_name=experiment)
            cached = self._names.experiments[experiment] = _experiment_id_from(response)
        return cached

    def _paginate(
        self, operation_id: str, items: Callable[[Any], list[T] | Unset], params: Mapping[str, Any]
    ) -> Iterator[T]:
        token: str | None = None
        while True:
            page = self._api.call(operation_id, {**params, "page_token": token})
            yield from listed(items(page))
            token = page_token(page.next_page_token)
            if token is None:
                return


class AsyncResource:
    def __init__(self, api: AsyncAPI, names: _Names) -> None:
        self._api = api
        self._names = names

    def _call(self, operation_id: str, **params: Any) -> Awaitable[Any]:
        return self._api.call(operation_id, params)

    async def model_id(self, model: str) -> str:
        """The workspace id of a model given by name (cached per client) or as a ModelId."""
        if isinstance(model, ModelId):
            return str(model)
        cached = self._names.models.get(model)
        if cached is not None:
            return cached

        async def fetch() -> str:
            model_id = _model_id_from(await self._call("get_model", name=model))
            self._names.models[model] = model_id
            return model_id

        return await self._shared_lookup(("model", model), fetch)

    async def experiment_id(self, experiment: str) -> str:
        """The id of an experiment given by id (digits or ExperimentId) or by name (cached per client)."""
        if is_experiment_id(experiment):
            return str(experiment)
        cached = self._names.experiments.get(experiment)
        if cached is not None:
            return cached

        async def fetch() -> str:
            response = await self._call("get_experiment_by_name", experiment_name=experiment)
            experiment_id = _experiment_id_from(response)
            self._names.experiments[experiment] = experiment_id
            return experiment_id

        return await self._shared_lookup(("experiment", experiment), fetch)

    async def _shared_lookup(self, key: tuple[str, str], fetch: Callable[[], Awaitable[str]]) -> str:
        pending = self._names.pending
        lookup = pending.get(key)
        if lookup is None:
            begin_call_order()  # before the lookup task copies this context: it and our next call share a place
            lookup = pending[key] = asyncio.ensure_future(fetch())
            lookup.add_done_callback(lambda done: _forget(pending, key, done))
        # shield: one waiter being cancelled must not cancel the lookup the other waiters share
        return await asyncio.shield(lookup)

    async def _paginate(
        self, operation_id: str, items: Callable[[Any], list[T] | Unset], params: Mapping[str, Any]
    ) -> AsyncIterator[T]:
        token: str | None = None
        while True:
            page = await self._api.call(operation_id, {**params, "page_token": token})
            for item in listed(items(page)):
                yield item
            token = page_token(page.next_page_token)
            if token is None:
                return


def _forget(
    pending: dict[tuple[str, str], asyncio.Future[str]], key: tuple[str, str], done: asyncio.Future[str]
) -> None:
    if pending.get(key) is done:
        del pending[key]
    if not done.cancelled():
        done.exception()  # retrieved, so a failure whose waiters were all cancelled is not logged as lost
