"""`databricks-mlflow`: the command-line entry point. Subcommands import their heavy modules lazily."""

from __future__ import annotations

import click

from databricks_mlflow_client.emulator._cli import emulator

from ._app import OUTPUT_FORMATS, CliGroup, CliState, enable_debug_logging
from .comments import comments
from .migrate import migrate
from .models import models, stage
from .permissions import permissions
from .runs import runs
from .transitions import transitions
from .validate import validate
from .webhooks import webhooks

__all__ = ["main"]


@click.group(cls=CliGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--profile", help="Profile in ~/.databrickscfg (default: DATABRICKS_CONFIG_PROFILE).")
@click.option("--host", help="Workspace URL (default: DATABRICKS_HOST or the profile).")
@click.option("--token", hidden=True, help="Prefer DATABRICKS_TOKEN: arguments show in process lists.")
@click.option(
    "--output",
    type=click.Choice(OUTPUT_FORMATS, case_sensitive=False),
    envvar="DATABRICKS_MLFLOW_OUTPUT",
    help="Result format (default: table on a terminal, json otherwise); env DATABRICKS_MLFLOW_OUTPUT.",
)
@click.option("--debug", is_flag=True, help="Log every HTTP attempt to stderr (secrets redacted).")
@click.pass_context
def main(
    ctx: click.Context,
    profile: str | None,
    host: str | None,
    token: str | None,
    output: str | None,
    debug: bool,
) -> None:
    """Tools for the Databricks-only MLflow REST API.

    Credentials come from --host/--profile, the environment (DATABRICKS_HOST, DATABRICKS_TOKEN, or
    DATABRICKS_CLIENT_ID/SECRET) or ~/.databrickscfg, as the Databricks SDK resolves them.
    Exit codes: 0 success, 1 API error, 2 usage or validation error.
    """
    ctx.obj = CliState(host=host, token=token, profile=profile, output=output.lower() if output else None)
    if debug:
        enable_debug_logging(ctx)


for command in (
    models,
    stage,
    permissions,
    runs,
    transitions,
    comments,
    webhooks,
    validate,
    emulator,
    migrate,
):
    main.add_command(command)

if __name__ == "__main__":
    main()
