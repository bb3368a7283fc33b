"""The store keeps each series' forecast from the snapshot and forecast deltas, and keeps a year of history."""

from __future__ import annotations

import itertools
from datetime import timedelta

from tests.wall_client import forecast_fixtures as fx
from wall_client.model.freeze import FreezeGate
from wall_client.model.wall_model import HISTORY_POINTS, SeriesData
from wall_protocol.entities import MetricPoint
from wall_protocol.messages import ForecastDelta, MetricDelta


def test_forecasts_come_with_the_snapshot_and_follow_deltas() -> None:
    """Snapshot forecasts are kept by series; a delta replaces one and a null removes it, each with an event."""
    store = fx.store(fx.forecast(value=10450.0))
    assert store.forecasts["thu-ngan-sach"].projection is not None
    seen: list[str] = []
    store.forecast_changed.connect(seen.append)
    store.apply(ForecastDelta(seq=2, series="thu-ngan-sach", forecast=fx.forecast(reason=fx.REASON)))
    assert store.forecasts["thu-ngan-sach"].reason == fx.REASON
    store.apply(ForecastDelta(seq=3, series="thu-ngan-sach", forecast=None))
    assert "thu-ngan-sach" not in store.forecasts and seen == ["thu-ngan-sach", "thu-ngan-sach"]


def test_a_new_snapshot_replaces_the_forecasts() -> None:
    """After a reconnect, forecasts the server no longer has are gone."""
    store = fx.store(fx.forecast())
    fresh = fx.store()
    assert fresh.forecasts == {} and store.forecasts


def test_a_frozen_wall_holds_forecasts_back() -> None:
    """During a briefing freeze a forecast delta is data: held like the samples it was computed from."""
    gate = FreezeGate("main")
    gate.frozen = True
    assert gate.offer(ForecastDelta(seq=2, series="thu-ngan-sach", forecast=None)) == []


def test_live_samples_do_not_push_out_the_year() -> None:
    """A year of daily history plus a day of 5 s samples: the year's start is still there, the recent
    samples are all there, and the series stays within HISTORY_POINTS."""
    store = fx.store()
    start = fx.NOW - timedelta(minutes=4)
    for i in range(HISTORY_POINTS + 12_000):
        store.apply(MetricDelta(seq=10 + i, point=MetricPoint(series=fx.REVENUE.key, ts=start + timedelta(seconds=5 * i),
                                                              value=6500.0 + i)))
    points = list(store.series[fx.REVENUE.key].points)
    assert len(points) <= HISTORY_POINTS
    assert points[0].ts < fx.YEAR_START + timedelta(days=2)  # the period chart still starts in January
    assert [p.ts for p in points] == sorted(p.ts for p in points)
    newest = points[-2000:]
    assert all(b.ts - a.ts == timedelta(seconds=5) for a, b in itertools.pairwise(newest))
    assert points[-1].value == 6500.0 + HISTORY_POINTS + 12_000 - 1


def test_history_merged_into_a_full_series_is_thinned_not_cut() -> None:
    """add_history of a year into a series full of live samples keeps the year's first days."""
    store = fx.store()
    data: SeriesData = store.series[fx.REVENUE.key]
    live = [MetricPoint(series=fx.REVENUE.key, ts=fx.NOW + timedelta(seconds=i), value=1.0) for i in range(HISTORY_POINTS)]
    store.add_history(fx.REVENUE.key, live)
    assert len(data.points) <= HISTORY_POINTS and data.points[0].ts < fx.YEAR_START + timedelta(days=2)
