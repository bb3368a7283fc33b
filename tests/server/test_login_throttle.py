"""The per-address login throttle with a fake clock: waits past the limit, forgets after the window, bounded."""

from __future__ import annotations

from server.login_throttle import LoginThrottle


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_an_address_waits_once_it_reaches_the_limit_within_the_window():
    """Failures below the limit cost nothing; at the limit the wait runs until the oldest counted one ages out."""
    clock = Clock()
    throttle = LoginThrottle(3, 60, clock=clock)
    assert not throttle.failed("10.0.0.5")
    clock.now += 10
    assert not throttle.failed("10.0.0.5")
    assert throttle.wait_s("10.0.0.5") == 0
    assert throttle.failed("10.0.0.5")
    assert throttle.wait_s("10.0.0.5") == 50  # the first failure, at 1000, leaves the window at 1060
    assert throttle.wait_s("10.0.0.6") == 0, "another address is not affected"
    clock.now = 1060.5
    assert throttle.wait_s("10.0.0.5") == 0


def test_failures_older_than_the_window_are_forgotten():
    """Slow guessing (one try per window) never makes the address wait, and leaves nothing behind."""
    clock = Clock()
    throttle = LoginThrottle(2, 60, clock=clock)
    for _ in range(5):
        throttle.failed("10.0.0.5")
        clock.now += 61
    assert throttle.wait_s("10.0.0.5") == 0
    assert throttle._failures == {}


def test_the_number_of_addresses_remembered_is_bounded():
    """Past max_addresses the oldest addresses are dropped (memory stays bounded under a spray)."""
    throttle = LoginThrottle(5, 60, max_addresses=100, clock=Clock())
    for n in range(1000):
        throttle.failed(f"10.0.{n // 256}.{n % 256}")
    assert len(throttle._failures) == 100
    assert "10.0.3.231" in throttle._failures and "10.0.0.0" not in throttle._failures
