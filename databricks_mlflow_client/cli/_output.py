"""Printing results as JSON (scripts), YAML or an aligned table (people), by the global ``--output``."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import click

from ._app import state

Table = tuple[Sequence[str], Sequence[Sequence[Any]]]
"""Column headers and rows."""


def emit(data: Any, *, table: Callable[[], Table] | None = None) -> None:
    """Print ``data`` (plain JSON values) in the chosen format; ``table`` gives a friendlier table view."""
    output = state().output
    if output == "json":
        click.echo(json.dumps(data, indent=2))
    elif output == "yaml":
        import yaml

        click.echo(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), nl=False)
    else:
        headers, rows = table() if table is not None else default_table(data)
        click.echo(render_table(headers, rows))


def default_table(data: Any) -> Table:
    """A table for any result: field/value rows for an object, one column per key for a list of objects."""
    if isinstance(data, Mapping):
        return ("field", "value"), [(key, cell_text(key, value)) for key, value in data.items()]
    if isinstance(data, list) and all(isinstance(item, Mapping) for item in data):
        columns: dict[str, None] = {}
        for item in data:
            columns.update(dict.fromkeys(item))
        return list(columns), [[item.get(column) for column in columns] for item in data]
    return ("value",), [(data,)]


def render_table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """Aligned columns under upper-case headers; ``(none)`` for no rows."""
    if not rows:
        return "(none)"
    texts = [[cell_text(header, cell) for header, cell in zip(headers, row, strict=True)] for row in rows]
    widths = [max(len(header), *(len(row[index]) for row in texts)) for index, header in enumerate(headers)]
    lines = [[header.upper() for header in headers], *texts]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        for line in lines
    )


def cell_text(header: str, value: Any) -> str:
    """One cell as people read it: ``*_timestamp`` milliseconds as UTC times, nested values as compact JSON."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int) and header.endswith(("_timestamp", "_time")):
        moment = datetime.datetime.fromtimestamp(value / 1000, tz=datetime.UTC)
        return moment.strftime("%Y-%m-%d %H:%M:%SZ")
    if isinstance(value, Mapping | list):
        return json.dumps(value, separators=(",", ":"))
    return str(value)
