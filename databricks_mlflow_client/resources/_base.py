"""What every resource shares: name resolution, paging, raw responses, and turning facade arguments
(strings for enums, mappings for models, None for "left out") into the generated operations' types.

Resources import an operation's generated module inside the method that sends it: importing all of them
up front would cost every script that uses one call the import time of all (~1 ms each); once imported,
the import statement is a dictionary lookup.
"""

from __future__ import annotations

import asyncio
import enum
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, NoReturn, Protocol, TypeVar, cast

from databricks_mlflow_api.models import GetExperimentByNameResponse, GetModelResponse, ModelDatabricks
from databricks_mlflow_api.types import UNSET, Unset

from .._api import AsyncAPI, SyncAPI
from .._core import begin_call_order
from .._errors import DatabricksError
from .._response import AsyncRawResponses, RawResponses
from .._validation import RequestValidationError, type_rule, validate_request

T = TypeVar("T")
M = TypeVar("M")


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


def as_list(values: Sequence[str] | None) -> list[str] | Unset:
    """A list for the wire, or left out. A lone string is one value, not a list of letters."""
    if values is None:
        return UNSET
    return [values] if isinstance(values, str) else list(values)


def listed(value: Sequence[T] | Unset) -> list[T]:
    """A list field of a response; left out means empty."""
    if isinstance(value, Unset):
        return []
    return value if isinstance(value, list) else list(value)


def count(value: int | str | Unset) -> int:
    """A counter from a response. Databricks leaves zero-valued fields out (proto3 JSON), so missing means 0."""
    if isinstance(value, Unset):
        return 0
    return int(value)


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


def remember_model(names: _Names, name: str, model: ModelDatabricks) -> None:
    """A model fetched by name also resolves that name, saving the lookup a later call would make."""
    if isinstance(model.id, str) and model.id:
        names.models[name] = model.id


def _model_id_from(response: GetModelResponse) -> str:
    found = required(response.registered_model_databricks, "get_model", "registered_model_databricks")
    return required(found.id, "get_model", "registered_model_databricks.id")


def _experiment_id_from(response: GetExperimentByNameResponse) -> str:
    found = required(response.experiment, "get_experiment_by_name", "experiment")
    return required(found.experiment_id, "get_experiment_by_name", "experiment.experiment_id")


def is_experiment_id(experiment: str) -> bool:
    return isinstance(experiment, ExperimentId) or (experiment.isascii() and experiment.isdigit())


def opt(value: T | None) -> T | Unset:
    """A facade argument left as None is a field left out of the request."""
    return UNSET if value is None else value


E = TypeVar("E", bound=enum.Enum)


def enum_of(kind: type[E], value: object, operation_id: str, field: str) -> E | Unset:
    """A generated (forward-compatible) enum member for a member or its wire string; None is left out.

    An unknown string becomes a pseudo-member, so the validator (or, with validation off, the server)
    says what is wrong; a value that is no string at all is a RequestValidationError here.
    """
    if value is None:
        return UNSET
    return _member(kind, value, operation_id, field)


def _member(kind: type[E], value: object, operation_id: str, field: str) -> E:
    if isinstance(value, kind):
        return value
    if isinstance(value, str):
        return kind(value)
    raise RequestValidationError(operation_id, field, type_rule("string", value))


def enums_of(kind: type[E], values: Sequence[object], operation_id: str, field: str) -> list[E]:
    """Each item as enum_of does. A lone string is one value: ``events="COMMENT_CREATED"`` is not letters."""
    items = [values] if isinstance(values, str) else list(values)
    return [_member(kind, item, operation_id, f"{field}[{index}]") for index, item in enumerate(items)]


M_co = TypeVar("M_co", covariant=True)


class _FromDict(Protocol[M_co]):
    def from_dict(self, src_dict: Mapping[str, Any], /) -> M_co: ...


_UNREADABLE = (TypeError, ValueError, KeyError, AttributeError)


def _read(kind: type[M], value: object) -> M:
    if isinstance(value, kind):
        return value
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):  # another generated model (an experiment's ACL entry for a model's, say)
        value = to_dict()
    if not isinstance(value, Mapping):
        raise TypeError(f"not a mapping: {type(value).__name__}")
    parsed: M = cast(_FromDict[M], kind).from_dict(_left_out_none(value))
    return parsed


def _left_out_none(value: Any) -> Any:
    """None in a wire-form mapping means "not given", as for every other argument."""
    if isinstance(value, Mapping):
        return {key: _left_out_none(item) for key, item in value.items() if item is not None}
    if isinstance(value, list | tuple):
        return [_left_out_none(item) for item in value]
    return value


