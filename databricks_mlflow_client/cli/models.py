"""`models get|list|transition` and `stage transition`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import click

from ._app import client
from ._output import Table, cell_text, emit

STAGES = ("None", "Staging", "Production", "Archived")
STAGE = click.Choice(STAGES, case_sensitive=False)


def versions_text(versions: Any) -> str:
    """``v3 Staging, v2 Production``: the latest version per stage, as people read them."""
    if not isinstance(versions, list):
        return ""
    return ", ".join(f"v{item.get('version')} {item.get('current_stage')}" for item in versions)


def tags_text(tags: Any) -> str:
    """``team=fraud, tier=1``."""
    if not isinstance(tags, list):
        return ""
    return ", ".join(f"{tag.get('key')}={tag.get('value')}" for tag in tags)


def model_table(model: Mapping[str, Any]) -> Table:
    """The field/value table of `models get`."""
    fields = ("name", "id", "permission_level", "user_id", "description", "last_updated_timestamp")
    rows: list[tuple[str, str]] = [(field, cell_text(field, model.get(field))) for field in fields]
    rows.append(("latest_versions", versions_text(model.get("latest_versions"))))
    rows.append(("tags", tags_text(model.get("tags"))))
    return ("field", "value"), rows


@click.group("models")
def models() -> None:
    """Registered models: the Databricks view (workspace id, your level) and direct stage transitions."""


@models.command("get")
@click.argument("name")
def get_model(name: str) -> None:
    """Show model NAME with its workspace id and your permission level on it."""
    model = client().registered_models.get(name).to_dict()
    emit(model, table=lambda: model_table(model))


@models.command("list")
@click.option("--filter", "filter_", metavar="EXPR", help="e.g. \"name LIKE 'fraud%'\".")
def list_models(filter_: str | None) -> None:
    """List registered models (all, or those matching --filter)."""
    found = [model.to_dict() for model in client().registered_models.search(filter_)]

    def table() -> Table:
        rows = [(m.get("name"), versions_text(m.get("latest_versions")), m.get("description")) for m in found]
        return ("name", "latest_versions", "description"), rows

    emit(found, table=table)


@click.command("transition")
@click.argument("name")
@click.argument("version")
@click.argument("stage", type=STAGE, metavar="STAGE")
@click.option(
    "--archive-existing", is_flag=True, help="Archive the versions now in STAGE (Staging/Production only)."
)
@click.option("--comment", help="Recorded with the transition.")
def transition(name: str, version: str, stage: str, archive_existing: bool, comment: str | None) -> None:
    """Move VERSION of model NAME to STAGE (None, Staging, Production, Archived) directly, without a request."""
    moved = client().registered_models.transition_stage(
        name, version, stage, archive_existing_versions=archive_existing, comment=comment
    )
    emit(moved.to_dict())


models.add_command(transition)


@click.group("stage")
def stage() -> None:
    """Stage transitions (the same command as `models transition`)."""


stage.add_command(transition)
