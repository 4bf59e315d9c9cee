"""`runs delete|restore`: bulk soft-delete and restore of an experiment's runs by time.

Both change the workspace, so both say what they are about to do and ask first: ``--yes`` skips the
question (scripts, CI), ``--dry-run`` only says it. Without a terminal to ask on and without ``--yes``
nothing is sent and the exit code is 2.
"""

from __future__ import annotations

import datetime
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from ._app import client
from ._args import time_millis_option
from ._output import emit

MAX_RUNS = click.IntRange(1, 10000)
FC = TypeVar("FC", bound=Callable[..., Any])


def check_limit(max_runs: int | None, every: bool) -> None:
    """``--max-runs`` and ``--all`` exclude each other."""
    if max_runs is not None and every:
        raise click.UsageError("--max-runs and --all exclude each other")


def iso(millis: int) -> str:
    """``2024-05-01 00:00:00Z`` for people reading the confirmation."""
    moment = datetime.datetime.fromtimestamp(millis / 1000, tz=datetime.UTC)
    return moment.strftime("%Y-%m-%d %H:%M:%SZ")


def confirm(action: str, plan: dict[str, Any], *, yes: bool, dry_run: bool) -> bool:
    """Whether to go on: True with ``--yes``; False for ``--dry-run`` (after printing the plan); else asks.

    The question goes to stderr so that stdout keeps only the result. "No" aborts (exit 1, nothing sent);
    with no terminal to ask on, it is a usage error (exit 2).
    """
    if dry_run:
        emit({**plan, "dry_run": True})
        return False
    if yes:
        return True
    if not interactive():
        raise click.UsageError(
            f"{action}: pass --yes to confirm (or --dry-run to only show what it would do)"
        )
    click.confirm(f"{action}. Continue?", default=False, abort=True, err=True)
    return True


def interactive() -> bool:
    """Whether there is a person to ask (stdin is a terminal)."""
    return sys.stdin.isatty()


def checked_plan(
    operation_id: str, experiment: str, time_field: str, millis: int, max_runs: int | None
) -> dict[str, Any]:
    """The request, validated against the spec, with the experiment resolved to its id (it must exist)."""
    from databricks_mlflow_client import validate_request

    request: dict[str, Any] = {"experiment_id": experiment, time_field: millis}
    if max_runs is not None:
        request["max_runs"] = max_runs
    validate_request(operation_id, request)
    experiment_id = client().experiments.id_of(experiment)
    return {
        "experiment": experiment,
        "experiment_id": experiment_id,
        time_field: millis,
        "max_runs": max_runs,
    }


def count_matching(operation_id: str, experiment_id: str, millis: int) -> tuple[str, int, str]:
    """How many runs the selection matches now: the plan's key, the count and how the confirmation says
    it. A restore selects by deletion time, which run search cannot express: every deleted run is
    counted, an upper bound (``matching_runs_at_most``)."""
    runs = client().runs
    if operation_id == "delete_runs":
        matching = runs.count(experiment_id, started_at_or_before=millis)
        return "matching_runs", matching, f"{matching} runs match now"
    matching = runs.count(experiment_id, deleted=True)
    return "matching_runs_at_most", matching, f"up to {matching} deleted runs match now"


def limit_text(max_runs: int | None, every: bool) -> str:
    """How many runs the command may touch, for the confirmation."""
    if every:
        return "every matching run"
    return f"at most {max_runs or 10000} runs (one call)"


def time_options(name: str, help_text: str) -> Callable[[FC], FC]:
    """``--before``/``--after TIME``: required, milliseconds or an ISO date."""
    return click.option(
        name, name.lstrip("-"), required=True, metavar="TIME", callback=time_millis_option, help=help_text
    )


def common_options(func: FC) -> FC:
    """``--max-runs``, ``--all``, ``--yes`` and ``--dry-run``, shared by delete and restore."""
    func = click.option("--dry-run", is_flag=True, help="Only show what would be done; send nothing.")(func)
    func = click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")(func)
    func = click.option(
        "--all", "every", is_flag=True, help="Every matching run, in as many calls as it takes."
    )(func)
    func = click.option(
        "--max-runs", type=MAX_RUNS, help="At most this many (one call; the API caps it at 10000)."
    )(func)
    return func


@click.group("runs")
def runs() -> None:
    """Bulk delete and restore of runs (EXPERIMENT is a name or an id)."""


# operation id -> (its time bound, how the confirmation says it, the resource's calls, the result field)
BULK = {
    "delete_runs": ("max_timestamp_millis", "Soft-delete", "created at or before", "delete", "runs_deleted"),
    "restore_runs": ("min_timestamp_millis", "Restore", "deleted at or after", "restore", "runs_restored"),
}


def run_bulk(
    operation_id: str,
    experiment: str,
    millis: int,
    max_runs: int | None,
    *,
    every: bool,
    yes: bool,
    dry_run: bool,
) -> None:
    """Check, say what will happen, ask, then send one call (or, with ``every``, as many as it takes)."""
    time_field, verb, window, method, result_field = BULK[operation_id]
    check_limit(max_runs, every)
    plan = checked_plan(operation_id, experiment, time_field, millis, None if every else max_runs)
    key, matching, how_many = count_matching(operation_id, plan["experiment_id"], millis)
    plan[key] = matching
    action = (
        f"{verb} {limit_text(max_runs, every)} of experiment {experiment!r} {window} {iso(millis)} "
        f"({how_many})"
    )
    if not confirm(action, plan, yes=yes, dry_run=dry_run):
        return
    resource = client().runs
    if every:
        done = getattr(resource, f"{method}_all")(experiment, millis)
    else:
        done = getattr(resource, method)(experiment, millis, max_runs=max_runs)
    emit({"experiment": experiment, time_field: millis, result_field: done})


@runs.command("delete")
@click.argument("experiment")
@time_options("--before", "Runs created at or before (ms or ISO date).")
@common_options
def delete_runs(
    experiment: str, before: int, max_runs: int | None, every: bool, yes: bool, dry_run: bool
) -> None:
    """Soft-delete the runs of EXPERIMENT created at or before --before (asks first; see --yes, --dry-run).

    Sends POST /api/2.0/mlflow/databricks/runs/delete-runs (once, or until done with --all) and prints
    how many runs were deleted.
    """
    run_bulk("delete_runs", experiment, before, max_runs, every=every, yes=yes, dry_run=dry_run)


@runs.command("restore")
@click.argument("experiment")
@time_options("--after", "Runs deleted at or after (ms or ISO date).")
@common_options
def restore_runs(
    experiment: str, after: int, max_runs: int | None, every: bool, yes: bool, dry_run: bool
) -> None:
    """Restore the runs of EXPERIMENT deleted at or after --after (asks first; see --yes, --dry-run).

    Sends POST /api/2.0/mlflow/databricks/runs/restore-runs (once, or until done with --all) and prints
    how many runs were restored.
    """
    run_bulk("restore_runs", experiment, after, max_runs, every=every, yes=yes, dry_run=dry_run)
