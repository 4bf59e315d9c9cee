"""`permissions export` and `permissions apply` over the async client, streamed: a bounded window of objects
in flight (search pages in, YAML out), the client pacing itself when the permissions API answers 429. In
`apply` one object's failure is recorded, never fatal; an export is all or nothing."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import (
    AsyncGenerator,
    AsyncIterable,
    AsyncIterator,
    Awaitable,
    Callable,
    Iterable,
    Mapping,
    Sequence,
)
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from databricks_mlflow_client import DatabricksError, RequestValidationError, validate_request
from databricks_mlflow_client.resources.permissions import direct_entries

from ._acl_plan import Grant, Kind, ObjectPlan, Principal, Target, grant_of, plan_object, principal_text
from ._args import glob_matches, glob_to_like, is_glob

if TYPE_CHECKING:
    from databricks_mlflow_client import AsyncDatabricksMlflowClient
    from databricks_mlflow_client.resources.permissions import AsyncObjectPermissions

T = TypeVar("T")
Status = Literal["planned", "applied", "unchanged", "failed"]
STATUSES: tuple[Status, ...] = ("planned", "applied", "unchanged", "failed")
Progress = Callable[[], None]
EXPECTED_ERRORS = (DatabricksError, RequestValidationError)

# Checking the desired ACL before any call: PUT and PATCH share the body schema.
_SET_OPERATION = {
    "registered_models": ("set_registered_model_permissions", "registered_model_id"),
    "experiments": ("set_experiment_permissions", "experiment_id"),
}


@dataclass
class Outcome:
    target: Target
    plan: ObjectPlan | None = None
    status: Status = "planned"
    error: str | None = None


def resource(client: AsyncDatabricksMlflowClient, target: Target) -> AsyncObjectPermissions[Any, Any]:
    permissions = client.permissions
    return permissions.registered_models if target.kind == "registered_models" else permissions.experiments


def check_desired(desired: Mapping[Target, Sequence[Grant]]) -> None:
    """Raise RequestValidationError (named by object) when a grant cannot be sent at all, e.g. a bad level."""
    for target, grants in desired.items():
        operation_id, id_param = _SET_OPERATION[target.kind]
        params = {id_param: "0", "access_control_list": [grant.to_wire() for grant in grants]}
        try:
            validate_request(operation_id, params)
        except RequestValidationError as exc:
            raise RequestValidationError(str(target), exc.field, exc.rule) from None


async def in_order(
    works: Iterable[Awaitable[T]] | AsyncIterable[Awaitable[T]], window: int, *, ahead: int | None = None
) -> AsyncIterator[T]:
    """The results of ``works`` in their order, at most ``window`` running at a time. A slow one (e.g.
    backing off after a 429) does not stop the others: later works keep starting while it runs, up to
    ``ahead`` (default 4 x window) past it, their results held until it is done. What is held (tasks,
    answers waiting for an earlier one) scales with the window, not with the number of works. Leaving
    early (an exception, or the consumer stopping) cancels the ones still running."""
    ahead = max(window, ahead if ahead is not None else 4 * window)
    pending: deque[asyncio.Future[T]] = deque()
    running = 0
    freed = asyncio.Event()

    def finished(_: asyncio.Future[T]) -> None:
        nonlocal running
        running -= 1
        freed.set()

    async def each() -> AsyncIterator[Awaitable[T]]:
        if isinstance(works, AsyncIterable):
            async for work in works:
                yield work
        else:
            for work in works:
                yield work

    try:
        async for work in each():
            started = asyncio.ensure_future(work)
            running += 1
            started.add_done_callback(finished)
            pending.append(started)
            while pending and (pending[0].done() or len(pending) >= ahead):
                yield await pending.popleft()
            while running >= window:
                freed.clear()
                await freed.wait()
                while pending and pending[0].done():
                    yield pending.popleft().result()
        while pending:
            yield await pending.popleft()
    finally:
        for future in pending:
            future.cancel()


async def unknown_principals(
    client: AsyncDatabricksMlflowClient, principals: Iterable[Principal], window: int
) -> set[Principal]:
    """The principals that do not exist in the workspace, each looked up once (SCIM), ``window`` in flight."""

    async def look_up(principal: Principal) -> tuple[Principal, bool]:
        field, name = principal
        return principal, await client.principals.exists(**{field: name})

    return {p async for p, found in in_order((look_up(p) for p in principals), window) if not found}


def _grant_set(entries: Iterable[Mapping[str, Any]]) -> set[tuple[str, str, str]]:
    grants = [grant_of(entry, "current") for entry in entries]
    return {(*grant.principal, grant.level) for grant in grants}


Verify = Literal["answer", "reread"]


def _difference(plan: ObjectPlan, entries: Iterable[Mapping[str, Any]]) -> str | None:
    """None when the direct grants ``entries`` are what the plan wanted, else what differs."""
    # PUT sends the desired list; PATCH is only chosen when no current principal is missing from it.
    wanted = {(*grant.principal, grant.level) for grant in plan.desired}
    found = _grant_set(entries)
    if found == wanted:
        return None
    missing = ", ".join(sorted(f"{principal_text((f, n))}={level}" for f, n, level in wanted - found))
    extra = ", ".join(sorted(f"{principal_text((f, n))}={level}" for f, n, level in found - wanted))
    return f"missing [{missing}], unexpected [{extra}]"


async def reread_until_written(difference: Callable[[], Awaitable[str | None]], timeout: float) -> str | None:
    """Re-read (``difference`` reads the object and says what differs from the plan, None when nothing)
    until it reads as written; None when it does, else what still differs after ``timeout`` seconds. Reads
    are eventually consistent, so a stale answer right after the write is re-read with a doubling pause
    (0.1 s, 0.2 s, ...) until the window closes."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    pause = 0.1
    while True:
        differs = await difference()
        if differs is None:
            return None
        if loop.time() + pause > deadline:
            return f"applied, but a re-read for {timeout:g} s still differs: {differs}"
        await asyncio.sleep(pause)
        pause *= 2


