"""Qt tests render offscreen (set before Qt starts); they check pixels and widget state."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
import qasync

from wall_client.ui.video.budget_driver import shared_driver


@pytest.fixture
def qt_loop(qapp: Any) -> Iterator[qasync.QEventLoop]:
    """One event loop for Qt and asyncio, as `iocwall wall` and `iocwall console` run."""
    loop = qasync.QEventLoop(qapp)
    asyncio.set_event_loop(loop)
    yield loop
    loop.run_until_complete(asyncio.sleep(0))
    loop.close()
    asyncio.set_event_loop(None)


@pytest.fixture(autouse=True)
def fresh_decode_budget() -> Iterator[None]:
    """Each test's wall starts with a decode budget that has learnt nothing. The process has one (a wall PC's cores
    are shared by all its windows), so without this a test's wall would inherit the capacity an earlier test's wall
    learnt (36 tiles on a loaded machine) and save tiles it could decode."""
    yield
    shared_driver.cache_clear()
