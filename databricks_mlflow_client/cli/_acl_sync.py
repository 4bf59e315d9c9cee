"""`permissions export` and `permissions apply` over the async client: every object concurrently, the client
pacing itself when the permissions API answers 429. One object's failure is recorded, never fatal."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from databricks_mlflow_client import DatabricksError, RequestValidationError, validate_request

from ._acl_plan import Grant, ObjectPlan, Target, plan_object
from ._args import glob_matches, glob_to_like, is_glob

if TYPE_CHECKING:
    from databricks_mlflow_client import AsyncDatabricksMlflowClient
    from databricks_mlflow_client.resources.permissions import AsyncObjectPermissions

Status = Literal["planned", "applied", "unchanged", "failed"]
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


async def _guarded(outcome: Outcome, work: Awaitable[None], progress: Progress) -> None:
    try:
        await work
    except EXPECTED_ERRORS as exc:
        outcome.status, outcome.error = "failed", str(exc)
    finally:
        progress()


async def plan_all(
    client: AsyncDatabricksMlflowClient, desired: Mapping[Target, Sequence[Grant]], progress: Progress
) -> list[Outcome]:
    outcomes = [Outcome(target) for target in desired]

    async def plan_one(outcome: Outcome) -> None:
        current = await resource(client, outcome.target).direct(outcome.target.name)
        outcome.plan = plan_object(outcome.target, current, desired[outcome.target])
        outcome.status = "planned" if outcome.plan.has_changes else "unchanged"

    await asyncio.gather(*(_guarded(outcome, plan_one(outcome), progress) for outcome in outcomes))
    return outcomes


async def apply_all(
    client: AsyncDatabricksMlflowClient, outcomes: Sequence[Outcome], progress: Progress
) -> None:
    async def apply_one(outcome: Outcome) -> None:
        plan = outcome.plan
        if plan is None or plan.method is None:
            return
        permissions = resource(client, outcome.target)
        send = permissions.set if plan.method == "PUT" else permissions.update
        await send(outcome.target.name, plan.request_acl())
        outcome.status = "applied"

    pending = [outcome for outcome in outcomes if outcome.status == "planned"]
    await asyncio.gather(*(_guarded(outcome, apply_one(outcome), progress) for outcome in pending))


async def resolve_targets(
    client: AsyncDatabricksMlflowClient,
    models: Sequence[str],
    experiments: Sequence[str],
    *,
    all_models: bool,
    all_experiments: bool,
) -> list[Target]:
    """The objects that names and globs select, in a stable order, each once."""
    found: dict[Target, None] = {}
    if all_models:
        models = ["*"]
    if all_experiments:
        experiments = ["*"]
    for pattern in models:
        if not is_glob(pattern):
            found[Target("registered_models", pattern)] = None
            continue
        query = None if pattern == "*" else f"name LIKE '{glob_to_like(pattern)}'"
        names = [m.name async for m in client.registered_models.search(query) if isinstance(m.name, str)]
        found.update(
            (Target("registered_models", n), None) for n in sorted(names) if glob_matches(n, pattern)
        )
    for pattern in experiments:
        if not is_glob(pattern):
            found[Target("experiments", pattern)] = None
            continue
        query = None if pattern == "*" else f"name LIKE '{glob_to_like(pattern)}'"
        names = [e.name async for e in client.experiments.search(query) if isinstance(e.name, str)]
        found.update((Target("experiments", n), None) for n in sorted(names) if glob_matches(n, pattern))
    return list(found)


async def fetch_direct(
    client: AsyncDatabricksMlflowClient, targets: Sequence[Target], progress: Progress
) -> dict[Target, list[dict[str, str]]]:
    """Every target's direct ACL; the first failure raises (an export is all or nothing)."""

    async def one(target: Target) -> list[dict[str, str]]:
        try:
            return await resource(client, target).direct(target.name)
        finally:
            progress()

    acls = await asyncio.gather(*(one(target) for target in targets))
    return dict(zip(targets, acls, strict=True))
