"""Housekeeping on a timer: drop old samples and the delta log beyond its resume window."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from sqlalchemy import delete, func, select

from server.config import StorageConfig
from server.domain import metrics
from server.store.context import WriteContext
from server.store.store import Store
from server.store.tables import DeltaRow

log = logging.getLogger(__name__)

INTERVAL_S = 600.0


PRUNE_CHUNK = 20_000
"""Rows deleted per write job, so that ingest jobs queued meanwhile are not held up for long."""


def prune_delta_log(context: WriteContext, keep_hours: float, keep_rows: int, chunk: int = PRUNE_CHUNK) -> int:
    """Delete up to `chunk` of the oldest expired deltas; the newest row always stays (seq never restarts)."""
    newest = context.session.scalar(select(func.max(DeltaRow.seq)))
    oldest = context.session.scalar(select(func.min(DeltaRow.seq)))
    if newest is None or oldest is None:
        return 0
    cutoff = context.now - timedelta(hours=keep_hours)
    below = min(newest, oldest + chunk)  # seqs are contiguous: this bounds the chunk by index range
    result = context.session.execute(
        delete(DeltaRow).where(
            DeltaRow.seq < below, (DeltaRow.created_at < cutoff) | (DeltaRow.seq <= newest - keep_rows)
        )
    )
    return result.rowcount or 0  # type: ignore[attr-defined]


async def run_maintenance(store: Store, config: StorageConfig, interval_s: float = INTERVAL_S) -> None:
    while True:
        try:
            deltas = 0
            while True:
                removed = await store.write(
                    lambda c: prune_delta_log(c, config.delta_log_hours, config.delta_log_max_rows)
                )
                deltas += removed
                if removed < PRUNE_CHUNK:
                    break
            samples = await store.write(metrics.prune)
            if deltas or samples:
                log.info("maintenance: dropped %d old deltas and %d old samples", deltas, samples)
        except Exception:
            log.exception("maintenance failed; trying again in %.0f s", interval_s)
        await asyncio.sleep(interval_s)
