"""The store on real engines: migrations, group commit, sequence numbers, isolation of failures, UTC."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import select, text

from server.domain import alerts, metrics, snapshot
from server.maintenance import prune_delta_log
from server.store.context import PublishedDelta, WriteContext
from server.store.store import Store
from server.store.tables import AlertRow, DeltaRow
from wall_protocol.common import AlertCategory, AlertState, Severity
from wall_protocol.entities import Alert, MetricPoint
from wall_protocol.errors import ErrorCode, ProtocolError
from wall_protocol.messages import AlertIn
from wall_protocol.texts import ref


def _alert(title: str, **extra: object) -> AlertIn:
    return AlertIn(category=AlertCategory.TRAFFIC, severity=Severity.MINOR, title=title, **extra)


async def test_concurrent_jobs_share_transactions_and_get_contiguous_seqs(store: Store):
    """200 jobs submitted at once commit in fewer transactions, with seqs 1..N in submission order."""
    published: list[PublishedDelta] = []
    store.on_commit(published.extend)
    results = await asyncio.gather(*(store.write(lambda c, i=i: alerts.ingest(c, [_alert(f"a{i}")])) for i in range(200)))
    assert [r[0].title for r in results] == [f"a{i}" for i in range(200)]
    assert [d.seq for d in published] == list(range(1, 201))
    assert store.stats.transactions < 200
    assert store.published_seq == 200


async def test_a_failing_job_fails_alone(store: Store):
    """One refused job in a batch gets its error; the jobs around it commit."""

    def refuse(context: WriteContext) -> None:
        alerts.ingest(context, [_alert("half written")])
        raise ProtocolError(ErrorCode.CONFLICT, "no")

    futures = [store.submit(lambda c, i=i: alerts.ingest(c, [_alert(f"ok{i}")])) for i in range(3)]
    bad = store.submit(refuse)
    futures += [store.submit(lambda c: alerts.ingest(c, [_alert("ok3")]))]
    done = await asyncio.gather(*futures)
    with pytest.raises(ProtocolError):
        await bad
    titles = await store.read(lambda s: [r.title for r in s.scalars(select(AlertRow).order_by(AlertRow.id))])
    assert titles == ["ok0", "ok1", "ok2", "ok3"] and len(done) == 4
    seqs = await store.read(lambda s: list(s.scalars(select(DeltaRow.seq).order_by(DeltaRow.seq))))
    assert seqs == [1, 2, 3, 4], "the failed job's seq must not leave a hole"


async def test_timestamps_come_back_in_utc(store: Store):
    """An alert's occurred_at given in +07:00 is stored and read back as the same instant in UTC."""
    hanoi = timezone(timedelta(hours=7))
    when = datetime(2026, 2, 1, 7, 30, tzinfo=hanoi)
    stored = await store.write(lambda c: alerts.ingest(c, [_alert("tz", occurred_at=when)]))
    read = await store.read(lambda s: alerts.get(s, stored[0].id))
    assert read.occurred_at == when and read.occurred_at.tzinfo == UTC and read.occurred_at.hour == 0


async def test_external_id_makes_ingest_idempotent(store: Store):
    """The same producer, source and external_id twice answers the first alert's id and state, pushes nothing."""
    first = await store.write(lambda c: alerts.ingest(c, [_alert("x", source="soc", external_id="e1")], "soc-a"))
    seq = store.published_seq
    second = await store.write(lambda c: alerts.ingest(c, [_alert("x again", source="soc", external_id="e1")],
                                                      "soc-a"))
    assert second == [alerts.Repeated(first[0].id, AlertState.NEW)] and store.published_seq == seq


async def test_deduplication_is_scoped_to_the_producer(store: Store):
    """Another producer with the same source and external_id gets an alert of its own."""
    first = await store.write(lambda c: alerts.ingest(c, [_alert("x", source="soc", external_id="e1")], "soc-a"))
    other = await store.write(lambda c: alerts.ingest(c, [_alert("y", source="soc", external_id="e1")], "soc-b"))
    assert isinstance(other[0], Alert) and other[0].id != first[0].id and other[0].title == "y"


async def test_samples_upsert_and_latest_value(store: Store):
    """Samples out of order and a repeated timestamp: the latest is the newest ts, the repeat overwrites."""
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    points = [MetricPoint(series="s", ts=t0 + timedelta(hours=h), value=v) for h, v in ((2, 2.0), (1, 1.0), (2, 2.5))]
    await store.write(lambda c: metrics.ingest(c, points))
    await store.write(lambda c: metrics.ingest(c, [MetricPoint(series="s", ts=t0, value=0.5)]))
    history = await store.read(lambda s: metrics.samples(s, "s", t0 - timedelta(days=1), t0 + timedelta(days=1), 100))
    assert [(p.ts.hour, p.value) for p in history] == [(0, 0.5), (1, 1.0), (2, 2.5)]
    snap = await store.read(lambda s: snapshot.build(s, None))
    assert [(p.series, p.value) for p in snap.latest] == [("s", 2.5)]
    assert [s.key for s in snap.series] == ["s"]


