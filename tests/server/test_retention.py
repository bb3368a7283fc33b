"""Retention on real engines: each table pruned by its rule, open alerts kept, the JPEG cap oldest first, small batches."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from server.config import ConfigError, RetentionConfig, ServerConfig, load_config
from server.domain import alerts
from server.retention import prune_audit, run_retention, snapshot_bytes
from server.store.context import WriteContext
from server.store.store import Store
from server.store.tables import (
    AlertRow,
    AuditRow,
    DetectionEventRow,
    EventImageRow,
    TableDefRow,
    TableSnapshotRow,
    TokenRow,
)
from tests.server.store import conftest as engines
from wall_protocol.common import AlertCategory, AlertState, Severity
from wall_protocol.messages import AlertIn

# The store on each real engine (SQLite, and PostgreSQL when IOCWALL_TEST_PG_URL is set).
database_url, postgres_url, store = engines.database_url, engines.postgres_url, engines.store

NOW = datetime.now(UTC)
JPEG = bytes(range(256)) * 400  # 102,400 bytes: the size of a real detection snapshot


def _days_ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


def _config(**overrides: float) -> RetentionConfig:
    return RetentionConfig.model_validate(overrides)


async def _count(store: Store, row: type) -> int:
    return await store.read(lambda s: s.scalar(select(func.count()).select_from(row)) or 0)


def _add_alert(context: WriteContext, title: str, state: AlertState, created_days: float,
               resolved_days: float | None = None) -> None:
    context.session.add(AlertRow(
        category="traffic", severity="minor", title=title, body="", source="sở-gtvt", external_id=title,
        producer="p", area="", camera=None, state=state.value, created_at=_days_ago(created_days),
        occurred_at=None, acknowledged_at=None, acknowledged_by=None, comment="",
        resolved_at=None if resolved_days is None else _days_ago(resolved_days),
        resolved_by=None if resolved_days is None else "op",
    ))


def _add_event(context: WriteContext, started_days: float, ended_days: float | None, jpeg: bytes | None) -> int:
    row = DetectionEventRow(camera="cam", zone="all", zone_title="", label="person",
                            started_at=_days_ago(started_days),
                            last_seen_at=_days_ago(ended_days if ended_days is not None else 0),
                            ended_at=None if ended_days is None else _days_ago(ended_days),
                            max_score=0.8, max_objects=1)
    context.session.add(row)
    context.session.flush()
    if jpeg is not None:
        context.session.add(EventImageRow(event_id=row.id, jpeg=jpeg, size=len(jpeg), score=0.8,
                                                 taken_at=row.started_at))
    return row.id


def _add_audit(context: WriteContext, n: int, days: float) -> None:
    context.session.add_all(AuditRow(at=_days_ago(days), actor="op", role="operator", action="wall.set_tile",
                                     target=f"wall:{i}", detail={}) for i in range(n))


def test_defaults_are_safe():
    """With no file: resolved alerts and audit a year, detection 30 days and 2 GB of JPEGs, tables 90 days (10 kept)."""
    config = ServerConfig()
    retention = config.retention
    assert (retention.resolved_alerts_days, retention.audit_days, retention.detection_days) == (365, 365, 30)
    assert (retention.detection_jpeg_mb, retention.table_snapshot_days, retention.table_snapshots_keep) == (2048, 90, 10)
    assert (retention.batch_rows, retention.interval_s) == (1000, 600)
    assert (config.disk.min_free_mb, config.disk.check_interval_s) == (1024, 30)


@pytest.mark.parametrize(("text", "field"), [
    ("[retention]\nbatch_rows = 1\n", "retention.batch_rows"),
    ("[retention]\ntable_snapshots_keep = 1\n", "retention.table_snapshots_keep"),
    ("[retention]\naudit_days = 0\n", "retention.audit_days"),
    ("[retention]\nkeep_forever = true\n", "retention.keep_forever"),
    ("[disk]\nmin_free_mb = 0\n", "disk.min_free_mb"),
])
def test_bad_retention_settings_are_refused_by_name(tmp_path: Path, text: str, field: str):
    """A wrong retention or disk value stops the start, naming the file and the field."""
    path = tmp_path / "server.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert str(error.value).startswith(str(path)) and field in str(error.value)


async def test_resolved_alerts_go_after_their_days_and_open_ones_stay(store: Store):
    """Alerts resolved over a year ago go; recently resolved ones and open ones (however old) stay."""
    def seed(context: WriteContext) -> None:
        _add_alert(context, "resolved-400d", AlertState.RESOLVED, created_days=420, resolved_days=400)
        _add_alert(context, "resolved-10d", AlertState.RESOLVED, created_days=500, resolved_days=10)
        _add_alert(context, "new-800d", AlertState.NEW, created_days=800)
        _add_alert(context, "ack-800d", AlertState.ACKNOWLEDGED, created_days=800)

    await store.write(seed)
    removed = await run_retention(store, _config())
    titles = await store.read(lambda s: sorted(s.scalars(select(AlertRow.title))))
    assert titles == ["ack-800d", "new-800d", "resolved-10d"]
    assert removed["alerts"] == 1


async def test_audit_log_goes_by_age(store: Store):
    """Audit entries older than audit_days go; newer ones stay."""
    await store.write(lambda c: (_add_audit(c, 3, days=400), _add_audit(c, 2, days=30)))
    removed = await run_retention(store, _config(audit_days=365))
    assert removed["audit_log"] == 3
    assert await _count(store, AuditRow) == 2


async def test_ended_sessions_and_share_links_go_by_age_and_tokens_stay(store: Store):
    """Sessions and share links that ended over ended_sessions_days ago go (a link with its sessions); open
    sessions, recently ended ones and machine tokens, revoked or not, stay."""
    def row(context: WriteContext, name: str, kind: str, expires_days: float | None, revoked_days: float | None = None,
            parent: int | None = None) -> int:
        token = TokenRow(name=name, role="viewer", token_hash=name.ljust(64, "0"), kind=kind, parent_id=parent,
                         created_at=_days_ago(100), revoked_at=_days_ago(revoked_days) if revoked_days else None,
                         expires_at=_days_ago(expires_days) if expires_days is not None else None)
        context.session.add(token)
        context.session.flush()
        return token.id

    def seed(context: WriteContext) -> None:
        row(context, "expired-40d", "session", 40)
        row(context, "revoked-35d", "session", -1, revoked_days=35)
        row(context, "expired-3d", "session", 3)
        row(context, "open", "session", -0.5)
        link = row(context, "link-revoked-50d", "share", -10, revoked_days=50)
        row(context, "link-session", "session", -0.2, revoked_days=50, parent=link)
        row(context, "old-token", "token", None, revoked_days=400)

    await store.write(seed)
    removed = await run_retention(store, _config(ended_sessions_days=30))
    names = await store.read(lambda s: sorted(s.scalars(select(TokenRow.name))))
    assert names == ["expired-3d", "old-token", "open"]
    assert removed["sessions"] == 4


async def test_detection_events_go_by_age_with_their_snapshots(store: Store):
    """Events that ended over detection_days ago go with their JPEG; recent and still open events stay."""
    def seed(context: WriteContext) -> list[int]:
        return [_add_event(context, 41, 40, JPEG), _add_event(context, 6, 5, JPEG), _add_event(context, 60, None, JPEG)]

    old, recent, still_open = await store.write(seed)
    removed = await run_retention(store, _config(detection_days=30))
    events = await store.read(lambda s: sorted(s.scalars(select(DetectionEventRow.id))))
    shots = await store.read(lambda s: sorted(s.scalars(select(EventImageRow.event_id))))
    assert events == shots == sorted([recent, still_open])
    assert removed["detection_events"] == 1 and old not in events


async def test_snapshot_total_is_capped_oldest_first(store: Store):
    """Past detection_jpeg_mb the oldest snapshots go until the rest fits; their events stay."""
    ids = await store.write(lambda c: [_add_event(c, 2 - i / 100, 1, JPEG) for i in range(16)])
    assert await store.read(snapshot_bytes) == 16 * len(JPEG)
    removed = await run_retention(store, _config(detection_jpeg_mb=1))  # 1 MiB: ten 102,400-byte JPEGs fit
    kept = await store.read(lambda s: sorted(s.scalars(select(EventImageRow.event_id))))
    assert kept == ids[6:], "the six oldest snapshots go first, the ten newest stay"
    assert removed["detection_snapshots"] == 6
    assert await store.read(snapshot_bytes) == 10 * len(JPEG) <= 1024 * 1024
    assert await _count(store, DetectionEventRow) == 16


async def test_table_snapshots_go_by_age_keeping_the_newest_per_table(store: Store):
    """Old table snapshots go, but each table keeps its newest few whatever their age (rankings still show)."""
    def seed(context: WriteContext) -> None:
        for key in ("xep-hang", "ho-so"):
            context.session.add(TableDefRow(key=key, body={}, updated_at=NOW))
        context.session.flush()
        for i in range(15):  # a table whose producer stopped half a year ago
            context.session.add(TableSnapshotRow(table_key="xep-hang", ts=_days_ago(200 + i), rows=[],
                                                 created_at=_days_ago(200 + i)))
        for i in range(3):
            context.session.add(TableSnapshotRow(table_key="ho-so", ts=_days_ago(100 + i), rows=[],
                                                 created_at=_days_ago(100 + i)))
            context.session.add(TableSnapshotRow(table_key="ho-so", ts=_days_ago(i), rows=[], created_at=_days_ago(i)))

    await store.write(seed)
    removed = await run_retention(store, _config(table_snapshot_days=90, table_snapshots_keep=4))
    kept = await store.read(lambda s: [(r.table_key, round((NOW - r.ts) / timedelta(days=1))) for r in s.scalars(
        select(TableSnapshotRow).order_by(TableSnapshotRow.table_key, TableSnapshotRow.ts.desc()))])
    assert kept == [("ho-so", 0), ("ho-so", 1), ("ho-so", 2), ("ho-so", 100),
                    ("xep-hang", 200), ("xep-hang", 201), ("xep-hang", 202), ("xep-hang", 203)]
    assert removed["indicator_snapshots"] == 11 + 2


async def test_pruning_runs_in_small_batches_each_its_own_job(store: Store):
    """One job deletes at most batch_rows; a run takes as many jobs as it needs and leaves nothing expired."""
    await store.write(lambda c: _add_audit(c, 45, days=400))
    assert await store.write(lambda c: prune_audit(c, keep_days=365, batch=10)) == 10
    jobs_before = store.stats.jobs
    removed = await run_retention(store, _config(batch_rows=10))
    assert removed["audit_log"] == 35 and await _count(store, AuditRow) == 0
    assert store.stats.jobs - jobs_before >= 4, "35 rows in batches of 10 take at least four write jobs"


async def test_ingest_is_not_held_up_by_pruning(store: Store):
    """An alert sent while a long prune runs is stored between its batches, long before the prune ends."""
    await store.write(lambda c: _add_audit(c, 3000, days=400))
    pruning = asyncio.create_task(run_retention(store, _config(batch_rows=100)))
    for _ in range(5000):
        if await _count(store, AuditRow) < 3000:  # the first batch is gone: the prune is under way
            break
        await asyncio.sleep(0.001)
    item = AlertIn(category=AlertCategory.TRAFFIC, severity=Severity.MINOR, title="ùn tắc Km 12")
    await store.write(lambda c: alerts.ingest(c, [item], "p"))
    left = await _count(store, AuditRow)
    await pruning
    assert left > 0, "the alert had to wait for the whole prune"
    assert await _count(store, AuditRow) == 0
