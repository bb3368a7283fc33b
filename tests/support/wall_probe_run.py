"""Running tests/support/wall_probe.py on an Xvfb display and reading what it reports."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.support.server_process import ServerProcess, dies_with_parent, stop_process
from tests.support.xvfb import Xvfb

REPO = Path(__file__).resolve().parents[2]
State = dict[str, Any]


class WallProbe:
    """`python -m tests.support.wall_probe` on the Xvfb display; keeps its latest state and its stderr."""

    def __init__(self, xvfb: Xvfb, server: ServerProcess, token: str, *extra: str) -> None:
        command = [sys.executable, "-m", "tests.support.wall_probe", "--server", server.ws, "--token", token,
                   "--wall", "main", "--seconds", "60", *extra]
        self.process = subprocess.Popen(dies_with_parent(command), cwd=REPO,
                                        env={**xvfb.env(), "PYTHONUNBUFFERED": "1"}, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True)
        self.state: State = {}
        self.errors: deque[str] = deque(maxlen=200)
        threading.Thread(target=self._read_states, daemon=True).start()
        threading.Thread(target=self._read_errors, daemon=True).start()

    def _read_states(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.state = json.loads(line)

    def _read_errors(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.errors.append(line)

    def stderr(self) -> str:
        return "".join(self.errors)

    def wait_for(self, check: Callable[[State], bool], what: str, timeout: float = 15.0) -> State:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.process.poll() is None:
            state = self.state
            if state and check(state):
                return state
            time.sleep(0.05)
        raise AssertionError(f"{what}: not within {timeout:g} s (wall exit code {self.process.poll()})\n"
                             f"last state: {self.state}\nstderr:\n{self.stderr()[-3000:]}")

    def stop(self) -> None:
        stop_process(self.process)
