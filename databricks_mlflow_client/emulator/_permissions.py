"""Permission levels, access control lists and how a caller's effective level is computed.

An object has direct grants (what PUT replaces and PATCH merges into) and inherited grants it gets from a
parent object: the registry root (named `/registered-models/` in `inherited_from_object`) for registered
models, the workspace root `/directories/` and the experiment's folder `/directories/<id>` for experiments. A caller's effective level is the highest of the grants to the caller and to the caller's
groups; workspace admins have CAN_MANAGE on everything.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

import attrs

from ._principals import Directory, Principal, PrincipalKind, PrincipalRef, bad_param

CAN_READ: Final = "CAN_READ"
CAN_EDIT: Final = "CAN_EDIT"
CAN_MANAGE_STAGING_VERSIONS: Final = "CAN_MANAGE_STAGING_VERSIONS"
CAN_MANAGE_PRODUCTION_VERSIONS: Final = "CAN_MANAGE_PRODUCTION_VERSIONS"
CAN_MANAGE: Final = "CAN_MANAGE"

_RANK: Final = {
    CAN_READ: 1,
    CAN_EDIT: 2,
    CAN_MANAGE_STAGING_VERSIONS: 3,
    CAN_MANAGE_PRODUCTION_VERSIONS: 4,
    CAN_MANAGE: 5,
}

_PRINCIPAL_FIELDS: Final[tuple[tuple[str, PrincipalKind], ...]] = (
    ("user_name", "user"),
    ("group_name", "group"),
    ("service_principal_name", "service_principal"),
)
_FIELD_OF_KIND: Final[dict[str, str]] = {kind: field for field, kind in _PRINCIPAL_FIELDS}

Acl = dict[PrincipalRef, str]
"""Direct grants of one object, in the order they were made."""


@attrs.frozen
class ObjectType:
    label: str
    wire_type: str
    levels: tuple[tuple[str, str], ...]
    """(level, description), lowest first."""

    @property
    def level_names(self) -> tuple[str, ...]:
        return tuple(level for level, _ in self.levels)


# The descriptions a workspace returns, as recorded in mlflow-export-import's Databricks samples
# (samples/databricks/single/models/basic/model.json, .../workspace_notebook/experiment.json).
_MODEL_LEVELS: Final = (
    (
        CAN_READ,
        "Can view the details of the registered model and its model versions, and use the model versions.",
    ),
    (
        CAN_EDIT,
        "Can view and edit the details of a registered model and its model versions (except stage changes), "
        "and add new model versions.",
    ),
    (
        CAN_MANAGE_STAGING_VERSIONS,
        "Can view and edit the details of a registered model and its model versions, add new model versions, "
        "and manage stage transitions between non-Production stages.",
    ),
    (
        CAN_MANAGE_PRODUCTION_VERSIONS,
        "Can view and edit the details of a registered model and its model versions, add new model versions, "
        "and manage stage transitions between any stages.",
    ),
    (
        CAN_MANAGE,
        "Can manage permissions on, view all details of, and perform all actions on the registered model "
        "and its model versions.",
    ),
)

REGISTERED_MODEL: Final = ObjectType("registered model", "registered-model", _MODEL_LEVELS)
REGISTRY_ROOT: Final = ObjectType("registry root", "registered-models", _MODEL_LEVELS)
EXPERIMENT: Final = ObjectType(
    "experiment",
    "mlflowExperiment",
    (
        (CAN_READ, "Can view the experiment"),
        (CAN_EDIT, "Can view, log runs, and edit the experiment"),
        (CAN_MANAGE, "Can view, log runs, edit, delete, and change permissions of the experiment"),
    ),
)


@attrs.frozen
class InheritedGrant:
    ref: PrincipalRef
    level: str
    source: str
    """The object the grant comes from as the service names it: `/registered-models/`, `/directories/<id>`."""


def rank(level: str | None) -> int:
    return 0 if level is None else _RANK[level]


def at_least(level: str | None, required: str) -> bool:
    return rank(level) >= _RANK[required]


def effective_level(
    directory: Directory, principal: Principal, direct: Acl, inherited: Sequence[InheritedGrant]
) -> str | None:
    """The highest level the principal holds on an object, directly or through a group; None for no access."""
    if principal.is_admin:
        return CAN_MANAGE
    refs = set(directory.refs_of(principal))
    levels = [level for ref, level in direct.items() if ref in refs]
    levels.extend(grant.level for grant in inherited if grant.ref in refs)
    return max(levels, key=rank, default=None)


def parse_acl_request(directory: Directory, object_type: ObjectType, entries: object) -> Acl:
    """Validate a PUT/PATCH `access_control_list` completely before anything is applied."""
    if entries is None:
        return {}
    if not isinstance(entries, list):
        raise bad_param("access_control_list must be an array")
    grants: Acl = {}
    unknown: list[str] = []
    for index, entry in enumerate(entries):
        ref, level = _parse_entry(object_type, index, entry)
        if not directory.exists(ref):
            unknown.append(f"{_FIELD_OF_KIND[ref[0]]} '{ref[1]}'")
        grants[ref] = level
    if unknown:
        raise bad_param(f"Principal does not exist: {', '.join(unknown)}. No permission was changed.")
    return grants


def _parse_entry(object_type: ObjectType, index: int, entry: object) -> tuple[PrincipalRef, str]:
    where = f"access_control_list[{index}]"
    if not isinstance(entry, Mapping):
        raise bad_param(f"{where} must be an object")
    named = [(kind, entry[field]) for field, kind in _PRINCIPAL_FIELDS if entry.get(field) is not None]
    if len(named) != 1:
        raise bad_param(f"{where} must set exactly one of user_name, group_name, service_principal_name")
    kind, name = named[0]
    if not isinstance(name, str) or not name:
        raise bad_param(f"{where}.{_FIELD_OF_KIND[kind]} must be a non-empty string")
    level = entry.get("permission_level")
    if level not in object_type.level_names:
        raise bad_param(
            f"{where}.permission_level {level!r} is not valid for an {object_type.label}; "
            f"valid levels: {', '.join(object_type.level_names)}"
        )
    return (kind, name), str(level)


def render_permissions(
    directory: Directory,
    object_id: str,
    object_type: ObjectType,
    direct: Acl,
    inherited: Iterable[InheritedGrant],
) -> dict[str, Any]:
    """The `*Permissions` wire object: one entry per principal with all of its permissions."""
    by_principal: dict[PrincipalRef, list[dict[str, Any]]] = {}
    for ref, level in direct.items():
        by_principal.setdefault(ref, []).append({"permission_level": level, "inherited": False})
    sources: dict[tuple[PrincipalRef, str], list[str]] = {}
    for grant in inherited:
        sources.setdefault((grant.ref, grant.level), []).append(grant.source)
    for (ref, level), objects in sources.items():
        permission = {"permission_level": level, "inherited": True, "inherited_from_object": objects}
        by_principal.setdefault(ref, []).append(permission)
    acl = []
    for ref, permissions in by_principal.items():
        kind, name = ref
        entry: dict[str, Any] = {_FIELD_OF_KIND[kind]: name}
        if kind != "group":
            entry["display_name"] = directory.display_name(ref)
        entry["all_permissions"] = permissions
        acl.append(entry)
    return {"object_id": object_id, "object_type": object_type.wire_type, "access_control_list": acl}


def render_levels(object_type: ObjectType) -> dict[str, Any]:
    return {
        "permission_levels": [
            {"permission_level": level, "description": description}
            for level, description in object_type.levels
        ]
    }
