"""Retention: each table that grows is pruned by its own rule, in small batches (settings: [retention]).

Every function that deletes is one write job that removes at most `batch` rows, so that ingest queued
meanwhile waits for one batch, never for a whole prune. `run_retention` repeats each until it is done.
Open alerts are never pruned: only resolved ones, counted from when they were resolved.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from server.config import RetentionConfig
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
from wall_protocol.common import AlertState

log = logging.getLogger(__name__)

SNAPSHOT_BATCH_BYTES = 8 * 1024 * 1024
"""JPEG bytes deleted per write job at most: a batch of rows could be a hundred MB. Measured on SQLite,
deleting 32 MB of 100 kB snapshots held the writer for 90 ms; 8 MB keeps a job near 25 ms."""

PruneJob = Callable[[WriteContext], int]


def _rowcount(result: object) -> int:
    return int(getattr(result, "rowcount", 0) or 0)


def prune_resolved_alerts(context: WriteContext, keep_days: float, batch: int) -> int:
    """Delete up to `batch` alerts resolved more than `keep_days` ago; open alerts are never touched."""
    cutoff = context.now - timedelta(days=keep_days)
    ids = list(context.session.scalars(
        select(AlertRow.id).where(AlertRow.state == AlertState.RESOLVED.value, AlertRow.resolved_at < cutoff)
        .order_by(AlertRow.resolved_at).limit(batch)))
    if not ids:
        return 0
    return _rowcount(context.session.execute(delete(AlertRow).where(AlertRow.id.in_(ids))))


def prune_audit(context: WriteContext, keep_days: float, batch: int) -> int:
    """Delete up to `batch` audit entries older than `keep_days`, oldest first."""
    cutoff = context.now - timedelta(days=keep_days)
    ids = list(context.session.scalars(
        select(AuditRow.id).where(AuditRow.at < cutoff).order_by(AuditRow.at).limit(batch)))
    if not ids:
        return 0
    return _rowcount(context.session.execute(delete(AuditRow).where(AuditRow.id.in_(ids))))


def prune_ended_sessions(context: WriteContext, keep_days: float, batch: int) -> int:
    """Delete up to `batch` login sessions and share links that ended (revoked or expired) over `keep_days` ago.

    Sessions go before share links: a link's sessions end no later than the link, so a link old enough to
    go has no session left that still needs it. Machine tokens stay (an admin may look up a revoked one).
    """
    cutoff = context.now - timedelta(days=keep_days)
    ended = func.coalesce(TokenRow.revoked_at, TokenRow.expires_at)
    removed = 0
    for kind in ("session", "share"):
        ids = list(context.session.scalars(
            select(TokenRow.id).where(TokenRow.kind == kind, TokenRow.expires_at.is_not(None), ended < cutoff)
            .order_by(TokenRow.id).limit(batch - removed)))
        if kind == "share" and ids:
            # Revoking a link revokes its sessions at the same moment: any left (in a later batch) go with it.
            context.session.execute(delete(TokenRow).where(TokenRow.parent_id.in_(ids)))
        if ids:
            removed += _rowcount(context.session.execute(delete(TokenRow).where(TokenRow.id.in_(ids))))
        if removed >= batch:
            break
    return removed


def prune_detection_events(context: WriteContext, keep_days: float, batch: int) -> int:
    """Delete up to `batch` detection events that ended more than `keep_days` ago, with their snapshots.

    An event still open stays, however long ago it started: its alert and its snapshot are live.
    """
    cutoff = context.now - timedelta(days=keep_days)
    # started_at <= ended_at, so the first condition only narrows the search to the started_at index.
    ids = list(context.session.scalars(
        select(DetectionEventRow.id).where(DetectionEventRow.started_at < cutoff,
                                           DetectionEventRow.ended_at.is_not(None),
                                           DetectionEventRow.ended_at < cutoff)
        .order_by(DetectionEventRow.id).limit(batch)))
    if not ids:
        return 0
    # The foreign key cascades too; deleting the snapshots first does not depend on the engine enforcing it.
    context.session.execute(delete(EventImageRow).where(EventImageRow.event_id.in_(ids)))
    return _rowcount(context.session.execute(delete(DetectionEventRow).where(DetectionEventRow.id.in_(ids))))


def snapshot_bytes(session: Session) -> int:
    """Bytes of all detection snapshots (JPEG) stored.

    length(jpeg), not the `size` column: SQLite stores `size` after the JPEG, so reading it walks every
    JPEG's overflow pages, while length() reads only the record header. Measured on 1 GB of 100 kB
    snapshots, cold cache: 3.0 s for sum(size), 0.4 s for sum(length(jpeg)). PostgreSQL's length() of a
    bytea reads the TOAST header only.
    """
    return int(session.scalar(select(func.coalesce(func.sum(func.length(EventImageRow.jpeg)), 0))) or 0)


def drop_oldest_snapshots(context: WriteContext, need_bytes: int, batch: int) -> tuple[int, int]:
    """Delete the oldest snapshots (their events stay) until `need_bytes` are freed, at most `batch` of them.

    Returns (snapshots deleted, bytes freed). Oldest by event id: ids grow with time, and the id is the
    primary key, so the order costs no reading of the JPEGs.
    """
    if need_bytes <= 0:
        return 0, 0
    picked: list[int] = []
    freed = 0
    rows = context.session.execute(
        select(EventImageRow.event_id, func.length(EventImageRow.jpeg))
        .order_by(EventImageRow.event_id).limit(batch))
    for event_id, size in rows:
        picked.append(event_id)
        freed += int(size or 0)
        if freed >= need_bytes or freed >= SNAPSHOT_BATCH_BYTES:
            break
    if not picked:
        return 0, 0
    context.session.execute(delete(EventImageRow).where(EventImageRow.event_id.in_(picked)))
    return len(picked), freed


def prune_table_snapshots(context: WriteContext, keep_days: float, keep_newest: int, batch: int) -> int:
    """Delete up to `batch` table snapshots stored more than `keep_days` ago, keeping each table's newest few.

    The newest `keep_newest` by `ts` stay whatever their age: a table whose producer stopped still shows
    its last ranking (and the change since the one before).
    """
    cutoff = context.now - timedelta(days=keep_days)
    removed = 0
    for key in context.session.scalars(select(TableDefRow.key).order_by(TableDefRow.key)):
        if removed >= batch:
            break
        newest_kept = context.session.scalar(
            select(TableSnapshotRow.ts).where(TableSnapshotRow.table_key == key)
            .order_by(TableSnapshotRow.ts.desc()).offset(keep_newest - 1).limit(1))
        if newest_kept is None:  # fewer snapshots than are kept anyway
            continue
        ids = list(context.session.scalars(
            select(TableSnapshotRow.id).where(TableSnapshotRow.table_key == key, TableSnapshotRow.ts < newest_kept,
                                              TableSnapshotRow.created_at < cutoff)
            .order_by(TableSnapshotRow.ts).limit(batch - removed)))
        if ids:
            removed += _rowcount(context.session.execute(delete(TableSnapshotRow).where(TableSnapshotRow.id.in_(ids))))
    return removed


async def _repeat(store: Store, job: PruneJob, batch: int) -> int:
    """Run `job` as separate write jobs until a batch comes back short."""
    total = 0
    while True:
        removed: int = await store.write(job)
        total += removed
        if removed < batch:
            return total


async def cap_snapshots(store: Store, cap_bytes: int, batch: int) -> int:
    """Drop the oldest snapshots until the rest fit in `cap_bytes`; returns how many went."""
    # The total is read on a reader thread: summing every row in a write job would hold up the writer.
    excess = await store.read(snapshot_bytes) - cap_bytes
    dropped = 0
    while excess > 0:
        rows, freed = await store.write(functools.partial(drop_oldest_snapshots, need_bytes=excess, batch=batch))
        if rows == 0:
            break
        dropped += rows
        excess -= freed
    return dropped


async def run_retention(store: Store, config: RetentionConfig) -> dict[str, int]:
    """One pass over every table's rule; rows removed per table."""
    batch = config.batch_rows
    removed = {
        "alerts": await _repeat(store, lambda c: prune_resolved_alerts(c, config.resolved_alerts_days, batch), batch),
        "audit_log": await _repeat(store, lambda c: prune_audit(c, config.audit_days, batch), batch),
        "sessions": await _repeat(store, lambda c: prune_ended_sessions(c, config.ended_sessions_days, batch), batch),
        "detection_events": await _repeat(
            store, lambda c: prune_detection_events(c, config.detection_days, batch), batch),
        "detection_snapshots": await cap_snapshots(store, config.detection_jpeg_mb * 1024 * 1024, batch),
        "indicator_snapshots": await _repeat(
            store, lambda c: prune_table_snapshots(c, config.table_snapshot_days, config.table_snapshots_keep, batch),
            batch),
    }
    return removed
