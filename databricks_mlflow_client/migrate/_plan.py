"""Planning the move of workspace-registry models to Unity Catalog, from plain inputs, without any HTTP.

`plan_migration` compares what the workspace registry holds with what Unity Catalog already has and returns
the actions that would make Unity Catalog match, in the order they can be applied, plus findings: what
cannot carry over, object by object, with what to do instead. The plan is computed from the current state
of both sides, so applying it and planning again gives no actions (`apply` is idempotent, and an
interrupted `apply` resumes by planning again); `Plan.differences` is what `verify` reports.

Versions are matched, never copied twice: a UC version is the copy of workspace version N when its comment
carries the marker of N (`version_marker`), or else when it is the only one on both sides with N's run id.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, Final

import attrs

from ._mapping import DEFAULT_MAPPING, MigrationMapping

# Action kinds, in the order a plan lists (and apply performs) them for one model.
CREATE_MODEL: Final = "create_model"
SET_COMMENT: Final = "set_comment"
COPY_VERSION: Final = "copy_version"
SET_VERSION_COMMENT: Final = "set_version_comment"
SET_VERSION_TAG: Final = "set_version_tag"
SET_TAG: Final = "set_tag"
SET_ALIAS: Final = "set_alias"
GRANT: Final = "grant"
SET_OWNER: Final = "set_owner"
"""Last: once ownership moves, the migrating principal may no longer change the model."""

# Finding kinds.
NO_UC_EQUIVALENT: Final = "no_uc_equivalent"
INHERITED_NOT_COPIED: Final = "inherited_not_copied"
WORKSPACE_LOCAL_GROUP: Final = "workspace_local_group"
UNKNOWN_PRINCIPAL: Final = "unknown_principal"
UNKNOWN_LEVEL: Final = "unknown_level"
KEPT_UC_GRANT: Final = "kept_uc_grant"
USAGE_NEEDED: Final = "usage_needed"
VERSION_NOT_COPIED: Final = "version_not_copied"
STAGE_WITHOUT_ALIAS: Final = "stage_without_alias"
OPEN_REQUEST: Final = "open_transition_request"
REGISTRY_WEBHOOK: Final = "registry_webhook"
COMMENT: Final = "comment"

WORKSPACE_LOCAL_GROUPS: Final = frozenset({"admins", "users"})
_NOT_IN_UC_NAMES: Final = re.compile(r"[.\s/\x00-\x1f\x7f]")


class PlanError(ValueError):
    """Inputs that cannot be planned (for example two models that would get the same UC name)."""


# ---------------------------------------------------------------------------------------------------- inputs


@attrs.frozen
class AclEntry:
    """One permission of one principal on a workspace model, as the permissions API lists it."""

    principal: str
    """User name, group name or service principal application id."""
    kind: str
    """`user`, `group` or `service_principal`."""
    level: str
    inherited_from: tuple[str, ...] = ()
    """The objects the permission is inherited from; empty for a direct grant."""


@attrs.frozen
class WorkspaceVersion:
    version: int
    stage: str = "None"
    description: str = ""
    source: str = ""
    run_id: str = ""
    tags: Mapping[str, str] = attrs.field(factory=dict)


@attrs.frozen
class TransitionRequest:
    version: int
    to_stage: str
    creator: str
    comment: str = ""


@attrs.frozen
class VersionComment:
    version: int
    id: str
    user: str
    text: str
    created_at: int = 0


@attrs.frozen
class Webhook:
    id: str
    events: tuple[str, ...]
    model_name: str | None = None
    """None for a registry-wide webhook."""
    target: str = ""
    """The URL or `job <id>` it calls."""
    status: str = "ACTIVE"


@attrs.frozen
class WorkspaceModel:
    """A workspace-registry model with everything governance-related about it."""

    name: str
    creator: str = ""
    description: str = ""
    tags: Mapping[str, str] = attrs.field(factory=dict)
    versions: tuple[WorkspaceVersion, ...] = ()
    acl: tuple[AclEntry, ...] = ()
    requests: tuple[TransitionRequest, ...] = ()
    comments: tuple[VersionComment, ...] = ()


@attrs.frozen
class UcVersion:
    version: int
    comment: str = ""
    source: str = ""
    run_id: str = ""
    tags: Mapping[str, str] = attrs.field(factory=dict)


@attrs.frozen
class UcModel:
    """A registered model as Unity Catalog has it now."""

    full_name: str
    owner: str = ""
    comment: str = ""
    aliases: Mapping[str, int] = attrs.field(factory=dict)
    versions: tuple[UcVersion, ...] = ()
    grants: Mapping[str, frozenset[str]] = attrs.field(factory=dict)
    """Direct grants only: principal -> privileges."""
    tags: Mapping[str, str] = attrs.field(factory=dict)


@attrs.frozen
class UcSide:
    """What Unity Catalog holds in and around the target schema."""

    models: Mapping[str, UcModel] = attrs.field(factory=dict)
    """By lower-case full name."""
    principals: frozenset[str] | None = None
    """Principals known to Unity Catalog (account users, groups, service principals); None: not checked."""
    catalog_grants: Mapping[str, frozenset[str]] = attrs.field(factory=dict)
    schema_grants: Mapping[str, frozenset[str]] = attrs.field(factory=dict)


@attrs.frozen
class Options:
    mapping: MigrationMapping = DEFAULT_MAPPING
    owner: str | None = None
    """Owner of every migrated model; default: the workspace model's creator."""
    copy_versions: bool = False
    """Plan copies of versions not in Unity Catalog yet (apply needs mlflow-skinny's copy_model_version)."""
    grant_usage: bool = False
    """Also grant USE CATALOG and USE SCHEMA to every principal that gets a grant on a model."""
    names: Mapping[str, str] = attrs.field(factory=dict)
    """Workspace model name -> UC model name (relative to the schema), where the default does not fit."""


