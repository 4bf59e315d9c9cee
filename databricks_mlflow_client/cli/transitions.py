"""`transitions request|list|approve|reject|cancel`: stage-transition requests on a model version."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import click

from ._app import client
from ._output import Table, emit
from .models import STAGE

ACTIVITY_COLUMNS = (
    "id",
    "activity_type",
    "from_stage",
    "to_stage",
    "user_id",
    "comment",
    "creation_timestamp",
)


def activities_table(activities: Sequence[Mapping[str, Any]]) -> Table:
    """Columns that no row has are left out (a new request has no id or activity type yet)."""
    columns = [column for column in ACTIVITY_COLUMNS if any(a.get(column) is not None for a in activities)]
    return columns, [[activity.get(column) for column in columns] for activity in activities]


def emit_activity(activity: Any) -> None:
    """Print one transition-request activity (a table row on a terminal)."""
    data = activity.to_dict()
    emit(data, table=lambda: activities_table([data]))


@click.group("transitions")
def transitions() -> None:
    """Requests to move a model version to another stage, and their approval."""


@transitions.command("request")
@click.argument("name")
@click.argument("version")
@click.argument("stage", type=STAGE, metavar="STAGE")
@click.option("--comment", help="Why the version should move.")
def request(name: str, version: str, stage: str, comment: str | None) -> None:
    """Ask for VERSION of model NAME to move to STAGE."""
    emit_activity(client().transition_requests.create(name, version, stage, comment=comment))


@transitions.command("list")
@click.argument("name")
@click.argument("version")
def list_requests(name: str, version: str) -> None:
    """The open requests on VERSION of model NAME."""
    found = [activity.to_dict() for activity in client().transition_requests.list(name, version)]
    emit(found, table=lambda: activities_table(found))


@transitions.command("approve")
@click.argument("name")
@click.argument("version")
@click.argument("stage", type=STAGE, metavar="STAGE")
@click.option("--archive-existing", is_flag=True, help="Archive the versions now in STAGE.")
@click.option("--comment", help="Recorded with the activity.")
def approve(name: str, version: str, stage: str, archive_existing: bool, comment: str | None) -> None:
    """Approve the open request to move VERSION of NAME to STAGE (the version moves)."""
    activity = client().transition_requests.approve(
        name, version, stage, archive_existing_versions=archive_existing, comment=comment
    )
    emit_activity(activity)


@transitions.command("reject")
@click.argument("name")
@click.argument("version")
@click.argument("stage", type=STAGE, metavar="STAGE")
@click.option("--comment", help="Recorded with the activity.")
def reject(name: str, version: str, stage: str, comment: str | None) -> None:
    """Reject the open request to move VERSION of NAME to STAGE."""
    emit_activity(client().transition_requests.reject(name, version, stage, comment=comment))


@transitions.command("cancel")
@click.argument("name")
@click.argument("version")
@click.argument("stage", type=STAGE, metavar="STAGE")
@click.option("--creator", required=True, help="The user who made the request (only theirs is cancelled).")
@click.option("--comment", help="Recorded with the activity.")
def cancel(name: str, version: str, stage: str, creator: str, comment: str | None) -> None:
    """Cancel CREATOR's open request to move VERSION of NAME to STAGE."""
    emit_activity(client().transition_requests.delete(name, version, stage, creator, comment=comment))
