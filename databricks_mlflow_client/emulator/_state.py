"""The records of one emulated workspace and the lookups and access checks every operation shares.

`State` is not thread-safe: `Workspace` holds one lock around every use of it.
"""

from __future__ import annotations

import itertools
import posixpath
import random
import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

import attrs

from ._permissions import (
    CAN_MANAGE,
    CAN_READ,
    Acl,
    InheritedGrant,
    at_least,
    effective_level,
)
from ._principals import ADMINS_GROUP, Directory, Principal, PrincipalRef, bad_param, denied, not_found
from ._webhooks import Deliverer, EventSink, WebhookStore

STAGES: Final = ("None", "Staging", "Production", "Archived")
_STAGE_BY_LOWER: Final = {stage.lower(): stage for stage in STAGES}
ROOT_ID: Final = "root"
ROOT_OBJECT: Final = "/registered-models/root"
ROOT_INHERITED_FROM: Final = "/registered-models/"
"""How a grant inherited from the registry root names it (recorded: not `/registered-models/root`)."""
WORKSPACE_ROOT: Final = "/directories/"
ID_SEED: Final = 20_231_115
"""Ids come from a generator seeded with this, so the same calls give the same ids on every start."""

Params = Mapping[str, Any]
Handler = Callable[["State", Principal, Params], dict[str, Any]]


def drop_none(fields: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in fields.items() if value is not None}


def tag_list(tags: Mapping[str, str]) -> list[dict[str, str]]:
    return [{"key": key, "value": value} for key, value in tags.items()]


# ---------------------------------------------------------------------------------------------------- records


@attrs.define(eq=False)
class Activity:
    id: str
    activity_type: str
    user_id: str
    creation_timestamp: int
    last_updated_timestamp: int
    comment: str | None = None
    from_stage: str | None = None
    to_stage: str | None = None
    system_comment: str | None = None

    def to_wire(self) -> dict[str, Any]:
        return drop_none(attrs.asdict(self))


@attrs.define(eq=False)
class ModelVersion:
    model_name: str
    version: int
    creation_timestamp: int
    last_updated_timestamp: int
    user_id: str
    current_stage: str = "None"
    description: str = ""
    source: str = ""
    run_id: str = ""
    tags: dict[str, str] = attrs.Factory(dict)
    open_requests: list[Activity] = attrs.Factory(list)
    activities: list[Activity] = attrs.Factory(list)

    def to_wire(self) -> dict[str, Any]:
        """The OSS `ModelVersion` shape."""
        return {
            "name": self.model_name,
            "version": str(self.version),
            "creation_timestamp": self.creation_timestamp,
            "last_updated_timestamp": self.last_updated_timestamp,
            "user_id": self.user_id,
            "current_stage": self.current_stage,
            "description": self.description,
            "source": self.source,
            "run_id": self.run_id,
            "status": "READY",
            "tags": tag_list(self.tags),
        }


@attrs.define(eq=False)
class RegisteredModel:
    id: str
    name: str
    description: str
    creation_timestamp: int
    last_updated_timestamp: int
    creator: PrincipalRef
    tags: dict[str, str] = attrs.Factory(dict)
    versions: dict[int, ModelVersion] = attrs.Factory(dict)
    acl: Acl = attrs.Factory(dict)

    @property
    def object_id(self) -> str:
        return f"/registered-models/{self.id}"


@attrs.define(eq=False)
class Comment:
    activity: Activity
    version: ModelVersion


@attrs.define(eq=False)
class Run:
    run_id: str
    start_time: int
    deleted_time: int | None = None
    experiment_id: str = ""
    user_id: str = ""
    run_name: str = ""
    status: str = "RUNNING"
    end_time: int | None = None
    params: dict[str, str] = attrs.Factory(dict)
    metrics: dict[str, dict[str, Any]] = attrs.Factory(dict)
    """The latest value of each metric, as `Metric` wire objects."""
    tags: dict[str, str] = attrs.Factory(dict)

    @property
    def lifecycle_stage(self) -> str:
        return "active" if self.deleted_time is None else "deleted"

    def info_wire(self) -> dict[str, Any]:
        """The OSS `RunInfo` shape."""
        return drop_none(
            {
                "run_id": self.run_id,
                "run_uuid": self.run_id,
                "run_name": self.run_name,
                "experiment_id": self.experiment_id,
                "user_id": self.user_id,
                "status": self.status,
                "start_time": self.start_time,
                "end_time": self.end_time,
                "artifact_uri": f"dbfs:/databricks/mlflow-tracking/{self.experiment_id}/{self.run_id}/artifacts",
                "lifecycle_stage": self.lifecycle_stage,
            }
        )

    def to_wire(self) -> dict[str, Any]:
        """The OSS `Run` shape."""
        data = {
            "metrics": list(self.metrics.values()),
            "params": tag_list(self.params),
            "tags": tag_list(self.tags),
        }
        return {"info": self.info_wire(), "data": data}