# ---------------------------------------------------------------------------------------------------- outputs


@attrs.frozen
class Action:
    """One change to Unity Catalog."""

    kind: str
    target: str
    """Full name of the UC model (or of the catalog / schema, for usage grants)."""
    params: Mapping[str, Any]
    why: str

    def describe(self) -> str:
        details = ", ".join(f"{key}={value!r}" for key, value in self.params.items())
        return f"{self.kind} {self.target}" + (f" ({details})" if details else "") + f": {self.why}"


@attrs.frozen
class Finding:
    """Something that does not carry over as it is, and what to do instead."""

    kind: str
    subject: str
    detail: str
    instead: str


@attrs.frozen
class ModelPlan:
    source: str
    target: str
    actions: tuple[Action, ...]
    findings: tuple[Finding, ...]
    version_map: Mapping[int, int]
    """Workspace version -> UC version, for the versions already in Unity Catalog."""


@attrs.frozen
class Plan:
    schema: str
    models: tuple[ModelPlan, ...]
    findings: tuple[Finding, ...] = ()
    """Findings that belong to no single model (registry-wide webhooks, usage of the parents)."""
    usage_actions: tuple[Action, ...] = ()

    @property
    def actions(self) -> tuple[Action, ...]:
        """Every action, model by model, then the usage grants on the catalog and schema."""
        return (*(a for m in self.models for a in m.actions), *self.usage_actions)

    @property
    def all_findings(self) -> tuple[Finding, ...]:
        return (*(f for m in self.models for f in m.findings), *self.findings)

    def differences(self) -> list[str]:
        """What still differs between the two sides: empty once applied (what `verify` reports)."""
        return [action.describe() for action in self.actions]


# ---------------------------------------------------------------------------------------------------- names


def comments_export(models: Iterable[WorkspaceModel]) -> list[dict[str, Any]]:
    """Every comment of the models, for the export file that replaces them (UC versions have none)."""
    return [
        {"model": model.name, **attrs.asdict(comment)}
        for model in sorted(models, key=lambda m: m.name)
        for comment in sorted(model.comments, key=lambda c: (c.version, c.created_at, c.id))
    ]


def uc_model_name(workspace_name: str) -> str:
    """The default UC name of a workspace model: lower case, with `.`, whitespace, `/` and control characters
    (which UC names cannot hold) replaced by `_`."""
    return _NOT_IN_UC_NAMES.sub("_", workspace_name.lower())


def version_marker(model_name: str, version: int) -> str:
    """The marker a copied UC version's comment carries: it records the source and prevents a second copy."""
    return f"[migrated from workspace model '{model_name}' version {version}]"


def version_comment(description: str, model_name: str, version: int) -> str:
    """The comment of the UC copy of a workspace version: its description, then the marker."""
    marker = version_marker(model_name, version)
    return f"{description}\n\n{marker}" if description else marker


