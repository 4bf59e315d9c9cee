"""`permissions get|set|update|levels|grant|revoke|export|apply` on registered models and experiments.

Objects are named the way people know them (``--model NAME``, ``--experiment NAME``); the client resolves
the ids the API wants. ``--model-id`` and an all-digits ``--experiment`` skip the lookup.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING, Any, TypeVar

import click

from ._app import ApiFailure, InvalidInput, client, state
from ._args import parse_grant, parse_level, parse_principal, principal_label
from ._output import Table, emit

if TYPE_CHECKING:
    from databricks_mlflow_client.resources.permissions import ObjectPermissions

    from ._acl_sync import Outcome

FC = TypeVar("FC", bound=Callable[..., Any])
PROGRESS_THRESHOLD = 20
"""Objects above which `apply` and `export` show a progress bar (on a terminal only)."""


def object_options(func: FC) -> FC:
    """``--model NAME | --model-id ID | --experiment NAME_OR_ID``: exactly one is required."""
    func = click.option("--experiment", metavar="NAME_OR_ID", help="An experiment, by name or id.")(func)
    func = click.option("--model-id", metavar="ID", help="A registered model by workspace id.")(func)
    func = click.option("--model", metavar="NAME", help="A registered model by name.")(func)
    return func


def selected(
    model: str | None, model_id: str | None, experiment: str | None
) -> tuple[ObjectPermissions[Any, Any], str]:
    """The permissions resource and the object argument it takes (a name, or a ModelId)."""
    given = [value for value in (model, model_id, experiment) if value is not None]
    if len(given) != 1:
        raise click.UsageError("give exactly one of --model, --model-id, --experiment")
    resources = client().permissions
    if model is not None:
        return resources.registered_models, model
    if experiment is not None:
        return resources.experiments, experiment
    from databricks_mlflow_client import ModelId

    return resources.registered_models, ModelId(given[0])


def permissions_table(document: Mapping[str, Any]) -> Table:
    rows = []
    for acl in document.get("access_control_list") or []:
        for permission in acl.get("all_permissions") or []:
            if permission.get("inherited"):
                source = "inherited from " + ", ".join(permission.get("inherited_from_object") or [])
            else:
                source = "direct"
            rows.append(
                (principal_label(acl), acl.get("display_name"), permission.get("permission_level"), source)
            )
    return ("principal", "display_name", "permission_level", "source"), rows


def emit_permissions(result: Any) -> None:
    data = result.to_dict()
    emit(data, table=lambda: permissions_table(data))


def acl_from_options(grants: Sequence[str], json_file: IO[str] | None) -> list[dict[str, Any]] | None:
    """The ACL given by ``--grant`` options and/or a ``--json`` file; None when neither was given."""
    if not grants and json_file is None:
        return None
    acl: list[dict[str, Any]] = [parse_grant(grant) for grant in grants]
    if json_file is not None:
        try:
            loaded = json.load(json_file)
        except ValueError as exc:
            raise click.BadParameter(f"not JSON: {exc}", param_hint="--json") from None
        if isinstance(loaded, Mapping):
            loaded = loaded.get("access_control_list")
        if not isinstance(loaded, list) or not all(isinstance(entry, Mapping) for entry in loaded):
            raise click.BadParameter(
                'expected a list of grants or {"access_control_list": [...]}', param_hint="--json"
            )
        acl.extend(dict(entry) for entry in loaded)
    return acl


def acl_options(func: FC) -> FC:
    func = click.option(
        "--json",
        "json_file",
        type=click.File("r"),
        help='A JSON file ("-" for stdin): a list of grants or {"access_control_list": [...]}.',
    )(func)
    func = click.option(
        "--grant",
        "grants",
        multiple=True,
        metavar="PRINCIPAL=LEVEL",
        help="e.g. group:ml-engineers=CAN_MANAGE_STAGING_VERSIONS, user:a@x=CAN_READ, sp:APP_ID=CAN_EDIT.",
    )(func)
    return func


@click.group("permissions")
def permissions() -> None:
    """Permissions on registered models and experiments (PRINCIPAL is user:NAME, group:NAME or sp:APP_ID)."""


@permissions.command("get")
@object_options
def get_permissions(model: str | None, model_id: str | None, experiment: str | None) -> None:
    """Every grant on the object, inherited ones included."""
    resource, obj = selected(model, model_id, experiment)
    emit_permissions(resource.get(obj))


@permissions.command("set")
@object_options
@acl_options
def set_permissions(
    model: str | None,
    model_id: str | None,
    experiment: str | None,
    grants: tuple[str, ...],
    json_file: IO[str] | None,
) -> None:
    """Replace every direct grant (PUT) with the given ones; `--json` with [] removes them all."""
    resource, obj = selected(model, model_id, experiment)
    acl = acl_from_options(grants, json_file)
    if acl is None:
        raise click.UsageError("give --grant or --json (a --json file with [] removes every direct grant)")
    emit_permissions(resource.set(obj, acl))


@permissions.command("update")
@object_options
@acl_options
def update_permissions(
    model: str | None,
    model_id: str | None,
    experiment: str | None,
    grants: tuple[str, ...],
    json_file: IO[str] | None,
) -> None:
    """Add or change the given grants (PATCH), leaving the others."""
    resource, obj = selected(model, model_id, experiment)
    acl = acl_from_options(grants, json_file)
    if not acl:
        raise click.UsageError("give at least one grant with --grant or --json")
    emit_permissions(resource.update(obj, acl))


@permissions.command("levels")
@object_options
def permission_levels(model: str | None, model_id: str | None, experiment: str | None) -> None:
    """The permission levels the object supports, with what each allows."""
    resource, obj = selected(model, model_id, experiment)
    emit([level.to_dict() for level in resource.levels(obj)])


@permissions.command("grant")
@object_options
@click.argument("principal")
@click.argument("level")
def grant(
    model: str | None, model_id: str | None, experiment: str | None, principal: str, level: str
) -> None:
    """Give PRINCIPAL the permission LEVEL on the object (PATCH: other grants stay)."""
    resource, obj = selected(model, model_id, experiment)
    field, name = parse_principal(principal)
    emit_permissions(resource.update(obj, [{field: name, "permission_level": parse_level(level)}]))


@permissions.command("revoke")
@object_options
@click.argument("principal")
def revoke(model: str | None, model_id: str | None, experiment: str | None, principal: str) -> None:
    """Remove PRINCIPAL's direct grant on the object (inherited grants stay)."""
    resource, obj = selected(model, model_id, experiment)
    field, name = parse_principal(principal)
    emit_permissions(resource.revoke(obj, **{field: name}))


