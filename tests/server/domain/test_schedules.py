"""Schedules on a real SQLite store with an injected clock: once per occurrence, across restarts."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

import pytest

from server.domain import documents, presets, schedules, walls
from server.scheduler import run_schedules
from server.store.context import PublishedDelta
from server.store.store import Store
from tests.server.domain.conftest import OPERATOR
from wall_protocol.automation import Preset, Schedule, Weekday
from wall_protocol.common import utc_now
from wall_protocol.entities import CameraSource, MonitorState, TileState
from wall_protocol.timezone import VIETNAM_TZ, to_vietnam

BRIEFING = Preset(name="giao-ban-test", title="Giao ban", wall="main", monitors=(
    MonitorState(index=1, layout="cameras-2x2", tiles=(TileState(tile="video-1", source=CameraSource(camera="cam-a")),)),
))


def _next_local(hour: int, minute: int, days_ahead: int) -> datetime:
    """An instant (UTC) `days_ahead` days from today at hour:minute Vietnam time."""
    local_today = to_vietnam(utc_now()).date() + timedelta(days=days_ahead)
    return datetime(local_today.year, local_today.month, local_today.day, hour, minute, tzinfo=VIETNAM_TZ).astimezone(UTC)


def _ticks(times: list[datetime]) -> tuple[Callable[[], datetime], Callable[[float], Awaitable[None]]]:
    """A clock that steps through `times`, one per loop pass, and a sleep that ends the loop after the last."""
    remaining = list(times)
    current = [remaining.pop(0)]

    def clock() -> datetime:
        return current[0]

    async def sleep(_: float) -> None:
        if not remaining:
            raise asyncio.CancelledError
        current[0] = remaining.pop(0)

    return clock, sleep


async def _run(store: Store, times: list[datetime]) -> list[PublishedDelta]:
    published: list[PublishedDelta] = []
    store.on_commit(published.extend)
    clock, sleep = _ticks(times)
    with pytest.raises(asyncio.CancelledError):
        await run_schedules(store, clock=clock, interval_s=0, sleep=sleep)
    return [d for d in published if '"kind":"wall"' in d.text]


async def _setup(store: Store) -> None:
    every_day = Schedule(name="sang", preset=BRIEFING.name, at="07:30", days=tuple(Weekday))
    await store.write(lambda c: documents.upsert(c, OPERATOR, presets.PRESETS, BRIEFING))
    await store.write(lambda c: documents.upsert(c, OPERATOR, schedules.SCHEDULES, every_day))


def _layout_of_monitor_1(store: Store) -> Callable[[], Awaitable[str]]:
    async def read() -> str:
        state = (await store.read(lambda s: walls.states(s, only="main")))[0]
        return next(m.layout for m in state.monitors if m.index == 1)
    return read


async def test_schedule_fires_exactly_once_at_its_time_and_not_again_after_a_restart(store: Store, db_url: str):
    """07:30 local: nothing a minute before, one wall change at the time, none on later ticks or after restart."""
    await _setup(store)
    due = _next_local(7, 30, days_ahead=2)
    changes = await _run(store, [due - timedelta(minutes=1), due, due + timedelta(seconds=10), due + timedelta(minutes=3)])
    assert len(changes) == 1
    assert await _layout_of_monitor_1(store)() == "cameras-2x2"
    ran = await store.read(lambda s: documents.get(s, schedules.SCHEDULES, "sang"))
    assert ran.last_run_at == due
    await store.write(lambda c: walls.set_layout(c, OPERATOR, "main", 1, "cameras-3x3"))  # the operator moves on
    store.close()
    restarted = Store(db_url)
    restarted.open()
    try:
        assert await _run(restarted, [due + timedelta(minutes=4), due + timedelta(minutes=5)]) == []
        assert await _layout_of_monitor_1(restarted)() == "cameras-3x3"
        next_day = await _run(restarted, [due + timedelta(days=1), due + timedelta(days=1, seconds=10)])
        assert len(next_day) == 1, "the next day's occurrence runs once"
    finally:
        restarted.close()


async def test_a_run_missed_while_down_is_skipped_not_run_late(store: Store):
    """An occurrence more than the grace period old (the server was down) does not change the wall."""
    await _setup(store)
    due = _next_local(7, 30, days_ahead=2)
    assert await _run(store, [due + schedules.GRACE + timedelta(minutes=1)]) == []
    assert await _layout_of_monitor_1(store)() == "cameras-3x3"


async def test_disabled_schedule_and_other_weekdays_do_not_fire(store: Store):
    """A disabled schedule never runs; a weekday schedule does not run on a Sunday."""
    await _setup(store)
    due = _next_local(7, 30, days_ahead=2)
    await store.write(lambda c: documents.upsert(c, OPERATOR, schedules.SCHEDULES, Schedule(name="sang", preset=BRIEFING.name,
                                                                       at="07:30", enabled=False)))
    assert await _run(store, [due]) == []
    sunday = next(due + timedelta(days=d) for d in range(7) if to_vietnam(due + timedelta(days=d)).weekday() == 6)
    await store.write(lambda c: documents.upsert(c, OPERATOR, schedules.SCHEDULES, Schedule(name="sang", preset=BRIEFING.name,
                                                                       at="07:30")))
    assert await _run(store, [sunday]) == []


def test_latest_occurrence_honours_vietnam_time_and_the_days():
    """07:30 in Vietnam is 00:30 UTC; before it on a Monday, the latest weekday occurrence is Friday's."""
    schedule = Schedule(name="s", preset="p", at="07:30")
    monday_0031 = datetime(2026, 11, 23, 0, 31, tzinfo=UTC)  # 07:31 Monday in Hà Nội
    assert schedules.latest_occurrence(schedule, monday_0031) == datetime(2026, 11, 23, 0, 30, tzinfo=UTC)
    monday_0029 = datetime(2026, 11, 23, 0, 29, tzinfo=UTC)
    assert schedules.latest_occurrence(schedule, monday_0029) == datetime(2026, 11, 20, 0, 30, tzinfo=UTC)


@pytest.mark.parametrize(("at", "days", "now", "due"), [
    # Midnight on New Year's Day (a Friday) in Vietnam is 17:00 UTC on Thursday 31 December.
    ("00:00", (Weekday.FRI,), datetime(2026, 12, 31, 17, 0, tzinfo=UTC), datetime(2026, 12, 31, 17, 0, tzinfo=UTC)),
    ("00:00", (Weekday.FRI,), datetime(2026, 12, 31, 16, 59, tzinfo=UTC), datetime(2026, 12, 24, 17, 0, tzinfo=UTC)),
    # 23:59 on New Year's Eve (Thursday) is 16:59 UTC the same day.
    ("23:59", (Weekday.THU,), datetime(2027, 1, 1, 3, 0, tzinfo=UTC), datetime(2026, 12, 31, 16, 59, tzinfo=UTC)),
    # 06:59 local on Monday is Sunday 23:59 UTC: the UTC weekday is not the one that counts.
    ("06:59", (Weekday.MON,), datetime(2026, 11, 23, 0, 0, tzinfo=UTC), datetime(2026, 11, 22, 23, 59, tzinfo=UTC)),
])
def test_latest_occurrence_pins_local_midnights_and_new_year(at: str, days: tuple[Weekday, ...], now: datetime,
                                                              due: datetime):
    """Occurrences at local midnight, across the new year and across the UTC date line are what +7 gave."""
    schedule = Schedule(name="s", preset="p", at=at, days=days)
    assert schedules.latest_occurrence(schedule, now) == due
