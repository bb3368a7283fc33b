"""A PostgreSQL cluster of the test's own (initdb in a temporary folder, a free loopback port) to stop and start.

The shared server on 127.0.0.1:5432 serves every other test: a test that stops its database needs its own.
PostgreSQL refuses to run as root, so as root its tools run as the `postgres` OS user (as
scripts/start-test-postgres.sh does); otherwise as whoever runs the tests.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

BIN_DIRS = (Path("/usr/lib/postgresql/15/bin"), Path("/usr/lib/postgresql/16/bin"), Path("/usr/lib/postgresql/17/bin"))
OS_USER = "postgres"


def _bin_dir() -> Path:
    for folder in BIN_DIRS:
        if (folder / "pg_ctl").exists():
            return folder
    pytest.fail("cannot start a PostgreSQL of the test's own: no pg_ctl in /usr/lib/postgresql/*/bin "
                "(Debian package postgresql; scripts/bootstrap.sh test installs it)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class OwnPostgres:
    data: Path
    port: int
    bin_dir: Path

    @property
    def url(self) -> str:
        return f"postgresql://{OS_USER if os.geteuid() == 0 else _me()}@127.0.0.1:{self.port}/postgres"

    def _run(self, tool: str, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        command = [str(self.bin_dir / tool), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", OS_USER, "--", *command]
        return subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)

    def start(self) -> None:
        """Start it and wait until it takes connections (bounded)."""
        options = (f"-c listen_addresses=127.0.0.1 -c port={self.port} -c unix_socket_directories={self.data} "
                   "-c fsync=off -c max_connections=40")
        done = self._run("pg_ctl", "start", "-w", "-t", "30", "-D", str(self.data), "-l",
                         str(self.data / "server.log"), "-o", options)
        if done.returncode != 0:
            raise RuntimeError(f"pg_ctl start failed: {done.stdout}{done.stderr}{self.log_tail()}")

    def stop(self, mode: str = "fast") -> None:
        """pg_ctl stop -m fast (clients disconnected, transactions rolled back) or immediate (a crash)."""
        done = self._run("pg_ctl", "stop", "-w", "-t", "30", "-m", mode, "-D", str(self.data))
        if done.returncode != 0:
            raise RuntimeError(f"pg_ctl stop -m {mode} failed: {done.stdout}{done.stderr}")

    def running(self) -> bool:
        return self._run("pg_ctl", "status", "-D", str(self.data)).returncode == 0

    def log_tail(self, lines: int = 20) -> str:
        path = self.data / "server.log"
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else ""


def _me() -> str:
    return getpass.getuser()


@contextlib.contextmanager
def own_postgres() -> Iterator[OwnPostgres]:
    """A fresh, running cluster (trust authentication on 127.0.0.1 only); stopped and deleted afterwards."""
    parent = Path(tempfile.mkdtemp(prefix="iocwall-own-pg-"))
    data = parent / "data"
    if os.geteuid() == 0:
        shutil.chown(parent, OS_USER, OS_USER)
    cluster = OwnPostgres(data=data, port=free_port(), bin_dir=_bin_dir())
    made = cluster._run("initdb", "-D", str(data), "-A", "trust", "-E", "UTF8", "--locale", "C.UTF-8",
                        "-U", OS_USER if os.geteuid() == 0 else _me())
    if made.returncode != 0:
        shutil.rmtree(parent, ignore_errors=True)
        pytest.fail(f"initdb failed: {made.stdout}{made.stderr}")
    try:
        cluster.start()
        yield cluster
    finally:
        if cluster.running():
            with contextlib.suppress(Exception):
                cluster.stop("immediate")
        shutil.rmtree(parent, ignore_errors=True)

