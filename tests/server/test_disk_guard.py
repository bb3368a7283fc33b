"""The disk guard on a real small filesystem: degraded below the floor, one alert, media pruned first, recovery."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from server.config import DiskConfig
from server.disk_guard import DiskGuard, still_low
from server.domain import alerts
from server.observability import Telemetry
from server.store.context import WriteContext
from server.store.store import Store
from server.store.tables import AlertRow, DetectionEventRow, EventImageRow
from tests.server.store import conftest as engines
from tests.support.small_fs import fill, free_bytes, store_on_small_filesystem
from wall_protocol.common import AlertCategory, Severity
from wall_protocol.errors import ProtocolError
from wall_protocol.messages import AlertIn
from wall_protocol.texts import render

postgres_url = engines.postgres_url  # a fresh PostgreSQL database (skipped without IOCWALL_TEST_PG_URL)

MB = 1024 * 1024
JPEG = bytes(range(256)) * 400  # 102,400 bytes


@pytest.fixture
async def tight(tmp_path: Path) -> AsyncIterator[tuple[Store, Path]]:
    """A store whose SQLite file lives on a 24 MB filesystem of its own."""
    async with store_on_small_filesystem(tmp_path, 24) as made:
        yield made


def _add_events(context: WriteContext, n: int) -> list[int]:
    now = datetime.now(UTC)
    ids = []
    for _ in range(n):
        row = DetectionEventRow(camera="cam", zone="all", zone_title="", label="person", started_at=now,
                                last_seen_at=now, ended_at=now, max_score=0.8, max_objects=1)
        context.session.add(row)
        context.session.flush()
        context.session.add(EventImageRow(event_id=row.id, jpeg=JPEG, size=len(JPEG), score=0.8, taken_at=now))
        ids.append(row.id)
    return ids


async def _disk_alerts(store: Store) -> list[tuple[str, str, str, str | None]]:
    """(category, severity, state, resolved_by) of the server's system alerts."""
    return await store.read(lambda s: [tuple(r) for r in s.execute(
        select(AlertRow.category, AlertRow.severity, AlertRow.state, AlertRow.resolved_by)
        .where(AlertRow.source == "system"))])


@pytest.mark.parametrize(("free", "was_low", "low"), [
    (99, False, True), (100, False, False), (105, True, True), (110, True, False), (None, True, False),
])
def test_low_space_has_a_margin_before_it_clears(free: int | None, was_low: bool, low: bool):
    """Low below the floor; once low, it clears only at 10% above it (no flapping); unmeasured is never low."""
    assert still_low(free, 100, was_low) is low


async def test_low_space_degrades_raises_one_alert_prunes_media_first_and_recovers(tight: tuple[Store, Path]):
    """Below the floor: degraded with the reason, one system alert, the oldest JPEGs dropped; all undone when space returns."""
    store, folder = tight
    ids = await store.write(lambda c: _add_events(c, 40))  # 4 MB of JPEGs
    guard = DiskGuard(store, DiskConfig(min_free_mb=4), folder, batch_rows=10)
    observed = Telemetry()
    guard.register(observed)
    await guard.check()
    assert guard.reason() is None and guard.health()["status"] == "ok"

    filler = fill(folder, leave_bytes=2 * MB)
    await guard.check()
    await guard.check()
    reason = guard.reason()
    assert reason is not None and "free" in reason and "4 MB" in reason
    health = guard.health()
    assert health["status"] == "degraded" and health["reason"] == reason
    assert health["disk"]["free_bytes"] < 4 * MB and health["disk"]["measured"] is True
    text = observed.render().decode()
    assert "iocwall_disk_degraded 1.0" in text and "iocwall_disk_free_bytes " in text
    [(category, severity, state, _)] = await _disk_alerts(store)
    assert (category, severity, state) == (AlertCategory.SYSTEM.value, Severity.MAJOR.value, "new")
    [alert] = await store.read(lambda s: alerts.query(s, category=AlertCategory.SYSTEM))
    assert alert.title_text is not None and alert.body_text is not None, "the disk alert is a server text"
    assert (alert.title_text.key, alert.body_text.key) == ("system.disk_low", "system.disk_body")
    assert alert.body == render(alert.body_text) and "(ngưỡng 4 MB)" in alert.body
    kept = await store.read(lambda s: list(s.scalars(select(EventImageRow.event_id).order_by(
        EventImageRow.event_id))))
    assert kept and kept == ids[-len(kept):] and len(kept) < len(ids), "the oldest snapshots go first, some stay"
    assert len(await store.read(lambda s: list(s.scalars(select(DetectionEventRow.id))))) == 40, "events stay"

    filler.unlink()
    await guard.check()
    assert guard.reason() is None and guard.health()["status"] == "ok"
    assert "iocwall_disk_degraded 0.0" in observed.render().decode()
    [(_, _, state, resolved_by)] = await _disk_alerts(store)
    assert state == "resolved" and resolved_by == "giám sát ổ đĩa"


async def test_refused_writes_degrade_until_a_write_succeeds(tight: tuple[Store, Path]):
    """A write refused for space degrades the server (critical alert once there is room) until writes work again."""
    store, folder = tight
    guard = DiskGuard(store, DiskConfig(min_free_mb=1), folder)
    filler = fill(folder)
    item = AlertIn(category=AlertCategory.CYBER, severity=Severity.MAJOR, title="x", body="y" * 4000)
    for _ in range(50):
        try:
            await store.write(lambda c: alerts.ingest(c, [item], "p"))
        except ProtocolError:
            break
    assert store.disk_full is not None
    await guard.check()
    reason = guard.reason()
    assert reason is not None and "writes are refused" in reason
    filler.unlink()
    await guard.check()
    assert store.disk_full is None and guard.reason() is None, "the guard's probe write shows writes work again"
    assert free_bytes(folder) > MB


async def test_postgresql_free_space_is_not_measured_and_says_so(postgres_url: str):
    """On PostgreSQL the guard measures nothing, says why, and is degraded only when writes are refused."""
    store = Store(postgres_url)
    store.open()
    try:
        guard = DiskGuard(store, DiskConfig(), DiskGuard.folder_of(postgres_url))
        await guard.check()
        health = guard.health()
        assert health["status"] == "ok" and health["disk"]["measured"] is False
        assert "PostgreSQL" in health["disk"]["note"]
        store.disk_full = "could not extend file: No space left on device"
        assert "writes are refused" in (guard.reason() or "")
    finally:
        store.close()
