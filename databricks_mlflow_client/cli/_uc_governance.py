"""Unity Catalog models in the governance file of `permissions export` / `apply`: their owner and their DIRECT
grants, in a section beside the workspace ACLs::

    unity_catalog_models:
      main.ml.fraud_detector:
        owner: ml-platform-admins          # optional: left out, the owner is not managed
        grants:                            # [] removes every direct grant (with --allow-empty)
        - principal: data-scientists
          privileges: [EXECUTE]

Grants inherited from the catalog or schema are neither exported nor touched. A model's plan is the privileges
to add and remove per principal (one PATCH of the grants) and the owner to change (a PATCH of the model,
sent last: once the owner moves, the caller may lose the right to grant). If the owner change is refused
after the grants changed, the grant changes are undone, so a model is never left half-applied. Outcomes go
into the same report as the workspace objects (``Outcome`` with a ``unity_catalog_models`` target).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any, Final, Literal

import click
import yaml

from databricks_mlflow_client import RequestValidationError, validate_request

from ._acl_plan import (
    UC_SECTION,
    Change,
    Grant,
    Kind,
    ObjectPlan,
    PermissionsFileError,
    Target,
    section_entries,
)
from ._acl_sync import EXPECTED_ERRORS, Outcome, Verify, in_order, reread_until_written
from ._app import InvalidInput
from ._args import glob_matches, is_glob
from ._yaml_stream import mentions, read_events

if TYPE_CHECKING:
    from databricks_mlflow_api.models import PrivilegeAssignment

    from databricks_mlflow_client import AsyncDatabricksMlflowClient

SECTION: Final[Kind] = UC_SECTION
ACCOUNT_USERS: Final = "account users"
"""Unity Catalog's built-in group of every principal: never looked up."""
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.IGNORECASE)
_OWNER: Final = ("owner", "owner")

Grants = Mapping[str, frozenset[str]]
"""principal -> privileges granted directly on the model."""


@dataclass(frozen=True)
class UcModel:
    """One model of the section as the file wants it."""

    name: str
    grants: Grants
    owner: str | None = None

    @property
    def principals(self) -> set[str]:
        return {*self.grants, *([self.owner] if self.owner else [])}


class UcChange(Change):
    """A privilege added or removed for a principal (``principal`` is ("principal", NAME)), or the owner."""

    @property
    def label(self) -> str:
        return self.principal[1]


@dataclass(frozen=True)
class UcPlan(ObjectPlan):
    """``add`` / ``remove``: one privilege of one principal each; ``change``: the owner, when it moves."""

    @property
    def method(self) -> Literal["PATCH"] | None:
        return "PATCH" if self.has_changes else None

    def grant_changes(self) -> list[dict[str, Any]]:
        """The body's ``changes`` of the grants PATCH: one entry per principal, privileges sorted."""
        by_principal: dict[str, dict[str, list[str]]] = {}
        for kind, changes in (("add", self.add), ("remove", self.remove)):
            for change in changes:
                privilege = change.after if kind == "add" else change.before
                by_principal.setdefault(change.label, {}).setdefault(kind, []).append(str(privilege))
        return [{"principal": p, **lists} for p, lists in sorted(by_principal.items())]

    @property
    def new_owner(self) -> str | None:
        return self.change[0].after if self.change else None


def plan_model(desired: UcModel, owner: str | None, current: Grants) -> UcPlan:
    """What turns the model's current owner and direct grants into ``desired``."""
    add, remove = [], []
    for principal in sorted({*desired.grants, *current}):
        wanted, held = desired.grants.get(principal, frozenset()), current.get(principal, frozenset())
        key = ("principal", principal)
        add += [UcChange(key, None, privilege) for privilege in sorted(wanted - held)]
        remove += [UcChange(key, privilege, None) for privilege in sorted(held - wanted)]
    moves = desired.owner is not None and desired.owner != owner
    return UcPlan(
        Target(SECTION, desired.name),
        tuple(
            Grant(("principal", p), x) for p, privileges in desired.grants.items() for x in sorted(privileges)
        ),
        add=tuple(add),
        change=(UcChange(_OWNER, owner, desired.owner),) if moves else (),
        remove=tuple(remove),
    )


# ---------------------------------------------------------------- the section of the file


def _is_name(name: str, levels: int) -> bool:
    parts = name.split(".")
    return len(parts) == levels and all(parts)


