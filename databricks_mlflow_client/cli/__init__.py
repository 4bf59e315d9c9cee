"""`databricks-mlflow`: the command-line entry point. Subcommands import their heavy modules lazily."""

from __future__ import annotations

import atexit
import gc
import importlib
from typing import Any

import click

from ._app import EXIT_CODES, CliGroup, CliState, global_options

__all__ = ["main"]

COMMANDS: dict[str, tuple[str, str]] = {
    "models": ("databricks_mlflow_client.cli.models", "models"),
    "stage": ("databricks_mlflow_client.cli.models", "stage"),
    "permissions": ("databricks_mlflow_client.cli.permissions", "permissions"),
    "runs": ("databricks_mlflow_client.cli.runs", "runs"),
    "transitions": ("databricks_mlflow_client.cli.transitions", "transitions"),
    "comments": ("databricks_mlflow_client.cli.comments", "comments"),
    "webhooks": ("databricks_mlflow_client.cli.webhooks", "webhooks"),
    "validate": ("databricks_mlflow_client.cli.validate", "validate"),
    "emulator": ("databricks_mlflow_client.emulator._cli", "emulator"),
    "migrate": ("databricks_mlflow_client.cli.migrate", "migrate"),
}
"""Each subcommand's module and attribute: a command's module is imported when the command runs (or when
``--help`` lists it), so ``permissions apply`` does not pay for ``migrate`` or the emulator's CLI."""


class LazyCliGroup(CliGroup):
    """The root group, loading each subcommand (with the global options added) on first use."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """As click's, with the process's start and exit made cheap on the garbage collector:

        - While the command's modules load, it is off (`resume_collection` turns it on when the command
          builds its client or serves): their objects are not garbage, and its full collections walked them
          again and again, 40 ms of the 0.4 s from a CLI's start to its first request on a 2-core machine.
        - The interpreter's last collection walks every object the imports made (about 0.1 s here, a tenth
          of a 300-object `apply`), while objects frozen by `gc.freeze` are left to the process's end. Files
          are closed explicitly, so nothing waits on that collection.
        """
        atexit.unregister(gc.freeze)  # once, however often main runs in one process (tests)
        atexit.register(gc.freeze)
        collecting = gc.isenabled()
        gc.disable()
        try:
            return super().main(*args, **kwargs)
        finally:
            if collecting:
                gc.enable()
            else:
                gc.disable()

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command, its module imported on first use; None for an unknown name."""
        found = super().get_command(ctx, cmd_name)
        if found is None and cmd_name in COMMANDS:
            module, attribute = COMMANDS[cmd_name]
            found = getattr(importlib.import_module(module), attribute)
            self.add_command(found, cmd_name)
        return found

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command's name, loaded or not, sorted (the order of ``--help``)."""
        return sorted({*self.commands, *COMMANDS})

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        """As click's; an unknown name first loads every command, so the error suggests among all of them."""
        name = click.utils.make_str(args[0])
        normalize = ctx.token_normalize_func
        if self.get_command(ctx, name) is None and (
            normalize is None or self.get_command(ctx, normalize(name)) is None
        ):
            for known in COMMANDS:
                self.get_command(ctx, known)
        return super().resolve_command(ctx, args)


def _exit_code_lines() -> str:
    return "\n".join(f"  {code}  {meaning}" for code, meaning in EXIT_CODES)


@click.group(
    cls=LazyCliGroup,
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


if __name__ == "__main__":
    main()
