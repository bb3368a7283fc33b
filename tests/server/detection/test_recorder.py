"""The event recorder on a real SQLite store: starts and ends at once, updates at most every 2 s per event;
starts refused on a full disk are tried again."""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from server.detection.occupancy import Ended, Started, Updated
from server.detection.recorder import UPDATE_EVERY_S, EventRecorder, camera_facts
from server.detection.types import Box
from server.domain import alerts, detections
from server.store.store import Store
from server.store.tables import EventImageRow, SettingRow
from tests.support.clock import ManualClock
from tests.support.small_fs import fill, store_on_small_filesystem
from wall_protocol.common import AlertCategory, AlertState
from wall_protocol.errors import ProtocolError

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
BOX = Box(0.3, 0.3, 0.5, 0.9)
FACTS = camera_facts("cam", "Cổng A", "Cao Lộc", "major")


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    opened = Store(f"sqlite:///{tmp_path / 'events.db'}")
    opened.open()
    yield opened
    opened.close()


def _updated(second: float, objects: int) -> Updated:
    return Updated("all", "person", T0 + timedelta(seconds=second), objects, 0.8, BOX, better_snapshot=False)


async def _settle(store: Store) -> None:
    await store.write(lambda c: None)  # jobs run in order: this one completes after all submitted before
    await asyncio.sleep(0)


async def test_a_flickering_count_is_written_at_most_every_two_seconds(store: Store):
    """Counts 1→3→2→3 within a second: one write then, the rest (with the peak of 3) two seconds later."""
    clock = ManualClock(0.0)
    recorder = EventRecorder(store, clock)
    recorder.started(FACTS, Started("all", "", "person", T0, 1, 0.8, BOX), None)
    for second, objects in ((0.2, 3), (0.4, 2), (0.6, 3), (0.8, 2)):
        clock.now = second
        recorder.updated("cam", _updated(second, objects), None)
    await _settle(store)
    [event] = await store.read(lambda s: detections.query(s))
    assert event.max_objects == 1, "no update written yet: the start was less than 2 s ago"
    clock.now = UPDATE_EVERY_S + 0.1
    recorder.flush()
    await _settle(store)
    event = await store.read(lambda s: detections.get(s, event.id))
    assert event.max_objects == 3 and event.last_seen_at == T0 + timedelta(seconds=0.8)
    alert = await store.read(lambda s: alerts.get(s, event.alert))  # type: ignore[arg-type]
    assert alert.category is AlertCategory.DETECTION and "2 người" in alert.body  # the count now, not the peak


async def test_an_end_writes_the_pending_update_first(store: Store):
    """An update still waiting when the event ends is written before the end, so no figure is lost."""
    clock = ManualClock(0.0)
    recorder = EventRecorder(store, clock)
    recorder.started(FACTS, Started("all", "", "person", T0, 1, 0.8, BOX), None)
    clock.now = 0.5
    recorder.updated("cam", _updated(0.5, 4), None)
    recorder.ended("cam", Ended("all", "person", T0 + timedelta(seconds=1)))
    await _settle(store)
    [event] = await store.read(lambda s: detections.query(s))
    assert event.max_objects == 4 and event.ended_at == T0 + timedelta(seconds=1)
    alert = await store.read(lambda s: alerts.get(s, event.alert))  # type: ignore[arg-type]
    assert alert.state is AlertState.RESOLVED


async def _drain(store: Store) -> None:
    """Like _settle, on a full disk: the marker job may share the refused transaction."""
    with contextlib.suppress(ProtocolError):
        await store.write(lambda c: None)
    await asyncio.sleep(0)


def _shot(score: float) -> detections.EventImage:
    return detections.EventImage(os.urandom(150_000), score, T0)  # incompressible: it needs new pages


async def _exhaust(store: Store) -> None:
    """Use up the database file's own free pages too, until a write is refused."""
    for i in range(500):
        try:
            await store.write(lambda c, i=i: c.session.add(SettingRow(key=f"pad-{i}", value="x" * 100_000)))
        except ProtocolError:
            return
    raise AssertionError("the full disk never refused a write")


async def test_a_start_refused_on_a_full_disk_is_recorded_once_space_returns(tmp_path: Path):
    """A start refused (BUSY) is tried every 2 s with the best snapshot since; once space returns it is recorded."""
    async with store_on_small_filesystem(tmp_path, 16) as (tight, folder):
        filler = fill(folder)
        await _exhaust(tight)
        clock = ManualClock(0.0)
        recorder = EventRecorder(tight, clock)
        recorder.started(FACTS, Started("all", "", "person", T0, 1, 0.6, BOX), _shot(0.6))
        await _drain(tight)
        clock.now = 1.0
        recorder.updated("cam", Updated("all", "person", T0 + timedelta(seconds=1), 2, 0.9, BOX, True), _shot(0.9))
        clock.now = UPDATE_EVERY_S + 0.1
        recorder.flush()
        await _drain(tight)
        assert await tight.read(lambda s: detections.query(s)) == [], "refused whole: no event, no snapshot"
        filler.unlink()
        clock.now = 2 * UPDATE_EVERY_S + 0.2
        recorder.flush()
        await _drain(tight)
        [event] = await tight.read(lambda s: detections.query(s))
        assert event.started_at == T0 and event.max_objects == 2 and event.has_snapshot and event.alert is not None
        score = await tight.read(lambda s: s.get(EventImageRow, event.id).score)  # type: ignore[union-attr]
        assert score == 0.9, "the best snapshot seen while refused"
        recorder.ended("cam", Ended("all", "person", T0 + timedelta(seconds=5)))
        await _drain(tight)
        assert (await tight.read(lambda s: detections.get(s, event.id))).ended_at == T0 + timedelta(seconds=5)
        assert recorder.unrecorded == 0


async def test_an_event_that_ends_while_the_disk_is_full_is_counted_not_half_written(tmp_path: Path):
    """Started and ended while every write is refused: one last try, then nothing stored and the loss counted."""
    async with store_on_small_filesystem(tmp_path, 16) as (tight, folder):
        fill(folder)
        await _exhaust(tight)
        recorder = EventRecorder(tight, ManualClock(0.0))
        recorder.started(FACTS, Started("all", "", "person", T0, 1, 0.6, BOX), _shot(0.6))
        await _drain(tight)
        recorder.ended("cam", Ended("all", "person", T0 + timedelta(seconds=1)))
        await _drain(tight)
        assert recorder.unrecorded == 1
        assert await tight.read(lambda s: (detections.query(s), s.query(EventImageRow).count())) == ([], 0)
