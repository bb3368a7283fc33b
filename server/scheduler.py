"""Write jobs on a timer: the schedules, and the KPI forecasts.

Each is a task on the event loop that submits its work to the store every few seconds. The clock and the
pause are parameters so that tests run a week of schedules without waiting. What has run is decided
inside the write job (see `server/domain/schedules.py` and `server/domain/forecasts.py`), so these
loops keep no state of their own and a restart picks up where the database says.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime

from server.domain import forecasts, schedules
from server.store.store import Store
from wall_protocol.common import utc_now
from wall_protocol.errors import ProtocolError

log = logging.getLogger(__name__)

INTERVAL_S = 10.0
"""How often schedules are checked: a run starts at most this late (and costs one small query)."""

Clock = Callable[[], datetime]
Sleep = Callable[[float], Awaitable[None]]


async def run_every(
    step: Callable[[datetime], Awaitable[object]],
    what: str,
    clock: Clock = utc_now,
    interval_s: float = INTERVAL_S,
    sleep: Sleep = asyncio.sleep,
) -> None:
    """Run `step(clock())` every `interval_s`; a failure is logged and the next pass tries again."""
    while True:
        try:
            await step(clock())
        except ProtocolError as exc:  # BUSY: a full disk or a database away, which the store explains once
            log.warning("%s failed (%s); trying again in %.0f s", what, exc.message, interval_s)
        except Exception:
            log.exception("%s failed; trying again in %.0f s", what, interval_s)
        await sleep(interval_s)


async def run_schedules(
    store: Store, clock: Clock = utc_now, interval_s: float = INTERVAL_S, sleep: Sleep = asyncio.sleep
) -> None:
    async def step(now: datetime) -> None:
        await store.write(functools.partial(schedules.run_due, now=now))

    await run_every(step, "running schedules", clock, interval_s, sleep)


async def run_forecasts(store: Store, interval_s: float, clock: Clock = utc_now, sleep: Sleep = asyncio.sleep) -> None:
    async def step(now: datetime) -> None:
        # Read and project on a read thread, then a short write job: the writer is never held by a
        # read of years of samples (see server/domain/forecasts.py).
        computed = await store.read(functools.partial(forecasts.compute, now=now))
        await store.write(functools.partial(forecasts.apply, now=now, computed=computed))

    await run_every(step, "recomputing forecasts", clock, interval_s, sleep)
