"""A database that cannot be reached: BUSY with Retry-After, and a COMMIT cut off is answered by what was stored.

The live trial (PostgreSQL stopped under load) is tests/reliability/test_postgres_restart.py. Here the connection
is cut at the one moment a live test cannot aim at: while COMMIT is on its way, on each engine (`store` is
tests/server/store/conftest.py's); the cut is psycopg's own error, raised where the driver would raise it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import psycopg
import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from server.domain import alerts
from server.store.context import PublishedDelta
from server.store.store import Store, unreachable_reason
from server.store.tables import AlertRow, DeltaRow
from wall_protocol.common import AlertCategory, Severity
from wall_protocol.errors import ErrorCode, ProtocolError
from wall_protocol.messages import AlertIn

CUT = "consuming input failed: server closed the connection unexpectedly"


def _alert(name: str) -> list[AlertIn]:
    return [AlertIn(category=AlertCategory.CYBER, severity=Severity.MINOR, title=name, external_id=name)]


def _cut_commit(store: Store, *, after: bool) -> None:
    """The next COMMIT loses its connection: before it reached the database, or after the database committed."""
    dialect = store._write_engine.dialect
    original: Callable[[Any], None] = dialect.do_commit

    def do_commit(connection: Any) -> None:
        dialect.do_commit = original  # type: ignore[method-assign]
        if after:
            original(connection)
        else:
            connection.rollback()  # what the server does with a transaction whose connection dropped
        raise psycopg.OperationalError(CUT)

    dialect.do_commit = do_commit  # type: ignore[method-assign]


async def _titles(store: Store) -> list[str]:
    return await store.read(lambda s: list(s.scalars(select(AlertRow.title).order_by(AlertRow.id))))


@pytest.mark.parametrize("cause", [
    psycopg.OperationalError('connection failed: connection to server at "127.0.0.1", port 5433 failed: '
                             "Connection refused"),
    OperationalError("SELECT 1", {}, psycopg.errors.AdminShutdown("terminating connection due to administrator "
                                                                  "command")),
    psycopg.InterfaceError("the connection is closed"),
], ids=["refused", "admin-shutdown", "closed"])
async def test_an_unreachable_database_answers_busy_with_retry_after(store: Store, cause: Exception):
    """Refused, shut down or closed: the write and the read are BUSY with the driver's first line, no SQL."""
    def job(context: Any) -> None:
        alerts.ingest(context, _alert("doomed"))
        raise cause

    with pytest.raises(ProtocolError) as refused:
        await store.write(job)
    assert refused.value.code is ErrorCode.BUSY and refused.value.retry_after_s
    assert "cannot be reached" in refused.value.message and "SELECT" not in refused.value.message
    assert store.unreachable is not None

    def read(session: Any) -> None:
        raise cause

    with pytest.raises(ProtocolError) as unread:
        await store.read(read)
    assert unread.value.code is ErrorCode.BUSY and unread.value.retry_after_s
    await store.write(lambda c: alerts.ingest(c, _alert("next")))
    assert store.unreachable is None, "a write that commits clears it"
    assert await _titles(store) == ["next"]


def test_other_errors_are_not_unreachable():
    """A constraint or a bug is not an outage: it stays what it is."""
    assert unreachable_reason(ValueError("bad")) is None
    assert unreachable_reason(psycopg.errors.UniqueViolation("duplicate key")) is None


async def test_a_commit_cut_after_the_database_committed_is_acknowledged(store: Store):
    """The rows are stored: the sender gets its 2xx (not a 503 for what is there), clients the deltas, once."""
    published: list[PublishedDelta] = []
    store.on_commit(published.extend)
    _cut_commit(store, after=True)
    stored = await store.write(lambda c: alerts.ingest(c, _alert("cut")))
    assert stored[0].title == "cut"
    assert [d.seq for d in published] == [1]
    await store.write(lambda c: alerts.ingest(c, _alert("after")))
    assert await _titles(store) == ["cut", "after"]
    seqs = await store.read(lambda s: list(s.scalars(select(DeltaRow.seq).order_by(DeltaRow.seq))))
    assert seqs == [1, 2] and [d.seq for d in published] == [1, 2], "no sequence number used twice"


async def test_a_commit_cut_before_the_database_committed_is_refused(store: Store):
    """Nothing is stored: the sender gets BUSY with Retry-After, and the next write takes the same number."""
    published: list[PublishedDelta] = []
    store.on_commit(published.extend)
    _cut_commit(store, after=False)
    with pytest.raises(ProtocolError) as refused:
        await store.write(lambda c: alerts.ingest(c, _alert("cut")))
    assert refused.value.code is ErrorCode.BUSY and refused.value.retry_after_s
    assert published == []
    await store.write(lambda c: alerts.ingest(c, _alert("after")))
    assert await _titles(store) == ["after"]
    assert await store.read(lambda s: s.scalar(select(func.max(DeltaRow.seq)))) == 1 and published[0].seq == 1
