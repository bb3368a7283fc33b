"""The demo's forecast series on a real SQLite store: seeded once, stale history replaced, one KPI warning."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from server.demo import kpi_history
from server.demo.province import SERIES
from server.demo.simulator import STORY_SEED, seed_story
from server.domain import forecasts, metrics
from server.store.context import WriteContext
from server.store.store import Store
from server.store.tables import AlertRow, SampleRow
from wall_protocol.common import AlertCategory
from wall_protocol.entities import MetricPoint, SeriesInfo

NOW = datetime(2026, 12, 4, 5, 0, tzinfo=UTC)
STORIES = [s for s in SERIES if s.story is not None]


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    opened = Store(f"sqlite:///{tmp_path / 'demo.db'}")
    opened.open()
    yield opened
    opened.close()


def _seed(now: datetime) -> Callable[[WriteContext], int]:
    """The demo's seed job for the forecast series alone: specs, then history, in one job."""

    def job(context: WriteContext) -> int:
        for s in STORIES:
            metrics.upsert_series(context, None, SeriesInfo(key=s.key, name=s.name, unit=s.unit, target=s.target,
                                                            forecast=s.forecast))
        return sum(seed_story(context, kpi_history.history(s, now, STORY_SEED), now) for s in STORIES)

    return job


async def _stamps(store: Store, key: str) -> list[datetime]:
    return await store.read(lambda s: list(s.scalars(
        select(SampleRow.ts).where(SampleRow.series == key).order_by(SampleRow.ts))))


async def test_a_restart_adds_only_the_missed_days(store: Store):
    """The first start writes the whole history; a start two days later adds two days and keeps every sample."""
    first = await store.write(_seed(NOW))
    expected = sum(len(kpi_history.history(s, NOW, STORY_SEED)) for s in STORIES)
    assert first == expected
    before = await _stamps(store, "budget-revenue")
    assert await store.write(_seed(NOW)) == 0, "a restart the same day writes nothing"
    assert await store.write(_seed(NOW + timedelta(days=2))) >= 2 * 3  # three daily series; GRDP's month is the same
    after = await _stamps(store, "budget-revenue")
    assert after[:len(before)] == before and len(after) == len(before) + 2


async def test_an_older_demos_random_walk_is_replaced(store: Store):
    """Budget revenue left by an older demo (a day of 15-minute random-walk samples) is replaced by the story."""
    old = [MetricPoint(series="budget-revenue", ts=NOW - timedelta(minutes=15 * i), value=8120.0 + i)
           for i in range(96)]
    await store.write(lambda c: metrics.ingest(c, old))
    await store.write(_seed(NOW))
    stamps = await _stamps(store, "budget-revenue")
    assert stamps == [p.ts for p in kpi_history.history(next(s for s in STORIES if s.key == "budget-revenue"),
                                                         NOW, STORY_SEED)]
    ts, value = await store.read(lambda s: next((r.latest_ts, r.latest_value) for r in metrics.all_series(s)
                                                 if r.key == "budget-revenue"))
    assert ts == stamps[-1] and 9_000 < (value or 0) < 11_200, "the latest sample moved back to today's"


async def test_the_seeded_demo_raises_one_kpi_warning(store: Store):
    """Recomputing the seeded forecasts raises one KPI alert (GRDP); budget revenue is projected by its seasons."""
    await store.write(_seed(NOW))
    await store.write(lambda c: forecasts.recompute(c, NOW))
    shown = {f.series: f for f in await store.read(forecasts.all_forecasts)}
    assert {key for key, f in shown.items() if f.warning} == {"grdp-growth"}
    budget = shown["budget-revenue"].projection
    assert budget is not None and budget.method == "seasonal" and 11_200 <= budget.value <= 11_500
    titles = await store.read(lambda s: list(s.scalars(select(AlertRow.title).where(
        AlertRow.category == AlertCategory.KPI.value))))
    assert len(titles) == 1 and "GRDP" in titles[0]
