"""Fixtures of the wall client's tests on a real (virtual) X display."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.xvfb import SIDE_BY_SIDE, Xvfb


@pytest.fixture
def xvfb() -> Iterator[Xvfb]:
    """A fresh Xvfb whose RandR lists two 1600×900 monitors side by side, LEFT and RIGHT."""
    display = Xvfb(3200, 900).start()
    try:
        display.set_monitors(list(SIDE_BY_SIDE))
        yield display
    finally:
        display.stop()
