"""A series' history thinned for a chart, on SQLite and PostgreSQL: spikes kept, the newest last, bounded."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from itertools import pairwise

import pytest

from server.domain import chart_history, metrics
from server.store.store import Store
from tests.server.store.conftest import database_url, postgres_url  # noqa: F401  (fixtures: both engines)
from wall_protocol.entities import MetricPoint

START = datetime(2026, 1, 1, tzinfo=UTC)
END = START + timedelta(days=365)
SPIKES = {333: 5000.0, 667: -50.0}


@pytest.fixture
async def any_store(database_url: str) -> AsyncIterator[Store]:  # noqa: F811  (the imported fixture)
    opened = Store(database_url)
    opened.open()
    points = [MetricPoint(series="s", ts=START + timedelta(hours=i), value=SPIKES.get(i, float(i))) for i in range(1000)]
    await opened.write(lambda c: metrics.ingest(c, points))
    yield opened
    opened.close()


async def test_runs_keep_their_spikes_and_the_newest(any_store: Store):
    """1000 samples to at most 60: a one-sample spike and dip survive, the newest is last, oldest first."""
    rows = await any_store.read(lambda s: chart_history.chart_values(s, "s", START, END, 60))
    values = [v for _, v in rows]
    assert len(rows) <= 60 and 5000.0 in values and -50.0 in values and values[-1] == 999.0
    assert rows == sorted(rows)


async def test_many_rows_are_thinned_by_spans_of_time_without_reading_them_all(any_store: Store, monkeypatch):
    """Past EXTREMES_ROWS: the newest sample of each of max_points equal spans, so evenly spread in time."""
    monkeypatch.setattr(chart_history, "EXTREMES_ROWS", 500)
    rows = await any_store.read(lambda s: chart_history.chart_values(s, "s", START, END, 100))
    assert len(rows) == 100 and rows[-1] == (START + timedelta(hours=999), 999.0)
    gaps = {b[0] - a[0] for a, b in pairwise(rows)}
    assert gaps <= {timedelta(hours=9), timedelta(hours=10), timedelta(hours=11)}, gaps


async def test_few_rows_come_whole_and_one_point_is_the_newest_before_until(any_store: Store):
    """Fewer samples than max_points: every one; max_points=1: the newest at or before `until` (a KPI's reference)."""
    rows = await any_store.read(lambda s: chart_history.chart_values(s, "s", START, START + timedelta(hours=49), 100))
    assert [v for _, v in rows] == [float(i) for i in range(50)]
    until = START + timedelta(hours=500, minutes=30)
    assert await any_store.read(lambda s: chart_history.chart_values(s, "s", START, until, 1)) == [
        (START + timedelta(hours=500), 500.0)]
