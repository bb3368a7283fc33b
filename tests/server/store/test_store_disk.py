"""A full disk: writes are refused with BUSY and a reason, nothing is half-written, and the writer recovers."""

from __future__ import annotations

import asyncio
import errno
from collections.abc import AsyncIterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from server.domain import alerts
from server.store.context import WriteContext
from server.store.store import Store
from server.store.tables import AlertRow, DeltaRow
from tests.support.small_fs import fill, store_on_small_filesystem
from wall_protocol.common import AlertCategory, Severity
from wall_protocol.errors import ErrorCode, ProtocolError
from wall_protocol.messages import AlertIn


def _pair(name: str) -> list[AlertIn]:
    """Two alerts in one job, with bodies big enough to need new pages: both are stored, or neither."""
    return [AlertIn(category=AlertCategory.CYBER, severity=Severity.MAJOR, title=f"{name}/{half}",
                    body="dò quét cổng " * 300, external_id=f"{name}/{half}") for half in ("a", "b")]


@pytest.fixture
async def tight_store(tmp_path: Path) -> AsyncIterator[tuple[Store, Path]]:
    """A store whose SQLite file lives on a 16 MB filesystem of its own."""
    async with store_on_small_filesystem(tmp_path, 16) as made:
        yield made


async def _titles(store: Store) -> list[str]:
    return await store.read(lambda s: list(s.scalars(select(AlertRow.title).order_by(AlertRow.id))))


async def test_a_full_disk_refuses_writes_with_busy_and_recovers(tight_store: tuple[Store, Path]):
    """On a full disk every write answers BUSY with the reason and Retry-After; once space returns, writes go on."""
    store, folder = tight_store
    await store.write(lambda c: alerts.ingest(c, _pair("before")))
    filler = fill(folder)
    outcomes = await asyncio.gather(*(store.submit(lambda c, i=i: alerts.ingest(c, _pair(f"full-{i}")))
                                      for i in range(40)), return_exceptions=True)
    refused = [o for o in outcomes if isinstance(o, ProtocolError)]
    assert refused, "a full disk must refuse some writes"
    assert all(isinstance(o, ProtocolError | list) for o in outcomes), outcomes
    assert all(r.code is ErrorCode.BUSY and "disk is full" in r.message and r.retry_after_s for r in refused)
    assert store.disk_full is not None and "disk is full" in store.disk_full
    titles = await _titles(store)
    for i in range(40):
        halves = [t for t in titles if t.startswith(f"full-{i}/")]
        assert len(halves) in (0, 2), f"job {i} was half-written: {halves}"
    seqs = await store.read(lambda s: list(s.scalars(select(DeltaRow.seq).order_by(DeltaRow.seq))))
    assert seqs == list(range(1, len(seqs) + 1)) and len(seqs) == len(titles), "a refused write left a delta"

    filler.unlink()
    await store.write(lambda c: alerts.ingest(c, _pair("after")))
    assert (await _titles(store))[-2:] == ["after/a", "after/b"]
    assert store.disk_full is None, "a write that committed clears the full-disk state"


@pytest.mark.parametrize("cause", [
    OperationalError("INSERT INTO alerts ...", {}, psycopg.errors.DiskFull("could not extend file "
                     "\"base/16384/16402\": No space left on device\nHINT:  Check free disk space.")),
    OSError(errno.ENOSPC, "No space left on device"),
], ids=["postgresql-disk-full", "enospc"])
async def test_disk_full_errors_of_every_engine_answer_busy(store: Store, cause: Exception):
    """PostgreSQL's DiskFull (53100) and ENOSPC are refused as BUSY with the driver's first line, no SQL."""
    def job(context: WriteContext) -> None:
        alerts.ingest(context, _pair("doomed"))
        raise cause

    with pytest.raises(ProtocolError) as refused:
        await store.write(job)
    assert refused.value.code is ErrorCode.BUSY and refused.value.retry_after_s
    assert "No space left on device" in refused.value.message
    assert "INSERT" not in refused.value.message and "HINT" not in refused.value.message
    assert await store.read(lambda s: s.scalar(select(func.count()).select_from(AlertRow))) == 0
    await store.write(lambda c: alerts.ingest(c, _pair("next")))
    assert store.disk_full is None
