"""`webhooks create|list|update|delete|test|listen`: registry webhooks and a local receiver for them.

Secrets (the signing secret, the Authorization value, a job's access token) can come from the environment
so they stay out of shell history; the API never returns them and nothing here prints them.
"""

from __future__ import annotations

import json
import signal
import threading
from collections.abc import Callable, Mapping, Sequence
from types import FrameType
from typing import Any, TypeVar

import click

from ._app import client
from ._output import Table, emit

FC = TypeVar("FC", bound=Callable[..., Any])
STATUS = click.Choice(["ACTIVE", "TEST_MODE", "DISABLED"], case_sensitive=False)


def upper(_ctx: click.Context, _param: click.Parameter, values: Any) -> Any:
    """Event and status names are upper case on the wire; accept any case."""
    if values is None:
        return None
    if isinstance(values, tuple):
        return tuple(value.upper() for value in values)
    return str(values).upper()


def target_options(func: FC) -> FC:
    """Where deliveries go: an HTTP URL (optionally signed) or a job run."""
    options = [
        click.option("--url", help="HTTP(S) URL the deliveries are POSTed to."),
        click.option(
            "--secret",
            envvar="DATABRICKS_WEBHOOK_SECRET",
            help="Signing secret (X-Databricks-Signature); env DATABRICKS_WEBHOOK_SECRET.",
        ),
        click.option(
            "--authorization",
            envvar="DATABRICKS_WEBHOOK_AUTHORIZATION",
            help="Sent as the Authorization header; env DATABRICKS_WEBHOOK_AUTHORIZATION.",
        ),
        click.option("--no-ssl-verification", is_flag=True, help="Do not verify the URL's TLS certificate."),
        click.option("--job-id", help="Run this job instead of calling a URL."),
        click.option(
            "--job-token",
            envvar="DATABRICKS_WEBHOOK_JOB_TOKEN",
            help="Access token for the job's workspace; env DATABRICKS_WEBHOOK_JOB_TOKEN.",
        ),
        click.option("--workspace-url", help="The job's workspace, when it is another one."),
        click.option("--description"),
        click.option(
            "--status", type=STATUS, callback=upper, help="ACTIVE (default), TEST_MODE or DISABLED."
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def delivery_target(
    url: str | None,
    secret: str | None,
    authorization: str | None,
    no_ssl_verification: bool,
    job_id: str | None,
    job_token: str | None,
    workspace_url: str | None,
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """(http_url_spec, job_spec) from the options; at most one of them."""
    if url is not None and job_id is not None:
        raise click.UsageError("--url and --job-id exclude each other")
    if url is None and (secret is not None or authorization is not None or no_ssl_verification):
        raise click.UsageError("--secret, --authorization and --no-ssl-verification go with --url")
    if job_id is None and (job_token is not None or workspace_url is not None):
        raise click.UsageError("--job-token and --workspace-url go with --job-id")
    http: dict[str, Any] | None = None
    job: dict[str, Any] | None = None
    if url is not None:
        http = {"url": url, "secret": secret, "authorization": authorization}
        if no_ssl_verification:
            http["enable_ssl_verification"] = False
    if job_id is not None:
        if job_token is None:
            raise click.UsageError("--job-id needs --job-token (or DATABRICKS_WEBHOOK_JOB_TOKEN)")
        job = {"job_id": job_id, "access_token": job_token, "workspace_url": workspace_url}
    return http, job


def webhooks_table(webhooks: Sequence[Mapping[str, Any]]) -> Table:
    rows = [
        (
            hook.get("id"),
            hook.get("model_name") or "(registry-wide)",
            ",".join(hook.get("events") or []),
            hook.get("status"),
            (hook.get("http_url_spec") or {}).get("url")
            or f"job {(hook.get('job_spec') or {}).get('job_id')}",
            hook.get("description"),
        )
        for hook in webhooks
    ]
    return ("id", "model", "events", "status", "target", "description"), rows


def emit_webhook(webhook: Any) -> None:
    data = webhook.to_dict()
    emit(data, table=lambda: webhooks_table([data]))


@click.group("webhooks")
def webhooks() -> None:
    """Registry webhooks (Public Preview) and `listen`, a local receiver that checks their signatures."""


@webhooks.command("create")
@click.option("--event", "events", multiple=True, required=True, callback=upper, help="Repeatable.")
@click.option("--model", "model_name", metavar="NAME", help="Leave out for a registry-wide webhook (admins).")
@target_options
def create(
    events: tuple[str, ...],
    model_name: str | None,
    url: str | None,
    secret: str | None,
    authorization: str | None,
    no_ssl_verification: bool,
    job_id: str | None,
    job_token: str | None,
    workspace_url: str | None,
    description: str | None,
    status: str | None,
) -> None:
    """Create a webhook that calls --url (or runs --job-id) on EVENTs."""
    http, job = delivery_target(
        url, secret, authorization, no_ssl_verification, job_id, job_token, workspace_url
    )
    if http is None and job is None:
        raise click.UsageError("give --url or --job-id")
    webhook = client().webhooks.create(
        list(events),
        model_name=model_name,
        http_url_spec=http,
        job_spec=job,
        description=description,
        status=status,
    )
    emit_webhook(webhook)


@webhooks.command("list")
@click.option("--model", "model_name", metavar="NAME", help="Only this model's webhooks.")
@click.option("--event", "events", multiple=True, callback=upper, help="Only webhooks on this event.")
def list_webhooks(model_name: str | None, events: tuple[str, ...]) -> None:
    """List the webhooks you can manage."""
    found = [hook.to_dict() for hook in client().webhooks.list(model_name=model_name, events=events or None)]
    emit(found, table=lambda: webhooks_table(found))


@webhooks.command("update")
@click.argument("webhook_id", metavar="ID")
@click.option("--event", "events", multiple=True, callback=upper, help="Replaces the events. Repeatable.")
@target_options
def update(
    webhook_id: str,
    events: tuple[str, ...],
    url: str | None,
    secret: str | None,
    authorization: str | None,
    no_ssl_verification: bool,
    job_id: str | None,
    job_token: str | None,
    workspace_url: str | None,
    description: str | None,
    status: str | None,
) -> None:
    """Change the given fields of webhook ID. A new --url or --job-id replaces the whole target: give
    --secret / --authorization again, or they are gone."""
    http, job = delivery_target(
        url, secret, authorization, no_ssl_verification, job_id, job_token, workspace_url
    )
    webhook = client().webhooks.update(
        webhook_id,
        events=list(events) or None,
        http_url_spec=http,
        job_spec=job,
        description=description,
        status=status,
    )
    emit_webhook(webhook)


@webhooks.command("delete")
@click.argument("webhook_id", metavar="ID")
def delete(webhook_id: str) -> None:
    """Delete webhook ID."""
    client().webhooks.delete(webhook_id)
    emit({"id": webhook_id, "deleted": True})


@webhooks.command("test")
@click.argument("webhook_id", metavar="ID")
@click.option("--event", callback=upper, help="One of the webhook's events (default: the server picks).")
def test(webhook_id: str, event: str | None) -> None:
    """Send a test delivery from webhook ID; shows what its target answered."""
    emit(client().webhooks.test(webhook_id, event=event).to_dict())


@webhooks.command("listen")
@click.option(
    "--port", default=0, show_default=True, type=click.IntRange(0, 65535), help="0 picks a free port."
)
@click.option(
    "--secret",
    envvar="DATABRICKS_WEBHOOK_SECRET",
    help="Prefer the env DATABRICKS_WEBHOOK_SECRET or --secret-file: arguments show in process lists.",
)
@click.option(
    "--secret-file",
    type=click.File("r", encoding="utf-8"),
    help="Read the signing secret from this file (one line; surrounding whitespace is dropped).",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--exit-after", type=click.IntRange(min=1), metavar="N", help="Stop after N deliveries.")
@click.option(
    "--replay-window",
    type=click.FloatRange(min=0),
    default=0.0,
    metavar="SECONDS",
    help="Refuse (409) a body already delivered this many seconds ago or less (default 0: off).",
)
def listen(
    port: int,
    secret: str | None,
    secret_file: Any,
    host: str,
    exit_after: int | None,
    replay_window: float,
) -> None:
    """Receive webhook deliveries and answer 200, or 401 when the signature does not match the secret.

    Prints one line per delivery: with --output json a JSON object (accepted, status, signature, and the
    payload's fields only when accepted), else `EVENT  model=...  version=...  signature=ok`, or
    `rejected  REASON  signature=BAD` with no field of a delivery that failed verification. Values are
    escaped, so a delivery cannot forge a line. The first line is the URL (`listening on URL`, or
    {"listening": URL})."""
    from ._app import state
    from ._listen import WebhookReceiver

    if secret is not None and secret_file is not None:
        raise click.UsageError("give --secret (or DATABRICKS_WEBHOOK_SECRET) or --secret-file, not both")
    if secret_file is not None:
        secret = secret_file.read().strip()
    if not secret:
        raise click.UsageError(
            "the webhook secret is empty or missing: give --secret-file, DATABRICKS_WEBHOOK_SECRET or --secret"
        )
    as_json = state().output == "json"

    def report(line: str) -> None:
        click.echo(line)

    try:
        receiver = WebhookReceiver(
            host,
            port,
            secret,
            report,
            exit_after=exit_after,
            output="json" if as_json else "text",
            replay_window=replay_window,
        )
    except OSError as exc:
        raise click.UsageError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    shown_host = f"[{host}]" if ":" in host else host
    url = f"http://{shown_host}:{receiver.port}"
    click.echo(json.dumps({"listening": url}) if as_json else f"listening on {url}")
    restore = stop_on_sigterm()
    try:
        receiver.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        restore()
        receiver.server_close()
    click.echo(f"received {receiver.received} deliveries", err=True)


def stop_on_sigterm() -> Callable[[], None]:
    """Make SIGTERM end `listen` like Ctrl-C (main thread only); returns the undo."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None

    def interrupt(_signum: int, _frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)

    def restore() -> None:
        signal.signal(signal.SIGTERM, previous)

    return restore
