"""A clock for unit tests of time-driven logic: it stands still until the test moves it."""

from __future__ import annotations


class ManualClock:
    """A monotonic clock the test moves by hand (`clock.now += 1.5`); pass it where code takes a `clock`."""

    def __init__(self, now: float = 100.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now
