"""Reading both registries through the client, and applying or verifying a plan: the I/O around the planner.

`read` fetches the workspace models (names or globs), their ACLs, every version, open transition requests and
the registry webhooks, and what Unity Catalog holds in the target schema; `plan` feeds them to the planner.
`apply` performs a plan's actions in order and stops at the first failure: every action is computed from the
current state of both sides, so running it again resumes where it stopped and never repeats what is done (a
copied version carries a marker in its comment). `verify` plans again: what is left is the difference.

Unity Catalog model tags have no REST operation in the spec (MLflow sets them through its own UC registry
calls), so tag actions are taken out of the plan and reported, each with the MLflow call that sets it.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, Final

import attrs

from ._plan import (
    COPY_VERSION,
    CREATE_MODEL,
    GRANT,
    SET_ALIAS,
    SET_COMMENT,
    SET_OWNER,
    SET_TAG,
    SET_VERSION_COMMENT,
    SET_VERSION_TAG,
    VERSION_NOT_COPIED,
    Action,
    Finding,
    Options,
    Plan,
    TransitionRequest,
    UcModel,
    UcSide,
    Webhook,
    WorkspaceModel,
    plan_migration,
)
from ._wire import grant_map, transition_requests, uc_model, webhook, workspace_model

if TYPE_CHECKING:
    from .._sync_client import DatabricksMlflowClient

TAG_NOT_COPIED: Final = "tag_not_copied"
_TAG_KINDS: Final = frozenset({SET_TAG, SET_VERSION_TAG})

VersionCopier = Callable[[str, int, str], int]
"""(workspace model name, workspace version, UC model full name) -> the new UC version number."""


class MigrationError(ValueError):
    """A migration that cannot start: a bad selection, or versions to copy without mlflow-skinny."""


@attrs.frozen
class Sides:
    """What both registries hold, as the planner reads it."""

    workspace: tuple[WorkspaceModel, ...]
    uc: UcSide
    webhooks: tuple[Webhook, ...]


@attrs.frozen
class Outcome:
    """What `apply` did: the actions done (in order), and the one that failed with its error, if any."""

    done: tuple[Action, ...]
    failed: Action | None = None
    error: str = ""


def select(names: Iterable[str], patterns: Sequence[str]) -> list[str]:
    """The names matching any pattern (exact names or globs); a pattern matching nothing is an error."""
    names = sorted(set(names))
    chosen: set[str] = set()
    for pattern in patterns:
        matched = [n for n in names if fnmatch.fnmatchcase(n, pattern)]
        if not matched:
            raise MigrationError(f"--model {pattern!r}: no workspace model matches it")
        chosen.update(matched)
    return sorted(chosen)


def read(client: DatabricksMlflowClient, schema: str, patterns: Sequence[str] | None) -> Sides:
    """Both sides over the API. `patterns` None means every model of the workspace registry.

    Sends search_registered_models, then per model get_model, get_registered_model_permissions,
    search_model_versions and list_transition_requests per version; list_webhooks; and in Unity Catalog
    list_uc_registered_models on the schema, get/list versions/grants per model and the grants of the catalog
    and schema. Raises DatabricksError, or MigrationError for a pattern that matches nothing.
    """
    every = [m.name for m in client.registered_models.search() if isinstance(m.name, str)]
    chosen = sorted(set(every)) if patterns is None else select(every, patterns)
    models = []
    for name in chosen:
        body = client.registered_models.get(name).to_dict()
        permissions = client.permissions.registered_models.get(name).to_dict()
        versions = [v.to_dict() for v in client.registered_models.search_versions(f"name='{name}'")]
        requests: list[TransitionRequest] = []
        for version in versions:
            activities = client.transition_requests.list(name, str(version["version"]))
            requests += transition_requests(int(version["version"]), [a.to_dict() for a in activities])
        models.append(workspace_model(body, permissions, versions, requests))
    hooks = tuple(webhook(h.to_dict()) for h in client.webhooks.list())
    return Sides(tuple(models), read_uc(client, schema), hooks)


def read_uc(client: DatabricksMlflowClient, schema: str) -> UcSide:
    """The models of `catalog.schema` with their versions and direct grants, and the parents' grants."""
    catalog, _, schema_name = schema.lower().partition(".")
    uc = client.uc
    found: dict[str, UcModel] = {}
    for info in uc.models.list(catalog, schema_name):
        name = str(info.full_name)
        versions = [v.to_dict() for v in uc.model_versions.list(name)]
        grants = {"privilege_assignments": [a.to_dict() for a in uc.grants.list(name)]}
        found[name.lower()] = uc_model(uc.models.get(name).to_dict(), versions, grants)

    def parent_grants(full_name: str, kind: str) -> dict[str, frozenset[str]]:
        listed = uc.grants.list(full_name, securable_type=kind)
        return grant_map({"privilege_assignments": [a.to_dict() for a in listed]})

    return UcSide(
        models=found,
        catalog_grants=parent_grants(catalog, "catalog"),
        schema_grants=parent_grants(f"{catalog}.{schema_name}", "schema"),
    )


