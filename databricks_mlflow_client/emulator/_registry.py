"""Registered models, model versions, their permissions, stage transitions, transition requests and comments.

Rules the emulator enforces, by the caller's effective level on the model (see `_permissions`):
- CAN_READ: get the model, list transition requests, comment (models below CAN_READ answer 403
  PERMISSION_DENIED, as Databricks does; an unknown name answers 404 first).
- CAN_EDIT: also request transitions.
- A transition that only involves None and Staging needs CAN_MANAGE_STAGING_VERSIONS; one from or to
  Production or Archived needs CAN_MANAGE_PRODUCTION_VERSIONS. This holds for transition_stage and for
  approving or rejecting a request.
- CAN_MANAGE: read and change the model's permissions. `registered_model_id=root` addresses the registry
  root, whose grants every model inherits; the `admins` group keeps CAN_MANAGE there.
- Only the author of a comment (or an admin) may edit or delete it; only the creator of a transition request
  (or an admin) may cancel it. A user has at most one open request per version and target stage.
- approve/reject act on the oldest open request to `stage` (404 when there is none); approving performs the
  transition (with `archive_existing_versions`) and records APPROVED_REQUEST. Versions archived on the way
  get a SYSTEM_TRANSITION activity and fire their own transition events.
- Stage names are accepted in any letter case and answered in title case; anything else is 400 naming `stage`.
"""

from __future__ import annotations

from typing import Any, Final

from ._permissions import (
    CAN_EDIT,
    CAN_MANAGE,
    CAN_MANAGE_PRODUCTION_VERSIONS,
    CAN_MANAGE_STAGING_VERSIONS,
    CAN_READ,
    REGISTERED_MODEL,
    REGISTRY_ROOT,
    Acl,
    at_least,
    parse_acl_request,
    render_levels,
    render_permissions,
)
from ._principals import ADMINS_GROUP, ApiError, Principal, PrincipalRef, bad_param, denied, not_found
from ._search import compile_filter, paginate, sort
from ._state import (
    ROOT_ID,
    ROOT_OBJECT,
    STAGES,
    Activity,
    Comment,
    Handler,
    ModelVersion,
    Params,
    RegisteredModel,
    State,
    drop_none,
    flag,
    new_id,
    optional_text,
    page_size,
    stage,
    tag_list,
    text,
)
from ._webhooks import request_events, transition_events

_ARCHIVING_STAGES: Final = ("Staging", "Production")


# ---------------------------------------------------------------------------------------------------- shapes


def _latest_versions(model: RegisteredModel) -> list[dict[str, Any]]:
    latest: dict[str, ModelVersion] = {}
    for version in model.versions.values():
        current = latest.get(version.current_stage)
        if current is None or version.version > current.version:
            latest[version.current_stage] = version
    return [latest[name].to_wire() for name in STAGES if name in latest]


def _model_wire(model: RegisteredModel) -> dict[str, Any]:
    return {
        "name": model.name,
        "description": model.description,
        "creation_timestamp": model.creation_timestamp,
        "last_updated_timestamp": model.last_updated_timestamp,
        "user_id": model.creator[1],
        "latest_versions": _latest_versions(model),
        "tags": tag_list(model.tags),
    }


def _version_databricks(
    state: State, principal: Principal, model: RegisteredModel, mv: ModelVersion
) -> dict[str, Any]:
    wire = mv.to_wire()
    wire["permission_level"] = state.model_level(principal, model)
    wire["open_requests"] = [request.to_wire() for request in mv.open_requests]
    return wire


def _label(model: RegisteredModel, mv: ModelVersion) -> str:
    return f"registered model '{model.name}' version {mv.version}"


# ---------------------------------------------------------------------------------------------------- workspace setup


def create_model(state: State, creator: Principal, name: str, description: str) -> RegisteredModel:
    if name in state.models:
        raise ValueError(f"registered model {name!r} already exists")
    now = state.now_ms()
    model = RegisteredModel(new_id(), name, description, now, now, creator.ref)
    state.models[name] = model
    state.models_by_id[model.id] = model
    state.fire(name, ["REGISTERED_MODEL_CREATED"], {"text": f"Registered model '{name}' was created."})
    return model