@contextmanager
def progress_bar(total: int, label: str) -> Iterator[Callable[[], None]]:
    """A step callback; it draws a bar on stderr only for long runs on a terminal."""
    if total <= PROGRESS_THRESHOLD or not sys.stderr.isatty():
        yield lambda: None
        return
    with click.progressbar(length=total, label=label, file=sys.stderr) as bar:
        yield lambda: bar.update(1)


@permissions.command("export")
@click.option("--model", "models", multiple=True, metavar="NAME|GLOB", help="Models by name or glob.")
@click.option(
    "--experiment", "experiments", multiple=True, metavar="NAME|GLOB", help="Experiments by name, id or glob."
)
@click.option("--all-models", is_flag=True, help="Every registered model you can see.")
@click.option("--all-experiments", is_flag=True, help="Every experiment you can see.")
@click.option("-o", "--output-file", "output_file", default="-", show_default=True, metavar="FILE")
@click.option("--concurrency", default=32, show_default=True, type=click.IntRange(1, 64))
def export(
    models: tuple[str, ...],
    experiments: tuple[str, ...],
    all_models: bool,
    all_experiments: bool,
    output_file: str,
    concurrency: int,
) -> None:
    """Write the DIRECT grants of the chosen objects to a YAML file that `permissions apply` reads."""
    if not (models or experiments or all_models or all_experiments):
        raise click.UsageError("choose objects: --model, --experiment, --all-models or --all-experiments")
    import asyncio

    import yaml

    from ._acl_plan import permissions_document
    from ._acl_sync import fetch_direct, resolve_targets

    async def run() -> dict[str, Any]:
        async with state().async_client(concurrency) as async_client:
            targets = await resolve_targets(
                async_client, models, experiments, all_models=all_models, all_experiments=all_experiments
            )
            with progress_bar(len(targets), "Reading permissions") as step:
                acls = await fetch_direct(async_client, targets, step)
        return permissions_document(acls)

    document = asyncio.run(run())
    text = yaml.safe_dump(document, sort_keys=False, allow_unicode=True)
    with click.open_file(output_file, "w") as out:
        out.write(text)
    if output_file != "-":
        counted = sum(len(objects) for objects in document.values())
        click.echo(f"Wrote the direct grants of {counted} objects to {output_file}", err=True)


