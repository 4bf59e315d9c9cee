"""`permissions get|set|update|levels|grant|revoke|export|apply` on registered models and experiments.

Objects are named the way people know them (``--model NAME``, ``--experiment NAME``); the client resolves
the ids the API wants. ``--model-id`` and an all-digits ``--experiment`` skip the lookup.
"""

from __future__ import annotations

import json
import sys
from collections.abc import AsyncIterator, Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING, Any, TypeVar, cast

import click

from ._app import ApiFailure, InvalidInput, client, resume_collection, state
from ._args import is_glob, parse_grant, parse_level, parse_principal, principal_label
from ._output import Table, emit

if TYPE_CHECKING:
    from databricks_mlflow_client.resources.permissions import ObjectPermissions

    from ._acl_plan import Grant, Principal, Target
    from ._acl_sync import Outcome
    from ._uc_governance import UcModel

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
def progress_bar(total: int | None, label: str) -> Iterator[Callable[[], None]]:
    """A step callback; it draws a bar on stderr only on a terminal, and only for long runs (more than
    PROGRESS_THRESHOLD objects; ``None`` when the count is not known up front, e.g. an export of a search)."""
    if (total is not None and total <= PROGRESS_THRESHOLD) or not sys.stderr.isatty():
        yield lambda: None
        return
    if total is None:
        done = 0

        def count() -> None:
            nonlocal done
            done += 1
            if done % 25 == 0:
                click.echo(f"\r{label}: {done} objects", err=True, nl=False)

        yield count
        click.echo(f"\r{label}: {done} objects", err=True)
        return
    with click.progressbar(length=total, label=label, file=sys.stderr, show_pos=True) as bar:
        yield lambda: bar.update(1)


@permissions.command("export")
@click.option("--model", "models", multiple=True, metavar="NAME|GLOB", help="Models by name or glob.")
@click.option(
    "--experiment", "experiments", multiple=True, metavar="NAME|GLOB", help="Experiments by name, id or glob."
)
@click.option("--all-models", is_flag=True, help="Every registered model you can see.")
@click.option("--all-experiments", is_flag=True, help="Every experiment you can see.")
@click.option("--uc-model", "uc_models", multiple=True, metavar="C.S.NAME|GLOB", help="Unity Catalog models.")
@click.option("--uc-schema", "uc_schemas", multiple=True, metavar="C.S", help="Every UC model of a schema.")
@click.option(
    "-f",
    "--file",
    "--output-file",
    "output_file",
    default="-",
    show_default=True,
    metavar="FILE",
    help="Where to write the YAML ('-': stdout). Written whole or not at all.",
)
@click.option("--concurrency", default=32, show_default=True, type=click.IntRange(1, 64))
def export(
    models: tuple[str, ...],
    experiments: tuple[str, ...],
    all_models: bool,
    all_experiments: bool,
    uc_models: tuple[str, ...],
    uc_schemas: tuple[str, ...],
    output_file: str,
    concurrency: int,
) -> None:
    """Write the DIRECT grants of the chosen objects to a YAML file that `permissions apply` reads.

    Objects are streamed: search pages in, YAML out, at most a few times --concurrency objects held at once,
    whatever the workspace's size. The file appears only when every object was read. Unity Catalog models
    (--uc-model, --uc-schema) go to the section unity_catalog_models: owner and direct grants.
    """
    if not (models or experiments or all_models or all_experiments or uc_models or uc_schemas):
        raise click.UsageError(
            "choose objects: --model, --experiment, --all-models, --all-experiments, --uc-model or --uc-schema"
        )
    import asyncio
    import os
    import tempfile

    from ._acl_plan import PermissionsFileWriter
    from ._acl_sync import export_stream, iter_targets

    if uc_models or uc_schemas:  # the Unity Catalog machinery only for an export that has that section
        from . import _uc_governance

        _uc_governance.check_selection(uc_models, uc_schemas)
    known: int | None = len(models) + len(experiments) + len(uc_models)
    if all_models or all_experiments or uc_schemas or any(map(is_glob, models + experiments + uc_models)):
        known = None  # streamed from search pages: counted as they come
    directory = "." if output_file == "-" else os.path.dirname(os.path.abspath(output_file))
    descriptor, partial = tempfile.mkstemp(prefix=".permissions-", suffix=".partial", dir=directory)
    try:
        with open(descriptor, "w+", encoding="utf-8") as out:
            writer = PermissionsFileWriter(out)

            async def run() -> int:
                async with state().async_client(concurrency) as async_client:
                    targets = iter_targets(
                        async_client,
                        models,
                        experiments,
                        all_models=all_models,
                        all_experiments=all_experiments,
                    )
                    with progress_bar(known, "Reading permissions") as step:
                        await export_stream(
                            async_client, targets, writer.write, window=2 * concurrency, progress=step
                        )
                        if not (uc_models or uc_schemas):
                            return 0
                        writer.close()
                        from . import _uc_governance as uc

                        return await uc.export_section(
                            async_client, uc_models, uc_schemas, out, window=2 * concurrency, progress=step
                        )

            uc_written = asyncio.run(run())
            writer.close()
            if output_file == "-":
                out.seek(0)
                for chunk in iter(lambda: out.read(1 << 16), ""):
                    click.echo(chunk, nl=False)
        if output_file != "-":
            os.replace(partial, output_file)
    finally:
        if os.path.exists(partial):
            os.unlink(partial)
    if output_file != "-":
        click.echo(
            f"Wrote the direct grants of {writer.written + uc_written} objects to {output_file}", err=True
        )