def create_version(
    state: State, creator: Principal, model: RegisteredModel, initial_stage: str
) -> ModelVersion:
    if initial_stage not in STAGES:
        raise ValueError(f"stage must be one of {STAGES}, got {initial_stage!r}")
    now = state.now_ms()
    number = max(model.versions, default=0) + 1
    run_id = new_id()
    mv = ModelVersion(
        model.name,
        number,
        now,
        now,
        creator.name,
        current_stage=initial_stage,
        source=f"dbfs:/databricks/mlflow-tracking/0/{run_id}/artifacts/model",
        run_id=run_id,
    )
    model.versions[number] = mv
    model.last_updated_timestamp = now
    fields = {
        "version": str(number),
        "text": f"Version {number} of registered model '{model.name}' was created.",
    }
    state.fire(model.name, ["MODEL_VERSION_CREATED"], fields)
    return mv


def set_version_tag(state: State, model: RegisteredModel, mv: ModelVersion, key: str, value: str) -> None:
    mv.tags[key] = value
    mv.last_updated_timestamp = state.now_ms()
    fields = {
        "version": str(mv.version),
        "tags": [{"key": key, "value": value}],
        "text": f"Tag '{key}' was set on {_label(model, mv)}.",
    }
    state.fire(model.name, ["MODEL_VERSION_TAG_SET"], fields)


# ---------------------------------------------------------------------------------------------------- models


