"""Registered models, model versions, their permissions, stage transitions, transition requests and comments.

Who may do what, by the caller's effective level on the model (see `_permissions`), as Databricks' model ACL
page has it (docs.databricks.com/en/mlflow/models-acl.html); workspace admins may do everything:
- CAN_READ: view the model, its versions and requests; request a stage transition; comment. Below CAN_READ a
  known model answers 403 PERMISSION_DENIED; an unknown name answers 404 first.
- CAN_EDIT: add versions, edit descriptions and tags (the OSS half, `_oss`).
- CAN_MANAGE_STAGING_VERSIONS: transitions between None, Staging and Archived, and approving or rejecting
  requests for them. CAN_MANAGE_PRODUCTION_VERSIONS: transitions to or from Production too.
- CAN_MANAGE: permissions, rename, delete; cancel anyone's transition request (its creator may cancel it too).
- The creator holds a direct CAN_MANAGE: a PUT that leaves the creator out locks the creator out.
  `registered_model_id=root` addresses the registry root, whose grants every model inherits (named
  `/registered-models/` in `inherited_from_object`); a PUT/PATCH on it may not take CAN_MANAGE from `admins`.
- A user has at most one open request per version and target stage. approve/reject act on the oldest open
  request to `stage` (404 when there is none); approving performs the transition (with
  `archive_existing_versions`) and records APPROVED_REQUEST. Versions archived on the way get a
  SYSTEM_TRANSITION activity and fire their own transition events.
- Stage names are accepted in any letter case and answered in title case; anything else is 400 naming `stage`.
- Model names are 1..100 characters, comments 1..65535 (the API reference).
"""

from __future__ import annotations

from typing import Any, Final

from ._permissions import (
    CAN_MANAGE,
    CAN_MANAGE_PRODUCTION_VERSIONS,
    CAN_MANAGE_STAGING_VERSIONS,
    CAN_READ,
    REGISTERED_MODEL,
    REGISTRY_ROOT,
    at_least,
    parse_acl_request,
    render_levels,
    render_permissions,
)
from ._principals import ADMINS_GROUP, ApiError, Principal, PrincipalRef, bad_param, denied, not_found
from ._search import compile_filter, search_page
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
    optional_text,
    page_size,
    stage,
    tag_list,
    text,
)
from ._webhooks import request_events, transition_events

_ARCHIVING_STAGES: Final = ("Staging", "Production")


# ---------------------------------------------------------------------------------------------------- shapes


def latest_versions(model: RegisteredModel) -> list[ModelVersion]:
    """The newest version in each stage, in stage order."""
    latest: dict[str, ModelVersion] = {}
    for version in model.versions.values():
        current = latest.get(version.current_stage)
        if current is None or version.version > current.version:
            latest[version.current_stage] = version
    return [latest[name] for name in STAGES if name in latest]


