"""Experiments, their permissions and bulk deletion/restoration of runs.

The creator holds a direct CAN_MANAGE; the `admins` group inherits CAN_MANAGE from the workspace root
(`/directories/`) and, for an experiment in the creator's home folder, the creator also inherits CAN_MANAGE
from that folder (`/directories/<id>`), as recorded. Reading needs CAN_READ, deleting or restoring runs
CAN_EDIT, permissions CAN_MANAGE.
delete-runs and restore-runs touch at most `max_runs` runs (default and hard cap 10000), oldest first.
"""

from __future__ import annotations

from typing import Any, Final

from ._permissions import (
    CAN_EDIT,
    CAN_MANAGE,
    CAN_READ,
    EXPERIMENT,
    at_least,
    parse_acl_request,
    render_levels,
    render_permissions,
)
from ._principals import ApiError, Principal, bad_param, not_found
from ._search import compile_filter, lifecycles, search_page
from ._state import (
    Experiment,
    Handler,
    Params,
    Run,
    State,
    integer,
    optional_text,
    page_size,
    text,
)

MAX_RUNS_PER_CALL: Final = 10_000


def create_experiment(
    state: State, creator: Principal, name: str, tags: dict[str, str] | None = None
) -> Experiment:
    """A new experiment whose creator holds a direct CAN_MANAGE."""
    if not name:
        raise bad_param("Missing value for required parameter 'name'.")
    if name in state.experiments_by_name:
        raise ApiError(400, "RESOURCE_ALREADY_EXISTS", f"Experiment(name={name}) already exists.")
    now = state.now_ms()
    experiment = Experiment(
        state.next_experiment_id(),
        name,
        creator.ref,
        now,
        now,
        tags={"mlflow.ownerEmail": creator.name, **(tags or {})},
        acl={creator.ref: CAN_MANAGE},
    )
    state.experiments[experiment.id] = experiment
    state.experiments_by_name[name] = experiment
    return experiment


def create_runs(
    state: State, experiment: Experiment, count: int, start_time_ms: int, user_id: str = ""
) -> list[Run]:
    """Add `count` active runs that started at `start_time_ms`."""
    runs = [
        Run(state.new_id(), start_time_ms, experiment_id=experiment.id, user_id=user_id) for _ in range(count)
    ]
    experiment.runs.extend(runs)
    state.runs.update((run.run_id, (experiment, run)) for run in runs)
    return runs


# ---------------------------------------------------------------------------------------------------- lookups


def get_experiment_by_name(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    name = text(params, "experiment_name")
    experiment = state.experiments_by_name.get(name)
    if experiment is None:
        raise not_found(f"Could not find experiment with name '{name}'.")
    state.check_experiment(principal, experiment, CAN_READ)
    return {"experiment": experiment.to_wire()}


def search_experiments(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    size = page_size(params, default=1000, maximum=3000)
    wanted = lifecycles(params.get("view_type"), "view_type")
    keep = compile_filter(optional_text(params, "filter"), {"name": lambda e: e.name})
    candidates = [e for e in state.experiments.values() if e.lifecycle_stage in wanted]
    visible = [e for e in candidates if keep(e) and at_least(state.experiment_level(principal, e), CAN_READ)]
    keys = {
        "name": lambda e: e.name,
        "experiment_id": lambda e: int(e.id),
        "creation_time": lambda e: e.creation_time,
        "last_update_time": lambda e: e.last_update_time,
    }
    default = ["creation_time DESC", "experiment_id ASC"]
    return search_page(
        visible, params, keys=keys, default=default, size=size, field="experiments", wire=Experiment.to_wire
    )


# ---------------------------------------------------------------------------------------------------- permissions


def _render(state: State, experiment: Experiment) -> dict[str, Any]:
    inherited = state.experiment_inherited(experiment)
    return render_permissions(state.directory, experiment.object_id, EXPERIMENT, experiment.acl, inherited)


def get_experiment_permissions(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    experiment = state.find_experiment(text(params, "experiment_id"))
    state.check_experiment(principal, experiment, CAN_MANAGE)
    return _render(state, experiment)


def _change(state: State, principal: Principal, params: Params, *, replace: bool) -> dict[str, Any]:
    experiment = state.find_experiment(text(params, "experiment_id"))
    state.check_experiment(principal, experiment, CAN_MANAGE)
    grants = parse_acl_request(state.directory, EXPERIMENT, params.get("access_control_list"))
    experiment.acl = grants if replace else {**experiment.acl, **grants}
    return _render(state, experiment)


def set_experiment_permissions(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    return _change(state, principal, params, replace=True)


def update_experiment_permissions(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    return _change(state, principal, params, replace=False)


def get_experiment_permission_levels(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    experiment = state.find_experiment(text(params, "experiment_id"))
    state.check_experiment(principal, experiment, CAN_READ)
    return render_levels(EXPERIMENT)


# ---------------------------------------------------------------------------------------------------- runs


def _max_runs(params: Params) -> int:
    max_runs = integer(params, "max_runs", MAX_RUNS_PER_CALL)
    if not 1 <= max_runs <= MAX_RUNS_PER_CALL:
        raise bad_param(f"Parameter 'max_runs' must be between 1 and {MAX_RUNS_PER_CALL}, got {max_runs}.")
    return max_runs


def _editable_experiment(state: State, principal: Principal, params: Params) -> Experiment:
    experiment = state.find_experiment(text(params, "experiment_id"))
    state.check_experiment(principal, experiment, CAN_EDIT)
    return experiment


def delete_runs(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    max_timestamp = integer(params, "max_timestamp_millis")
    max_runs = _max_runs(params)
    experiment = _editable_experiment(state, principal, params)
    candidates = [r for r in experiment.runs if r.deleted_time is None and r.start_time <= max_timestamp]
    candidates.sort(key=lambda r: r.start_time)
    now = state.now_ms()
    for run in candidates[:max_runs]:
        run.deleted_time = now
    return {"runs_deleted": min(len(candidates), max_runs)}


def restore_runs(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    min_timestamp = integer(params, "min_timestamp_millis")
    max_runs = _max_runs(params)
    experiment = _editable_experiment(state, principal, params)
    candidates = [
        r for r in experiment.runs if r.deleted_time is not None and r.deleted_time >= min_timestamp
    ]
    candidates.sort(key=lambda r: (r.deleted_time, r.start_time))
    for run in candidates[:max_runs]:
        run.deleted_time = None
    return {"runs_restored": min(len(candidates), max_runs)}


HANDLERS: Final[dict[str, Handler]] = {
    "get_experiment_by_name": get_experiment_by_name,
    "search_experiments": search_experiments,
    "get_experiment_permissions": get_experiment_permissions,
    "set_experiment_permissions": set_experiment_permissions,
    "update_experiment_permissions": update_experiment_permissions,
    "get_experiment_permission_levels": get_experiment_permission_levels,
    "delete_runs": delete_runs,
    "restore_runs": restore_runs,
}