def get_model(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    model = state.readable_model(principal, text(params, "name"))
    wire = {"id": model.id, **_model_wire(model), "permission_level": state.model_level(principal, model)}
    return {"registered_model_databricks": wire}


def search_registered_models(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    size = page_size(params, default=100, maximum=1000)
    keep = compile_filter(optional_text(params, "filter"), {"name": lambda m: m.name})
    visible = [
        m for m in state.models.values() if keep(m) and at_least(state.model_level(principal, m), CAN_READ)
    ]
    keys = {
        "name": lambda m: m.name,
        "timestamp": lambda m: m.last_updated_timestamp,
        "last_updated_timestamp": lambda m: m.last_updated_timestamp,
        "creation_timestamp": lambda m: m.creation_timestamp,
    }
    ordered = sort(visible, params.get("order_by"), keys, default=["name ASC"])
    page, next_token = paginate(ordered, size, optional_text(params, "page_token"))
    return drop_none(
        {"registered_models": [_model_wire(m) for m in page], "next_page_token": next_token or None}
    )


def search_model_versions(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    """Every version of every readable model matching the filter (name, run_id, source_path)."""
    size = page_size(params, default=10_000, maximum=200_000)
    fields = {"name": lambda v: v.model_name, "run_id": lambda v: v.run_id, "source_path": lambda v: v.source}
    keep = compile_filter(optional_text(params, "filter"), fields)
    visible = [
        v
        for m in state.models.values()
        if at_least(state.model_level(principal, m), CAN_READ)
        for v in m.versions.values()
        if keep(v)
    ]
    keys = {
        "name": lambda v: v.model_name,
        "version_number": lambda v: v.version,
        "creation_timestamp": lambda v: v.creation_timestamp,
        "last_updated_timestamp": lambda v: v.last_updated_timestamp,
    }
    ordered = sort(visible, params.get("order_by"), keys, default=["name ASC", "version_number DESC"])
    page, next_token = paginate(ordered, size, optional_text(params, "page_token"))
    return drop_none({"model_versions": [v.to_wire() for v in page], "next_page_token": next_token or None})


# ---------------------------------------------------------------------------------------------------- permissions


def _model_by_id(state: State, registered_model_id: str) -> RegisteredModel:
    model = state.models_by_id.get(registered_model_id)
    if model is None:
        raise not_found(f"Registered model with id '{registered_model_id}' does not exist.")
    return model


def _check_root_manager(state: State, principal: Principal) -> None:
    if not at_least(state.root_level(principal), CAN_MANAGE):
        raise denied(f"{principal.describe()} does not have CAN_MANAGE permission on {ROOT_OBJECT}.")


def _render_model_permissions(state: State, model: RegisteredModel) -> dict[str, Any]:
    return render_permissions(
        state.directory, model.object_id, REGISTERED_MODEL, model.acl, state.model_inherited(model)
    )


def _render_root_permissions(state: State) -> dict[str, Any]:
    return render_permissions(state.directory, ROOT_OBJECT, REGISTRY_ROOT, state.root_acl, ())


def get_registered_model_permissions(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    model_id = text(params, "registered_model_id")
    if model_id == ROOT_ID:
        _check_root_manager(state, principal)
        return _render_root_permissions(state)
    model = _model_by_id(state, model_id)
    state.check_model(principal, model, CAN_MANAGE)
    return _render_model_permissions(state, model)


def _change_permissions(
    state: State, principal: Principal, params: Params, *, replace: bool
) -> dict[str, Any]:
    model_id = text(params, "registered_model_id")
    entries = params.get("access_control_list")
    if model_id == ROOT_ID:
        _check_root_manager(state, principal)
        grants = parse_acl_request(state.directory, REGISTRY_ROOT, entries)
        admins: PrincipalRef = ("group", ADMINS_GROUP)
        if grants.get(admins, CAN_MANAGE) != CAN_MANAGE:
            raise bad_param(f"The '{ADMINS_GROUP}' group must keep CAN_MANAGE on {ROOT_OBJECT}.")
        base: Acl = {admins: CAN_MANAGE} if replace else state.root_acl
        state.root_acl = {**base, **grants}
        return _render_root_permissions(state)
    model = _model_by_id(state, model_id)
    state.check_model(principal, model, CAN_MANAGE)
    grants = parse_acl_request(state.directory, REGISTERED_MODEL, entries)
    model.acl = grants if replace else {**model.acl, **grants}
    return _render_model_permissions(state, model)


def set_registered_model_permissions(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    return _change_permissions(state, principal, params, replace=True)


def update_registered_model_permissions(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    return _change_permissions(state, principal, params, replace=False)


def get_registered_model_permission_levels(
    state: State, principal: Principal, params: Params
) -> dict[str, Any]:
    model_id = text(params, "registered_model_id")
    if model_id == ROOT_ID:
        return render_levels(REGISTRY_ROOT)
    state.check_model(principal, _model_by_id(state, model_id), CAN_READ)
    return render_levels(REGISTERED_MODEL)


# ---------------------------------------------------------------------------------------------------- transitions


def required_transition_level(from_stage: str, to_stage: str) -> str:
    if {from_stage, to_stage} & {"Production", "Archived"}:
        return CAN_MANAGE_PRODUCTION_VERSIONS
    return CAN_MANAGE_STAGING_VERSIONS


def _transition_fields(
    model: RegisteredModel, mv: ModelVersion, from_stage: str, to_stage: str
) -> dict[str, Any]:
    return {
        "version": str(mv.version),
        "to_stage": to_stage,
        "from_stage": from_stage,
        "text": f"Registered model '{model.name}' version {mv.version} transitioned from {from_stage} to {to_stage}.",
    }


def _transition(
    state: State,
    principal: Principal,
    model: RegisteredModel,
    mv: ModelVersion,
    to_stage: str,
    *,
    archive_existing_versions: bool,
    activity_type: str,
    comment: str | None,
) -> Activity:
    now = state.now_ms()
    from_stage = mv.current_stage
    activity = Activity(new_id(), activity_type, principal.name, now, now, comment, from_stage, to_stage)
    mv.current_stage = to_stage
    mv.last_updated_timestamp = model.last_updated_timestamp = now
    mv.activities.append(activity)
    state.fire(model.name, transition_events(to_stage), _transition_fields(model, mv, from_stage, to_stage))
    if archive_existing_versions and to_stage in _ARCHIVING_STAGES:
        for other in model.versions.values():
            if other is mv or other.current_stage != to_stage:
                continue
            other.current_stage = "Archived"
            other.last_updated_timestamp = now
            why = f"Archived because version {mv.version} was transitioned to {to_stage}."
            other.activities.append(
                Activity(
                    new_id(), "SYSTEM_TRANSITION", principal.name, now, now, None, to_stage, "Archived", why
                )
            )
            state.fire(
                model.name,
                transition_events("Archived"),
                _transition_fields(model, other, to_stage, "Archived"),
            )
    return activity


def transition_stage(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    model = state.readable_model(principal, text(params, "name"))
    mv = state.find_version(model, text(params, "version"))
    to_stage = stage(params)
    state.check_model(principal, model, required_transition_level(mv.current_stage, to_stage))
    _transition(
        state,
        principal,
        model,
        mv,
        to_stage,
        archive_existing_versions=flag(params, "archive_existing_versions"),
        activity_type="APPLIED_TRANSITION",
        comment=optional_text(params, "comment"),
    )
    return {"model_version_databricks": _version_databricks(state, principal, model, mv)}


# ---------------------------------------------------------------------------------------------------- requests


def _request_actions(
    state: State, principal: Principal, model: RegisteredModel, mv: ModelVersion, request: Activity
) -> list[str]:
    actions = []
    assert request.to_stage is not None
    if at_least(
        state.model_level(principal, model), required_transition_level(mv.current_stage, request.to_stage)
    ):
        actions += ["APPROVE_TRANSITION_REQUEST", "REJECT_TRANSITION_REQUEST"]
    if request.user_id == principal.name:
        actions.append("CANCEL_TRANSITION_REQUEST")
    return actions


def create_transition_request(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    model = state.readable_model(principal, text(params, "name"))
    mv = state.find_version(model, text(params, "version"))
    to_stage = stage(params)
    comment = optional_text(params, "comment")
    state.check_model(principal, model, CAN_EDIT)
    if any(r.user_id == principal.name and r.to_stage == to_stage for r in mv.open_requests):
        raise ApiError(
            400,
            "RESOURCE_ALREADY_EXISTS",
            f"{principal.describe()} already has an open request to move {_label(model, mv)} to {to_stage}.",
        )
    now = state.now_ms()
    request = Activity(
        new_id(), "REQUESTED_TRANSITION", principal.name, now, now, comment, mv.current_stage, to_stage
    )
    mv.open_requests.append(request)
    mv.activities.append(request)
    fields = {
        "version": str(mv.version),
        "to_stage": to_stage,
        "from_stage": mv.current_stage,
        "comment": comment,
        "text": f"{principal.name} requested that {_label(model, mv)} be transitioned "
        f"from {mv.current_stage} to {to_stage}.",
    }
    state.fire(model.name, request_events(to_stage), fields)
    wire = {
        "available_actions": _request_actions(state, principal, model, mv, request),
        "comment": comment,
        "creation_timestamp": now,
        "to_stage": to_stage,
        "user_id": principal.name,
    }
    return {"request": drop_none(wire)}


def list_transition_requests(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    model = state.readable_model(principal, text(params, "name"))
    mv = state.find_version(model, text(params, "version"))
    return {"requests": [request.to_wire() for request in mv.open_requests]}


def _open_request(
    model: RegisteredModel, mv: ModelVersion, to_stage: str, creator: str | None = None
) -> Activity:
    for request in mv.open_requests:
        if request.to_stage == to_stage and creator in (None, request.user_id):
            return request
    by = "" if creator is None else f" by '{creator}'"
    raise not_found(f"No open transition request{by} to move {_label(model, mv)} to {to_stage}.")


def _decide(state: State, principal: Principal, params: Params, *, approve: bool) -> dict[str, Any]:
    model = state.readable_model(principal, text(params, "name"))
    mv = state.find_version(model, text(params, "version"))
    to_stage = stage(params)
    comment = optional_text(params, "comment")
    archive = flag(params, "archive_existing_versions") if approve else False
    state.check_model(principal, model, required_transition_level(mv.current_stage, to_stage))
    request = _open_request(model, mv, to_stage)
    mv.open_requests.remove(request)
    if approve:
        activity = _transition(
            state,
            principal,
            model,
            mv,
            to_stage,
            archive_existing_versions=archive,
            activity_type="APPROVED_REQUEST",
            comment=comment,
        )
    else:
        now = state.now_ms()
        activity = Activity(
            new_id(), "REJECTED_REQUEST", principal.name, now, now, comment, mv.current_stage, to_stage
        )
        mv.activities.append(activity)
    return {"activity": activity.to_wire()}


def approve_transition_request(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    return _decide(state, principal, params, approve=True)


def reject_transition_request(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    return _decide(state, principal, params, approve=False)


def delete_transition_request(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    model = state.readable_model(principal, text(params, "name"))
    mv = state.find_version(model, text(params, "version"))
    to_stage = stage(params)
    creator = text(params, "creator")
    request = _open_request(model, mv, to_stage, creator)
    if principal.name != creator and not principal.is_admin:
        raise denied(f"Only the creator '{creator}' of the transition request can cancel it.")
    mv.open_requests.remove(request)
    now = state.now_ms()
    activity = Activity(
        new_id(),
        "CANCELLED_REQUEST",
        principal.name,
        now,
        now,
        optional_text(params, "comment"),
        mv.current_stage,
        to_stage,
    )
    mv.activities.append(activity)
    return {"activity": activity.to_wire()}


# ---------------------------------------------------------------------------------------------------- comments


def _comment_wire(principal: Principal, activity: Activity) -> dict[str, Any]:
    may_change = activity.user_id == principal.name or principal.is_admin
    return {
        "id": activity.id,
        "comment": activity.comment,
        "user_id": activity.user_id,
        "creation_timestamp": activity.creation_timestamp,
        "last_updated_timestamp": activity.last_updated_timestamp,
        "available_actions": ["EDIT_COMMENT", "DELETE_COMMENT"] if may_change else [],
    }


def create_comment(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    model = state.readable_model(principal, text(params, "name"))
    mv = state.find_version(model, text(params, "version"))
    comment = text(params, "comment")
    now = state.now_ms()
    activity = Activity(new_id(), "NEW_COMMENT", principal.name, now, now, comment)
    mv.activities.append(activity)
    state.comments[activity.id] = Comment(activity, mv)
    fields = {
        "version": str(mv.version),
        "comment": comment,
        "text": f"{principal.name} commented on {_label(model, mv)}: {comment}",
    }
    state.fire(model.name, ["COMMENT_CREATED"], fields)
    return {"comment": _comment_wire(principal, activity)}


def _own_comment(state: State, principal: Principal, comment_id: str) -> Comment:
    found = state.comments.get(comment_id)
    if found is None:
        raise not_found(f"Comment '{comment_id}' does not exist.")
    state.readable_model(principal, found.version.model_name)
    if found.activity.user_id != principal.name and not principal.is_admin:
        raise denied(f"Only the author '{found.activity.user_id}' of comment '{comment_id}' can change it.")
    return found


def update_comment(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    found = _own_comment(state, principal, text(params, "id"))
    found.activity.comment = text(params, "comment")
    found.activity.last_updated_timestamp = state.now_ms()
    return {"comment": _comment_wire(principal, found.activity)}


def delete_comment(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    found = _own_comment(state, principal, text(params, "id"))
    del state.comments[found.activity.id]
    found.version.activities.remove(found.activity)
    return {}


HANDLERS: Final[dict[str, Handler]] = {
    "get_model": get_model,
    "search_registered_models": search_registered_models,
    "search_model_versions": search_model_versions,
    "get_registered_model_permissions": get_registered_model_permissions,
    "set_registered_model_permissions": set_registered_model_permissions,
    "update_registered_model_permissions": update_registered_model_permissions,
    "get_registered_model_permission_levels": get_registered_model_permission_levels,
    "transition_stage": transition_stage,
    "create_transition_request": create_transition_request,
    "list_transition_requests": list_transition_requests,
    "approve_transition_request": approve_transition_request,
    "reject_transition_request": reject_transition_request,
    "delete_transition_request": delete_transition_request,
    "create_comment": create_comment,
    "update_comment": update_comment,
    "delete_comment": delete_comment,
}
