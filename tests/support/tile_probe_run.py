"""Running tests/support/tile_probe.py (the wall client, offscreen) and keeping what it reports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.support.server_process import ServerProcess, dies_with_parent, stop_process

REPO = Path(__file__).resolve().parents[2]
Sample = dict[str, Any]
"""One line of the probe: {"t": monotonic seconds, "tiles": [{"camera", "shown", "frames", "age", "saving"}]}."""


class TileProbe:
    """The wall client in its own process; `samples` grows by one every `every` seconds."""

    def __init__(self, server: ServerProcess, token: str, every: float = 0.25, **env: str) -> None:
        command = [sys.executable, "-m", "tests.support.tile_probe", "--server", server.ws, "--token", token,
                   "--wall", "main", "--every", str(every)]
        self.process = subprocess.Popen(
            dies_with_parent(command), cwd=REPO,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONUNBUFFERED": "1", **env},
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.samples: list[Sample] = []
        self.shots: list[str] = []
        self.errors: deque[str] = deque(maxlen=200)
        threading.Thread(target=self._read_samples, daemon=True).start()
        threading.Thread(target=self._read_errors, daemon=True).start()

    @property
    def pid(self) -> int:
        return self.process.pid

    def _read_samples(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            message = json.loads(line)
            if "shot" in message:
                self.shots.append(message["shot"])
            else:
                self.samples.append(message)

    def _read_errors(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.errors.append(line)

    def latest(self) -> Sample | None:
        return self.samples[-1] if self.samples else None

    def wait_for(self, check: Callable[[Sample], bool], what: str, timeout: float) -> Sample:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.process.poll() is None:
            sample = self.latest()
            if sample is not None and check(sample):
                return sample
            time.sleep(0.05)
        raise AssertionError(f"{what}: not within {timeout:g} s (wall exit code {self.process.poll()})\n"
                             f"last sample: {self.latest()}\nstderr:\n{''.join(self.errors)[-3000:]}")

    def shoot(self, path: Path, timeout: float = 10.0) -> Path:
        """The wall's window as the wall client painted it, saved to `path`."""
        assert self.process.stdin is not None
        self.process.stdin.write(f"shot {path}\n")
        self.process.stdin.flush()
        deadline = time.monotonic() + timeout
        while str(path) not in self.shots:
            assert time.monotonic() < deadline, f"the wall saved no screenshot within {timeout:g} s"
            time.sleep(0.05)
        return path

    def stop(self) -> None:
        stop_process(self.process)