def match_versions(workspace: WorkspaceModel, uc: UcModel | None) -> dict[int, int]:
    """Workspace version -> UC version for the versions already copied: by marker, else by a run id that
    only one version has on each side."""
    if uc is None:
        return {}
    matched: dict[int, int] = {}
    taken: set[int] = set()
    for ws in workspace.versions:
        marker = version_marker(workspace.name, ws.version)
        for candidate in uc.versions:
            if candidate.version not in taken and marker in candidate.comment:
                matched[ws.version] = candidate.version
                taken.add(candidate.version)
                break
    ws_runs: dict[str, list[int]] = {}
    for ws in workspace.versions:
        if ws.version not in matched and ws.run_id:
            ws_runs.setdefault(ws.run_id, []).append(ws.version)
    uc_runs: dict[str, list[int]] = {}
    for candidate in uc.versions:
        if candidate.version not in taken and candidate.run_id:
            uc_runs.setdefault(candidate.run_id, []).append(candidate.version)
    for run_id, ws_versions in ws_runs.items():
        if len(ws_versions) == 1 and len(uc_runs.get(run_id, ())) == 1:
            matched[ws_versions[0]] = uc_runs[run_id][0]
    return matched


# ---------------------------------------------------------------------------------------------------- one model


def _grant_findings(
    model: WorkspaceModel, entry: AclEntry, principals: frozenset[str] | None, mapping: MigrationMapping
) -> tuple[frozenset[str], list[Finding]]:
    """The privileges an ACL entry carries to Unity Catalog, and what it reports."""
    subject = f"{model.name}: {entry.kind} '{entry.principal}' {entry.level}"
    if entry.kind == "group" and entry.principal in WORKSPACE_LOCAL_GROUPS:
        return frozenset(), [
            Finding(
                WORKSPACE_LOCAL_GROUP,
                subject,
                f"'{entry.principal}' is a workspace-local group; Unity Catalog only knows account groups.",
                "Grant the privileges to an account group with the same members.",
            )
        ]
    if entry.inherited_from:
        sources = ", ".join(entry.inherited_from)
        instead = (
            "The creator becomes the owner in Unity Catalog, unless another owner is chosen."
            if entry.principal == model.creator and entry.level == "CAN_MANAGE"
            else "Grant it on the catalog or schema if every model there should have it."
        )
        return frozenset(), [
            Finding(
                INHERITED_NOT_COPIED,
                subject,
                f"Inherited from {sources}: not copied as a direct grant.",
                instead,
            )
        ]
    rule = mapping.levels.get(entry.level)
    if rule is None:
        return frozenset(), [
            Finding(
                UNKNOWN_LEVEL,
                subject,
                "Not a registered-model permission level.",
                "Map it in the mapping file.",
            )
        ]
    if principals is not None and entry.principal not in principals:
        wanted = ", ".join(sorted(rule.privileges))
        return frozenset(), [
            Finding(
                UNKNOWN_PRINCIPAL,
                subject,
                f"Unknown to Unity Catalog: {wanted} not granted.",
                "Add the principal to the account (or sync the group), then plan again.",
            )
        ]
    findings = []
    if rule.no_equivalent:
        findings.append(
            Finding(
                NO_UC_EQUIVALENT,
                subject,
                f"Granted {', '.join(sorted(rule.privileges)) or 'nothing'}; the rest has no Unity Catalog equivalent.",
                rule.no_equivalent,
            )
        )
    return rule.privileges, findings


