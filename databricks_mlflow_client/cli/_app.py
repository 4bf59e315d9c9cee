"""What every command shares: the global options, the lazily built clients and the exit-code policy.

Exit codes: 0 success, 1 the API answered with an error (or could not be reached), 2 usage, validation or
configuration error. Expected errors print one line on stderr, never a traceback. The client and httpx are
imported only when a command first needs a client, so ``--help`` stays fast.
"""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from databricks_mlflow_client import AsyncDatabricksMlflowClient, DatabricksMlflowClient

API_ERROR_EXIT = 1
USAGE_ERROR_EXIT = 2
OUTPUT_FORMATS = ("json", "table", "yaml")


class ApiFailure(click.ClickException):
    """The API answered with an error, or could not be reached: ``Error: ...`` on stderr, exit 1."""

    exit_code = API_ERROR_EXIT


class InvalidInput(click.ClickException):
    """A request or configuration that cannot be sent (checked before any call): exit 2."""

    exit_code = USAGE_ERROR_EXIT


class CliState:
    """The global options, and the clients built from them on first use (closed when the command ends)."""

    def __init__(
        self, *, host: str | None, token: str | None, profile: str | None, output: str | None
    ) -> None:
        self.host = host
        self.token = token
        self.profile = profile
        self._output = output
        self._client: DatabricksMlflowClient | None = None

    @property
    def output(self) -> str:
        if self._output is not None:
            return self._output
        return "table" if sys.stdout.isatty() else "json"

    def client(self) -> DatabricksMlflowClient:
        if self._client is None:
            from databricks_mlflow_client import DatabricksMlflowClient

            self._client = DatabricksMlflowClient(host=self.host, token=self.token, profile=self.profile)
            click.get_current_context().call_on_close(self._client.close)
        return self._client

    def async_client(self, max_concurrency: int) -> AsyncDatabricksMlflowClient:
        """A new async client; the caller closes it (``async with``) inside its own event loop."""
        from databricks_mlflow_client import AsyncDatabricksMlflowClient

        return AsyncDatabricksMlflowClient(
            host=self.host, token=self.token, profile=self.profile, max_concurrency=max_concurrency
        )


def state() -> CliState:
    found = click.get_current_context().find_object(CliState)
    if found is None:  # a command invoked without the `main` group (only in tests of single commands)
        found = CliState(host=None, token=None, profile=None, output=None)
    return found


def client() -> DatabricksMlflowClient:
    return state().client()


def translate_error(exc: Exception) -> click.ClickException | None:
    """The exception click shows for an expected failure of the client; None for anything else (a bug: keep the traceback)."""
    from databricks_mlflow_client import ConfigError, DatabricksError, RequestValidationError

    if isinstance(exc, DatabricksError):
        return ApiFailure(str(exc))
    if isinstance(exc, RequestValidationError | ConfigError):
        return InvalidInput(str(exc))
    return None


class CliGroup(click.Group):
    """A group that turns the client's expected errors into exit codes and one-line messages."""

    def invoke(self, ctx: click.Context) -> Any:
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
