"""Fixtures of the wall client's tests: a real (virtual) X display, a server with personal accounts."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.people import start_people_server
from tests.support.server_process import ServerProcess
from tests.support.xvfb import QUAD, SIDE_BY_SIDE, Monitor, Xvfb


def _display(width: int, height: int, monitors: tuple[Monitor, ...]) -> Iterator[Xvfb]:
    display = Xvfb(width, height).start()
    try:
        display.set_monitors(list(monitors))
        yield display
    finally:
        display.stop()


@pytest.fixture
def xvfb() -> Iterator[Xvfb]:
    """A fresh Xvfb whose RandR lists two 1600×900 monitors side by side, LEFT and RIGHT."""
    yield from _display(3200, 900, SIDE_BY_SIDE)


@pytest.fixture
def quad() -> Iterator[Xvfb]:
    """A fresh Xvfb whose RandR lists four 800×450 monitors as a 2×2 wall."""
    yield from _display(1600, 900, QUAD)


@pytest.fixture(scope="module")
def people_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ServerProcess, dict[str, str]]]:
    """One real server per test module with personal accounts (tests/support/people.py) and role tokens."""
    server, tokens = start_people_server(tmp_path_factory.mktemp("people"))
    yield server, tokens
    server.stop()