@attrs.define(eq=False)
class Experiment:
    id: str
    name: str
    creator: PrincipalRef
    creation_time: int
    last_update_time: int
    tags: dict[str, str] = attrs.Factory(dict)
    acl: Acl = attrs.Factory(dict)
    runs: list[Run] = attrs.Factory(list)
    lifecycle_stage: str = "active"

    @property
    def object_id(self) -> str:
        return f"/experiments/{self.id}"

    def to_wire(self) -> dict[str, Any]:
        return {
            "experiment_id": self.id,
            "name": self.name,
            "artifact_location": f"dbfs:/databricks/mlflow-tracking/{self.id}",
            "lifecycle_stage": self.lifecycle_stage,
            "creation_time": self.creation_time,
            "last_update_time": self.last_update_time,
            "tags": tag_list(self.tags),
        }


# ---------------------------------------------------------------------------------------------------- state


class State:
    def __init__(self, clock: Callable[[], float], deliverer: Deliverer) -> None:
        self.clock = clock
        self.random = random.Random(ID_SEED)
        self.directory = Directory(clock, self.new_uuid)
        self.models: dict[str, RegisteredModel] = {}
        self.models_by_id: dict[str, RegisteredModel] = {}
        self.root_acl: Acl = {("group", ADMINS_GROUP): CAN_MANAGE}
        self.comments: dict[str, Comment] = {}
        self.experiments: dict[str, Experiment] = {}
        self.experiments_by_name: dict[str, Experiment] = {}
        self.runs: dict[str, tuple[Experiment, Run]] = {}
        self.directories: dict[str, str] = {}
        self.webhooks = WebhookStore()
        self.events = EventSink(self.webhooks, deliverer)
        # The recorded formats: 16-digit experiment ids, 15-digit directory ids, 32-hex object ids.
        self._experiment_ids = itertools.count(1_000_000_000_000_001)
        self._directory_ids = itertools.count(400_000_000_000_001)

    def new_id(self) -> str:
        """A 32-hex-digit id (models, runs, webhooks, activities), deterministic per workspace."""
        return f"{self.random.getrandbits(128):032x}"

    def new_uuid(self) -> str:
        """A UUID-formatted id (service principals' application ids), deterministic per workspace."""
        return str(uuid.UUID(int=self.random.getrandbits(128), version=4))

    def now_ms(self) -> int:
        return int(self.clock() * 1000)

    def fire(self, model_name: str, event_types: Sequence[str], fields: Mapping[str, Any]) -> None:
        self.events.fire(model_name, event_types, fields, self.now_ms())

    # ------------------------------------------------------------------------------------------ registry

    def root_inherited(self) -> list[InheritedGrant]:
        return [InheritedGrant(ref, level, ROOT_INHERITED_FROM) for ref, level in self.root_acl.items()]

    def model_inherited(self, model: RegisteredModel) -> list[InheritedGrant]:
        # The creator's CAN_MANAGE is a direct grant (in model.acl), so a PUT without it removes it.
        return self.root_inherited()

    def model_level(self, principal: Principal, model: RegisteredModel) -> str | None:
        return effective_level(self.directory, principal, model.acl, self.model_inherited(model))

    def root_level(self, principal: Principal) -> str | None:
        return effective_level(self.directory, principal, self.root_acl, ())

    def find_model(self, name: str) -> RegisteredModel:
        model = self.models.get(name)
        if model is None:
            raise not_found(f"Registered model '{name}' does not exist.")
        return model

    def check_model(self, principal: Principal, model: RegisteredModel, required: str) -> str:
        """The caller's level on the model; PERMISSION_DENIED when it is below `required`."""
        level = self.model_level(principal, model)
        if not at_least(level, required):
            raise denied(
                f"{principal.describe()} does not have {required} permission on registered model '{model.name}'."
            )
        assert level is not None
        return level

    def readable_model(self, principal: Principal, name: str) -> RegisteredModel:
        model = self.find_model(name)
        self.check_model(principal, model, CAN_READ)
        return model

    @staticmethod
    def find_version(model: RegisteredModel, version: str) -> ModelVersion:
        if not version.isdigit():
            raise bad_param(f"Parameter 'version' must be a positive integer as a string, got '{version}'.")
        found = model.versions.get(int(version))
        if found is None:
            raise not_found(f"Model version '{model.name}' version {version} does not exist.")
        return found

    # ------------------------------------------------------------------------------------------ experiments

    def folder_id(self, folder: str) -> str:
        """The workspace id of a folder such as `/Users/alice@example.com`, made on first use."""
        folder = posixpath.normpath(folder)
        if folder not in self.directories:
            self.directories[folder] = str(next(self._directory_ids))
        return self.directories[folder]

    def next_experiment_id(self) -> str:
        return str(next(self._experiment_ids))

    def experiment_inherited(self, experiment: Experiment) -> list[InheritedGrant]:
        """admins from the workspace root; the creator from their home folder when the experiment is in it."""
        grants = [InheritedGrant(("group", ADMINS_GROUP), CAN_MANAGE, WORKSPACE_ROOT)]
        kind, name = experiment.creator
        if experiment.name.startswith(f"/Users/{name}/"):
            home = f"{WORKSPACE_ROOT}{self.folder_id(f'/Users/{name}')}"
            grants.append(InheritedGrant((kind, name), CAN_MANAGE, home))
        return grants

    def experiment_level(self, principal: Principal, experiment: Experiment) -> str | None:
        return effective_level(
            self.directory, principal, experiment.acl, self.experiment_inherited(experiment)
        )

    def find_experiment(self, experiment_id: str) -> Experiment:
        experiment = self.experiments.get(experiment_id)
        if experiment is None:
            raise not_found(f"Experiment with id '{experiment_id}' does not exist.")
        return experiment

    def check_experiment(self, principal: Principal, experiment: Experiment, required: str) -> str:
        level = self.experiment_level(principal, experiment)
        if not at_least(level, required):
            raise denied(
                f"{principal.describe()} does not have {required} permission on experiment '{experiment.id}'."
            )
        assert level is not None
        return level


