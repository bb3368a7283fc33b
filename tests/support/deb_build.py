"""The Debian packages built in the background while the rest of the suite runs.

Building both packages (PyInstaller bundle, strip, dpkg-deb) takes a minute and a half of one core, and the
suite's other tests leave the second core mostly idle: so the build starts as soon as pytest knows the package
tests are selected (tests/conftest.py), those tests run last, and their `debs` fixture only waits for what is
left of it. `IOCWALL_TEST_DEBS=DIR` (packages built already) skips the build: scripts/run-tests.sh builds them in the
background of its first phase, where the package tests do not run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
TEST_FILE = "tests/installer/test_deb_linux.py"


@dataclass
class DebBuild:
    dist: Path
    work: Path | None
    process: subprocess.Popen[bytes] | None
    started: float
    log: Path | None

    @classmethod
    def start(cls) -> DebBuild:
        given = os.environ.get("IOCWALL_TEST_DEBS")
        if given:
            return cls(Path(given), None, None, time.monotonic(), None)
        work = Path(tempfile.mkdtemp(prefix="iocwall-debs-"))
        log = work / "build.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                ["nice", "-n", "5", "bash", str(REPO / "scripts/build-deb.sh"), "all", "--out", str(work / "dist"),
                 "--build-dir", str(work / "build")],
                cwd=REPO, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        return cls(work / "dist", work, process, time.monotonic(), log)

    def wait(self, timeout: float) -> str | None:
        """None once the packages are there; else why not (the build's exit code and the end of its log).

        `timeout` counts from the start of the build, not from this call."""
        if self.process is None:
            return None
        try:
            code = self.process.wait(timeout=max(1.0, timeout - self.elapsed()))
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            return f"scripts/build-deb.sh took more than {timeout:.0f} s"
        assert self.work is not None and self.log is not None
        shutil.rmtree(self.work / "build", ignore_errors=True)  # 800 MB of staging trees
        if code != 0:
            return f"scripts/build-deb.sh failed ({code}):\n{self.log.read_text(errors='replace')[-4000:]}"
        return None

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def cleanup(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        if self.work is not None:
            shutil.rmtree(self.work, ignore_errors=True)  # 150 MB of packages


STASH = pytest.StashKey[DebBuild]()
"""Where the session keeps its build (pytest's config stash)."""
