"""Every example in README.md and docs/**/*.md runs, against the emulator, as a reader would run it.

Found automatically: every fenced block whose language is ``python``, ``sh``/``bash``/``shell`` or
``console``, in every Markdown page. One test per page; its blocks run in order against that page's own
emulator (seeded with the demo workspace), with the environment a reader has after the emulator hand-off:

- ``DATABRICKS_HOST`` / ``DATABRICKS_TOKEN`` point at the emulator, ``HOME`` and the working directory are a
  fresh temporary directory, and ``DATABRICKS_CONFIG_FILE`` has a profile ``staging`` that points at a
  second emulator (another workspace);
- a ``python`` block runs in a fresh namespace (it must import what it uses: readers copy one block),
  unless it is preceded by ``<!-- docs-test: continue -->``, which keeps the previous block's names;
  a block that defines ``test_*`` functions is run by pytest instead (the plugin's fixtures available);
- ``sh`` blocks run with ``bash -euo pipefail``; ``console`` blocks run their ``$ `` lines (``\\``
  continues a line) in one bash; a command ending in ``&`` runs in the background and the next command
  waits for as many output lines as the transcript shows after it. Files a block writes stay for the
  page's next blocks; background processes are stopped at the end of the block.

A block that cannot run here says so, visibly, right above its fence::

    <!-- docs-test: skip: needs a real workspace (OAuth against the account console) -->

and the reason is required.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

from databricks_mlflow_client.emulator import Emulator

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted([ROOT / "README.md", *(ROOT / "docs").rglob("*.md")])
LANGUAGES = {
    "python": "python",
    "py": "python",
    "sh": "sh",
    "bash": "sh",
    "shell": "sh",
    "console": "console",
}
FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^\n`]*)$")
DIRECTIVE = re.compile(r"<!--\s*docs-test:\s*(?P<what>skip|continue)\s*(?::\s*(?P<reason>.*?))?\s*-->")
BLOCK_TIMEOUT = 120
PLUGIN = "databricks_mlflow_client.emulator.pytest_plugin"
# Variables of the machine running the tests that would change what the examples do.
CLEARED_ENV = (
    "DATABRICKS_HOST",
    "DATABRICKS_TOKEN",
    "DATABRICKS_CLIENT_ID",
    "DATABRICKS_CLIENT_SECRET",
    "DATABRICKS_CONFIG_PROFILE",
    "DATABRICKS_AUTH_TYPE",
    "DATABRICKS_MLFLOW_OUTPUT",
    "DATABRICKS_WEBHOOK_SECRET",
    "DATABRICKS_EMULATOR_TOKEN",
)


@attrs.frozen
class Block:
    page: Path
    line: int  # of the first line of code, 1-based
    language: str  # python | sh | console
    code: str
    skip: str | None = None  # the reason, when marked skip
    continues: bool = False

    @property
    def where(self) -> str:
        return f"{shown(self.page)}:{self.line}"


def shown(page: Path) -> str:
    return str(page.relative_to(ROOT)) if page.is_relative_to(ROOT) else str(page)


def blocks_of(page: Path) -> list[Block]:
    """The runnable blocks of a Markdown page, with their directives."""
    lines = page.read_text(encoding="utf-8").splitlines()
    found: list[Block] = []
    index = 0
    while index < len(lines):
        opening = FENCE.match(lines[index])
        if opening is None:
            index += 1
            continue
        indent, fence, info = opening["indent"], opening["fence"], opening["info"].strip()
        end = index + 1
        while end < len(lines) and not (
            lines[end].strip().startswith(fence[0] * len(fence)) and not lines[end].strip().strip(fence[0])
        ):
            end += 1
        language = LANGUAGES.get(info.split()[0].lower() if info else "")
        if language is not None:
            body = [
                line[len(indent) :] if line.startswith(indent) else line for line in lines[index + 1 : end]
            ]
            directive = _directive_before(lines, index)
            skip = continues = None
            if directive is not None:
                if directive["what"] == "skip":
                    skip = (directive["reason"] or "").strip()
                    if not skip:
                        raise ValueError(f"{shown(page)}:{index}: docs-test skip needs a reason")
                else:
                    continues = True
            found.append(
                Block(page, index + 2, language, "\n".join(body) + "\n", skip=skip, continues=bool(continues))
            )
        index = end + 1
    return found


def _directive_before(lines: list[str], fence_index: int) -> re.Match[str] | None:
    before = fence_index - 1
    while before >= 0 and not lines[before].strip():
        before -= 1
    return DIRECTIVE.search(lines[before]) if before >= 0 else None


ALL_BLOCKS = [block for page in PAGES for block in blocks_of(page)]


# ---------------------------------------------------------------- the reader's environment


@attrs.define
class Reader:
    """What a reader of one page has: a workspace, another one (profile `staging`), a shell, a directory."""

    directory: Path
    environment: dict[str, str]
    namespace: dict[str, Any] = attrs.field(factory=dict)


@pytest.fixture
def reader(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Reader]:
    with Emulator(seed="demo") as workspace, Emulator(seed="demo") as other:
        config = tmp_path / ".databrickscfg"
        config.write_text(f"[staging]\nhost = {other.url}\ntoken = {other.token}\n")
        for name in CLEARED_ENV:
            monkeypatch.delenv(name, raising=False)
        settings = {
            "DATABRICKS_HOST": workspace.url,
            "DATABRICKS_TOKEN": workspace.token,
            "DATABRICKS_CONFIG_FILE": str(config),
            "HOME": str(tmp_path),
        }
        for name, value in settings.items():
            monkeypatch.setenv(name, value)
        monkeypatch.chdir(tmp_path)
        environment = {key: value for key, value in os.environ.items() if key not in CLEARED_ENV}
        environment.update(settings)
        environment["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{environment.get('PATH', '')}"
        yield Reader(tmp_path, environment)


def run_python(block: Block, reader: Reader) -> None:
    if re.search(r"^\s*(async\s+)?def test_", block.code, re.MULTILINE):
        run_pytest(block, reader)
        return
    if not block.continues:
        reader.namespace = {"__name__": "__main__"}
    code = compile(block.code, block.where, "exec")
    exec(code, reader.namespace)


def run_in(reader: Reader, command: list[str], **environment: str) -> subprocess.CompletedProcess[str]:
    """Run ``command`` where the reader works, with the reader's environment (plus ``environment``)."""
    return subprocess.run(
        command,
        cwd=reader.directory,
        env={**reader.environment, **environment},
        capture_output=True,
        text=True,
        timeout=BLOCK_TIMEOUT,
        check=False,
    )


