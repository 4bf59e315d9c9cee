"""One emulated Databricks workspace: identities, the model registry, experiments and webhooks, in memory.

The HTTP server authenticates the caller with `authenticate_token`, validates and types the parameters by the
spec, then calls `handle(operation_id, principal, params)` and JSON-encodes what it returns; an `ApiError`
becomes the error body. Every call runs under one lock, so the workspace is safe to share between threads.
Webhook deliveries run outside the lock (see `_webhooks`).

The semantics of each group of operations are documented in `_registry`, `_experiments` and `_webhook_api`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from typing import Any, Final

from . import _experiments, _oss, _registry, _scim, _unity_catalog, _webhook_api
from ._principals import ApiError, Principal
from ._state import Handler, RegisteredModel, State
from ._webhooks import Deliverer, Delivery

__all__ = ["ApiError", "Delivery", "Principal", "Workspace"]

ADMIN_USER: Final = "admin@example.com"

_HANDLERS: Final[dict[str, Handler]] = {
    **_registry.HANDLERS,
    **_experiments.HANDLERS,
    **_webhook_api.HANDLERS,
    **_oss.HANDLERS,
    **_unity_catalog.HANDLERS,
    **_scim.HANDLERS,
}
_DAY_MS: Final = 24 * 3600 * 1000


class Workspace:
    def __init__(self, *, clock: Callable[[], float] = time.time, delivery_timeout: float = 5.0) -> None:
        self._lock = threading.RLock()
        self._deliverer = Deliverer(delivery_timeout)
        self._state = State(clock, self._deliverer)
        self.admin: Principal = self._state.directory.add_user(
            ADMIN_USER, admin=True, display_name="Workspace Admin"
        )
        self.echo_webhook_test_bodies = True
        """Whether `registry-webhooks/test` returns the target's body; the Emulator turns it off when it
        serves beyond loopback (see `_webhook_api.run_test`)."""

    # ------------------------------------------------------------------------------------------ the server's side

    def authenticate_token(self, token: str) -> Principal | None:
        with self._lock:
            return self._state.directory.authenticate_token(token)

    def authenticate_client(self, client_id: str, client_secret: str) -> Principal | None:
        with self._lock:
            return self._state.directory.authenticate_client(client_id, client_secret)

    def issue_oauth_token(self, principal: Principal, ttl_seconds: int) -> str:
        with self._lock:
            return self._state.directory.issue_oauth_token(principal, ttl_seconds)

    def handle(self, operation_id: str, principal: Principal, params: dict[str, Any]) -> dict[str, Any]:
        """Run one operation as `principal`; raises ApiError with the status and error code to answer."""
        if operation_id == "test_registry_webhook":
            with self._lock:
                job = _webhook_api.prepare_test(self._state, principal, params)
            return _webhook_api.run_test(self._deliverer, job, echo_body=self.echo_webhook_test_bodies)
        handler = _HANDLERS.get(operation_id)
        if handler is None:
            raise ApiError(
                501, "NOT_IMPLEMENTED", f"The emulator does not implement operation '{operation_id}'."
            )
        with self._lock:
            return handler(self._state, principal, params)

    @property
    def operation_ids(self) -> frozenset[str]:
        return frozenset(_HANDLERS) | {"test_registry_webhook"}

    # ------------------------------------------------------------------------------------------ identities

    def add_user(
        self,
        user_name: str,
        *,
        admin: bool = False,
        groups: Sequence[str] = (),
        token: str | None = None,
        display_name: str | None = None,
    ) -> Principal:
        with self._lock:
            return self._state.directory.add_user(
                user_name, admin=admin, groups=groups, token=token, display_name=display_name
            )

    def add_group(self, name: str, members: Sequence[str] = ()) -> None:
        with self._lock:
            self._state.directory.add_group(name, members)

    def add_service_principal(
        self,
        application_id: str | None = None,
        *,
        display_name: str | None = None,
        admin: bool = False,
        client_secret: str | None = None,
        groups: Sequence[str] = (),
    ) -> Principal:
        with self._lock:
            return self._state.directory.add_service_principal(
                application_id,
                display_name=display_name,
                admin=admin,
                client_secret=client_secret,
                groups=groups,
            )

    def _principal(self, name: str | None) -> Principal:
        if name is None:
            return self.admin
        principal = self._state.directory.principal(name)
        if principal is None:
            raise ValueError(f"unknown user or service principal {name!r}")
        return principal

    # ------------------------------------------------------------------------------------------ seeding

    def create_registered_model(
        self, name: str, *, owner: str | None = None, description: str = "", versions: int = 0
    ) -> str:
        """Create a model owned by `owner` (default: the admin) with `versions` versions; returns its id."""
        with self._lock:
            creator = self._principal(owner)
            model = _registry.create_model(self._state, creator, name, description)
            for _ in range(versions):
                _registry.create_version(self._state, creator, model, "None")
            return model.id

    def create_model_version(self, model_name: str, *, stage: str = "None", owner: str | None = None) -> str:
        with self._lock:
            model = self._existing_model(model_name)
            creator = self._principal(owner) if owner is not None else self._principal(model.creator[1])
            return str(_registry.create_version(self._state, creator, model, stage).version)

    def set_model_version_tag(self, name: str, version: str, key: str, value: str) -> None:
        with self._lock:
            model = self._existing_model(name)
            mv = self._state.find_version(model, version)
            _registry.set_version_tag(self._state, self._principal(mv.user_id), model, mv, key, value)

    def set_registered_model_tag(self, name: str, key: str, value: str) -> None:
        with self._lock:
            self._existing_model(name).tags[key] = value

    def create_experiment(self, name: str, *, owner: str | None = None) -> str:
        with self._lock:
            return _experiments.create_experiment(self._state, self._principal(owner), name).id

    def create_runs(self, experiment_id: str, count: int, *, start_time_ms: int | None = None) -> list[str]:
        """Add `count` active runs that all started at `start_time_ms` (default: now)."""
        with self._lock:
            experiment = self._state.experiments.get(experiment_id)
            if experiment is None:
                raise ValueError(f"unknown experiment {experiment_id!r}")
            start = self._state.now_ms() if start_time_ms is None else start_time_ms
            runs = _experiments.create_runs(self._state, experiment, count, start, experiment.creator[1])
            return [run.run_id for run in runs]

    def _existing_model(self, name: str) -> RegisteredModel:
        model = self._state.models.get(name)
        if model is None:
            raise ValueError(f"unknown registered model {name!r}")
        return model

    def seed_demo(self) -> None:
        """A small realistic workspace: three users with groups, a deploy bot, five models, two experiments."""
        alice = "alice.scientist@example.com"
        bob = "bob.engineer@example.com"
        carol = "carol.release@example.com"
        self.add_user(alice, display_name="Alice Scientist", groups=["data-scientists"])
        self.add_user(bob, display_name="Bob Engineer", groups=["ml-engineers"])
        self.add_user(carol, display_name="Carol Release", groups=["release-managers"])
        bot = self.add_service_principal(display_name="deploy-bot", groups=["ml-engineers"])
        models = [
            (
                "Sklearn_Wine_best",
                alice,
                "Best wine-quality regressor from the sklearn sweep.",
                ["Archived", "Production", "Staging"],
            ),
            ("fraud-detector", bob, "Gradient-boosted fraud classifier.", ["Production", "None"]),
            ("churn-predictor", alice, "Monthly churn propensity.", ["Staging"]),
            ("demand-forecast", bob, "Weekly demand forecast per store.", ["None", "None"]),
            ("recommender", alice, "Two-tower product recommender.", []),
        ]
        grants = [
            {"group_name": "data-scientists", "permission_level": "CAN_EDIT"},
            {"group_name": "ml-engineers", "permission_level": "CAN_MANAGE_STAGING_VERSIONS"},
            {"group_name": "release-managers", "permission_level": "CAN_MANAGE_PRODUCTION_VERSIONS"},
            {"service_principal_name": bot.name, "permission_level": "CAN_MANAGE_PRODUCTION_VERSIONS"},
        ]
        for name, owner, description, stages in models:
            model_id = self.create_registered_model(name, owner=owner, description=description)
            self.set_registered_model_tag(name, "team", "ml-platform")
            for stage in stages:
                self.create_model_version(name, stage=stage)
            self.handle(
                "update_registered_model_permissions",
                self.admin,
                {"registered_model_id": model_id, "access_control_list": grants},
            )
        now = self._state.now_ms()
        for name, owner, count in [
            (f"/Users/{alice}/wine-quality", alice, 30),
            ("/Shared/fraud-detection", bob, 20),
        ]:
            experiment_id = self.create_experiment(name, owner=owner)
            for index in range(count):
                self.create_runs(experiment_id, 1, start_time_ms=now - (count - index) * _DAY_MS)
            self.handle(
                "update_experiment_permissions",
                self.admin,
                {
                    "experiment_id": experiment_id,
                    "access_control_list": [
                        {"group_name": "data-scientists", "permission_level": "CAN_EDIT"}
                    ],
                },
            )

    # ------------------------------------------------------------------------------------------ inspection

    def model_id(self, name: str) -> str:
        """The workspace id of the registered model `name` (the key of the permissions API); ValueError if unknown."""
        with self._lock:
            return self._existing_model(name).id

    def model_version(self, name: str, version: str) -> dict[str, Any]:
        """The version as OSS MLflow shows it (`current_stage`, `tags`, ...)."""
        with self._lock:
            return self._state.find_version(self._existing_model(name), version).to_wire()

    def runs(self, experiment_id: str) -> list[dict[str, Any]]:
        """Every run of the experiment: run_id, start_time, lifecycle_stage, deleted_time."""
        with self._lock:
            experiment = self._state.experiments[experiment_id]
            return [
                {
                    "run_id": run.run_id,
                    "start_time": run.start_time,
                    "lifecycle_stage": run.lifecycle_stage,
                    "deleted_time": run.deleted_time,
                }
                for run in experiment.runs
            ]

    @property
    def webhook_deliveries(self) -> list[Delivery]:
        """A snapshot of every delivery attempt so far, in the order they finished."""
        return self._deliverer.deliveries()

    def wait_for_deliveries(self, count: int, timeout: float = 5.0) -> list[Delivery]:
        """All deliveries once there are at least `count`; fewer if `timeout` seconds pass first."""
        return self._deliverer.wait_for(count, timeout)

    def close(self) -> None:
        """Stop the delivery worker. Queued deliveries still in flight are abandoned after the timeout."""
        self._deliverer.close()