def _unreadable(operation_id: str, field: str, wire: object, kind: type, exc: Exception) -> NoReturn:
    validate_request(operation_id, {field: wire})  # raises, naming the nested field and the rule
    raise RequestValidationError(operation_id, field, f"cannot be read as {kind.__name__} ({exc})") from None


def model_of(kind: type[M], value: object, operation_id: str, field: str) -> M | Unset:
    """A generated model for a model or its wire-form mapping (``{"url": ...}`` for an HttpUrlSpec);
    None is left out. A mapping the generated parser cannot read is a RequestValidationError naming
    the field and the rule."""
    if value is None:
        return UNSET
    try:
        return _read(kind, value)
    except _UNREADABLE as exc:
        _unreadable(operation_id, field, value, kind, exc)


def models_of(kind: type[M], values: Sequence[object], operation_id: str, field: str) -> list[M]:
    """model_of for each item of a list field."""
    try:
        return [_read(kind, value) for value in values]
    except _UNREADABLE as exc:
        _unreadable(operation_id, field, list(values), kind, exc)


class SyncResource:
    """What every sync resource shares: the API seam, the client's name caches, resolution of names to ids."""

    def __init__(self, api: SyncAPI, names: _Names) -> None:
        self._api = api
        self._names = names

    @property
    def with_raw_response(self) -> RawResponses:
        """This resource's methods, returning the HTTP responses too (pages, for listings)."""
        return RawResponses(self)

    def _model_id(self, model: str) -> str:
        """The workspace id of a model given by name (cached per client) or as a ModelId.

        Sends ``get_model`` for a name not seen before; raises DatabricksError (e.g. NotFound).
        """
        if isinstance(model, ModelId):
            return str(model)
        cached = self._names.models.get(model)
        if cached is None:
            from databricks_mlflow_api.api.registered_models import get_model

            response = self._api.call(get_model.ENDPOINT, name=model)
            cached = self._names.models[model] = _model_id_from(response)
        return cached

    def _experiment_id(self, experiment: str) -> str:
        """The id of an experiment given by id (digits or ExperimentId) or by name (cached per client).

        Sends ``get_experiment_by_name`` for a name not seen before; raises DatabricksError (e.g. NotFound).
        """
        if is_experiment_id(experiment):
            return str(experiment)
        cached = self._names.experiments.get(experiment)
        if cached is None:
            from databricks_mlflow_api.api.supporting import get_experiment_by_name

            response = self._api.call(get_experiment_by_name.ENDPOINT, experiment_name=experiment)
            cached = self._names.experiments[experiment] = _experiment_id_from(response)
        return cached


class AsyncResource:
    """What every async resource shares; concurrent lookups of one name share one request."""

    def __init__(self, api: AsyncAPI, names: _Names) -> None:
        self._api = api
        self._names = names

    @property
    def with_raw_response(self) -> AsyncRawResponses:
        """This resource's methods, returning the HTTP responses too (pages, for listings)."""
        return AsyncRawResponses(self)

    async def _model_id(self, model: str) -> str:
        """The workspace id of a model given by name (cached per client) or as a ModelId.

        Sends ``get_model`` for a name not seen before; raises DatabricksError (e.g. NotFound).
        """
        if isinstance(model, ModelId):
            return str(model)
        cached = self._names.models.get(model)
        if cached is not None:
            return cached

        async def fetch() -> str:
            from databricks_mlflow_api.api.registered_models import get_model

            model_id = _model_id_from(await self._api.call(get_model.ENDPOINT, name=model))
            self._names.models[model] = model_id
            return model_id

        return await self._shared_lookup(("model", model), fetch)

    async def _experiment_id(self, experiment: str) -> str:
        """The id of an experiment given by id (digits or ExperimentId) or by name (cached per client).

        Sends ``get_experiment_by_name`` for a name not seen before; raises DatabricksError (e.g. NotFound).
        """
        if is_experiment_id(experiment):
            return str(experiment)
        cached = self._names.experiments.get(experiment)
        if cached is not None:
            return cached

        async def fetch() -> str:
            from databricks_mlflow_api.api.supporting import get_experiment_by_name

            response = await self._api.call(get_experiment_by_name.ENDPOINT, experiment_name=experiment)
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


def _forget(
    pending: dict[tuple[str, str], asyncio.Future[str]], key: tuple[str, str], done: asyncio.Future[str]
) -> None:
    if pending.get(key) is done:
        del pending[key]
    if not done.cancelled():
        done.exception()  # retrieved, so a failure whose waiters were all cancelled is not logged as lost
