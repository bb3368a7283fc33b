"""Reading a series' history thinned to a bound, on SQLite and PostgreSQL (same SQL on both)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from itertools import pairwise

import pytest

from server.domain import metrics
from server.store.store import Store
from tests.server.store.conftest import database_url, postgres_url  # noqa: F401  (fixtures: both engines)
from wall_protocol.entities import MetricPoint

START = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture
async def any_store(database_url: str) -> AsyncIterator[Store]:  # noqa: F811  (the imported fixture)
    opened = Store(database_url)
    opened.open()
    points = [MetricPoint(series="s", ts=START + timedelta(hours=i), value=float(i)) for i in range(1000)]
    await opened.write(lambda c: metrics.ingest(c, points))
    yield opened
    opened.close()


async def test_thinning_keeps_the_newest_and_bounds_the_count(any_store: Store):
    """1000 samples to at most 100: evenly spaced, oldest first, and the newest is always there."""
    end = START + timedelta(days=365)
    rows = await any_store.read(lambda s: metrics.samples(s, "s", START, end, 10_000, max_points=100))
    assert 90 <= len(rows) <= 100
    assert rows[-1].value == 999.0
    assert [b.ts - a.ts for a, b in pairwise(rows)] == [timedelta(hours=10)] * (len(rows) - 1)
    assert rows == sorted(rows, key=lambda p: p.ts)


async def test_thinning_leaves_short_ranges_whole(any_store: Store):
    """Fewer samples than max_points in the range: every one comes back."""
    end = START + timedelta(hours=49)
    rows = await any_store.read(lambda s: metrics.sample_values(s, "s", START, end, max_points=100))
    assert [v for _, v in rows] == [float(i) for i in range(50)]


async def test_one_point_asked_for_is_the_newest(any_store: Store):
    """max_points=1 gives the newest sample of the range alone."""
    end = START + timedelta(hours=500)
    rows = await any_store.read(lambda s: metrics.sample_values(s, "s", START, end, max_points=1))
    assert rows == [(START + timedelta(hours=500), 500.0)]