def plan(sides: Sides, schema: str, options: Options) -> Plan:
    """The planner's plan, with tag actions turned into findings (see the module docstring)."""
    return _without_tags(plan_migration(sides.workspace, sides.uc, schema, options, sides.webhooks))


def _tag_finding(action: Action) -> Finding:
    p = action.params
    if action.kind == SET_TAG:
        call = f"set_registered_model_tag('{action.target}', '{p['key']}', '{p['value']}')"
        subject = f"{action.target}: tag {p['key']}={p['value']}"
    else:
        call = f"set_model_version_tag('{action.target}', '{p['version']}', '{p['key']}', '{p['value']}')"
        subject = f"{action.target} v{p['version']}: tag {p['key']}={p['value']}"
    return Finding(
        TAG_NOT_COPIED,
        subject,
        "Unity Catalog tags have no REST operation this tool can send or read back.",
        f"MlflowClient(registry_uri='databricks-uc').{call}",
    )


def _without_tags(full: Plan) -> Plan:
    models = tuple(
        attrs.evolve(
            m,
            actions=tuple(a for a in m.actions if a.kind not in _TAG_KINDS),
            findings=(*m.findings, *(_tag_finding(a) for a in m.actions if a.kind in _TAG_KINDS)),
        )
        for m in full.models
    )
    return attrs.evolve(full, models=models)


def differences(current: Plan) -> list[str]:
    """What still differs: every pending action, and every workspace version not in Unity Catalog."""
    missing = [f"{f.subject}: {f.detail}" for f in current.all_findings if f.kind == VERSION_NOT_COPIED]
    return [*current.differences(), *missing]


def securable_type(full_name: str) -> str:
    return {1: "catalog", 2: "schema"}.get(full_name.count(".") + 1, "function")


def apply(
    client: DatabricksMlflowClient,
    current: Plan,
    copier: VersionCopier | None,
    on_done: Callable[[Action], None] = lambda _action: None,
) -> Outcome:
    """Perform the plan's actions in order; stop at the first that fails (DatabricksError or a copy error).

    A version is copied only through `copier` (MLflow's copy_model_version), then marked with its source in
    its comment at once, so that no later run copies it again.
    """
    done: list[Action] = []
    uc = client.uc
    for model_plan in current.models:
        copies: dict[int, int] = dict(model_plan.version_map)
        for action in model_plan.actions:
            try:
                _perform(uc, action, model_plan.source, copies, copier)
            except Exception as exc:  # reported with the action; the next run resumes here
                return Outcome(tuple(done), action, f"{type(exc).__name__}: {exc}")
            done.append(action)
            on_done(action)
    for action in current.usage_actions:
        try:
            _grant(uc, action)
        except Exception as exc:
            return Outcome(tuple(done), action, f"{type(exc).__name__}: {exc}")
        done.append(action)
        on_done(action)
    return Outcome(tuple(done))


def _grant(uc: Any, action: Action) -> None:
    p = action.params
    uc.grants.grant(action.target, p["principal"], p["add"], securable_type=securable_type(action.target))


def _perform(
    uc: Any, action: Action, source: str, copies: dict[int, int], copier: VersionCopier | None
) -> None:
    p = action.params
    target = action.target
    if action.kind == CREATE_MODEL:
        uc.models.create(target, comment=p["comment"] or None)
    elif action.kind == SET_COMMENT:
        uc.models.update(target, comment=p["comment"])
    elif action.kind == COPY_VERSION:
        if copier is None:
            raise MigrationError(
                "copying versions needs mlflow-skinny (pip install 'databricks-mlflow-client[migrate]')"
            )
        number = copier(source, int(p["workspace_version"]), target)
        copies[int(p["workspace_version"])] = number
        uc.model_versions.update(target, number, comment=p["comment"])
    elif action.kind == SET_VERSION_COMMENT:
        uc.model_versions.update(target, p["version"], comment=p["comment"])
    elif action.kind == SET_ALIAS:
        version = p["version_num"] or copies[int(p["workspace_version"])]
        uc.models.set_alias(target, p["alias"], version)
    elif action.kind == GRANT:
        _grant(uc, action)
    elif action.kind == SET_OWNER:
        uc.models.update(target, owner=p["owner"])
    else:
        raise MigrationError(f"{action.kind}: not an action apply performs")


def mlflow_copier() -> VersionCopier:
    """MLflow's own copy_model_version, from the workspace registry to Unity Catalog. MLflow finds the
    workspace and credentials as it always does (DATABRICKS_HOST / DATABRICKS_TOKEN or a profile).
    Raises MigrationError when mlflow-skinny is not installed."""
    try:
        from mlflow import MlflowClient  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        raise MigrationError(
            "--copy-versions needs mlflow-skinny: pip install 'databricks-mlflow-client[migrate]'"
        ) from None
    mlflow = MlflowClient(tracking_uri="databricks", registry_uri="databricks-uc")

    def copy(source: str, version: int, target: str) -> int:
        return int(mlflow.copy_model_version(f"models:/{source}/{version}", target).version)

    return copy
