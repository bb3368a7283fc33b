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


def prune_delta_log(context: WriteContext, keep_hours: float, keep_rows: int) -> int:
    """Delete old deltas; the newest row always stays, so sequence numbers never restart."""
    newest = context.session.scalar(select(func.max(DeltaRow.seq)))
    if newest is None:
        return 0
    floor = newest - keep_rows
    cutoff = context.now - timedelta(hours=keep_hours)
    result = context.session.execute(
        delete(DeltaRow).where(DeltaRow.seq < newest, (DeltaRow.created_at < cutoff) | (DeltaRow.seq <= floor))
    )
    return result.rowcount or 0  # type: ignore[attr-defined]


async def run_maintenance(store: Store, config: StorageConfig, interval_s: float = INTERVAL_S) -> None:
    while True:
        try:
            deltas = await store.write(
                lambda c: prune_delta_log(c, config.delta_log_hours, config.delta_log_max_rows)
            )
            samples = await store.write(metrics.prune)
            if deltas or samples:
                log.info("maintenance: dropped %d old deltas and %d old samples", deltas, samples)
        except Exception:
            log.exception("maintenance failed; trying again in %.0f s", interval_s)
        await asyncio.sleep(interval_s)