def plan_model(
    model: WorkspaceModel,
    uc: UcModel | None,
    target: str,
    options: Options,
    principals: frozenset[str] | None,
) -> ModelPlan:
    """The actions and findings that carry one workspace model to `target` (`catalog.schema.model`)."""
    actions: list[Action] = []
    findings: list[Finding] = []
    why = f"from workspace model '{model.name}'"
    if uc is None:
        actions.append(Action(CREATE_MODEL, target, {"comment": model.description}, why))
    elif uc.comment != model.description:
        actions.append(Action(SET_COMMENT, target, {"comment": model.description}, f"description {why}"))

    version_map = match_versions(model, uc)
    uc_versions = {v.version: v for v in (uc.versions if uc else ())}
    later: list[Action] = []  # comments and tags of versions, after every copy
    for ws in sorted(model.versions, key=lambda v: v.version):
        comment = version_comment(ws.description, model.name, ws.version)
        label = f"workspace version {ws.version}"
        copied = uc_versions.get(version_map.get(ws.version, -1))
        if copied is None:
            if options.copy_versions:
                params = {"workspace_version": ws.version, "comment": comment, "tags": dict(ws.tags)}
                actions.append(Action(COPY_VERSION, target, params, f"{label} is not in Unity Catalog yet"))
            else:
                findings.append(
                    Finding(
                        VERSION_NOT_COPIED,
                        f"{model.name} v{ws.version}",
                        "Not in Unity Catalog yet; its aliases, comment and tags wait for it.",
                        "Plan with copy_versions (needs mlflow-skinny), or copy it with MLflowClient.copy_model_version "
                        "and plan again: a copy is matched by its run id.",
                    )
                )
            continue
        if copied.comment != comment:
            later.append(
                Action(SET_VERSION_COMMENT, target, {"version": copied.version, "comment": comment}, label)
            )
        for key, value in sorted(ws.tags.items()):
            if copied.tags.get(key) != value:
                params = {"version": copied.version, "key": key, "value": value}
                later.append(Action(SET_VERSION_TAG, target, params, f"tag of {label}"))
    actions.extend(later)

    current_tags = uc.tags if uc else {}
    for key, value in sorted(model.tags.items()):
        if current_tags.get(key) != value:
            actions.append(Action(SET_TAG, target, {"key": key, "value": value}, f"tag {why}"))

    actions.extend(_alias_actions(model, uc, target, options, version_map, findings))

    desired: dict[str, set[str]] = {}
    for entry in model.acl:
        privileges, reported = _grant_findings(model, entry, principals, options.mapping)
        findings.extend(reported)
        if privileges:
            desired.setdefault(entry.principal, set()).update(privileges)
    current = uc.grants if uc else {}
    for principal, wanted in sorted(desired.items()):
        missing = sorted(wanted - current.get(principal, frozenset()))
        if missing:
            actions.append(Action(GRANT, target, {"principal": principal, "add": missing}, f"ACL {why}"))
    for principal, privileges in sorted(current.items()):
        extra = sorted(privileges - desired.get(principal, set()))
        if extra:
            findings.append(
                Finding(
                    KEPT_UC_GRANT,
                    f"{target}: '{principal}' {', '.join(extra)}",
                    "Granted in Unity Catalog beyond the workspace ACL.",
                    "Kept: a migration never revokes. Revoke it yourself if it is not wanted.",
                )
            )

    owner = options.owner or model.creator
    if owner and (uc is None or uc.owner != owner):
        if principals is not None and owner not in principals:
            findings.append(
                Finding(
                    UNKNOWN_PRINCIPAL,
                    f"{model.name}: owner '{owner}'",
                    "Unknown to Unity Catalog: ownership not transferred.",
                    "Add the principal to the account, or choose another owner, then plan again.",
                )
            )
        else:
            actions.append(
                Action(
                    SET_OWNER,
                    target,
                    {"owner": owner},
                    "the workspace model's creator" if not options.owner else "the chosen owner",
                )
            )

    findings.extend(_unportable(model, target))
    return ModelPlan(model.name, target, tuple(actions), tuple(findings), version_map)


def _alias_actions(
    model: WorkspaceModel,
    uc: UcModel | None,
    target: str,
    options: Options,
    version_map: Mapping[int, int],
    findings: list[Finding],
) -> list[Action]:
    """The latest version of each mapped stage gets the stage's alias (as Databricks' upgrade notebook does);
    every other version in a stage is reported."""
    actions = []
    aliases = options.mapping.stage_aliases
    current = uc.aliases if uc else {}
    by_stage: dict[str, list[int]] = {}
    for ws in model.versions:
        by_stage.setdefault(ws.stage, []).append(ws.version)
    for stage, versions in sorted(by_stage.items()):
        if stage == "None":
            continue
        alias = aliases.get(stage)
        latest = max(versions)
        for version in sorted(versions):
            if alias is None or version != latest:
                reason = (
                    f"no alias for stage {stage}" if alias is None else f"'{alias}' goes to version {latest}"
                )
                findings.append(
                    Finding(
                        STAGE_WITHOUT_ALIAS,
                        f"{model.name} v{version} ({stage})",
                        f"Stages do not exist in Unity Catalog and {reason}.",
                        "Map the stage to an alias in the mapping file, or set an alias on the version yourself.",
                    )
                )
        if alias is None:
            continue
        uc_version = version_map.get(latest)
        if uc_version is None and not options.copy_versions:
            continue  # reported as VERSION_NOT_COPIED
        if uc_version is None or current.get(alias) != uc_version:
            params: dict[str, Any] = {"alias": alias, "workspace_version": latest, "version_num": uc_version}
            actions.append(Action(SET_ALIAS, target, params, f"version {latest} is the latest in {stage}"))
    return actions