def model_wire(model: RegisteredModel) -> dict[str, Any]:
    """The OSS `RegisteredModel` shape."""
    return {
        "name": model.name,
        "description": model.description,
        "creation_timestamp": model.creation_timestamp,
        "last_updated_timestamp": model.last_updated_timestamp,
        "user_id": model.creator[1],
        "latest_versions": [version.to_wire() for version in latest_versions(model)],
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


def _optional_comment(params: Params) -> str | None:
    comment = optional_text(params, "comment")
    return None if comment is None else check_length("comment", comment, MAX_COMMENT_LENGTH)


# ---------------------------------------------------------------------------------------------------- workspace setup


MAX_NAME_LENGTH: Final = 100
MAX_COMMENT_LENGTH: Final = 65535


def check_length(field: str, value: str, maximum: int) -> str:
    """The documented length limits (API reference): 400 naming the field when out of 1..maximum."""
    if not 1 <= len(value) <= maximum:
        raise bad_param(
            f"Invalid value for parameter '{field}': it must be between 1 and {maximum} characters long, "
            f"got {len(value)}."
        )
    return value


def create_model(
    state: State, creator: Principal, name: str, description: str, tags: dict[str, str] | None = None
) -> RegisteredModel:
    """A new model whose creator holds a direct CAN_MANAGE; fires REGISTERED_MODEL_CREATED."""
    check_length("name", name, MAX_NAME_LENGTH)
    if name in state.models:
        raise ApiError(400, "RESOURCE_ALREADY_EXISTS", f"Registered Model (name={name}) already exists.")
    now = state.now_ms()
    model = RegisteredModel(
        state.new_id(),
        name,
        description,
        now,
        now,
        creator.ref,
        tags=dict(tags or {}),
        acl={creator.ref: CAN_MANAGE},
    )
    state.models[name] = model
    state.models_by_id[model.id] = model
    state.fire(name, ["REGISTERED_MODEL_CREATED"], {"text": f"Registered model '{name}' was created."})
    return model


def create_version(
    state: State,
    creator: Principal,
    model: RegisteredModel,
    initial_stage: str,
    *,
    source: str | None = None,
    run_id: str | None = None,
    description: str = "",
    tags: dict[str, str] | None = None,
) -> ModelVersion:
    """The model's next version; fires MODEL_VERSION_CREATED."""
    if initial_stage not in STAGES:
        raise ValueError(f"stage must be one of {STAGES}, got {initial_stage!r}")
    now = state.now_ms()
    number = max(model.versions, default=0) + 1
    if source is None:
        run_id = run_id or state.new_id()
        source = f"dbfs:/databricks/mlflow-tracking/0/{run_id}/artifacts/model"
    mv = ModelVersion(
        model.name,
        number,
        now,
        now,
        creator.name,
        current_stage=initial_stage,
        description=description,
        source=source,
        run_id=run_id or "",
        tags=dict(tags or {}),
    )
    model.versions[number] = mv
    model.last_updated_timestamp = now
    fields = {
        "version": str(number),
        "text": f"Version {number} of registered model '{model.name}' was created.",
    }
    state.fire(model.name, ["MODEL_VERSION_CREATED"], fields)
    return mv


def set_version_tag(
    state: State, principal: Principal, model: RegisteredModel, mv: ModelVersion, key: str, value: str
) -> None:
    """Set one tag; fires MODEL_VERSION_TAG_SET with the documented sentence."""
    mv.tags[key] = value
    mv.last_updated_timestamp = state.now_ms()
    fields = {
        "version": str(mv.version),
        "tags": [{"key": key, "value": value}],
        "text": f"{principal.name} set version tag(s) '{key}' => '{value}' for {_label(model, mv)}.",
    }
    state.fire(model.name, ["MODEL_VERSION_TAG_SET"], fields)


# ---------------------------------------------------------------------------------------------------- models


def get_model(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    model = state.readable_model(principal, text(params, "name"))
    wire = {"id": model.id, **model_wire(model), "permission_level": state.model_level(principal, model)}
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
    return search_page(
        visible,
        params,
        keys=keys,
        default=["name ASC"],
        size=size,
        field="registered_models",
        wire=model_wire,
    )


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
        kept = grants.get(admins, None if replace else CAN_MANAGE)
        if kept != CAN_MANAGE:  # the recorded refusal; its status and error code are not recorded
            raise bad_param(f"Cannot change permissions for group '{ADMINS_GROUP}' to {kept}.")
        state.root_acl = grants if replace else {**state.root_acl, **grants}
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
    """Production on either side needs CAN_MANAGE_PRODUCTION_VERSIONS; None/Staging/Archived the staging one."""
    if "Production" in (from_stage, to_stage):
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
    activity = Activity(
        state.new_id(), activity_type, principal.name, now, now, comment, from_stage, to_stage
    )
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
                    state.new_id(),
                    "SYSTEM_TRANSITION",
                    principal.name,
                    now,
                    now,
                    None,
                    to_stage,
                    "Archived",
                    why,
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
    if request.user_id == principal.name or at_least(state.model_level(principal, model), CAN_MANAGE):
        actions.append("CANCEL_TRANSITION_REQUEST")
    return actions


def create_transition_request(state: State, principal: Principal, params: Params) -> dict[str, Any]:
    model = state.readable_model(principal, text(params, "name"))
    mv = state.find_version(model, text(params, "version"))
    to_stage = stage(params)
    comment = _optional_comment(params)
    if any(r.user_id == principal.name and r.to_stage == to_stage for r in mv.open_requests):
        raise ApiError(
            400,
            "RESOURCE_ALREADY_EXISTS",
            f"{principal.describe()} already has an open request to move {_label(model, mv)} to {to_stage}.",
        )
    now = state.now_ms()
    request = Activity(
        state.new_id(), "REQUESTED_TRANSITION", principal.name, now, now, comment, mv.current_stage, to_stage
    )
    mv.open_requests.append(request)
    mv.activities.append(request)
    fields = {
        "version": str(mv.version),
        "to_stage": to_stage,
        "from_stage": mv.current_stage,
        "comment": comment,
        "text": f"A user requested that {_label(model, mv)} be transitioned "
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
    comment = _optional_comment(params)
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
            state.new_id(), "REJECTED_REQUEST", principal.name, now, now, comment, mv.current_stage, to_stage
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
    if principal.name != creator and not at_least(state.model_level(principal, model), CAN_MANAGE):
        raise denied(
            f"{principal.describe()} can not cancel the transition request of '{creator}': "
            f"it takes CAN_MANAGE permission on registered model '{model.name}' or being its creator."
        )
    mv.open_requests.remove(request)
    now = state.now_ms()
    activity = Activity(
        state.new_id(),
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
    comment = check_length("comment", text(params, "comment"), MAX_COMMENT_LENGTH)
    now = state.now_ms()
    activity = Activity(state.new_id(), "NEW_COMMENT", principal.name, now, now, comment)
    mv.activities.append(activity)
    state.comments[activity.id] = Comment(activity, mv)
    fields = {
        "version": str(mv.version),
        "comment": comment,
        "text": f"A user commented on {_label(model, mv)}.",
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
    found.activity.comment = check_length("comment", text(params, "comment"), MAX_COMMENT_LENGTH)
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
