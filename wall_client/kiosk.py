"""`iocwall kiosk`: keep the wall running on an unattended PC.

The kiosk session starts `iocwall kiosk --config wall.toml`; this watchdog runs `iocwall wall --config
wall.toml` as a child and starts it again whenever it exits (a crash, a libVLC abort, a refused token
that an admin may fix), until the watchdog itself is told to stop (SIGTERM, SIGINT, SIGHUP at logout,
Ctrl+C on Windows). Each restart is logged to stderr with the exit code or signal; the session's
journal keeps it.

The wall restarts `restart_delay_s` (1 s) after it exits; a wall that keeps dying right after start
waits longer each time (1, 2, 4, 5, 5 s …), but never more than MAX_RESTART_DELAY_S (5 s): the room must see
its wall again within seconds once the cause is gone, and a 5 s cycle costs little. The first wait is short
because a crashed wall must be connected again within 5 s, and its start (Python, Qt, libVLC, the TLS
handshake) takes most of that on a loaded wall PC.

`Watchdog` holds the policy with its clock, sleep and spawn passed in, so tests run it with a fake
clock or with real child processes.
"""

from __future__ import annotations

import logging
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Protocol

from wall_client.config import WallConfigError, load_wall_config
from wall_client.parent_death import sigterm_on_parent_death

log = logging.getLogger("iocwall.kiosk")

DEFAULT_RESTART_DELAY_S = 1.0
MAX_RESTART_DELAY_S = 5.0
STABLE_AFTER_S = 10.0
"""A wall that ran this long before exiting had started fine: its next restart waits the shortest delay."""
STOP_GRACE_S = 5.0


class Child(Protocol):
    """What the watchdog needs of a started wall (subprocess.Popen has it)."""

    pid: int
    returncode: int | None

    def wait(self, timeout: float | None = None) -> int: ...
    def terminate(self) -> None: ...
    def kill(self) -> None: ...


@dataclass
class RestartPolicy:
    """How long to wait before the next start, from how long the last run lasted."""

    delay_s: float = DEFAULT_RESTART_DELAY_S
    max_delay_s: float = MAX_RESTART_DELAY_S
    stable_after_s: float = STABLE_AFTER_S
    quick_exits: int = field(default=0, init=False)

    def delay_after(self, ran_s: float) -> float:
        """Doubles for each exit in a row that came soon after start; back to `delay_s` after a good run."""
        self.quick_exits = self.quick_exits + 1 if ran_s < self.stable_after_s else 0
        growth = 2.0 ** max(0, self.quick_exits - 1)
        return min(self.max_delay_s, self.delay_s * growth)


def describe_exit(code: int) -> str:
    """'exit code 3', or 'signal SIGKILL' for a POSIX child killed by a signal (negative code)."""
    if code < 0:
        try:
            return f"signal {signal.Signals(-code).name}"
        except ValueError:
            return f"signal {-code}"
    return f"exit code {code}"


class Watchdog:
    def __init__(self, command: Sequence[str], policy: RestartPolicy | None = None, *,
                 spawn: Callable[[Sequence[str]], Child] | None = None,
                 clock: Callable[[], float] = time.monotonic, poll_s: float = 0.2) -> None:
        self.command = list(command)
        self.policy = policy or RestartPolicy()
        self.spawn = spawn or start_child
        self.clock = clock
        self.poll_s = poll_s
        self.starts = 0
        self.child: Child | None = None
        self._stop = threading.Event()

    def stop(self) -> None:
        """Ask the loop to stop the wall and return; safe from a signal handler or another thread."""
        self._stop.set()

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def sleep(self, seconds: float) -> None:
        """Wait before a restart; a stop request ends the wait at once."""
        self._stop.wait(seconds)

    def run(self) -> int:
        """Start the wall, wait for it, start it again; returns 0 once stopped."""
        while not self.stopping:
            started = self.clock()
            try:
                self.child = self.spawn(self.command)
            except OSError as exc:  # e.g. the program was removed mid-upgrade: try again, as for a crash
                delay = self.policy.delay_after(0.0)
                log.error("cannot start the wall (%s); trying again in %.1f s", exc, delay)
                self.sleep(delay)
                continue
            self.starts += 1
            log.info("wall started (pid %d)", self.child.pid)
            code = self._wait_for_exit(self.child)
            if code is None:  # asked to stop while it ran
                self._stop_child(self.child)
                break
            ran_s = self.clock() - started
            delay = self.policy.delay_after(ran_s)
            log.warning("wall (pid %d) ended with %s after %.1f s; restarting in %.1f s (restart %d)",
                        self.child.pid, describe_exit(code), ran_s, delay, self.starts)
            self.sleep(delay)
        log.info("watchdog stopped")
        return 0

    def _wait_for_exit(self, child: Child) -> int | None:
        """The child's exit code, or None when a stop was asked first.

        Polls rather than blocking in wait(): on Windows no signal interrupts a blocking wait, and
        a stop must be seen within `poll_s` there too.
        """
        while not self.stopping:
            try:
                return child.wait(timeout=self.poll_s)
            except subprocess.TimeoutExpired:
                continue
        return None

    def _stop_child(self, child: Child) -> None:
        """SIGTERM (TerminateProcess on Windows), then kill if it lingers.

        Terminate rather than forwarding SIGINT as is: the wall spends its time in Qt's event loop,
        where a Python SIGINT handler may run late; SIGTERM ends it at once.
        """
        if child.returncode is not None:
            return
        child.terminate()
        try:
            child.wait(timeout=STOP_GRACE_S)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait(timeout=STOP_GRACE_S)


def start_child(command: Sequence[str]) -> Child:
    """The wall as a child sharing our stdout and stderr (so its log lands in the same journal)."""
    # Linux: the wall gets SIGTERM if the watchdog dies, even by SIGKILL (no second wall after a restart).
    return subprocess.Popen(list(command), preexec_fn=sigterm_on_parent_death())


def wall_command(config: Path) -> list[str]:
    """`iocwall wall --config FILE` with the program running now: frozen, sys.executable IS iocwall."""
    args = ["wall", "--config", str(config.resolve())]
    if getattr(sys, "frozen", False):
        return [sys.executable, *args]
    return [sys.executable, "-m", "wall_client.cli", *args]


def supervise(command: Sequence[str], restart_delay_s: float = DEFAULT_RESTART_DELAY_S) -> int:
    """Run the watchdog on `command` in the main thread until a stop signal; 0 when stopped."""
    watchdog = Watchdog(command, RestartPolicy(delay_s=restart_delay_s))

    def on_signal(number: int, _frame: FrameType | None) -> None:
        log.info("got %s: stopping the wall", signal.Signals(number).name)
        watchdog.stop()

    for name in ("SIGTERM", "SIGINT", "SIGHUP", "SIGBREAK"):  # SIGHUP: POSIX only; SIGBREAK: Windows only
        number = getattr(signal, name, None)
        if number is not None:
            signal.signal(number, on_signal)
    return watchdog.run()


def run_kiosk(config: Path, restart_delay_s: float = DEFAULT_RESTART_DELAY_S) -> int:
    """`iocwall kiosk`: check the config once (a broken install is said at once, exit 2), then supervise."""
    logging.getLogger("iocwall").setLevel(logging.INFO)
    try:
        load_wall_config(config)
    except WallConfigError as exc:
        print(f"iocwall kiosk: {exc}", file=sys.stderr, flush=True)
        return 2
    command = wall_command(config)
    log.info("supervising: %s", " ".join(command))
    return supervise(command, restart_delay_s)
