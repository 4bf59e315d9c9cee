"""`databricks-mlflow emulator`: serve an emulated workspace until SIGINT/SIGTERM.

The first line printed is `listening on http://HOST:PORT` and the second `token: <admin PAT>`, both flushed,
so scripts and tests can start it with `--port 0` and read where it went. The emulator is imported only
when the command runs, to keep `databricks-mlflow --help` fast.
"""

from __future__ import annotations

import signal
import threading
from types import FrameType

import click

__all__ = ["emulator"]


@click.command("emulator")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (loopback only).")
@click.option(
    "--port", default=0, show_default=True, type=click.IntRange(0, 65535), help="0 picks a free port."
)
@click.option("--seed", type=click.Choice(["demo"]), default=None, help="Pre-populate the workspace.")
@click.option(
    "--fault",
    "faults",
    multiple=True,
    metavar="PATTERN=KIND[:ARG][xTIMES]",
    help="Inject a fault, e.g. '/api/2.0/permissions/*=429:2x3' or 'POST /api/*=drop_after'. Repeatable.",
)
@click.option(
    "--rate-limit",
    "rate_limits",
    multiple=True,
    metavar="PATTERN=RPS[:BURST]",
    help="Token-bucket rate limit answering 429 REQUEST_LIMIT_EXCEEDED. Repeatable.",
)
@click.option("--latency", type=click.FloatRange(min=0), default=0.0, help="Seconds added to every request.")
@click.option("--oauth-token-ttl", type=click.IntRange(min=1), default=3600, show_default=True)
@click.option("--allow-remote", is_flag=True, help="Allow a non-loopback --host (the emulator is insecure).")
def emulator(
    host: str,
    port: int,
    seed: str | None,
    faults: tuple[str, ...],
    rate_limits: tuple[str, ...],
    latency: float,
    oauth_token_ttl: int,
    allow_remote: bool,
) -> None:
    """Serve an in-memory Databricks workspace on HOST:PORT until interrupted."""
    from ._faults import parse_fault_option, parse_rate_limit_option
    from ._server import Emulator

    try:
        parsed_faults = [parse_fault_option(text) for text in faults]
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--fault") from None
    try:
        parsed_limits = [parse_rate_limit_option(text) for text in rate_limits]
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--rate-limit") from None
    try:
        emu = Emulator(host, port, seed=seed, oauth_token_ttl=oauth_token_ttl, allow_remote=allow_remote)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    if latency > 0:
        emu.inject("*", "latency", latency=latency)
    for fault in parsed_faults:
        emu.faults.add(fault)
    for limit in parsed_limits:
        emu.faults.add_rate_limit(limit)

    stop = threading.Event()

    def request_stop(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    with emu:
        click.echo(f"listening on {emu.url}")
        click.echo(f"token: {emu.token}")
        while not stop.wait(0.5):
            pass
    click.echo("stopped", err=True)