def _full_name(name: str, line: int) -> str:
    if not _is_name(name, 3):
        raise PermissionsFileError(
            f"line {line}: {SECTION}: {name!r} must be a model's full name, catalog.schema.model"
        )
    return name


def _privilege(where: str, name: str, principal: str, privilege: object) -> str:
    if not isinstance(privilege, str) or not privilege:
        raise PermissionsFileError(f"{where}: must be a non-empty string")
    params = {
        "securable_type": "function",
        "full_name": name,
        "changes": [{"principal": principal, "add": [privilege]}],
    }
    try:
        validate_request("update_uc_grants", params)  # the spec's Privilege enum
    except RequestValidationError as exc:
        raise PermissionsFileError(f"{where}: {exc.rule}") from None
    from databricks_mlflow_client.migrate._mapping import MODEL_PRIVILEGES  # only files with this section

    if privilege not in MODEL_PRIVILEGES:
        raise PermissionsFileError(
            f"{where}: {privilege} cannot be granted on a registered model (only "
            f"{', '.join(sorted(MODEL_PRIVILEGES))}); grant it on the catalog or schema"
        )
    return privilege


def parse_model(name: str, value: object) -> UcModel:
    """One model's entry, checked: every field is named in the error with the rule it breaks."""
    where = f"{SECTION}.{name}"
    if not isinstance(value, Mapping):
        raise PermissionsFileError(f"{where}: must be a mapping with grants (and owner)")
    unknown = sorted(set(value) - {"owner", "grants"})
    if unknown:
        raise PermissionsFileError(f"{where}: unknown key {unknown[0]!r} (expected owner, grants)")
    owner = value.get("owner")
    if owner is not None and (not isinstance(owner, str) or not owner):
        raise PermissionsFileError(f"{where}.owner: must be a non-empty string (or left out)")
    entries = value.get("grants")
    if entries is None:
        raise PermissionsFileError(f"{where}.grants: missing; write [] to remove every direct grant")
    if not isinstance(entries, list):
        raise PermissionsFileError(f"{where}.grants: must be a list of {{principal, privileges}}")
    grants: dict[str, frozenset[str]] = {}
    for index, entry in enumerate(entries):
        at = f"{where}.grants[{index}]"
        if not isinstance(entry, Mapping):
            raise PermissionsFileError(f"{at}: must be a mapping with principal and privileges")
        extra = sorted(set(entry) - {"principal", "privileges"})
        if extra:
            raise PermissionsFileError(f"{at}: unknown key {extra[0]!r} (expected principal, privileges)")
        principal, privileges = entry.get("principal"), entry.get("privileges")
        if not isinstance(principal, str) or not principal:
            raise PermissionsFileError(f"{at}.principal: must be a non-empty string")
        if principal in grants:
            raise PermissionsFileError(f"{where}: {principal!r} is listed twice")
        if not isinstance(privileges, list) or not privileges:
            raise PermissionsFileError(f"{at}.privileges: must be a non-empty list, e.g. [EXECUTE]")
        checked = [_privilege(f"{at}.privileges[{i}]", name, principal, p) for i, p in enumerate(privileges)]
        if len(set(checked)) != len(checked):
            raise PermissionsFileError(f"{at}.privileges: a privilege is listed twice")
        grants[principal] = frozenset(checked)
    return UcModel(name, grants, owner)


def _skip(loader: Any) -> None:
    """Consume one node's events without building it (a workspace section of any size)."""
    depth = 0
    while True:
        event = loader.get_event()
        if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            depth += 1
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            depth -= 1
        if depth == 0:
            return


def iter_uc_models(stream: str | IO[str]) -> Iterator[UcModel]:
    """The models of the file's ``unity_catalog_models`` section, in file order, checked; the other sections
    are skipped event by event (the workspace reader checks the file's shape). PermissionsFileError names
    the line or the field. Parsed with libyaml when available, with PyYAML's own results and errors."""
    return read_events(stream, _section_models)


