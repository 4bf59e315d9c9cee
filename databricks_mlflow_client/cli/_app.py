"""What every command shares: the global options, the lazily built clients and the exit-code policy.

Exit codes (``EXIT_CODES``): 0 success or nothing to change, 1 the API answered with an error (or could not
be reached, or some objects failed), 2 usage, validation or configuration error, 3 a plan has changes pending. Expected errors print one line on stderr, never a traceback. The client and httpx are
imported only when a command first needs a client, so ``--help`` stays fast.
"""

from __future__ import annotations

import gc
import logging
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from databricks_mlflow_client import AsyncDatabricksMlflowClient, DatabricksMlflowClient

API_ERROR_EXIT = 1
USAGE_ERROR_EXIT = 2
CHANGES_PENDING_EXIT = 3
"""A plan (``permissions apply`` without ``--yes``) has changes that were not applied."""
OUTPUT_FORMATS = ("json", "table", "yaml")
EXIT_CODES = (
    (0, "success, or nothing to change"),
    (API_ERROR_EXIT, "the API answered with an error or could not be reached, or some objects failed"),
    (USAGE_ERROR_EXIT, "usage, validation or configuration error (nothing was sent)"),
    (CHANGES_PENDING_EXIT, "a plan has changes pending (permissions apply without --yes)"),
)


class ApiFailure(click.ClickException):
    """The API answered with an error, or could not be reached: ``Error: ...`` on stderr, exit 1."""

    exit_code = API_ERROR_EXIT


class InvalidInput(click.ClickException):
    """A request or configuration that cannot be sent (checked before any call): exit 2."""

    exit_code = USAGE_ERROR_EXIT


class CliState:
    """The global options, and the clients built from them on first use (closed when the command ends).

    Global options may be given before or after the subcommand; the one given last wins.
    """

    def __init__(
        self,
        *,
        host: str | None = None,
        token: str | None = None,
        profile: str | None = None,
        output: str | None = None,
    ) -> None:
        self.host = host
        self.token = token
        self.profile = profile
        self._output = output
        self.debug = False
        self._client: DatabricksMlflowClient | None = None

    @property
    def output(self) -> str:
        """``json``, ``yaml`` or ``table``: as chosen, else a table on a terminal and JSON otherwise."""
        if self._output is not None:
            return self._output
        return "table" if sys.stdout.isatty() else "json"

    @output.setter
    def output(self, value: str) -> None:
        self._output = value

    @property
    def chosen_output(self) -> str | None:
        """The format given with ``--output`` or DATABRICKS_MLFLOW_OUTPUT, None when left to the default."""
        return self._output

    def client(self) -> DatabricksMlflowClient:
        """The sync client for this command, built on first use from the global options."""
        if self._client is None:
            from databricks_mlflow_client import DatabricksMlflowClient

            resume_collection()
            self._client = DatabricksMlflowClient(host=self.host, token=self.token, profile=self.profile)
            click.get_current_context().call_on_close(self._client.close)
        return self._client

    def async_client(self, max_concurrency: int) -> AsyncDatabricksMlflowClient:
        """A new async client; the caller closes it (``async with``) inside its own event loop. Its HTTP goes
        through `LeanTransport` unless a proxy applies (the async client's default)."""
        from databricks_mlflow_client import AsyncDatabricksMlflowClient

        resume_collection()
        return AsyncDatabricksMlflowClient(
            host=self.host, token=self.token, profile=self.profile, max_concurrency=max_concurrency
        )


def resume_collection() -> None:
    """Turn the garbage collector back on: the CLI's `main` keeps it off while the command's modules load.
    What they made is frozen first (`gc.freeze`): it lives as long as the process, and the full
    collections to come, the first of them at once, would walk it again (~10 ms each here). Only once
    per process: a process that runs `main` again (tests) must not freeze what it made since."""
    if not gc.isenabled():
        if not gc.get_freeze_count():
            gc.freeze()
        gc.enable()


def state() -> CliState:
    """The global options of the running command (a default state when a command runs without `main`)."""
    return click.get_current_context().ensure_object(CliState)


def client() -> DatabricksMlflowClient:
    """The running command's sync client."""
    return state().client()


