"""`runs delete|restore`: bulk soft-delete and restore of an experiment's runs by time."""

from __future__ import annotations

import click

from ._app import client
from ._args import time_millis_option
from ._output import emit

MAX_RUNS = click.IntRange(1, 10000)


def check_limit(max_runs: int | None, every: bool) -> None:
    if max_runs is not None and every:
        raise click.UsageError("--max-runs and --all exclude each other")


@click.group("runs")
def runs() -> None:
    """Bulk delete and restore of runs (EXPERIMENT is a name or an id)."""


@runs.command("delete")
@click.argument("experiment")
@click.option(
    "--before",
    "before",
    required=True,
    metavar="TIME",
    callback=time_millis_option,
    help="Runs created at or before (ms or ISO date).",
)
@click.option("--max-runs", type=MAX_RUNS, help="At most this many (one call; the API caps it at 10000).")
@click.option("--all", "every", is_flag=True, help="Every matching run, in as many calls as it takes.")
def delete_runs(experiment: str, before: int, max_runs: int | None, every: bool) -> None:
    """Soft-delete the runs of EXPERIMENT created at or before --before."""
    check_limit(max_runs, every)
    resource = client().runs
    if every:
        deleted = resource.delete_all(experiment, before)
    else:
        deleted = resource.delete(experiment, before, max_runs=max_runs)
    emit({"experiment": experiment, "max_timestamp_millis": before, "runs_deleted": deleted})


@runs.command("restore")
@click.argument("experiment")
@click.option(
    "--after",
    "after",
    required=True,
    metavar="TIME",
    callback=time_millis_option,
    help="Runs deleted at or after (ms or ISO date).",
)
@click.option("--max-runs", type=MAX_RUNS, help="At most this many (one call; the API caps it at 10000).")
@click.option("--all", "every", is_flag=True, help="Every matching run, in as many calls as it takes.")
def restore_runs(experiment: str, after: int, max_runs: int | None, every: bool) -> None:
    """Restore the runs of EXPERIMENT deleted at or after --after."""
    check_limit(max_runs, every)
    resource = client().runs
    if every:
        restored = resource.restore_all(experiment, after)
    else:
        restored = resource.restore(experiment, after, max_runs=max_runs)
    emit({"experiment": experiment, "min_timestamp_millis": after, "runs_restored": restored})
