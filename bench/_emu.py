"""Start and drive the emulator in a separate process (see `_emulator_proc`)."""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
from types import TracebackType
from typing import IO, Any

from ._paths import ROOT

START_TIMEOUT = 120.0
COMMAND_TIMEOUT = 120.0


def _pump(stream: IO[str], lines: queue.Queue[str | None]) -> None:
    for line in stream:
        lines.put(line)
    lines.put(None)


class EmulatorProcess:
    """`with EmulatorProcess(models=300, latency=0.1) as emu:` gives `emu.url`, `emu.token`, `emu.models`."""

    def __init__(
        self,
        *,
        models: int = 0,
        webhooks: int = 0,
        group: str | None = None,
        latency: float = 0.0,
        rate_limits: tuple[str, ...] = (),
        random_429: float = 0.0,
    ) -> None:
        self.argv = [sys.executable, "-m", "bench._emulator_proc", "--models", str(models)]
        self.argv += ["--webhooks", str(webhooks), "--latency", str(latency)]
        if group:
            self.argv += ["--group", group]
        for limit in rate_limits:
            self.argv += ["--rate-limit", limit]
        if random_429:
            self.argv += ["--random-429", str(random_429)]
        self._proc: subprocess.Popen[str] | None = None
        self._lines: queue.Queue[str | None] = queue.Queue()
        self.url = ""
        self.token = ""
        self.models: dict[str, str] = {}

    def __enter__(self) -> EmulatorProcess:
        self._proc = subprocess.Popen(
            self.argv, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        assert self._proc.stdout is not None
        threading.Thread(target=_pump, args=(self._proc.stdout, self._lines), daemon=True).start()
        hello = self._read(START_TIMEOUT)
        self.url, self.token, self.models = hello["url"], hello["token"], hello["models"]
        return self

    @property
    def pid(self) -> int:
        """The emulator process's id (to read its CPU time)."""
        assert self._proc is not None
        return self._proc.pid

    def _read(self, timeout: float) -> dict[str, Any]:
        try:
            line = self._lines.get(timeout=timeout)
        except queue.Empty:
            raise RuntimeError(f"the emulator process did not answer within {timeout:g} s") from None
        if line is None:
            raise RuntimeError("the emulator process exited")
        answer: dict[str, Any] = json.loads(line)
        return answer

    def command(self, cmd: str, **args: Any) -> dict[str, Any]:
        assert self._proc is not None and self._proc.stdin is not None
        self._proc.stdin.write(json.dumps({"cmd": cmd, **args}) + "\n")
        self._proc.stdin.flush()
        return self._read(COMMAND_TIMEOUT)

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        proc = self._proc
        if proc is None:
            return
        if proc.stdin is not None:
            proc.stdin.close()  # EOF: the emulator stops and exits
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)
