"""Runs the schedules: a task on the event loop that asks the writer every few seconds what is due.

The clock and the pause are parameters so that tests run a week of schedules without waiting.
What has run is decided inside the write job (see `server/domain/schedules.py`), so this loop
keeps no state of its own and a restart picks up where the database says.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime

from server.domain import schedules
from server.store.store import Store
from wall_protocol.common import utc_now

log = logging.getLogger(__name__)

INTERVAL_S = 10.0
"""How often schedules are checked: a run starts at most this late (and costs one small query)."""


async def run_schedules(
    store: Store,
    clock: Callable[[], datetime] = utc_now,
    interval_s: float = INTERVAL_S,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> None:
    while True:
        try:
            await store.write(functools.partial(schedules.run_due, now=clock()))
        except Exception:
            log.exception("running schedules failed; trying again in %.0f s", interval_s)
        await sleep(interval_s)