async def verify_applied(
    permissions: AsyncObjectPermissions[Any, Any], plan: ObjectPlan, timeout: float
) -> str | None:
    """Re-read the object until its direct grants are what the plan wanted (`reread_until_written`)."""

    async def difference() -> str | None:
        return _difference(plan, await permissions.direct(plan.target.name))

    return await reread_until_written(difference, timeout)


async def plan_and_apply(
    client: AsyncDatabricksMlflowClient,
    objects: Iterable[tuple[Target, Sequence[Grant]]],
    *,
    apply: bool,
    verify: Verify | None = "answer",
    verify_timeout: float = 5.0,
    window: int,
    writes_after: Awaitable[object] | None = None,
) -> AsyncGenerator[Outcome, None]:
    """Plan every object (GET); with ``apply`` write it right after its own plan and check what it wrote:
    ``verify="answer"`` compares the write's own answer (the object's permissions after the write, so it
    costs no request), ``"reread"`` also re-reads the object until it reads as written (for at most
    ``verify_timeout`` seconds: reads are eventually consistent), None checks nothing. Objects are
    independent, so each goes read -> write (-> re-read) while others are in flight. Outcomes in file
    order; one object's failure is recorded in its outcome, stops no other. No write is sent before
    ``writes_after`` (the checks of the whole file) is done, and none at all if it fails: the reads need
    not wait for it."""

    async def one(target: Target, desired: Sequence[Grant]) -> Outcome:
        outcome = Outcome(target)
        try:
            permissions = resource(client, target)
            current = await permissions.direct(target.name)
            plan = outcome.plan = plan_object(target, current, desired)
            outcome.status = "planned" if plan.has_changes else "unchanged"
            if not apply or plan.method is None:
                return outcome
            if writes_after is not None:
                await asyncio.shield(writes_after)
            send = permissions.set if plan.method == "PUT" else permissions.update
            answer = await send(target.name, plan.request_acl())
            outcome.status = "applied"
            mismatch = None
            if verify is not None and (difference := _difference(plan, direct_entries(answer))):
                mismatch = f"applied, but the write's answer differs: {difference}"
            elif verify == "reread":
                mismatch = await verify_applied(permissions, plan, verify_timeout)
            if mismatch is not None:
                outcome.status, outcome.error = "failed", mismatch
        except EXPECTED_ERRORS as exc:
            outcome.status, outcome.error = "failed", str(exc)
        return outcome

    async for outcome in in_order((one(target, desired) for target, desired in objects), window):
        yield outcome


async def _search_names(client: AsyncDatabricksMlflowClient, kind: Kind, pattern: str) -> AsyncIterator[str]:
    """Names matching a glob, in name order, page by page."""
    query = None if pattern == "*" else f"name LIKE '{glob_to_like(pattern)}'"
    if kind == "registered_models":
        found: AsyncIterator[Any] = client.registered_models.search(query, order_by=["name ASC"])
    else:
        found = client.experiments.search(query, order_by=["name ASC"])
    async for item in found:
        if isinstance(item.name, str) and glob_matches(item.name, pattern):
            yield item.name


async def _names(
    client: AsyncDatabricksMlflowClient, kind: Kind, patterns: Sequence[str]
) -> AsyncIterator[str]:
    """Every name the patterns select, each once: plain names first (as given), then each glob's matches."""
    seen: set[str] | None = set() if len(patterns) > 1 else None  # one glob's pages never repeat a name
    for pattern in patterns:
        names = _search_names(client, kind, pattern) if is_glob(pattern) else _one(pattern)
        async for name in names:
            if seen is not None:
                if name in seen:
                    continue
                seen.add(name)
            yield name


async def _one(name: str) -> AsyncIterator[str]:
    yield name


async def iter_targets(
    client: AsyncDatabricksMlflowClient,
    models: Sequence[str],
    experiments: Sequence[str],
    *,
    all_models: bool,
    all_experiments: bool,
) -> AsyncIterator[Target]:
    """The objects that names and globs select, models first, streamed from the search pages."""
    sections: tuple[tuple[Kind, Sequence[str]], ...] = (
        ("registered_models", ["*"] if all_models else models),
        ("experiments", ["*"] if all_experiments else experiments),
    )
    for kind, patterns in sections:
        async for name in _names(client, kind, patterns):
            yield Target(kind, name)


async def export_stream(
    client: AsyncDatabricksMlflowClient,
    targets: AsyncIterator[Target],
    write: Callable[[Target, list[dict[str, str]]], None],
    *,
    window: int,
    progress: Progress,
) -> None:
    """Read each target's direct ACL (``window`` in flight) and ``write`` them in target order as they
    complete; the first failure raises (an export is all or nothing) and cancels the reads in flight."""

    async def read(target: Target) -> tuple[Target, list[dict[str, str]]]:
        return target, await resource(client, target).direct(target.name)

    async for target, acl in in_order((read(target) async for target in targets), window):
        write(target, acl)
        progress()
