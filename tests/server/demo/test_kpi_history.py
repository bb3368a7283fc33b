"""The demo's forecast series: believable history that the forecasts read as intended, and one sample a day."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from server.demo import kpi_history
from server.demo.province import SERIES, DemoSeries, YearToDate
from server.forecasting.periods import period_bounds
from server.forecasting.projection import Projection, project
from server.forecasting.warnings import ForecastWatch, Raise
from wall_protocol.timezone import VIETNAM_TZ

SEED = 0
# Today (noon in Hà Nội), and early in a year: the seasonal method has a tenth of the year to go on.
NOWS = (datetime(2026, 12, 4, 5, 0, tzinfo=UTC), datetime(2026, 2, 10, 3, 0, tzinfo=UTC))
BY_KEY = {s.key: s for s in SERIES}


def _project(series: DemoSeries, now: datetime) -> Projection:
    assert series.forecast is not None
    points = [(p.ts, p.value) for p in kpi_history.history(series, now, SEED)]
    projection = project(points, period=series.forecast.period, at=now, cumulative=series.forecast.cumulative)
    assert isinstance(projection, Projection), projection
    return projection


def _decision(series: DemoSeries, projection: Projection) -> object:
    assert series.forecast is not None and series.target is not None
    return ForecastWatch().update(projection, target=series.target, name=series.name, unit=series.unit,
                                  higher_is_better=series.forecast.higher_is_better,
                                  margin=series.forecast.warn_margin)


def test_forecast_series_have_a_story_that_matches_their_spec():
    """Every series with a forecast spec has a target and a story, cumulative exactly when its story is a year-to-date."""
    forecast_series = [s for s in SERIES if s.forecast is not None]
    assert {s.key for s in forecast_series} == {
        "budget-revenue", "grdp-growth", "online-service-rate", "dossier-on-time-rate"}
    for series in forecast_series:
        assert series.forecast is not None and series.target is not None and series.story is not None
        assert series.forecast.cumulative == isinstance(series.story, YearToDate)
    assert all(s.story is None for s in SERIES if s.forecast is None)


@pytest.mark.parametrize("now", NOWS, ids=["december", "february"])
def test_budget_revenue_is_on_pace_by_the_seasonal_method(now: datetime):
    """Budget revenue is projected from 5 past years' seasons to 11.200–11.500 tỷ đồng, so no warning is raised."""
    series = BY_KEY["budget-revenue"]
    projection = _project(series, now)
    assert projection.method == "seasonal" and projection.based_on == "theo mùa vụ 5 năm trước"
    assert 11_200 <= projection.value <= 11_500
    assert projection.low < projection.value < projection.high
    assert _decision(series, projection) is None


@pytest.mark.parametrize("now", NOWS, ids=["december", "february"])
def test_grdp_growth_is_the_one_warning(now: datetime):
    """GRDP growth trends under 7.6% (a miss of more than 5% of 8%): one Raise; the other forecast series raise none."""
    decisions = {key: _decision(BY_KEY[key], _project(BY_KEY[key], now)) for key in (
        "grdp-growth", "budget-revenue", "online-service-rate", "dossier-on-time-rate")}
    assert isinstance(decisions.pop("grdp-growth"), Raise)
    assert decisions == {"budget-revenue": None, "online-service-rate": None, "dossier-on-time-rate": None}
    assert _project(BY_KEY["grdp-growth"], now).method == "trend"


def test_grdp_warning_is_raised_once_while_the_feed_runs():
    """Recomputing GRDP after each live rewrite of this month's estimate raises the warning once, not again."""
    series, now = BY_KEY["grdp-growth"], NOWS[0]
    assert series.forecast is not None and series.target is not None
    history = [(p.ts, p.value) for p in kpi_history.history(series, now, SEED)]
    watch, decisions = ForecastWatch(), []
    for minute in range(0, 600, 5):
        at = now + timedelta(minutes=minute)
        live = kpi_history.live_point(series, at, SEED, anchor=now, wobble=(-1) ** minute)
        points = [*history[:-1], (live.ts, live.value)]
        projection = project(points, period="year", at=at, cumulative=False)
        decisions.append(watch.update(projection, target=series.target, name=series.name,
                                      margin=series.forecast.warn_margin))
    assert sum(isinstance(d, Raise) for d in decisions) == 1 and isinstance(decisions[0], Raise)