def _section_models(loader: Any) -> Iterator[UcModel]:
    """`iter_uc_models` on a loader at the start of the stream."""
    loader.get_event()  # stream start
    if loader.check_event(yaml.StreamEndEvent):
        return
    loader.get_event()  # document start
    if not loader.check_event(yaml.MappingStartEvent):
        return
    loader.get_event()
    while not loader.check_event(yaml.MappingEndEvent):
        key = loader.compose_node(None, None)
        if key.value != SECTION:
            _skip(loader)
            continue
        if not loader.check_event(yaml.MappingStartEvent):
            if loader.construct_document(loader.compose_node(None, None)) is None:
                continue
            raise PermissionsFileError(f"{SECTION}: must map model full names to owner and grants")
        # Unity Catalog names ignore case
        for name, value in section_entries(loader, lambda name, line: _full_name(name, line).lower()):
            yield parse_model(name, value)


_SECTION_LINE = re.compile(rf"{SECTION}[ \t]*:(?:[ \t]|$)")


def _section_text(file: IO[str]) -> str | None:
    """The section alone when it is a top-level key in block style (``unity_catalog_models:`` at the start of
    a line, up to the next line that starts another top-level key), the lines before it left blank so that
    errors keep their line numbers; None when it is written otherwise (then the whole file is walked).
    Parsing a large workspace section only to skip it costs as much as reading it (PyYAML in Python)."""
    file.seek(0)
    kept: list[str] = []
    start = None
    for number, line in enumerate(file):
        if start is None:
            if _SECTION_LINE.match(line):
                start = number
                kept.append(line)
        elif line[:1] in ("", " ", "\t", "#", "-", "\n", "\r"):
            kept.append(line)
        else:
            break
    return None if start is None else "\n" * start + "".join(kept)


def read_section(file: IO[str]) -> list[UcModel]:
    """The section's models (held: a metastore's models, not a workspace's ACLs); exit 2 when malformed."""
    if not mentions(file, SECTION):
        return []
    text = _section_text(file)
    file.seek(0)
    try:
        return list(iter_uc_models(file if text is None else text))
    except (yaml.YAMLError, PermissionsFileError) as exc:
        raise InvalidInput(f"{file.name}: {exc}") from None


# ---------------------------------------------------------------- export


def check_selection(models: Sequence[str], schemas: Sequence[str]) -> None:
    """``--uc-model``: full names or globs of them; ``--uc-schema``: ``catalog.schema``; before any request."""
    for value in models:
        if not (is_glob(value) or _is_name(value, 3)):
            message = f"{value!r} must be catalog.schema.model (or a glob of it)"
            raise click.BadParameter(message, param_hint="'--uc-model'")
    for value in schemas:
        if is_glob(value) or not _is_name(value, 2):
            raise click.BadParameter(f"{value!r} must be catalog.schema", param_hint="'--uc-schema'")


async def _list_names(client: AsyncDatabricksMlflowClient, schema: str | None) -> AsyncIterator[str]:
    catalog, _, name = schema.partition(".") if schema else ("", "", "")
    async for info in client.uc.models.list(catalog or None, name or None):
        if isinstance(info.full_name, str):
            yield info.full_name


async def iter_uc_names(
    client: AsyncDatabricksMlflowClient, models: Sequence[str], schemas: Sequence[str]
) -> AsyncIterator[str]:
    """Every model the selection names, each once: the models of each ``catalog.schema``, then each name or
    glob of ``catalog.schema.model`` (a glob lists its schema when the schema part is literal, else the
    metastore). Globs match case-insensitively, as Unity Catalog names do."""
    seen: set[str] = set()
    for schema in schemas:
        async for name in _list_names(client, schema):
            if name.lower() not in seen:
                seen.add(name.lower())
                yield name
    for pattern in models:
        if not is_glob(pattern):
            names: AsyncIterator[str] = _one(pattern)
        else:
            parts = pattern.split(".")
            literal = len(parts) == 3 and not (is_glob(parts[0]) or is_glob(parts[1]))
            names = _list_names(client, ".".join(parts[:2]) if literal else None)
        async for name in names:
            if name.lower() not in seen and glob_matches(name.lower(), pattern.lower()):
                seen.add(name.lower())
                yield name


async def _one(name: str) -> AsyncIterator[str]:
    yield name


async def read_model(client: AsyncDatabricksMlflowClient, name: str) -> tuple[str | None, Grants]:
    """The model's owner and its direct grants (never the effective ones), read at once."""

    async def grants() -> Grants:
        return _grants_of([assignment async for assignment in client.uc.grants.list(name)])

    info, direct = await asyncio.gather(client.uc.models.get(name, include_aliases=False), grants())
    return (info.owner if isinstance(info.owner, str) else None), direct


