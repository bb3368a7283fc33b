"""A child process that gets SIGTERM when the process that started it dies, even by SIGKILL (Linux).

Used for the demo's server (no orphan left on the port) and the kiosk's wall (no second wall after the watchdog
restarts). The setting is made in the forked child before exec, where a multi-threaded parent's locks may be held
for ever by threads that do not exist there: so prctl is looked up here, in the parent, and the child only calls
it. Loading libc in the child (a dlopen, which takes the dynamic loader's lock) once hung a child for good while
libVLC's threads were loading plugins in the parent (seen in the tests: a server start that never returned).
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
