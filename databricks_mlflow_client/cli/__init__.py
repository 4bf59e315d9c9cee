"""`databricks-mlflow`: the command-line entry point. Subcommands import their heavy modules lazily."""

from __future__ import annotations

import click

from databricks_mlflow_client.emulator._cli import emulator

from ._app import EXIT_CODES, CliGroup, CliState, global_options
from .comments import comments
from .migrate import migrate
from .models import models, stage
from .permissions import permissions
from .runs import runs
from .transitions import transitions
from .validate import validate
from .webhooks import webhooks

__all__ = ["main"]


def _exit_code_lines() -> str:
    return "\n".join(f"  {code}  {meaning}" for code, meaning in EXIT_CODES)


@click.group(
    cls=CliGroup,
    params=global_options(root=True),
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="\b\nExit codes:\n" + _exit_code_lines(),
)
@click.version_option(package_name="databricks-mlflow-client", prog_name="databricks-mlflow")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Tools for the Databricks-only MLflow REST API.

    Credentials come from --host/--profile, the environment (DATABRICKS_HOST, DATABRICKS_TOKEN, or
    DATABRICKS_CLIENT_ID/SECRET) or ~/.databrickscfg, as the Databricks SDK resolves them. The global
    options (--output/-o, --profile/-p, --host, --debug) go before or after the subcommand.
    """
    ctx.ensure_object(CliState)


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
