"""Qt tests render offscreen (set before Qt starts); they check pixels and widget state."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
import qasync


@pytest.fixture
def qt_loop(qapp: Any) -> Iterator[qasync.QEventLoop]:
    """One event loop for Qt and asyncio, as `iocwall wall` and `iocwall console` run."""
    loop = qasync.QEventLoop(qapp)
    asyncio.set_event_loop(loop)
    yield loop
    loop.run_until_complete(asyncio.sleep(0))
    loop.close()
    asyncio.set_event_loop(None)
