"""Failed logins per address: past a number within a window, that address waits, whatever accounts it tries.

The per-account lock-out (server/domain/users.py) stops guessing one password; this stops one machine
from guessing across many accounts, and from locking everyone out. Kept in memory: a restart forgets
it, and an address's count never outlives its window. Bounded: past `max_addresses` the oldest go.
"""

from __future__ import annotations

import time
from collections import OrderedDict, deque
from collections.abc import Callable


class LoginThrottle:
    def __init__(self, attempts: int, window_s: float, *, max_addresses: int = 10_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.attempts = attempts
        self.window_s = window_s
        self.max_addresses = max_addresses
        self._clock = clock
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()

    def _recent(self, address: str, now: float) -> deque[float] | None:
        failures = self._failures.get(address)
        if failures is None:
            return None
        while failures and failures[0] <= now - self.window_s:
            failures.popleft()
        if not failures:
            del self._failures[address]
            return None
        return failures

    def wait_s(self, address: str) -> float:
        """How long `address` must wait before its next attempt (0: it may try now)."""
        now = self._clock()
        failures = self._recent(address, now)
        if failures is None or len(failures) < self.attempts:
            return 0.0
        return failures[-self.attempts] + self.window_s - now

    def failed(self, address: str) -> bool:
        """Count a failure; whether the address must wait from now on (for the audit, once)."""
        now = self._clock()
        failures = self._recent(address, now) or deque()
        failures.append(now)
        if len(failures) > self.attempts:
            failures.popleft()  # only the newest `attempts` matter for the wait
        self._failures[address] = failures
        self._failures.move_to_end(address)
        while len(self._failures) > self.max_addresses:
            self._failures.popitem(last=False)
        return len(failures) >= self.attempts