async def test_missed_deltas_and_pruning(store: Store):
    """Replay returns what came after a seq; once the log is pruned past it, replay says no."""
    await store.write(lambda c: alerts.ingest(c, [_alert(f"m{i}") for i in range(10)]))
    found = await store.read(lambda s: snapshot.missed(s, 4, None, 1000))
    assert found is not None and found[0] == 10 and len(found[1]) == 6 and '"seq":5' in found[1][0]
    assert await store.read(lambda s: snapshot.missed(s, 10, None, 1000)) == (10, [])
    assert await store.read(lambda s: snapshot.missed(s, 4, None, 3)) is None, "too many: snapshot is cheaper"
    removed = await store.write(lambda c: prune_delta_log(c, keep_hours=24, keep_rows=2))
    assert removed == 8
    assert await store.read(lambda s: snapshot.missed(s, 4, None, 1000)) is None
    assert (await store.read(lambda s: snapshot.missed(s, 8, None, 1000)))[0] == 10


async def test_sequence_survives_reopen(database_url: str):
    """After closing and reopening on the same database, seqs continue where they stopped."""
    first = Store(database_url)
    first.open()
    await first.write(lambda c: alerts.ingest(c, [_alert("a"), _alert("b")]))
    first.close()
    second = Store(database_url)
    second.open()
    try:
        assert second.published_seq == 2
        published: list[PublishedDelta] = []
        second.on_commit(published.extend)
        await second.write(lambda c: alerts.ingest(c, [_alert("c")]))
        assert [d.seq for d in published] == [3]
    finally:
        second.close()


async def test_pruning_goes_in_bounded_chunks(store: Store):
    """Each prune job removes at most its chunk, oldest first, so ingest is never held up for long."""
    await store.write(lambda c: alerts.ingest(c, [_alert(f"p{i}") for i in range(10)]))
    first = await store.write(lambda c: prune_delta_log(c, keep_hours=24, keep_rows=1, chunk=4))
    second = await store.write(lambda c: prune_delta_log(c, keep_hours=24, keep_rows=1, chunk=4))
    third = await store.write(lambda c: prune_delta_log(c, keep_hours=24, keep_rows=1, chunk=4))
    assert (first, second, third) == (4, 4, 1)
    kept = await store.read(lambda s: list(s.scalars(select(DeltaRow.seq))))
    assert kept == [10]


async def test_sqlite_writer_syncs_every_commit(tmp_path):
    """The writer runs synchronous=FULL (a 2xx survives a power cut) unless [storage] asks for normal."""
    for asked, expected in (("full", 2), ("normal", 1)):
        store = Store(f"sqlite:///{tmp_path / f'{asked}.db'}", synchronous=asked)
        store.open()
        try:
            found = await store.write(lambda c: c.session.execute(text("PRAGMA synchronous")).scalar())
        finally:
            store.close()
        assert found == expected, asked


async def test_a_writer_far_behind_refuses_client_writes_not_its_own(tmp_path):
    """While max_queue jobs wait, bounded (client) jobs get BUSY with Retry-After; the server's own still queue."""
    import threading

    store = Store(f"sqlite:///{tmp_path / 'queue.db'}", max_queue=100)
    store.open()
    release, running = threading.Event(), threading.Event()
    try:
        blocked = store.submit(lambda c: (running.set(), release.wait(10)))  # holds the writer thread
        assert await asyncio.to_thread(running.wait, 10)
        queued = [store.submit(lambda c: None, bounded=True) for _ in range(100)]
        with pytest.raises(ProtocolError) as refused:
            store.submit(lambda c: None, bounded=True)
        assert refused.value.code is ErrorCode.BUSY and refused.value.retry_after_s == 1
        assert "100 writes behind" in refused.value.message
        own = store.submit(lambda c: "kept")  # statuses, detection events, maintenance: never refused
        release.set()
        await asyncio.gather(blocked, *queued)
        assert await own == "kept"
    finally:
        release.set()
        store.close()


async def test_the_servers_alerts_keep_their_text_refs_and_producers_alerts_none(store: Store):
    """raise_own stores key + params beside the Vietnamese text; a producer's alert has SQL NULL there (both engines)."""
    title = ref("forecast.no_target", name="Thu ngân sách")
    body = ref("system.disk_body", free=12.5, threshold=1024, reason="only 12.5 MB free")
    own = await store.write(lambda c: alerts.raise_own(c, title, body, category=AlertCategory.SYSTEM,
                                                       severity=Severity.MAJOR, source="system", external_id="t-1"))
    await store.write(lambda c: alerts.ingest(c, [_alert("của SOC")], "soc"))
    read = await store.read(lambda s: alerts.get(s, own.id))
    assert (read.title, read.title_text, read.body_text) == ("Chỉ tiêu Thu ngân sách không còn mục tiêu", title, body)
    assert read.body.startswith("Dung lượng trống: 12,5 MB (ngưỡng 1.024 MB).")
    nulls = await store.read(lambda s: list(s.scalars(
        select(AlertRow.title).where(AlertRow.title_text.is_(None), AlertRow.body_text.is_(None)))))
    assert nulls == ["của SOC"]