PLAN_PENDING_EXIT = 3
"""`permissions apply` without --yes when the plan has changes: drift, for CI (as `terraform plan -detailed-exitcode`)."""


@permissions.command("apply")
@click.argument("file", type=click.File("r"))
@click.option("--yes", is_flag=True, help="Apply the plan; without it, only show it.")
@click.option(
    "--allow-empty",
    is_flag=True,
    help="Let an object listed with [] lose every direct grant (refused without it: a typo must not wipe an ACL).",
)
@click.option(
    "--verify",
    "verify",
    type=click.Choice(["answer", "reread", "none"]),
    default="answer",
    show_default=True,
    help="Check each write: by its own answer (free), by also re-reading the object until it reads as "
    "written (one more read per object; use it when the next step reads, as reads are eventually "
    "consistent), or not at all.",
)
@click.option(
    "--verify-timeout",
    default=5.0,
    show_default=True,
    type=click.FloatRange(0),
    metavar="SECONDS",
    help="With --verify reread: re-read for at most this long before reporting the object as differing.",
)
@click.option("--concurrency", default=32, show_default=True, type=click.IntRange(1, 64))
def apply(
    file: IO[str], yes: bool, allow_empty: bool, verify: str, verify_timeout: float, concurrency: int
) -> None:
    """Make the workspace's direct grants match FILE (as `permissions export` writes it).

    Shows the plan per object (+ add, ~ change, - remove); with --yes applies it: PUT when a grant must go,
    else PATCH with the additions and changes only, and checks the object's permissions in the write's
    answer (--verify reread also re-reads the object until it reads as written: reads are eventually
    consistent, so they are re-read with a doubling pause for up to --verify-timeout). Objects are
    independent: one failure does not stop the others. Unity Catalog models (unity_catalog_models) get one
    PATCH of their grants, then their owner; a refused owner change undoes that model's grant changes.

    \b
    Exit codes:
      0  applied, or nothing to change
      1  the API failed, or some objects failed (or did not read back as written)
      2  usage or validation error (bad file, bad level, a principal that does not exist, [] without
         --allow-empty); nothing was written: only the look-ups of the principals and the plan's
         reads (which start while the principals are looked up) were sent
      3  plan only (no --yes) and it has changes pending: drift
    """
    import asyncio

    from ._acl_plan import UC_SECTION
    from ._acl_sync import Verify, check_desired, plan_and_apply, unknown_principals
    from ._yaml_stream import mentions, seekable

    resume_collection()  # before the file's objects (garbage, unlike the modules') are made
    file = seekable(file)  # read twice: the workspace sections, then unity_catalog_models
    objects = readable_objects(file)
    count, emptied = 0, {}
    principals: set[Principal] = set()
    for target, grants in objects():  # the whole file is checked before the first call
        check_desired({target: grants})
        count += 1
        principals.update(grant.principal for grant in grants)
        if not grants:
            emptied[target] = grants
    uc_models: list[UcModel] = []
    if mentions(file, UC_SECTION):  # the Unity Catalog machinery only for a file that may have that section
        from . import _uc_governance

        uc_models = _uc_governance.read_section(file)
    count += len(uc_models)
    # An object has one request in flight at a time, so --concurrency objects fill the slots. A wider window
    # started the next objects' look-ups in the slots that the started objects' reads were about to take:
    # the rate-limited reads started a round trip late (0.1 s of a 5 s job at 100 ms latency).
    window = concurrency

    async def run() -> ApplyReport:
        async with state().async_client(concurrency) as async_client:

            async def check_file() -> None:
                unknown = await unknown_principals(async_client, sorted(principals), window)
                if unknown:
                    refuse_unknown(file.name, unknown, objects())
                if emptied and not allow_empty:
                    plans = plan_and_apply(
                        async_client, emptied.items(), apply=False, verify=None, window=window
                    )
                    refuse_emptying(file.name, [outcome async for outcome in plans])
                if uc_models:
                    from . import _uc_governance as uc

                    await uc.check_section(
                        async_client, file.name, uc_models, allow_empty=allow_empty, window=window
                    )

            # The plan's reads start while the file is checked (principals looked up); writes wait for it,
            # and nothing is shown before it passed.
            checked = asyncio.ensure_future(check_file())
            outcomes = plan_and_apply(
                async_client,
                objects(),
                apply=yes,
                verify=None if verify == "none" else cast(Verify, verify),
                verify_timeout=verify_timeout,
                window=window,
                writes_after=checked,
            )
            first = asyncio.ensure_future(anext(outcomes, None))
            try:
                await checked
            except BaseException:
                first.cancel()
                await asyncio.gather(first, return_exceptions=True)
                await outcomes.aclose()
                raise
            report = ApplyReport(applied=yes)
            with progress_bar(count, "Applying permissions" if yes else "Planning") as step:
                sections: list[AsyncIterator[Outcome]] = [outcomes]
                if uc_models:
                    from . import _uc_governance as uc

                    sections.append(
                        uc.plan_and_apply_section(
                            async_client,
                            uc_models,
                            apply=yes,
                            verify=None if verify == "none" else cast(Verify, verify),
                            verify_timeout=verify_timeout,
                            window=window,
                        )
                    )
                head = await first
                if head is not None:
                    report.add(head)
                    step()
                for each in sections:
                    async for outcome in each:
                        report.add(outcome)
                        step()
            report.close()
            return report

    total = asyncio.run(run()).totals
    if total["failed"]:
        raise ApiFailure(f"{total['failed']} of {count} objects failed")
    if total["planned"]:
        raise click.exceptions.Exit(PLAN_PENDING_EXIT)