def translate_error(exc: Exception) -> click.ClickException | None:
    """The exception click shows for an expected failure of the client; None for anything else (a bug: keep the traceback)."""
    from databricks_mlflow_client import ConfigError, DatabricksError, RequestValidationError

    if isinstance(exc, DatabricksError):
        return ApiFailure(str(exc))
    if isinstance(exc, RequestValidationError | ConfigError):
        return InvalidInput(str(exc))
    return None


# ---------------------------------------------------------------- global options, anywhere on the line


def _setter(attribute: str) -> Callable[[click.Context, click.Parameter, Any], None]:
    def store(ctx: click.Context, _param: click.Parameter, value: Any) -> None:
        if value is not None:
            setattr(ctx.ensure_object(CliState), attribute, value.lower() if attribute == "output" else value)

    return store


def _debug(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    found = ctx.ensure_object(CliState)
    if value and not found.debug:
        found.debug = True
        enable_debug_logging(ctx)


def _global_option_specs(root: bool) -> list[tuple[list[str], dict[str, Any]]]:
    output_help = "Result format: json, table or yaml (default: table on a terminal, json otherwise"
    return [
        (
            ["-o", "--output"],
            {
                "type": click.Choice(OUTPUT_FORMATS, case_sensitive=False),
                "envvar": "DATABRICKS_MLFLOW_OUTPUT" if root else None,
                "callback": _setter("output"),
                "help": output_help + ("; env DATABRICKS_MLFLOW_OUTPUT)." if root else ")."),
            },
        ),
        (
            ["-p", "--profile"],
            {
                "callback": _setter("profile"),
                "help": "Profile in ~/.databrickscfg (default: DATABRICKS_CONFIG_PROFILE).",
            },
        ),
        (
            ["--host"],
            {"callback": _setter("host"), "help": "Workspace URL (default: DATABRICKS_HOST or the profile)."},
        ),
        (
            ["--token"],
            {
                "hidden": True,
                "callback": _setter("token"),
                "help": "Prefer DATABRICKS_TOKEN: arguments show in process lists.",
            },
        ),
        (
            ["--debug"],
            {
                "is_flag": True,
                "callback": _debug,
                "help": "Log every HTTP attempt to stderr (secrets redacted).",
            },
        ),
    ]


def global_options(*, root: bool = False, taken: frozenset[str] = frozenset()) -> list[click.Option]:
    """Fresh copies of the options every command accepts, before or after its name (as kubectl does).

    On the root group ``--output`` also reads DATABRICKS_MLFLOW_OUTPUT; a copy after the subcommand
    overrides what was given before it. Spellings in ``taken`` (a command's own options) are left out.
    """
    options = []
    for declarations, settings in _global_option_specs(root):
        free = [opt for opt in declarations if opt not in taken]
        if free:
            options.append(click.Option(free, expose_value=False, **settings))
    return options


def add_global_options(command: click.Command) -> None:
    """Let ``command`` and everything under it accept the global options after their names.

    A command's own option of the same spelling wins (``emulator --host`` is the address it binds);
    the global option is then accepted there under its other spellings only.
    """
    taken = frozenset(opt for param in command.params for opt in [*param.opts, *param.secondary_opts])
    command.params.extend(global_options(taken=taken))
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            add_global_options(sub)


class CliGroup(click.Group):
    """The root group: global options reach every subcommand; the client's expected errors become exit
    codes and one-line messages."""

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        """Register ``cmd`` with the global options added to it and to its subcommands."""
        add_global_options(cmd)
        super().add_command(cmd, name)

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; an expected client error becomes a one-line message and its exit code."""
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:
            translated = translate_error(exc)
            if translated is None:
                raise
            raise translated from None


class _StderrHandler(logging.Handler):
    """Writes to whatever sys.stderr is at the time (CliRunner and the demo swap it)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            sys.stderr.write(self.format(record) + "\n")
        except Exception:
            self.handleError(record)


def enable_debug_logging(ctx: click.Context) -> None:
    """Debug lines of the client (one per HTTP attempt, secrets redacted by the core) on stderr, until ctx closes."""
    logger = logging.getLogger("databricks_mlflow_client")
    handler = _StderrHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    previous_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)

    def restore() -> None:
        logger.removeHandler(handler)
        logger.setLevel(previous_level)

    ctx.call_on_close(restore)
