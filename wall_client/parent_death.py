"""A child process that gets SIGTERM when the process that started it dies, even by SIGKILL (Linux).

Used for the demo's server (no orphan left on the port) and the kiosk's wall (no second wall after the watchdog
restarts). The setting is made in the forked child before exec (a `preexec_fn`), and a forked child of a
multi-threaded process may wait for ever on what the parent's other threads held at the fork:
- so prctl is looked up here, in the parent, and the child only calls it (loading libc in the child, a dlopen,
  takes the dynamic loader's lock);
- and it is for parents with no decoding threads: before a `preexec_fn`, Python tidies up the other threads'
  states in the child, which can free their objects there (a PyAV reformatter's free waits for slice threads that
  do not exist in the child: seen in the test process, whose children now use setpriv instead,
  tests/support/server_process.py). The demo starts its server before the wall plays anything; the kiosk's
  watchdog plays nothing.
"""

from __future__ import annotations

import ctypes
import signal
import sys
from collections.abc import Callable

PR_SET_PDEATHSIG = 1


def sigterm_on_parent_death() -> Callable[[], None] | None:
    """A `preexec_fn` for subprocess.Popen that asks for SIGTERM at the parent's death; None where there is none."""
    if not sys.platform.startswith("linux"):
        return None
    prctl = ctypes.CDLL("libc.so.6", use_errno=True).prctl
    sigterm = int(signal.SIGTERM)

    def set_death_signal() -> None:
        prctl(PR_SET_PDEATHSIG, sigterm)

    return set_death_signal
