"""The OSS MLflow endpoints a workspace serves next to the Databricks-only ones (spec/mlflow-oss.yaml).

They share the workspace's state: a model created here has a Databricks id, an ACL whose creator holds a
direct CAN_MANAGE, and fires REGISTERED_MODEL_CREATED / MODEL_VERSION_CREATED / MODEL_VERSION_TAG_SET and
transition webhooks. Access follows the model ACL page: CAN_READ to view, CAN_EDIT to add versions and edit
descriptions and tags, the stage levels to transition, CAN_MANAGE to rename or delete. Any user may create a
model or an experiment (CAN_CREATE_REGISTERED_MODEL is the registry root's default). Runs need CAN_EDIT on
their experiment to be created or changed, CAN_READ to be read.
"""

from __future__ import annotations

import hashlib
from typing import Any, Final

from . import _registry
from ._experiments import create_experiment, create_runs
from ._permissions import CAN_EDIT, CAN_MANAGE, CAN_READ, at_least
from ._principals import ApiError, Principal, bad_param, not_found
from ._search import compile_filter, lifecycles, search_page
from ._state import (
    STAGES,
    Experiment,
    Handler,
    ModelVersion,
    Params,
    RegisteredModel,
    Run,
    State,
    flag,
    optional_text,
    page_size,
    stage,
    text,
)

_UNDELETABLE_STAGES: Final = ("Staging", "Production")
_RUN_STATUSES: Final = ("RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED")


def _tags(params: Params, name: str = "tags") -> dict[str, str]:
    return {str(tag.get("key")): str(tag.get("value", "")) for tag in params.get(name) or ()}


def _model(state: State, principal: Principal, params: Params, level: str) -> RegisteredModel:
    model = state.find_model(text(params, "name"))
    state.check_model(principal, model, level)
    return model


def _version(
    state: State, principal: Principal, params: Params, level: str
) -> tuple[RegisteredModel, ModelVersion]:
    model = _model(state, principal, params, level)
    return model, state.find_version(model, text(params, "version"))


def _registered_model(model: RegisteredModel) -> dict[str, Any]:
    return {"registered_model": _registry.model_wire(model)}


# ---------------------------------------------------------------------------------------------------- models