@pytest.mark.parametrize("now", NOWS, ids=["december", "february"])
def test_year_to_date_never_decreases_within_a_year(now: datetime):
    """Budget revenue restarts each 1 January and only grows within a year; each past year reaches its total on 31 December."""
    points = kpi_history.history(BY_KEY["budget-revenue"], now, SEED)
    years: dict[int, list[float]] = {}
    for point in points:
        years.setdefault(point.ts.astimezone(VIETNAM_TZ).year, []).append(point.value)
    assert len(years) == 6
    for year, values in years.items():
        assert all(a <= b for a, b in itertools.pairwise(values)), year
        assert values[0] < values[-1] / 50, "a year starts near zero"
    totals = [years[y][-1] for y in sorted(years)[:-1]]
    assert all(a < b * 1.05 for a, b in itertools.pairwise(totals)), "totals grow, give or take a few %"
    assert 7_000 < totals[0] < totals[-1] < 11_200


def test_history_has_one_sample_per_day_or_month():
    """Daily series have one sample per local midnight, GRDP one per month start; none after `now`."""
    now = NOWS[0]
    for key in ("budget-revenue", "online-service-rate", "dossier-on-time-rate"):
        stamps = [p.ts for p in kpi_history.history(BY_KEY[key], now, SEED)]
        assert all(b - a == timedelta(days=1) for a, b in itertools.pairwise(stamps)), key
        assert all(t.astimezone(VIETNAM_TZ).hour == 0 for t in stamps) and stamps[-1] <= now
    months = [p.ts.astimezone(VIETNAM_TZ) for p in kpi_history.history(BY_KEY["grdp-growth"], now, SEED)]
    assert len(months) >= 13 and all(t.day == 1 and t.hour == 0 for t in months)
    assert len({(t.year, t.month) for t in months}) == len(months)


def test_live_updates_rewrite_one_sample_per_day():
    """Every tick of a local day rewrites that day's sample (midnight, Hà Nội); revenue only grows, also into the next day."""
    start = datetime(2026, 12, 4, 0, 0, tzinfo=VIETNAM_TZ).astimezone(UTC)
    ticks = [start + timedelta(minutes=7 * i) for i in range(1, 24 * 60 // 7)]
    budget = BY_KEY["budget-revenue"]
    live = [kpi_history.live_point(budget, t, SEED, anchor=start) for t in ticks]
    assert {p.ts for p in live} == {start}
    assert all(a.value <= b.value for a, b in itertools.pairwise(live)) and live[0].value < live[-1].value
    tomorrow = kpi_history.live_point(budget, start + timedelta(days=1, seconds=5), SEED, anchor=start)
    assert tomorrow.ts == start + timedelta(days=1) and tomorrow.value >= live[-1].value
    for key in ("online-service-rate", "dossier-on-time-rate"):
        assert {kpi_history.live_point(BY_KEY[key], t, SEED, anchor=start, wobble=1.0).ts for t in ticks} == {start}
    month_start, _ = period_bounds("month", start)
    assert {kpi_history.live_point(BY_KEY["grdp-growth"], t, SEED, anchor=start).ts for t in ticks} == {month_start}


def test_a_later_start_regenerates_the_same_days():
    """History generated two days later agrees on the days both have, so a restarted demo only adds the missed days."""
    budget = BY_KEY["budget-revenue"]
    first = {p.ts: p.value for p in kpi_history.history(budget, NOWS[0], SEED)[:-1]}  # today's is still growing
    later = {p.ts: p.value for p in kpi_history.history(budget, NOWS[0] + timedelta(days=2), SEED)}
    assert first.keys() < later.keys()
    assert all(later[ts] == value for ts, value in first.items())


def test_a_series_without_a_story_is_refused():
    """Asking for the history of a random-walk series is a programming error, said in words."""
    with pytest.raises(ValueError, match="random-walks"):
        kpi_history.history(BY_KEY["border-trade"], NOWS[0], SEED)