def _grants_of(assignments: Sequence[PrivilegeAssignment]) -> Grants:
    return {
        a.principal: frozenset(str(p) for p in (a.privileges if isinstance(a.privileges, list) else []))
        for a in assignments
        if isinstance(a.principal, str)
    }


def model_entry(owner: str | None, grants: Grants) -> dict[str, Any]:
    """A model's entry in the file: its owner, then its grants, principals and privileges sorted."""
    entry: dict[str, Any] = {} if owner is None else {"owner": owner}
    entry["grants"] = [
        {"principal": principal, "privileges": sorted(grants[principal])} for principal in sorted(grants)
    ]
    return entry


async def export_section(
    client: AsyncDatabricksMlflowClient,
    models: Sequence[str],
    schemas: Sequence[str],
    out: IO[str],
    *,
    window: int,
    progress: Callable[[], None],
) -> int:
    """Write the section for the selected models (``window`` read at once, written in selection order);
    returns how many. The first failure raises: an export is all or nothing."""

    async def read(name: str) -> tuple[str, tuple[str | None, Grants]]:
        return name, await read_model(client, name)

    out.write(f"{SECTION}:")
    written = 0
    async for name, (owner, grants) in in_order(
        (read(n) async for n in iter_uc_names(client, models, schemas)), window
    ):
        text = yaml.safe_dump(
            {name: model_entry(owner, grants)}, sort_keys=False, allow_unicode=True, default_flow_style=None
        )
        out.write(
            ("\n" if not written else "") + "".join("  " + line for line in text.splitlines(keepends=True))
        )
        written += 1
        progress()
    out.write(" {}\n" if not written else "")
    return written


# ---------------------------------------------------------------- checks before any write


async def _principal_exists(client: AsyncDatabricksMlflowClient, name: str) -> bool:
    """A Unity Catalog principal is a bare name: a user's email, a group's name or an application id.
    Looked up as the kind its shape suggests first, then as the others (SCIM)."""
    if name == ACCOUNT_USERS:
        return True
    kinds = ["group_name", "user_name", "service_principal_name"]
    if "@" in name:
        kinds = ["user_name", "group_name", "service_principal_name"]
    elif _UUID.match(name):
        kinds = ["service_principal_name", "group_name", "user_name"]
    for field in kinds:
        if await client.principals.exists(**{field: name}):
            return True
    return False


async def check_section(
    client: AsyncDatabricksMlflowClient,
    file_name: str,
    models: Sequence[UcModel],
    *,
    allow_empty: bool,
    window: int,
) -> None:
    """Exit 2 (InvalidInput) before any write when a principal or owner does not exist, or when a model
    listed with ``grants: []`` would lose its direct grants without --allow-empty."""

    async def look_up(principal: str) -> tuple[str, bool]:
        return principal, await _principal_exists(client, principal)

    principals = sorted({p for model in models for p in model.principals})
    unknown = {p async for p, found in in_order((look_up(p) for p in principals), window) if not found}
    if unknown:
        lines = []
        for model in models:
            missing = [f"{p} (owner)" if p == model.owner else p for p in sorted(model.principals & unknown)]
            if missing:
                lines.append(f"  {Target(SECTION, model.name)}: {', '.join(missing)}")
        raise InvalidInput(
            f"{file_name}: {len(unknown)} principal(s) do not exist in the workspace; nothing was changed:\n"
            + "\n".join(lines)
        )
    emptied = [model for model in models if not model.grants]
    if emptied and not allow_empty:

        async def current(model: UcModel) -> tuple[UcModel, Grants | str]:
            try:
                return model, (await read_model(client, model.name))[1]
            except EXPECTED_ERRORS as exc:
                return model, f"could not read it: {exc}"

        lines = []
        async for model, grants in in_order((current(m) for m in emptied), window):
            if isinstance(grants, str):
                lines.append(f"  {Target(SECTION, model.name)}: grants: [] ({grants})")
            elif grants:
                held = ", ".join(f"{p} {'+'.join(sorted(x))}" for p, x in sorted(grants.items()))
                lines.append(
                    f"  {Target(SECTION, model.name)}: grants: [] would remove every direct grant ({held})"
                )
        if lines:
            raise InvalidInput(
                f"{file_name}: an empty list removes every direct grant of its model; pass --allow-empty to do so:\n"
                + "\n".join(lines)
            )