def readable_objects(file: IO[str]) -> Callable[[], Iterator[tuple[Target, tuple[Grant, ...]]]]:
    """A function that streams FILE's objects, each call from the start (stdin is spooled to a temporary
    file first); a malformed file raises InvalidInput naming the file and the line."""
    import tempfile

    import yaml

    from ._acl_plan import PermissionsFileError, iter_permissions_file

    source = file
    if not file.seekable():
        source = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 (closed with the command)
        click.get_current_context().call_on_close(source.close)
        for chunk in iter(lambda: file.read(1 << 16), ""):
            source.write(chunk)

    def objects() -> Iterator[tuple[Target, tuple[Grant, ...]]]:
        source.seek(0)
        try:
            yield from iter_permissions_file(source)
        except (yaml.YAMLError, PermissionsFileError) as exc:
            raise InvalidInput(f"{file.name}: {exc}") from None

    return objects


def refuse_unknown(
    file_name: str, unknown: set[Principal], objects: Iterator[tuple[Target, tuple[Grant, ...]]]
) -> None:
    """Exit 2 naming each principal that does not exist, under each object of the file that grants it."""
    from ._acl_plan import principal_text

    lines = []
    for target, grants in objects:
        missing = [principal_text(g.principal) for g in grants if g.principal in unknown]
        if missing:
            lines.append(f"  {target}: {', '.join(missing)}")
    raise InvalidInput(
        f"{file_name}: {len(unknown)} principal(s) do not exist in the workspace; nothing was changed:\n"
        + "\n".join(lines)
    )


