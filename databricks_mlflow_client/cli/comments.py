"""`comments add|edit|delete` on model versions."""

from __future__ import annotations

import click

from ._app import client
from ._output import emit


@click.group("comments")
def comments() -> None:
    """Comments on model versions."""


@comments.command("add")
@click.argument("name")
@click.argument("version")
@click.argument("text")
def add(name: str, version: str, text: str) -> None:
    """Comment TEXT on VERSION of model NAME; prints the comment with its id."""
    emit(client().comments.create(name, version, text).to_dict())


@comments.command("edit")
@click.argument("comment_id", metavar="ID")
@click.argument("text")
def edit(comment_id: str, text: str) -> None:
    """Replace the text of comment ID."""
    emit(client().comments.update(comment_id, text).to_dict())


@comments.command("delete")
@click.argument("comment_id", metavar="ID")
def delete(comment_id: str) -> None:
    """Delete comment ID."""
    client().comments.delete(comment_id)
    emit({"id": comment_id, "deleted": True})