def create_registered_model(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    name = text(params, "name")
    model = _registry.create_model(
        state, principal, name, optional_text(params, "description") or "", _tags(params)
    )
    return _registered_model(model)


def get_registered_model(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    return _registered_model(_model(state, principal, params, CAN_READ))


def rename_registered_model(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    model = _model(state, principal, params, CAN_MANAGE)
    new_name = _registry.check_length("new_name", text(params, "new_name"), _registry.MAX_NAME_LENGTH)
    if new_name in state.models:
        raise ApiError(400, "RESOURCE_ALREADY_EXISTS", f"Registered Model (name={new_name}) already exists.")
    del state.models[model.name]
    model.name = new_name
    for mv in model.versions.values():
        mv.model_name = new_name
    model.last_updated_timestamp = state.now_ms()
    state.models[new_name] = model
    return _registered_model(model)


def update_registered_model(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    model = _model(state, principal, params, CAN_EDIT)
    description = optional_text(params, "description")
    if description is not None:
        model.description = description
        model.last_updated_timestamp = state.now_ms()
    return _registered_model(model)


def delete_registered_model(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    model = _model(state, principal, params, CAN_MANAGE)
    del state.models[model.name]
    del state.models_by_id[model.id]
    return {}


def get_latest_versions(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    model = _model(state, principal, params, CAN_READ)
    wanted = {stage({"stage": s}) for s in params.get("stages") or ()} or set(STAGES)
    latest = [v for v in _registry.latest_versions(model) if v.current_stage in wanted]
    return {"model_versions": [v.to_wire() for v in latest]}


def set_registered_model_tag(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    model = _model(state, principal, params, CAN_EDIT)
    model.tags[text(params, "key")] = str(params.get("value", ""))
    return {}


def delete_registered_model_tag(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    model = _model(state, principal, params, CAN_EDIT)
    model.tags.pop(text(params, "key"), None)
    return {}


# ---------------------------------------------------------------------------------------------------- versions


def create_model_version(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    model = _model(state, principal, params, CAN_EDIT)
    mv = _registry.create_version(
        state,
        principal,
        model,
        "None",
        source=text(params, "source"),
        run_id=optional_text(params, "run_id"),
        description=optional_text(params, "description") or "",
        tags=_tags(params),
    )
    return {"model_version": mv.to_wire()}


def get_model_version(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    return {"model_version": _version(state, principal, params, CAN_READ)[1].to_wire()}


def update_model_version(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    _, mv = _version(state, principal, params, CAN_EDIT)
    description = optional_text(params, "description")
    if description is not None:
        mv.description = description
        mv.last_updated_timestamp = state.now_ms()
    return {"model_version": mv.to_wire()}


def delete_model_version(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    model, mv = _version(state, principal, params, CAN_MANAGE)
    if mv.current_stage in _UNDELETABLE_STAGES:
        raise ApiError(
            400,
            "INVALID_STATE",
            f"Model version {mv.version} of '{model.name}' is in stage {mv.current_stage}; "
            "archive it before deleting it.",
        )
    del model.versions[mv.version]
    return {}


def search_model_versions(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    size = page_size(params, default=10_000, maximum=200_000)
    keep = compile_filter(
        optional_text(params, "filter"), {"name": lambda v: v.model_name, "run_id": lambda v: v.run_id}
    )
    readable = [m for m in state.models.values() if at_least(state.model_level(principal, m), CAN_READ)]
    found = [v for m in readable for v in m.versions.values() if keep(v)]
    keys = {
        "name": lambda v: v.model_name,
        "version_number": lambda v: v.version,
        "creation_timestamp": lambda v: v.creation_timestamp,
        "last_updated_timestamp": lambda v: v.last_updated_timestamp,
    }
    default = ["name ASC", "version_number DESC"]
    return search_page(
        found,
        params,
        keys=keys,
        default=default,
        size=size,
        field="model_versions",
        wire=ModelVersion.to_wire,
    )


def get_model_version_download_uri(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    model, mv = _version(state, principal, params, CAN_READ)
    storage = hashlib.sha256(f"{model.id}/{mv.version}".encode()).hexdigest()[:32]
    return {"artifact_uri": f"dbfs:/databricks/mlflow-registry/{storage}/models/model"}  # the recorded form


def transition_model_version_stage(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    flag(params, "archive_existing_versions")
    _registry.transition_stage(state, principal, params)
    model = state.find_model(text(params, "name"))
    return {"model_version": state.find_version(model, text(params, "version")).to_wire()}


def set_model_version_tag(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    model, mv = _version(state, principal, params, CAN_EDIT)
    _registry.set_version_tag(state, principal, model, mv, text(params, "key"), str(params.get("value", "")))
    return {}


def delete_model_version_tag(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    _, mv = _version(state, principal, params, CAN_EDIT)
    mv.tags.pop(text(params, "key"), None)
    return {}


# ---------------------------------------------------------------------------------------------------- tracking


def oss_create_experiment(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    experiment = create_experiment(state, principal, text(params, "name"), _tags(params))
    return {"experiment_id": experiment.id}


def _experiment(state: State, principal: Principal, experiment_id: str, level: str) -> Experiment:
    experiment = state.find_experiment(experiment_id)
    state.check_experiment(principal, experiment, level)
    return experiment


def get_experiment(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    experiment = _experiment(state, principal, text(params, "experiment_id"), CAN_READ)
    return {"experiment": experiment.to_wire()}


def delete_experiment(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    experiment = _experiment(state, principal, text(params, "experiment_id"), CAN_MANAGE)
    experiment.lifecycle_stage = "deleted"
    experiment.last_update_time = state.now_ms()
    return {}


def _run(state: State, principal: Principal, params: Params, level: str) -> Run:
    run_id = optional_text(params, "run_id") or optional_text(params, "run_uuid")
    if not run_id:
        raise bad_param("Missing value for required parameter 'run_id'.")
    found = state.runs.get(run_id)
    if found is None:
        raise not_found(f"Run '{run_id}' not found.")  # the recorded message
    experiment, run = found
    state.check_experiment(principal, experiment, level)
    return run


def create_run(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    experiment = _experiment(state, principal, text(params, "experiment_id"), CAN_EDIT)
    start = params.get("start_time") or state.now_ms()
    (run,) = create_runs(state, experiment, 1, start, principal.name)
    run.tags = _tags(params)
    run.run_name = (
        optional_text(params, "run_name") or run.tags.get("mlflow.runName", "") or f"run-{run.run_id[:8]}"
    )
    return {"run": run.to_wire()}


def get_run(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    return {"run": _run(state, principal, params, CAN_READ).to_wire()}


def search_runs(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    size = page_size(params, default=1000, maximum=50_000)
    wanted = lifecycles(params.get("run_view_type"), "run_view_type")
    keep = compile_filter(
        optional_text(params, "filter"),
        {"run_name": lambda r: r.run_name, "status": lambda r: r.status, "run_id": lambda r: r.run_id},
    )
    runs: list[Run] = []
    for experiment_id in params.get("experiment_ids") or ():
        experiment = state.experiments.get(experiment_id)
        if experiment is None or not at_least(state.experiment_level(principal, experiment), CAN_READ):
            continue
        runs.extend(r for r in experiment.runs if r.lifecycle_stage in wanted and keep(r))
    keys = {
        "start_time": lambda r: r.start_time,
        "run_name": lambda r: r.run_name,
        "run_id": lambda r: r.run_id,
    }
    default = ["start_time DESC", "run_id ASC"]
    return search_page(runs, params, keys=keys, default=default, size=size, field="runs", wire=Run.to_wire)


def delete_run(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    _run(state, principal, params, CAN_EDIT).deleted_time = state.now_ms()
    return {}


def update_run(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    run = _run(state, principal, params, CAN_EDIT)
    status = optional_text(params, "status")
    if status is not None:
        if status not in _RUN_STATUSES:
            raise bad_param(f"Invalid value '{status}' for parameter 'status'.")
        run.status = status
    if params.get("end_time") is not None:
        run.end_time = int(params["end_time"])
    run.run_name = optional_text(params, "run_name") or run.run_name
    return {"run_info": run.info_wire()}


def _log(run: Run, metrics: list[dict[str, Any]], params: dict[str, str], tags: dict[str, str]) -> None:
    if run.lifecycle_stage != "active":
        raise ApiError(400, "INVALID_STATE", f"The run {run.run_id} must be in the 'active' state.")
    for metric in metrics:
        run.metrics[str(metric.get("key"))] = {
            "key": metric.get("key"),
            "value": metric.get("value"),
            "timestamp": metric.get("timestamp"),
            "step": metric.get("step", 0),
        }
    run.params.update(params)
    run.tags.update(tags)


def log_batch(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    run = _run(state, principal, params, CAN_EDIT)
    _log(run, list(params.get("metrics") or ()), _tags(params, "params"), _tags(params))
    return {}


def log_metric(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    _log(_run(state, principal, params, CAN_EDIT), [dict(params)], {}, {})
    return {}


def log_param(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    _log(
        _run(state, principal, params, CAN_EDIT), [], {text(params, "key"): str(params.get("value", ""))}, {}
    )
    return {}


def set_run_tag(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    _log(
        _run(state, principal, params, CAN_EDIT), [], {}, {text(params, "key"): str(params.get("value", ""))}
    )
    return {}


HANDLERS: Final[dict[str, Handler]] = {
    "oss_create_registered_model": create_registered_model,
    "oss_get_registered_model": get_registered_model,
    "oss_rename_registered_model": rename_registered_model,
    "oss_update_registered_model": update_registered_model,
    "oss_delete_registered_model": delete_registered_model,
    "oss_get_latest_versions": get_latest_versions,
    "oss_get_latest_versions_get": get_latest_versions,
    "oss_set_registered_model_tag": set_registered_model_tag,
    "oss_delete_registered_model_tag": delete_registered_model_tag,
    "oss_create_model_version": create_model_version,
    "oss_get_model_version": get_model_version,
    "oss_update_model_version": update_model_version,
    "oss_delete_model_version": delete_model_version,
    "search_model_versions": search_model_versions,  # described in spec/databricks-mlflow.yaml (supporting)
    "oss_get_model_version_download_uri": get_model_version_download_uri,
    "oss_transition_model_version_stage": transition_model_version_stage,
    "oss_set_model_version_tag": set_model_version_tag,
    "oss_delete_model_version_tag": delete_model_version_tag,
    "oss_create_experiment": oss_create_experiment,
    "oss_get_experiment": get_experiment,
    "oss_delete_experiment": delete_experiment,
    "oss_create_run": create_run,
    "oss_get_run": get_run,
    "search_runs": search_runs,
    "oss_delete_run": delete_run,
    "oss_update_run": update_run,
    "oss_log_batch": log_batch,
    "oss_log_metric": log_metric,
    "oss_log_param": log_param,
    "oss_set_run_tag": set_run_tag,
}
