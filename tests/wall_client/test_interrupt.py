"""Ctrl-C (SIGINT to the whole process group, as a terminal sends it) stops the Qt commands within 2 s.

Each command runs as a real subprocess in its own session, so its process group is what a terminal's
foreground job would be: `iocwall` and, for the demo, its server child (and `make` for `make demo`).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psutil
import pytest

from tests.support.server_process import ServerProcess, create_tokens, dies_with_parent
from tests.support.xvfb import Xvfb
from wall_protocol.common import Role

pytestmark = pytest.mark.serial  # timed against the clock (Ctrl-C ends everything within 2 s)

IOCWALL = Path(sys.executable).parent / "iocwall"
REPO = Path(__file__).resolve().parents[2]
STOP_LIMIT_S = 2.0  # the issue: Ctrl-C stops every process of the command within 2 s
WATCH_S = 5.0  # how long a stop is watched, so that a failure says how many processes were left
SIGINT_EXIT = 128 + signal.SIGINT  # what a shell reports for a command Ctrl-C ended (launch.py)
SIGTERM_EXIT = 128 + signal.SIGTERM
OFFSCREEN = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _until(condition: Callable[[], object], timeout: float, what: str) -> float:
    """Poll until `condition()` is true; how long it took."""
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > timeout:
            raise AssertionError(f"not within {timeout:g} s: {what}")
        time.sleep(0.05)
    return time.monotonic() - started


def _clients(http: str) -> int:
    """Clients connected to the server at `http` (0 while it does not answer yet)."""
    try:
        return int(httpx.get(http + "/healthz", timeout=2).json()["clients"])
    except httpx.HTTPError:
        return 0


@dataclass
class Group:
    """A command started in a session of its own: its leader, its output, and every process of its group."""

    process: subprocess.Popen[str]
    lines: list[str] = field(default_factory=list)
    reader: threading.Thread | None = None

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def members(self) -> list[str]:
        """'PID command' of each live (not zombie) process whose group is ours."""
        self.process.poll()  # reap the leader, so that a dead one is not counted
        found = []
        for proc in psutil.process_iter(["pid", "cmdline", "status"]):
            try:
                if os.getpgid(proc.pid) == self.process.pid and proc.info["status"] != psutil.STATUS_ZOMBIE:
                    found.append(f"{proc.pid} {' '.join(proc.info['cmdline'] or [])[:100]}")
            except (ProcessLookupError, psutil.Error):
                pass
        return found

    def interrupt(self, sig: signal.Signals = signal.SIGINT) -> float:
        """Send `sig` to the whole group, as Ctrl-C does; seconds until no process of the group is left."""
        os.killpg(self.process.pid, sig)
        sent = time.monotonic()
        while self.members() and time.monotonic() - sent < WATCH_S:
            time.sleep(0.02)
        took = time.monotonic() - sent
        left = self.members()
        assert not left, f"{sig.name}: still running after {took:.1f} s: {left}\n{self.output[-3000:]}"
        assert self.reader is not None
        self.reader.join(5)
        print(f"{sig.name}: every process of the group gone {took:.2f} s after the signal")
        return took

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)


@pytest.fixture
def start() -> Iterator[Callable[..., Group]]:
    """Start commands in sessions of their own; whatever is left at the end is killed."""
    started: list[Group] = []

    def run(command: list[str], env: dict[str, str], cwd: Path) -> Group:
        process = subprocess.Popen(dies_with_parent(command), cwd=cwd, env={**env, "PYTHONUNBUFFERED": "1"},
                                   text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
        group = Group(process)

        def read() -> None:
            assert process.stdout is not None
            for line in process.stdout:
                group.lines.append(line)

        group.reader = threading.Thread(target=read, daemon=True)
        group.reader.start()
        started.append(group)
        return group

    yield run
    for group in started:
        group.kill()


def _assert_clean(group: Group, code: int) -> None:
    assert "Traceback" not in group.output, group.output[-4000:]
    assert group.process.wait(5) == code, group.output[-4000:]


@pytest.mark.parametrize("command", ["wall", "console"])
def test_ctrl_c_stops_a_client_offscreen(command: str, live_server: tuple[ServerProcess, dict[str, str]],
                                         start: Callable[..., Group], tmp_path: Path) -> None:
    """`iocwall wall` / `iocwall console` connected to a live server: SIGINT to the group ends it within 2 s, 130."""
    server, tokens = live_server
    before = _clients(server.http)
    args = ["--token", tokens["operator"]] + (["--wall", "main"] if command == "wall" else [])
    group = start([str(IOCWALL), command, "--server", server.ws, *args], OFFSCREEN, tmp_path)
    _until(lambda: _clients(server.http) > before, 30, f"iocwall {command} connected")
    time.sleep(1)  # past start-up: windows shown, timers running
    assert group.interrupt() < STOP_LIMIT_S
    _assert_clean(group, SIGINT_EXIT)
    _until(lambda: _clients(server.http) == before, 5, "the server saw the client go")


@pytest.mark.parametrize("command", ["wall", "console"])
def test_ctrl_c_stops_a_client_on_a_display(command: str, live_server: tuple[ServerProcess, dict[str, str]],
                                            xvfb: Xvfb, start: Callable[..., Group], tmp_path: Path) -> None:
    """The same on a real X display (Xvfb, Qt's xcb platform): the window is mapped, Ctrl-C still ends it in 2 s."""
    server, tokens = live_server
    before = _clients(server.http)
    args = ["--token", tokens["operator"]] + (["--wall", "main"] if command == "wall" else [])
    group = start([str(IOCWALL), command, "--server", server.ws, *args], xvfb.env(), tmp_path)
    _until(lambda: _clients(server.http) > before, 30, f"iocwall {command} connected")
    time.sleep(1)
    assert group.interrupt() < STOP_LIMIT_S
    _assert_clean(group, SIGINT_EXIT)


def test_sigterm_stops_the_wall(live_server: tuple[ServerProcess, dict[str, str]], start: Callable[..., Group],
                                tmp_path: Path) -> None:
    """SIGTERM (systemd, the kiosk watchdog, `kill`) ends the wall as cleanly and as fast, with 143."""
    server, tokens = live_server
    before = _clients(server.http)
    group = start([str(IOCWALL), "wall", "--server", server.ws, "--token", tokens["viewer"]], OFFSCREEN, tmp_path)
    _until(lambda: _clients(server.http) > before, 30, "iocwall wall connected")
    assert group.interrupt(signal.SIGTERM) < STOP_LIMIT_S
    _assert_clean(group, SIGTERM_EXIT)


def test_ctrl_c_stops_a_wall_whose_server_is_gone(start: Callable[..., Group], tmp_path: Path) -> None:
    """The server stopped first: the wall waits to reconnect, and Ctrl-C still ends it within 2 s."""
    db_url = f"sqlite:///{tmp_path / 'iocwall.db'}"
    token = create_tokens(db_url, {"wall": Role.VIEWER})["wall"]
    server = ServerProcess(db_url=db_url, workdir=tmp_path).start()
    try:
        group = start([str(IOCWALL), "wall", "--server", server.ws, "--token", token], OFFSCREEN, tmp_path)
        _until(lambda: _clients(server.http) == 1, 30, "iocwall wall connected")
    finally:
        server.stop()
    _until(lambda: "cannot connect" in group.output, 10, "the wall noticed the server is gone")
    assert group.interrupt() < STOP_LIMIT_S
    _assert_clean(group, SIGINT_EXIT)


def _start_demo(start: Callable[..., Group], tmp_path: Path) -> Group:
    """`iocwall demo` offscreen on a free port with a fresh data folder (its clips render in the background)."""
    port = _free_port()
    group = start([str(IOCWALL), "demo", "--port", str(port), "--data-dir", str(tmp_path / "data")],
                  OFFSCREEN, tmp_path)
    _until(lambda: _clients(f"http://127.0.0.1:{port}") >= 1, 60, "the demo's wall connected to the demo server")
    return group


def _demo_server(group: Group) -> psutil.Process:
    """The demo's server child (iocwall also runs short-lived helpers, such as library look-ups)."""
    found = []
    for child in psutil.Process(group.process.pid).children():
        with contextlib.suppress(psutil.Error):  # such a helper may end (or be a zombie) meanwhile
            if child.cmdline()[1:4] == ["-m", "server", "--demo"]:
                found.append(child)
    assert len(found) == 1, found
    return found[0]


def test_ctrl_c_stops_the_demo_and_its_server(start: Callable[..., Group], tmp_path: Path) -> None:
    """`iocwall demo`: SIGINT to the group ends the wall and the demo server (rendering clips) within 2 s."""
    group = _start_demo(start, tmp_path)
    _demo_server(group)
    time.sleep(1)
    assert group.interrupt() < STOP_LIMIT_S
    _assert_clean(group, SIGINT_EXIT)


def test_the_demo_ends_when_its_server_dies(start: Callable[..., Group], tmp_path: Path) -> None:
    """The demo server dies on its own: the demo's wall says so and exits (non-zero) instead of retrying forever."""
    group = _start_demo(start, tmp_path)
    _demo_server(group).kill()
    _until(lambda: group.process.poll() is not None, 5, "iocwall demo ended after its server died")
    assert group.reader is not None
    group.reader.join(5)
    assert "Traceback" not in group.output, group.output[-4000:]
    assert group.process.returncode not in (0, None)
    assert "the demo server stopped" in group.output, group.output[-2000:]


@pytest.mark.timeout(90)
def test_ctrl_c_stops_make_demo(start: Callable[..., Group]) -> None:
    """`make demo PORT=…` in the checkout (venv bootstrapped): Ctrl-C ends make, the wall and the server within 2 s."""
    # make demo keeps its state in the checkout (git ignores it); remove what this test made there.
    made = [REPO / name for name in ("demo-data", "demo-output") if not (REPO / name).exists()]
    port = _free_port()
    group = start(["make", "demo", f"PORT={port}"], OFFSCREEN, REPO)
    try:
        _until(lambda: _clients(f"http://127.0.0.1:{port}") >= 1, 60, "the demo's wall connected to the demo server")
        time.sleep(1)
        assert group.interrupt() < STOP_LIMIT_S
        assert "Traceback" not in group.output, group.output[-4000:]
        # make waits for iocwall, then ends by the signal itself, as a shell expects of an interrupted job; or,
        # when iocwall's exit (130: interrupted) reaches make before make's own signal handler runs, make says so
        # and fails (2). Either way it ended at once, and because of Ctrl-C.
        code = group.process.wait(5)
        assert code == -signal.SIGINT or (code == 2 and "Error 130" in group.output), group.output[-4000:]
    finally:
        group.kill()
        for folder in made:
            shutil.rmtree(folder, ignore_errors=True)