@permissions.command("apply")
@click.argument("file", type=click.File("r"))
@click.option("--yes", is_flag=True, help="Apply the plan; without it, only show it.")
@click.option("--concurrency", default=32, show_default=True, type=click.IntRange(1, 64))
def apply(file: IO[str], yes: bool, concurrency: int) -> None:
    """Make the workspace's direct grants match FILE (as `permissions export` writes it).

    Shows the plan per object (+ add, ~ change, - remove); with --yes applies it: PUT when a grant must go,
    else PATCH with the additions and changes only. Objects are independent: one failure does not stop the
    others, and the exit code is 1 if any failed.
    """
    import asyncio

    import yaml

    from ._acl_plan import PermissionsFileError, parse_permissions_file
    from ._acl_sync import apply_all, check_desired, plan_all

    try:
        desired = parse_permissions_file(yaml.safe_load(file))
    except (yaml.YAMLError, PermissionsFileError) as exc:
        raise InvalidInput(f"{file.name}: {exc}") from None
    check_desired(desired)

    async def run() -> list[Outcome]:
        async with state().async_client(concurrency) as async_client:
            steps = len(desired) * (2 if yes else 1)
            with progress_bar(steps, "Applying permissions" if yes else "Planning") as step:
                outcomes = await plan_all(async_client, desired, step)
                if yes:
                    await apply_all(async_client, outcomes, step)
        return outcomes

    outcomes = asyncio.run(run())
    report_apply(outcomes, applied=yes)
    failed = sum(outcome.status == "failed" for outcome in outcomes)
    if failed:
        raise ApiFailure(f"{failed} of {len(outcomes)} objects failed")


def outcome_dict(outcome: Outcome) -> dict[str, Any]:
    plan = outcome.plan
    return {
        "kind": outcome.target.kind,
        "name": outcome.target.name,
        "status": outcome.status,
        "method": None if plan is None else plan.method,
        "add": []
        if plan is None
        else [{"principal": c.label, "permission_level": c.after} for c in plan.add],
        "change": []
        if plan is None
        else [{"principal": c.label, "from": c.before, "to": c.after} for c in plan.change],
        "remove": []
        if plan is None
        else [{"principal": c.label, "permission_level": c.before} for c in plan.remove],
        "error": outcome.error,
    }


def counts(outcomes: Sequence[Outcome]) -> dict[str, int]:
    return {
        status: sum(o.status == status for o in outcomes)
        for status in ("planned", "applied", "unchanged", "failed")
    }


def report_apply(outcomes: Sequence[Outcome], *, applied: bool) -> None:
    if state().output != "table":
        emit(
            {"applied": applied, "objects": [outcome_dict(o) for o in outcomes], "summary": counts(outcomes)}
        )
        return
    for outcome in outcomes:
        plan = outcome.plan
        if plan is None:
            click.echo(f"{outcome.target}: failed: {outcome.error}")
            continue
        click.echo(f"{outcome.target}: {plan.summary()}")
        width = max((len(c.label) for c in (*plan.add, *plan.change, *plan.remove)), default=0)
        for c in plan.add:
            click.echo(f"  + {c.label.ljust(width)}  {c.after}")
        for c in plan.change:
            click.echo(f"  ~ {c.label.ljust(width)}  {c.before} -> {c.after}")
        for c in plan.remove:
            click.echo(f"  - {c.label.ljust(width)}  {c.before}")
        if outcome.status == "failed":
            click.echo(f"  failed: {outcome.error}")
    total = counts(outcomes)
    if applied:
        click.echo(f"Applied {total['applied']}, unchanged {total['unchanged']}, failed {total['failed']}.")
    else:
        click.echo(
            f"Plan: {total['planned']} to change, {total['unchanged']} unchanged, {total['failed']} failed."
        )
        if total["planned"]:
            click.echo("Nothing was changed; run again with --yes to apply.")
