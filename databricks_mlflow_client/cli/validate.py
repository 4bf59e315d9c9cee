"""`validate OPERATION --json FILE`: check a request against the spec without sending it."""

from __future__ import annotations

import json
from typing import IO

import click

from ._app import state
from ._output import emit


@click.command("validate")
@click.argument("operation")
@click.option(
    "--json",
    "json_file",
    required=True,
    type=click.File("r"),
    help='The parameters by wire name (path, query and body fields), as a JSON object; "-" for stdin.',
)
def validate(operation: str, json_file: IO[str]) -> None:
    """Check the request for OPERATION (an operationId such as set_registered_model_permissions).

    Prints "valid" (or {"operation": ..., "valid": true} with --output json/yaml) and exits 0, or prints
    the first problem naming the field and exits 2. Nothing is sent.
    """
    from databricks_mlflow_client import validate_request
    from databricks_mlflow_client._validation import operations

    known = operations()
    if operation not in known:
        import difflib

        close = difflib.get_close_matches(operation, list(known), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else f"; known: {', '.join(sorted(known))}"
        raise click.BadParameter(f"unknown operation {operation!r}{hint}", param_hint="OPERATION")
    try:
        params = json.load(json_file)
    except ValueError as exc:
        raise click.BadParameter(f"not JSON: {exc}", param_hint="--json") from None
    if not isinstance(params, dict):
        raise click.BadParameter("expected a JSON object of parameters", param_hint="--json")
    validate_request(operation, params)
    if state().output == "table":
        click.echo("valid")
    else:
        emit({"operation": operation, "valid": True})