def refuse_emptying(file_name: str, planned: Sequence[Outcome]) -> None:
    """Exit 2 naming each object the file lists with [] and how many direct grants that would drop."""
    lines = []
    for outcome in planned:
        if outcome.plan is None:
            lines.append(f"  {outcome.target}: [] (could not read it: {outcome.error})")
        elif outcome.plan.remove:
            dropped = ", ".join(f"{c.label} {c.before}" for c in outcome.plan.remove)
            lines.append(
                f"  {outcome.target}: [] would remove all {len(outcome.plan.remove)} direct grants ({dropped})"
            )
    if lines:
        raise InvalidInput(
            f"{file_name}: an empty list removes every direct grant of its object; pass --allow-empty to do so:\n"
            + "\n".join(lines)
        )


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


class ApplyReport:
    """The plan/apply report, printed object by object as outcomes arrive (in file order), so that it is
    never held whole: JSON and YAML documents are written piecewise, the table line by line."""

    def __init__(self, *, applied: bool) -> None:
        from ._acl_sync import STATUSES

        self.applied = applied
        self.format = state().output
        self.totals = dict.fromkeys(STATUSES, 0)
        self._objects = 0

    def add(self, outcome: Outcome) -> None:
        self.totals[outcome.status] += 1
        self._objects += 1
        if self.format == "json":
            head = (
                f'{{\n  "applied": {json.dumps(self.applied)},\n  "objects": [\n'
                if self._objects == 1
                else ",\n"
            )
            body = json.dumps(outcome_dict(outcome), indent=2)
            click.echo(head + "\n".join("    " + line for line in body.splitlines()), nl=False)
        elif self.format == "yaml":
            import yaml

            head = f"applied: {json.dumps(self.applied)}\nobjects:\n" if self._objects == 1 else ""
            click.echo(
                head + yaml.safe_dump([outcome_dict(outcome)], sort_keys=False, allow_unicode=True), nl=False
            )
        else:
            echo_outcome(outcome)

    def close(self) -> None:
        summary = json.dumps(self.totals)
        if self.format == "json":
            head = (
                f'{{\n  "applied": {json.dumps(self.applied)},\n  "objects": ['
                if not self._objects
                else "\n  "
            )
            click.echo(f'{head}],\n  "summary": {summary}\n}}')
        elif self.format == "yaml":
            head = f"applied: {json.dumps(self.applied)}\nobjects: []\n" if not self._objects else ""
            click.echo(f"{head}summary: {summary}")
        elif self.applied:
            total = self.totals
            click.echo(
                f"Applied {total['applied']}, unchanged {total['unchanged']}, failed {total['failed']}."
            )
        else:
            total = self.totals
            click.echo(
                f"Plan: {total['planned']} to change, {total['unchanged']} unchanged, {total['failed']} failed."
            )
            if total["planned"]:
                click.echo("Nothing was changed; run again with --yes to apply.")


def echo_outcome(outcome: Outcome) -> None:
    plan = outcome.plan
    if plan is None:
        click.echo(f"{outcome.target}: failed: {outcome.error}")
        return
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
