"""`databricks-mlflow emulator`: serve an emulated workspace until SIGINT/SIGTERM, and hand it off.

Once listening it prints, flushed::

    listening on http://127.0.0.1:8765
    token: dapi...
    export DATABRICKS_HOST=http://127.0.0.1:8765
    export DATABRICKS_TOKEN=dapi...

so scripts and tests can start it with `--port 0` and read the first two lines, and people can paste the two
`export` lines into another shell. `--env-file` and `--profile-name` write the same connection where
other tools read it without any copying: an env file (`KEY=value` lines, for `set -a; . FILE`,
`docker --env-file` or python-dotenv) or a profile of `~/.databrickscfg` (or `DATABRICKS_CONFIG_FILE`).
With an explicit `--output json` it prints one JSON object instead. The emulator is imported only when
the command runs, to keep `databricks-mlflow --help` fast.
"""

from __future__ import annotations

import ipaddress
import json
import os
import re
import signal
import tempfile
import threading
import urllib.parse
from pathlib import Path
from types import FrameType

import click

__all__ = ["emulator", "loopback_url", "write_env_file", "write_profile"]

FIXED_TOKEN_USER = "cli-admin@example.com"
"""The workspace admin who holds the token given with `--token`."""
PROFILE_NAME = re.compile(r"[A-Za-z0-9_.@-]+")


def loopback_url(url: str) -> bool:
    """Whether ``url`` points at this machine (so a profile holding it may be overwritten)."""
    host = urllib.parse.urlsplit(url.strip()).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _write_private(path: Path, text: str) -> None:
    """Replace ``path`` at once (readers never see half a file), readable by its owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_env_file(path: Path, host: str, token: str) -> None:
    """Write ``DATABRICKS_HOST`` and ``DATABRICKS_TOKEN`` as ``KEY=value`` lines (mode 0600)."""
    _write_private(path, f"DATABRICKS_HOST={host}\nDATABRICKS_TOKEN={token}\n")


def write_profile(path: Path, name: str, host: str, token: str) -> None:
    """Set profile ``[name]`` of a ``.databrickscfg`` file to ``host`` and ``token``, keeping the rest.

    Other profiles and comments are left as they are. A profile that already exists is replaced only when
    it points at a loopback host (an earlier emulator): a real workspace's profile is never overwritten.

    Raises:
        click.ClickException: the profile exists and points elsewhere.
    """
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True) if path.exists() else []
    section = [f"[{name}]\n", f"host = {host}\n", f"token = {token}\n"]
    start = next((i for i, line in enumerate(lines) if line.strip() == f"[{name}]"), None)
    if start is None:
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
        if lines and lines[-1].strip():
            lines.append("\n")
        lines.extend(section)
    else:
        end = next((i for i in range(start + 1, len(lines)) if lines[i].lstrip().startswith("[")), len(lines))
        existing = [line.partition("=")[2].strip() for line in lines[start + 1 : end] if _key(line) == "host"]
        if not existing or not all(loopback_url(value) for value in existing):
            where = f"{existing[0]}" if existing else "no host"
            raise click.ClickException(
                f"profile [{name}] in {path} already exists and points at {where}; "
                "choose another --profile-name (only an emulator's loopback profile is replaced)"
            )
        if end < len(lines):
            section.append("\n")
        lines[start:end] = section
    _write_private(path, "".join(lines))


def _key(line: str) -> str:
    return line.partition("=")[0].strip().lower()


def config_file_path() -> Path:
    """``DATABRICKS_CONFIG_FILE``, else ``~/.databrickscfg``: where the client reads profiles."""
    return Path(os.environ.get("DATABRICKS_CONFIG_FILE") or "~/.databrickscfg").expanduser()


def _profile_name(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not PROFILE_NAME.fullmatch(value):
        raise click.BadParameter(f"{value!r}: use letters, digits and . _ @ - only")
    return value


def _fixed_token(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is not None and (not value or any(c.isspace() for c in value)):
        raise click.BadParameter("a token must be non-empty and without spaces")
    return value


@click.command("emulator")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (loopback only).")
@click.option(
    "--port", default=0, show_default=True, type=click.IntRange(0, 65535), help="0 picks a free port."
)
@click.option("--seed", type=click.Choice(["demo"]), default=None, help="Pre-populate the workspace.")
@click.option(
    "--token",
    envvar="DATABRICKS_EMULATOR_TOKEN",
    callback=_fixed_token,
    help=f"A fixed admin token (held by {FIXED_TOKEN_USER}) instead of a fresh random one; "
    "env DATABRICKS_EMULATOR_TOKEN.",
)
@click.option(
    "--env-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write DATABRICKS_HOST/DATABRICKS_TOKEN to this file (KEY=value lines); removed on exit.",
)
@click.option(
    "--profile-name",
    callback=_profile_name,
    help="Also write the connection as this profile of ~/.databrickscfg (or DATABRICKS_CONFIG_FILE); "
    "use it with `databricks-mlflow --profile NAME`.",
)
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
@click.option(
    "--oauth-token-ttl",
    type=click.IntRange(min=1),
    default=3600,
    show_default=True,
    help="Seconds an OAuth M2M token it issues stays valid.",
)
@click.option("--allow-remote", is_flag=True, help="Allow a non-loopback --host (the emulator is insecure).")
def emulator(
    host: str,
    port: int,
    seed: str | None,
    token: str | None,
    env_file: Path | None,
    profile_name: str | None,
    faults: tuple[str, ...],
    rate_limits: tuple[str, ...],
    latency: float,
    oauth_token_ttl: int,
    allow_remote: bool,
) -> None:
    """Serve an in-memory Databricks workspace on HOST:PORT until interrupted.

    Prints where it listens and `export DATABRICKS_HOST=... DATABRICKS_TOKEN=...` lines to paste into
    another shell; --env-file and --profile-name write them for other tools (a profile of a real
    workspace is never overwritten).
    """
    from databricks_mlflow_client.cli._app import resume_collection, state

    from ._faults import parse_fault_option, parse_rate_limit_option
    from ._server import Emulator

    resume_collection()  # a long-running server
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
    if token is not None:
        emu.add_user(FIXED_TOKEN_USER, admin=True, token=token, display_name="Emulator CLI admin")
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
        admin_token = token if token is not None else emu.token
        profile_file = config_file_path() if profile_name is not None else None
        if profile_file is not None and profile_name is not None:
            write_profile(profile_file, profile_name, emu.url, admin_token)
        if env_file is not None:
            write_env_file(env_file, emu.url, admin_token)
        try:
            if state().chosen_output in ("json", "yaml"):
                handoff = {
                    "url": emu.url,
                    "token": admin_token,
                    "env_file": None if env_file is None else str(env_file),
                    "profile": profile_name,
                    "config_file": None if profile_file is None else str(profile_file),
                }
                click.echo(json.dumps(handoff))
            else:
                click.echo(f"listening on {emu.url}")
                click.echo(f"token: {admin_token}")  # the first two lines are what scripts parse
                click.echo(f"export DATABRICKS_HOST={emu.url}")
                click.echo(f"export DATABRICKS_TOKEN={admin_token}")
                if profile_name is not None:
                    click.echo(f"# or: databricks-mlflow --profile {profile_name} ...  ({profile_file})")
                if env_file is not None:
                    click.echo(f"# or: set -a; . {env_file}; set +a")
            while not stop.wait(0.5):
                pass
        finally:
            if env_file is not None:
                env_file.unlink(missing_ok=True)
    click.echo("stopped", err=True)