def run_pytest(block: Block, reader: Reader) -> None:
    module = reader.directory / f"test_docs_{block.line}.py"
    module.write_text(block.code)
    # Only our plugin (as the entry point would load it): the others cost seconds under load.
    result = run_in(
        reader,
        [sys.executable, "-m", "pytest", str(module), "-q", "-p", PLUGIN, "-p", "no:cacheprovider"],
        PYTEST_DISABLE_PLUGIN_AUTOLOAD="1",
    )
    assert result.returncode == 0, (
        f"{block.where}: the example's tests failed:\n{result.stdout}{result.stderr}"
    )


SHOWS_EXIT = re.compile(r";\s*echo\s+\"?exit \$\?\"?\s*$")
EXIT_LINE = re.compile(r"^exit (\d+)$")


def console_script(code: str) -> str:
    """The ``$ `` commands of a transcript as one bash script.

    Each command must succeed, unless it ends with ``; echo "exit $?"``: then its exit code must be the
    ``exit N`` the transcript shows. A backgrounded command is awaited until it has printed as many lines
    as the transcript shows after it.
    """
    script: list[str] = []
    lines = code.splitlines()
    index = 0
    background = 0
    while index < len(lines):
        line = lines[index]
        if not line.startswith("$ "):
            index += 1
            continue
        command = line[2:]
        while command.endswith("\\") and index + 1 < len(lines):
            index += 1
            command = command[:-1] + " " + lines[index].strip()
        index += 1
        shown: list[str] = []
        while index < len(lines) and not lines[index].startswith("$ "):
            shown.append(lines[index])
            index += 1
        stripped = command.rstrip()
        quoted = shlex.quote(stripped)
        if stripped.endswith("&") and not stripped.endswith("&&"):
            background += 1
            log = f".docs-background-{background}.log"
            script.append(f"( {stripped[:-1]} ) > {log} 2>&1 &")
            wanted = max(1, sum(1 for shown_line in shown if shown_line.strip()))
            script.append(
                f'for _ in $(seq 300); do [ "$(wc -l < {log})" -ge {wanted} ] && break; sleep 0.1; done; cat {log}'
            )
        elif SHOWS_EXIT.search(stripped):
            codes = [int(match[1]) for match in map(EXIT_LINE.match, shown) if match]
            script.append(SHOWS_EXIT.sub("", stripped))
            script.append('__rc=$?; echo "exit $__rc"')
            if codes:
                script.append(
                    f'[ "$__rc" -eq {codes[-1]} ] || {{ echo "expected exit {codes[-1]}: "{quoted} >&2; exit 97; }}'
                )
        else:
            script.append(f'{stripped} || {{ __rc=$?; echo "exit $__rc: "{quoted} >&2; exit $__rc; }}')
    return "\n".join(script) + "\n"