def _unportable(model: WorkspaceModel, target: str) -> list[Finding]:
    findings = [
        Finding(
            OPEN_REQUEST,
            f"{model.name} v{r.version}: request by '{r.creator}' to {r.to_stage}",
            "Transition requests do not exist in Unity Catalog.",
            f"A deployment job with an approval task on {target} (MLflow 3 deployment jobs); "
            f"tell '{r.creator}' to request the deployment there.",
        )
        for r in model.requests
    ]
    findings += [
        Finding(
            COMMENT,
            f"{model.name} v{c.version}: comment {c.id} by '{c.user}'",
            "Model versions in Unity Catalog have no comments.",
            "Exported to the comments file by apply.",
        )
        for c in model.comments
    ]
    return findings


def _webhook_finding(hook: Webhook, target: str | None) -> Finding:
    scope = f"model '{hook.model_name}'" if hook.model_name else "the whole registry"
    where = target or "each migrated model"
    return Finding(
        REGISTRY_WEBHOOK,
        f"webhook {hook.id} on {scope} ({hook.status}, {', '.join(hook.events)}) -> {hook.target}",
        "Registry webhooks do not fire for models in Unity Catalog.",
        f"A job with a model-update trigger on {where} that calls {hook.target or 'the same target'}.",
    )


# ---------------------------------------------------------------------------------------------------- many models


def plan_migration(
    models: Iterable[WorkspaceModel],
    uc: UcSide,
    schema: str,
    options: Options | None = None,
    webhooks: Iterable[Webhook] = (),
) -> Plan:
    """The plan that carries `models` into the UC schema `catalog.schema`.

    Raises PlanError when the schema is not `catalog.schema` or two models would get the same UC name.
    """
    options = options or Options()
    parts = schema.lower().split(".")
    if len(parts) != 2 or not all(parts):
        raise PlanError(f"schema must be `catalog.schema`, got {schema!r}")
    schema = ".".join(parts)
    models = sorted(models, key=lambda m: m.name)
    targets: dict[str, str] = {}
    for model in models:
        target = f"{schema}.{uc_model_name(options.names.get(model.name, model.name))}"
        if target in targets:
            raise PlanError(
                f"workspace models '{targets[target]}' and '{model.name}' would both become {target}; "
                "give one of them another name (Options.names)"
            )
        targets[target] = model.name
    target_of = {name: target for target, name in targets.items()}
    plans = [
        plan_model(model, uc.models.get(target_of[model.name]), target_of[model.name], options, uc.principals)
        for model in models
    ]
    hooks = list(webhooks)
    plans = [
        attrs.evolve(
            plan,
            findings=(
                *plan.findings,
                *(_webhook_finding(h, plan.target) for h in hooks if h.model_name == plan.source),
            ),
        )
        for plan in plans
    ]
    findings = [_webhook_finding(h, None) for h in hooks if h.model_name is None]
    usage_actions, usage_findings = _usage(plans, uc, schema, options)
    return Plan(schema, tuple(plans), (*findings, *usage_findings), tuple(usage_actions))


def _usage(
    plans: list[ModelPlan], uc: UcSide, schema: str, options: Options
) -> tuple[list[Action], list[Finding]]:
    """USE CATALOG and USE SCHEMA for every principal that gets a grant: granted with grant_usage, else
    reported; grants on a model do nothing without them."""
    catalog = schema.split(".")[0]
    grantees = sorted({str(a.params["principal"]) for p in plans for a in p.actions if a.kind == GRANT})
    actions: list[Action] = []
    findings: list[Finding] = []
    for principal in grantees:
        needs = []
        if "USE_CATALOG" not in uc.catalog_grants.get(principal, frozenset()):
            needs.append((catalog, "USE_CATALOG"))
        if "USE_SCHEMA" not in uc.schema_grants.get(principal, frozenset()) | uc.catalog_grants.get(
            principal, frozenset()
        ):
            needs.append((schema, "USE_SCHEMA"))
        for securable, privilege in needs:
            if options.grant_usage:
                params = {"principal": principal, "add": [privilege]}
                actions.append(Action(GRANT, securable, params, "grants on its models need it"))
            else:
                findings.append(
                    Finding(
                        USAGE_NEEDED,
                        f"'{principal}' {privilege} on {securable}",
                        "Its grants on the migrated models take effect only with this privilege (not held directly).",
                        "Plan with grant_usage, or grant it to a group the principal belongs to.",
                    )
                )
    return actions, findings
