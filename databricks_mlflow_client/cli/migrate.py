"""`databricks-mlflow migrate plan | apply | verify`: workspace-registry models to a Unity Catalog schema.

Exit codes: 0 done or nothing to do, 1 an API error or a failed action, 2 usage or validation error (a bad
mapping file, a pattern matching no model, --copy-versions without mlflow-skinny), 3 changes pending
(`plan` with actions to apply, `verify` with any difference).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import click

from ._app import InvalidInput, client, state
from ._output import emit, render_table

if TYPE_CHECKING:
    from databricks_mlflow_client.migrate import Action, Finding, Options, Plan
    from databricks_mlflow_client.migrate._run import Sides

CHANGES_PENDING_EXIT = 3


def _options(
    mapping: str | None, owner: str | None, copy_versions: bool, grant_usage: bool, renames: Sequence[str]
) -> Options:
    from databricks_mlflow_client.migrate import MappingError, Options, load_mapping

    names = {}
    for rename in renames:
        old, sep, new = rename.partition("=")
        if not sep or not old or not new:
            raise click.BadParameter(f"{rename!r}: give WORKSPACE_NAME=UC_NAME", param_hint="--rename")
        names[old] = new
    try:
        loaded = load_mapping(mapping) if mapping else None
    except (MappingError, OSError) as exc:
        raise InvalidInput(str(exc)) from None
    options = Options(owner=owner, copy_versions=copy_versions, grant_usage=grant_usage, names=names)
    return options if loaded is None else attrs.evolve(options, mapping=loaded)


def _read(schema: str, models: Sequence[str], every: bool) -> Sides:
    from databricks_mlflow_client.migrate._run import MigrationError, read

    if bool(models) == every:
        raise click.UsageError("give the models to migrate (--model NAME_OR_GLOB, repeatable) or --all")
    if len(schema.split(".")) != 2 or not all(schema.split(".")):
        raise click.BadParameter(f"{schema!r}: give the target schema as catalog.schema", param_hint="--to")
    try:
        return read(client(), schema, None if every else list(models))
    except MigrationError as exc:
        raise InvalidInput(str(exc)) from None


def _plan(sides: Sides, schema: str, options: Options) -> Plan:
    from databricks_mlflow_client.migrate import PlanError
    from databricks_mlflow_client.migrate._run import plan

    try:
        return plan(sides, schema, options)
    except PlanError as exc:
        raise InvalidInput(str(exc)) from None


def _action(action: Action) -> dict[str, Any]:
    return {"kind": action.kind, "target": action.target, "params": dict(action.params), "why": action.why}


def _finding(finding: Finding) -> dict[str, str]:
    return {
        "kind": finding.kind,
        "subject": finding.subject,
        "detail": finding.detail,
        "instead": finding.instead,
    }


def _detail(action: Action) -> str:
    return ", ".join(f"{key}={value}" for key, value in action.params.items() if key != "comment") or "-"


def plan_document(current: Plan) -> dict[str, Any]:
    """The plan as plain data: the mapping of each model, the actions, the findings and their counts."""
    return {
        "schema": current.schema,
        "models": [
            {
                "source": m.source,
                "target": m.target,
                "versions": {str(k): v for k, v in m.version_map.items()},
            }
            for m in current.models
        ],
        "actions": [_action(a) for a in current.actions],
        "findings": [_finding(f) for f in current.all_findings],
        "summary": {
            "actions": dict(sorted(Counter(a.kind for a in current.actions).items())),
            "findings": dict(sorted(Counter(f.kind for f in current.all_findings).items())),
        },
    }


def _print_plan(current: Plan) -> None:
    document = plan_document(current)
    if state().output != "table":
        emit(document)
        return
    click.echo(
        render_table(("workspace model", "unity catalog"), [(m.source, m.target) for m in current.models])
    )
    click.echo()
    rows = [(a.kind, a.target, _detail(a)) for a in current.actions]
    click.echo(render_table(("action", "target", "detail"), rows))
    click.echo()
    click.echo(
        render_table(
            ("finding", "subject", "instead"), [(f.kind, f.subject, f.instead) for f in current.all_findings]
        )
    )
    actions = ", ".join(f"{n} {kind}" for kind, n in document["summary"]["actions"].items()) or "none"
    findings = ", ".join(f"{n} {kind}" for kind, n in document["summary"]["findings"].items()) or "none"
    click.echo(
        f"\nPlan: {len(current.actions)} actions ({actions}); {len(current.all_findings)} findings ({findings})."
    )


def _common(command: Any) -> Any:
    options = [
        click.option("--to", "schema", required=True, help="Target Unity Catalog schema, catalog.schema."),
        click.option("--model", "models", multiple=True, help="Workspace model name or glob (repeatable)."),
        click.option("--all", "every", is_flag=True, help="Every model of the workspace registry."),
        click.option(
            "--mapping", type=click.Path(dir_okay=False), help="YAML/JSON file overriding the mapping."
        ),
        click.option(
            "--owner", help="Owner of every migrated model (default: the workspace model's creator)."
        ),
        click.option("--copy-versions", is_flag=True, help="Copy missing versions (needs mlflow-skinny)."),
        click.option("--grant-usage", is_flag=True, help="Also grant USE CATALOG / USE SCHEMA to grantees."),
        click.option("--rename", "renames", multiple=True, help="WORKSPACE_NAME=UC_NAME (repeatable)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@click.group()
def migrate() -> None:
    """Carry workspace-registry models and their governance to a Unity Catalog schema.

    plan shows what apply would do and what cannot carry over (with what to do instead); apply does it and
    can be run again at any time (it resumes after an interruption and never copies a version twice);
    verify compares both sides. The mapping of permission levels and stages is in
    docs/unity-catalog-migration.md. Exit codes: 0 nothing left to do, 1 API error or failed action,
    2 usage error, 3 changes pending.
    """


@migrate.command("plan")
@_common
def plan_command(
    schema: str,
    models: tuple[str, ...],
    every: bool,
    mapping: str | None,
    owner: str | None,
    copy_versions: bool,
    grant_usage: bool,
    renames: tuple[str, ...],
) -> None:
    """Show the actions and findings; exit 3 when there is something to apply."""
    options = _options(mapping, owner, copy_versions, grant_usage, renames)
    current = _plan(_read(schema, models, every), schema, options)
    _print_plan(current)
    if current.actions:
        raise click.exceptions.Exit(CHANGES_PENDING_EXIT)


@migrate.command("apply")
@_common
@click.option(
    "--comments-file",
    type=click.Path(dir_okay=False),
    default="migration-comments.json",
    show_default=True,
    help="Where the comments of open transition requests are exported.",
)
def apply_command(
    schema: str,
    models: tuple[str, ...],
    every: bool,
    mapping: str | None,
    owner: str | None,
    copy_versions: bool,
    grant_usage: bool,
    renames: tuple[str, ...],
    comments_file: str,
) -> None:
    """Apply the plan; exit 1 if an action failed (run it again to resume)."""
    from databricks_mlflow_client.migrate._run import MigrationError, apply

    options = _options(mapping, owner, copy_versions, grant_usage, renames)
    sides = _read(schema, models, every)
    current = _plan(sides, schema, options)
    copier = None
    if any(a.kind == "copy_version" for a in current.actions):
        try:
            copier = version_copier()
        except MigrationError as exc:
            raise InvalidInput(str(exc)) from None
    outcome = apply(client(), current, copier)
    exported = _export_comments(sides, Path(comments_file))
    result = {
        "schema": current.schema,
        "applied": len(outcome.done),
        "pending_before": len(current.actions),
        "done": [_action(a) for a in outcome.done],
        "failed": None if outcome.failed is None else {**_action(outcome.failed), "error": outcome.error},
        "comments_exported": exported,
        "comments_file": comments_file if exported else None,
    }
    if state().output == "table":
        for action in outcome.done:
            click.echo(f"done    {action.kind} {action.target} ({_detail(action)})")
        if outcome.failed is not None:
            click.echo(f"FAILED  {outcome.failed.kind} {outcome.failed.target}: {outcome.error}")
        click.echo(
            f"Applied {len(outcome.done)} of {len(current.actions)} actions; {exported} comments exported."
        )
    else:
        emit(result)
    if outcome.failed is not None:
        raise click.exceptions.Exit(1)


def version_copier() -> Any:
    """MLflow's copy_model_version (a seam: tests replace it with the emulator's)."""
    from databricks_mlflow_client.migrate._run import mlflow_copier

    return mlflow_copier()


def _export_comments(sides: Sides, path: Path) -> int:
    """The comments that cannot carry over (open transition requests' comments) to `path`; their count."""
    rows = [
        {
            "model": m.name,
            "version": r.version,
            "to_stage": r.to_stage,
            "user": r.creator,
            "comment": r.comment,
        }
        for m in sides.workspace
        for r in m.requests
        if r.comment
    ]
    if rows:
        path.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return len(rows)


@migrate.command("verify")
@_common
def verify_command(
    schema: str,
    models: tuple[str, ...],
    every: bool,
    mapping: str | None,
    owner: str | None,
    copy_versions: bool,
    grant_usage: bool,
    renames: tuple[str, ...],
) -> None:
    """Compare both sides; exit 3 on any difference (a pending action or a version not in Unity Catalog)."""
    from databricks_mlflow_client.migrate._run import differences

    options = _options(mapping, owner, copy_versions, grant_usage, renames)
    current = _plan(_read(schema, models, every), schema, options)
    found = differences(current)
    document = {
        "schema": current.schema,
        "models": {m.source: m.target for m in current.models},
        "differences": found,
    }
    if state().output == "table":
        for line in found:
            click.echo(f"differs  {line}")
        click.echo(f"Verified {len(current.models)} models: {len(found)} differences.")
    else:
        emit(document)
    if found:
        raise click.exceptions.Exit(CHANGES_PENDING_EXIT)