def run_shell(block: Block, reader: Reader) -> None:
    # A transcript checks each command's exit code itself (some show a failure on purpose).
    body = console_script(block.code) if block.language == "console" else block.code
    options = "set -uo pipefail\n" if block.language == "console" else "set -euo pipefail\n"
    script = options + "trap 'jobs -p | xargs -r kill 2>/dev/null; wait 2>/dev/null || true' EXIT\n" + body
    result = run_in(reader, ["bash", "-c", script])
    assert result.returncode == 0, (
        f"{block.where}: exit {result.returncode}\n--- script\n{body}--- stdout\n{result.stdout}"
        f"--- stderr\n{result.stderr}"
    )


# ---------------------------------------------------------------- the tests


@pytest.mark.parametrize("page", PAGES, ids=[shown(page) for page in PAGES])
def test_every_example_of_the_page_runs(page: Path, reader: Reader) -> None:
    blocks = [block for block in ALL_BLOCKS if block.page == page]
    for block in blocks:
        if block.skip is not None:
            continue
        if block.language == "python":
            run_python(block, reader)
        else:
            run_shell(block, reader)


def test_the_docs_have_examples_and_few_are_skipped() -> None:
    """The test above is not vacuous, and skipping stays the exception (each skip names its reason)."""
    ran = [block for block in ALL_BLOCKS if block.skip is None]
    skipped = [block for block in ALL_BLOCKS if block.skip is not None]
    assert len(ran) >= 15
    assert len(skipped) <= len(ran) // 4, [f"{block.where}: {block.skip}" for block in skipped]


def test_blocks_are_found_as_a_reader_sees_them(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        textwrap.dedent(
            """\
            ```python
            x = 1
            ```
            <!-- docs-test: skip: needs a real workspace -->
            ```sh
            databricks-mlflow models list
            ```
            - a list item
              <!-- docs-test: continue -->
              ```py
              print(x)
              ```
            ```yaml
            not: run
            ```
            """
        )
    )
    found = blocks_of(page)
    assert [(b.line, b.language, b.code, b.skip, b.continues) for b in found] == [
        (2, "python", "x = 1\n", None, False),
        (6, "sh", "databricks-mlflow models list\n", "needs a real workspace", False),
        (11, "python", "print(x)\n", None, True),
    ]


def test_a_transcript_waits_for_what_a_background_command_printed(tmp_path: Path) -> None:
    script = console_script(
        "$ databricks-mlflow emulator --env-file emu.env &\nlistening on http://127.0.0.1:8765\n"
        "export DATABRICKS_HOST=http://127.0.0.1:8765\n$ databricks-mlflow \\\n    models list\n"
    )
    lines = script.splitlines()
    assert lines[0] == "( databricks-mlflow emulator --env-file emu.env  ) > .docs-background-1.log 2>&1 &"
    assert "-ge 2 ]" in lines[1]
    assert lines[2].startswith("databricks-mlflow  models list || {")


@pytest.mark.parametrize(
    ("transcript", "passes"),
    [
        ('$ true\n$ false; echo "exit $?"\nexit 1\n', True),
        ('$ (exit 3); echo "exit $?"\nexit 3\n', True),
        ('$ true; echo "exit $?"\nexit 3\n', False),  # the exit code shown is checked
        ("$ false\n$ true\n", False),  # a command that fails without saying so fails the block
    ],
)
def test_a_transcript_checks_exit_codes(transcript: str, passes: bool, tmp_path: Path) -> None:
    block = Block(tmp_path / "page.md", 1, "console", transcript)
    reader = Reader(tmp_path, dict(os.environ))
    if passes:
        run_shell(block, reader)
    else:
        with pytest.raises(AssertionError):
            run_shell(block, reader)
