"""The maintenance timer runs every table's retention and counts what it removed in /metrics."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from server.config import RetentionConfig, StorageConfig
from server.maintenance import run_maintenance
from server.observability import Telemetry
from server.store.store import Store
from server.store.tables import AuditRow


async def test_the_timer_prunes_each_table_and_counts_it(tmp_path: Path):
    """Old audit entries vanish on the first pass; /metrics counts them under their table."""
    store = Store(f"sqlite:///{tmp_path / 'iocwall.db'}")
    store.open()
    observed = Telemetry()
    old = datetime.now(UTC) - timedelta(days=400)
    await store.write(lambda c: c.session.add_all(
        AuditRow(at=old, actor="op", role="operator", action="wall.set_tile", target=f"wall:{i}", detail={})
        for i in range(25)))
    task = asyncio.create_task(run_maintenance(store, StorageConfig(), RetentionConfig(batch_rows=10), observed))
    try:
        for _ in range(200):
            left = await store.read(lambda s: s.scalar(select(func.count()).select_from(AuditRow)))
            if left == 0 and 'table="audit_log"} 25.0' in observed.render().decode():
                break
            await asyncio.sleep(0.02)
        assert left == 0
        assert 'iocwall_retention_pruned_rows_total{table="audit_log"} 25.0' in observed.render().decode()
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        store.close()