# ---------------------------------------------------------------- plan and apply


def _difference(desired: UcModel, owner: str | None, grants: Grants) -> str | None:
    """None when the owner and grants read are what the file wants, else what differs."""
    problems = []
    if desired.owner is not None and owner != desired.owner:
        problems.append(f"owner {owner!r}, expected {desired.owner!r}")
    found = {(p, x) for p, privileges in grants.items() for x in privileges}
    wanted = {(p, x) for p, privileges in desired.grants.items() for x in privileges}
    if found != wanted:
        missing = ", ".join(f"{p}={x}" for p, x in sorted(wanted - found))
        extra = ", ".join(f"{p}={x}" for p, x in sorted(found - wanted))
        problems.append(f"grants missing [{missing}], unexpected [{extra}]")
    return "; ".join(problems) or None


async def _reread(client: AsyncDatabricksMlflowClient, desired: UcModel, timeout: float) -> str | None:
    """Re-read until the model reads as written (`reread_until_written`)."""

    async def difference() -> str | None:
        return _difference(desired, *await read_model(client, desired.name))

    return await reread_until_written(difference, timeout)


def _undo(changes: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [
        {"principal": c["principal"], "add": c.get("remove", []), "remove": c.get("add", [])} for c in changes
    ]


class _Refused(Exception):
    """A model's write failed; the message says what was left as it was."""


async def _write(client: AsyncDatabricksMlflowClient, plan: UcPlan) -> tuple[str | None, Grants | None]:
    """Send the plan: grants first, then the owner. Returns the owner's answer (None when the owner does not
    move) and the grants' answer (None when no grant changes). A refused owner change undoes the grant
    changes, then raises _Refused."""
    name, changes = plan.target.name, plan.grant_changes()
    answer = None
    if changes:
        answer = _grants_of(await client.uc.grants.update(name, changes))
    if plan.new_owner is None:
        return None, answer
    try:
        info = await client.uc.models.update(name, owner=plan.new_owner)
    except EXPECTED_ERRORS as exc:
        if not changes:
            raise
        try:
            await client.uc.grants.update(name, _undo(changes))
        except EXPECTED_ERRORS as undo:
            raise _Refused(
                f"{exc}; undoing the grant changes failed too, they stay applied: {undo}"
            ) from None
        raise _Refused(f"{exc} (the owner did not change, and the grant changes were undone)") from None
    return (info.owner if isinstance(info.owner, str) else None), answer


async def plan_and_apply_section(
    client: AsyncDatabricksMlflowClient,
    models: Sequence[UcModel],
    *,
    apply: bool,
    verify: Verify | None = "answer",
    verify_timeout: float = 5.0,
    window: int,
) -> AsyncIterator[Outcome]:
    """Plan each model (read its owner and direct grants); with ``apply`` write it right after: one PATCH of
    the grants, then the owner. ``verify="answer"`` checks the writes' answers, ``"reread"`` also re-reads
    the model until it reads as written, None checks nothing. Outcomes in file order; one model's failure
    (a model that does not exist, a refusal) is recorded in its outcome and stops no other."""

    async def one(desired: UcModel) -> Outcome:
        outcome = Outcome(Target(SECTION, desired.name))
        try:
            owner, grants = await read_model(client, desired.name)
            plan = plan_model(desired, owner, grants)
            outcome.plan = plan
            outcome.status = "planned" if plan.has_changes else "unchanged"
            if not apply or not plan.has_changes:
                return outcome
            new_owner, answer = await _write(client, plan)
            outcome.status = "applied"
            mismatch = None
            if verify is not None:
                seen = _difference(
                    desired, new_owner if plan.change else owner, grants if answer is None else answer
                )
                if seen is not None:
                    mismatch = f"applied, but the write's answer differs: {seen}"
                elif verify == "reread":
                    mismatch = await _reread(client, desired, verify_timeout)
            if mismatch is not None:
                outcome.status, outcome.error = "failed", mismatch
        except (*EXPECTED_ERRORS, _Refused) as exc:
            outcome.status, outcome.error = "failed", str(exc)
        return outcome

    async for outcome in in_order((one(model) for model in models), window):
        yield outcome
