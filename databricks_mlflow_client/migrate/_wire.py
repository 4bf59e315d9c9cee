"""The planner's inputs from the JSON bodies the API answers (as the spec describes them), without HTTP.

Each function takes decoded response bodies (or their parts) and returns the attrs value the planner reads,
so that `plan`, `apply` and `verify` can feed it from the client, the emulator or recorded files alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ._plan import AclEntry, TransitionRequest, UcModel, UcVersion, Webhook, WorkspaceModel, WorkspaceVersion

_PRINCIPAL_FIELDS = (
    ("user_name", "user"),
    ("group_name", "group"),
    ("service_principal_name", "service_principal"),
)


def _tags(entries: Iterable[Mapping[str, Any]] | None) -> dict[str, str]:
    return {str(t["key"]): str(t.get("value", "")) for t in entries or ()}


def acl_entries(permissions: Mapping[str, Any]) -> tuple[AclEntry, ...]:
    """Every permission of a `RegisteredModelPermissions` body, direct and inherited, one entry each."""
    entries = []
    for item in permissions.get("access_control_list") or ():
        principal, kind = next(
            ((str(item[field]), kind) for field, kind in _PRINCIPAL_FIELDS if item.get(field)), ("", "user")
        )
        for permission in item.get("all_permissions") or ():
            inherited = (
                tuple(permission.get("inherited_from_object") or ()) if permission.get("inherited") else ()
            )
            entries.append(AclEntry(principal, kind, str(permission.get("permission_level", "")), inherited))
    return tuple(entries)


def workspace_version(version: Mapping[str, Any]) -> WorkspaceVersion:
    """A `ModelVersion` (or `ModelVersionDatabricks`) body."""
    return WorkspaceVersion(
        int(version["version"]),
        str(version.get("current_stage") or "None"),
        str(version.get("description") or ""),
        str(version.get("source") or ""),
        str(version.get("run_id") or ""),
        _tags(version.get("tags")),
    )


def transition_requests(version: int, requests: Iterable[Mapping[str, Any]]) -> tuple[TransitionRequest, ...]:
    """The `requests` of a list_transition_requests body, for one version."""
    return tuple(
        TransitionRequest(
            version, str(r.get("to_stage", "")), str(r.get("user_id", "")), str(r.get("comment") or "")
        )
        for r in requests
    )


def workspace_model(
    model: Mapping[str, Any],
    permissions: Mapping[str, Any],
    versions: Iterable[Mapping[str, Any]] = (),
    requests: Iterable[TransitionRequest] = (),
) -> WorkspaceModel:
    """A `ModelDatabricks` body (get_model's `registered_model_databricks`), its permissions and versions."""
    return WorkspaceModel(
        name=str(model["name"]),
        creator=str(model.get("user_id") or ""),
        description=str(model.get("description") or ""),
        tags=_tags(model.get("tags")),
        versions=tuple(sorted((workspace_version(v) for v in versions), key=lambda v: v.version)),
        acl=acl_entries(permissions),
        requests=tuple(requests),
    )


def grant_map(grants: Mapping[str, Any]) -> dict[str, frozenset[str]]:
    """A `GetPermissionsResponse` body as principal -> privileges."""
    return {
        str(a["principal"]): frozenset(str(p) for p in a.get("privileges") or ())
        for a in grants.get("privilege_assignments") or ()
    }


def uc_model(
    info: Mapping[str, Any], versions: Iterable[Mapping[str, Any]], grants: Mapping[str, Any]
) -> UcModel:
    """A `RegisteredModelInfo` body (fetched with include_aliases), its `ModelVersionInfo`s and its grants."""
    return UcModel(
        full_name=str(info["full_name"]).lower(),
        owner=str(info.get("owner") or ""),
        comment=str(info.get("comment") or ""),
        aliases={str(a["alias_name"]).lower(): int(a["version_num"]) for a in info.get("aliases") or ()},
        versions=tuple(
            UcVersion(
                int(v["version"]),
                str(v.get("comment") or ""),
                str(v.get("source") or ""),
                str(v.get("run_id") or ""),
            )
            for v in versions
        ),
        grants=grant_map(grants),
    )


def webhook(hook: Mapping[str, Any]) -> Webhook:
    """A `RegistryWebhook` body."""
    target = (hook.get("http_url_spec") or {}).get("url") or (
        f"job {(hook.get('job_spec') or {}).get('job_id')}" if hook.get("job_spec") else ""
    )
    return Webhook(
        str(hook["id"]),
        tuple(str(e) for e in hook.get("events") or ()),
        hook.get("model_name"),
        str(target),
        str(hook.get("status") or "ACTIVE"),
    )
