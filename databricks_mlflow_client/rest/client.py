"""The predecessor's documented interface: JSON in, JSON out.

``DatabricksMlflowClient().get_registered_model_databricks("Sklearn_Wine_best")`` returns the
response exactly as the server sent it: ``{"registered_model_databricks": {...}}``. The other methods
the predecessor had for workspace-registry models and experiments keep their names and arguments too;
each returns the server's JSON. Everything of the typed client is available on the same object.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ParamSpec

from .._client import DatabricksMlflowClient as _TypedClient
from ..resources._base import ModelId

P = ParamSpec("P")

JsonAcl = Sequence[dict[str, Any]]


class DatabricksMlflowClient(_TypedClient):
    def _json(self, method: Callable[P, object], /, *args: P.args, **kwargs: P.kwargs) -> dict[str, Any]:
        body: dict[str, Any] = self.with_raw_response(method, *args, **kwargs).json()
        return body

    def get_registered_model_databricks(self, name: str) -> dict[str, Any]:
        return self._json(self.registered_models.get, name)

    def get_registered_model_permissions(
        self, model_name_or_id: str, is_model_id: bool = False
    ) -> dict[str, Any]:
        model = ModelId(model_name_or_id) if is_model_id else model_name_or_id
        return self._json(self.permissions.registered_models.get, model)

    def get_registered_model_permission_levels(
        self, model_name_or_id: str, is_model_id: bool = False
    ) -> dict[str, Any]:
        model = ModelId(model_name_or_id) if is_model_id else model_name_or_id
        return self._json(self.permissions.registered_models.levels, model)

    def get_experiment_permissions(self, experiment_id_or_name: str) -> dict[str, Any]:
        return self._json(self.permissions.experiments.get, experiment_id_or_name)

    def get_experiment_permission_levels(self, experiment_id_or_name: str) -> dict[str, Any]:
        return self._json(self.permissions.experiments.levels, experiment_id_or_name)

    def set_experiment_permissions(
        self, experiment_id_or_name: str, access_control_list: JsonAcl
    ) -> dict[str, Any]:
        return self._json(self.permissions.experiments.set, experiment_id_or_name, access_control_list)

    def update_experiment_permissions(
        self, experiment_id_or_name: str, access_control_list: JsonAcl
    ) -> dict[str, Any]:
        return self._json(self.permissions.experiments.update, experiment_id_or_name, access_control_list)