# ---------------------------------------------------------------------------------------------------- params


def text(params: Params, name: str) -> str:
    value = params.get(name)
    if value is None or value == "":
        raise bad_param(f"Missing required parameter '{name}'.")
    if not isinstance(value, str):
        raise bad_param(f"Parameter '{name}' must be a string.")
    return value


def optional_text(params: Params, name: str) -> str | None:
    value = params.get(name)
    if value is not None and not isinstance(value, str):
        raise bad_param(f"Parameter '{name}' must be a string.")
    return value


def integer(params: Params, name: str, default: int | None = None) -> int:
    value = params.get(name, default)
    if value is None:
        raise bad_param(f"Missing required parameter '{name}'.")
    if isinstance(value, bool) or not isinstance(value, int):
        raise bad_param(f"Parameter '{name}' must be an integer.")
    return value


def flag(params: Params, name: str, default: bool = False) -> bool:
    value = params.get(name, default)
    if not isinstance(value, bool):
        raise bad_param(f"Parameter '{name}' must be a boolean.")
    return value


def stage(params: Params, name: str = "stage") -> str:
    """A stage name in canonical title case; any letter case is accepted, as MLflow does."""
    raw = text(params, name)
    canonical = _STAGE_BY_LOWER.get(raw.lower())
    if canonical is None:
        raise bad_param(f"Invalid value '{raw}' for parameter '{name}': must be one of {', '.join(STAGES)}.")
    return canonical


def page_size(params: Params, *, default: int, maximum: int) -> int:
    size = integer(params, "max_results", default)
    if not 1 <= size <= maximum:  # MLflow's server words (handlers.py / the registry stores)
        raise bad_param(
            f"Invalid value for request parameter max_results. It must be at least 1 and at most {maximum}, "
            f"but got value {size}"
        )
    return size
