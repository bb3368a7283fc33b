"""The measured processes of the video-wall benchmark, seen from both sides of their pipe.

Protocol: the process prints JSON lines to stdout (a file, see _targets.py): `{"event": "ready"}`
once every stream has delivered a frame, `{"event": "report", ...}` after each `report` command.
It reads commands from its stdin: `mark` starts the measured window, `report` ends it and asks
for the figures; EOF (the orchestrator closed the pipe or died) makes it exit.
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO, Any

from tests.support.server_process import dies_with_parent

REPO = Path(__file__).resolve().parents[1]


# --------------------------------------------------------------------------- inside a measured process


class Commands:
    """stdin read on a thread; the measured loop polls `take()` (no locks needed for a list swap)."""

    def __init__(self) -> None:
        self._pending: list[str] = []
        self.eof = threading.Event()
        threading.Thread(target=self._read, daemon=True, name="stdin-commands").start()

    def _read(self) -> None:
        for line in sys.stdin:
            self._pending.append(line.strip())
        self.eof.set()

    def take(self) -> list[str]:
        taken, self._pending = self._pending, []
        return taken


def emit(event: str, **fields: Any) -> None:
    print(json.dumps({"event": event, **fields}), flush=True)


# --------------------------------------------------------------------------- in the orchestrator


class Measured:
    """A measured subprocess: started with stdin a pipe and stdout/stderr in files."""

    def __init__(self, name: str, command: list[str], workdir: Path, env: dict[str, str] | None = None) -> None:
        self.name = name
        workdir.mkdir(parents=True, exist_ok=True)
        self.stdout = workdir / f"{name}.out"
        self.stderr = workdir / f"{name}.err"
        with self.stdout.open("wb") as out, self.stderr.open("wb") as err:
            self.process = subprocess.Popen(dies_with_parent(command), stdin=subprocess.PIPE, stdout=out, stderr=err,
                                            cwd=REPO, env=env)
        self._seen = 0

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return self.process.poll() is None

    def events(self) -> list[dict[str, Any]]:
        lines = self.stdout.read_text(encoding="utf-8", errors="replace").splitlines()
        found = []
        for line in lines:
            if line.startswith("{"):
                with contextlib.suppress(json.JSONDecodeError):
                    found.append(json.loads(line))
        return found

    def wait_event(self, event: str, timeout_s: float, after: int = 0) -> dict[str, Any]:
        """The first `event` line beyond the first `after` events; fails when the process dies or is silent."""
        give_up = time.monotonic() + timeout_s
        while True:
            found = [e for e in self.events()[after:] if e.get("event") == event]
            if found:
                return found[0]
            errors = [e for e in self.events() if e.get("event") == "error"]
            if errors:
                raise RuntimeError(f"{self.name} failed: {errors[0].get('detail')}")
            if not self.alive():
                raise RuntimeError(f"{self.name} exited ({self.process.returncode}) before '{event}'; stderr:\n"
                                   f"{self.tail()}")
            if time.monotonic() > give_up:
                raise RuntimeError(f"{self.name}: no '{event}' in {timeout_s:.0f} s; stderr:\n{self.tail()}")
            time.sleep(0.1)

    def send(self, command: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(f"{command}\n".encode())
        self.process.stdin.flush()

    def tail(self, chars: int = 2000) -> str:
        return self.stderr.read_text(encoding="utf-8", errors="replace")[-chars:] if self.stderr.exists() else ""

    def stop(self) -> int | None:
        """Close stdin (it exits), SIGTERM after 10 s, SIGKILL after 10 more; the exit code."""
        stdin: IO[bytes] | None = self.process.stdin
        with contextlib.suppress(OSError):
            if stdin is not None:
                stdin.close()
        for step in (None, self.process.terminate, self.process.kill):
            if step is not None:
                step()
            try:
                self.process.wait(10)
                break
            except subprocess.TimeoutExpired:
                continue
        return self.process.returncode
