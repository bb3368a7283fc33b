"""Housekeeping on a timer: the delta log beyond its resume window, old samples, and every table's retention."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from sqlalchemy import delete, func, select

from server.config import RetentionConfig, StorageConfig
from server.domain import metrics
from server.observability import Telemetry
from server.retention import run_retention
from server.store.context import WriteContext
from server.store.store import Store
from server.store.tables import DeltaRow
from wall_protocol.errors import ProtocolError

log = logging.getLogger(__name__)

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


async def run_maintenance(store: Store, config: StorageConfig, retention: RetentionConfig,
                          observed: Telemetry | None = None) -> None:
    """Every `retention.interval_s`: each table pruned by its rule, in write jobs of one batch each."""
    while True:
        try:
            removed = {"deltas": 0}
            while True:
                chunk = await store.write(
                    lambda c: prune_delta_log(c, config.delta_log_hours, config.delta_log_max_rows)
                )
                removed["deltas"] += chunk
                if chunk < PRUNE_CHUNK:
                    break
            removed["metric_samples"] = await store.write(metrics.prune)
            removed |= await run_retention(store, retention)
            if observed is not None:
                observed.pruned_rows(removed)
            if any(removed.values()):
                log.info("maintenance dropped %s", ", ".join(f"{n} from {t}" for t, n in removed.items() if n))
        except ProtocolError as exc:  # e.g. BUSY on a full disk: the disk guard says so; no traceback needed
            log.warning("maintenance could not write (%s); trying again in %.0f s", exc.message, retention.interval_s)
        except Exception:
            log.exception("maintenance failed; trying again in %.0f s", retention.interval_s)
        await asyncio.sleep(retention.interval_s)
