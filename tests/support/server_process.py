"""The real server in a subprocess on a loopback port, with a real database file."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from server.domain import tokens, users
from server.domain.passwords import Passwords
from server.store.context import Principal, WriteContext
from server.store.db import make_engine, run_migrations
from wall_protocol.common import Role

READY = re.compile(r"serving on (https?)://127\.0\.0\.1:(\d+)")
TEST_ACTOR = Principal(name="tests", role=Role.ADMIN.value)


def stop_process(process: subprocess.Popen[Any], grace_s: float = 10.0) -> int:
    """SIGTERM, then SIGKILL if it is not gone within `grace_s`; its exit code."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(grace_s)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
    return process.returncode


SETPRIV = shutil.which("setpriv")


def dies_with_parent(command: Sequence[str]) -> list[str]:
    """`command` run so that it gets SIGTERM when this test process dies (a killed test run leaves no server behind):
    through util-linux's setpriv, which asks for that signal and execs the command (same pid, same fds).

    Not a `preexec_fn`: with one, the forked child runs Python before its exec, and first tidies up the thread
    states of the parent's other threads. In a test process those hold PyAV and libVLC objects; CI's demo test
    hung for good in a child freeing a PyAV reformatter there, whose slice threads do not exist in a child
    (py-spy: `sws_freeContext` → `pthread_cond_destroy` under `do_fork_exec`). Without one the child runs no
    Python at all (vfork and exec)."""
    if SETPRIV is None:  # not Linux, or no util-linux: no death signal
        return list(command)
    return [SETPRIV, "--pdeathsig", "TERM", "--", *command]


def create_tokens(db_url: str, names: dict[str, Role]) -> dict[str, str]:
    """Tokens made straight in the database (migrating it first), as `iocwall-server token create` does."""
    engine = make_engine(db_url, writer=True)
    run_migrations(engine)
    made = {}
    with Session(engine) as session, session.begin():
        for name, role in names.items():
            made[name], _ = tokens.create(session, TEST_ACTOR, name, role)
    engine.dispose()
    return made


FAST_ARGON2 = "[accounts]\nargon2_time_cost = 1\nargon2_memory_kib = 8192\n"
"""server.toml lines that make argon2id cheap enough for tests that log in dozens of times (still argon2id)."""


def create_users(db_url: str, users_made: dict[str, tuple[Role, str]]) -> None:
    """Accounts made straight in the database, as `iocwall-server user create` does: name -> (role, password)."""
    engine = make_engine(db_url, writer=True)
    run_migrations(engine)
    hasher = Passwords(time_cost=1, memory_kib=8192)
    with Session(engine) as session, session.begin():
        context = WriteContext(session, 0, {})
        for name, (role, password) in users_made.items():
            users.create(context, TEST_ACTOR, name, "", role, hasher.hash(password))
    engine.dispose()


@dataclass
class ServerProcess:
    db_url: str
    workdir: Path
    config_text: str = 'log_level = "warning"\n'
    extra_args: list[str] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)
    """Added to the server's environment (e.g. a PYTHONPATH with another wall_protocol first)."""
    cwd: Path | None = None
    port: int = 0
    scheme: str = "http"
    process: subprocess.Popen[str] | None = None
    output: deque[str] = field(default_factory=lambda: deque(maxlen=400))

    def start(self, timeout: float = 30.0) -> ServerProcess:
        config = self.workdir / "server.toml"
        config.write_text(self.config_text, encoding="utf-8")
        # Restarts reuse the port, as a real restarted server would, so clients reconnect to the same URL.
        command = [sys.executable, "-m", "server", "--config", str(config), "--db", self.db_url,
                   "--host", "127.0.0.1", "--port", str(self.port), *self.extra_args]
        self.process = subprocess.Popen(dies_with_parent(command), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                        text=True, env={**os.environ, "PYTHONUNBUFFERED": "1", **self.env},
                                        cwd=self.cwd)
        found = threading.Event()
        threading.Thread(target=self._pump, args=(found,), daemon=True).start()
        if not found.wait(timeout):
            self.kill()
            raise RuntimeError("server did not start:\n" + "".join(self.output))
        return self

    def _pump(self, found: threading.Event) -> None:
        assert self.process is not None and self.process.stdout is not None
        for line in self.process.stdout:
            self.output.append(line)
            match = READY.search(line)
            if match:
                self.scheme, self.port = match.group(1), int(match.group(2))
                found.set()

    @property
    def http(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}"

    @property
    def ws(self) -> str:
        return f"{'wss' if self.scheme == 'https' else 'ws'}://127.0.0.1:{self.port}/ws"

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL: no shutdown handlers, no flushing; what is committed must survive."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process is not None:
            stop_process(self.process, grace_s=15)

    def wait_exit(self, timeout: float = 30) -> int:
        assert self.process is not None
        deadline = time.monotonic() + timeout
        while self.process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.process.wait(1)
