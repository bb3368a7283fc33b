"""Which history the client asks for: each series over its tiles' span, a forecast series from its period start."""

from __future__ import annotations

from datetime import timedelta

from tests.wall_client import forecast_fixtures as fx
from wall_client.model.history_needs import DEFAULT_SPAN
from wall_client.net.history import HISTORY_MAX_POINTS, history_queries
from wall_protocol.entities import SeriesInfo
from wall_protocol.forecast import ForecastSpec

PLAIN = SeriesInfo(key="nhiet-do", name="Nhiệt độ")
MONTHLY = SeriesInfo(key="ho-so", name="Hồ sơ", forecast=ForecastSpec(period="month"))


def test_forecast_series_are_fetched_from_their_period_start_thinned():
    """Known forecast: from its period start; spec only: a period's length back; plain: the last day; all thinned."""
    queries = {q.key: q for q in history_queries([fx.REVENUE, PLAIN, MONTHLY],
                                                 {fx.REVENUE.key: fx.forecast()}, fx.NOW)}
    assert queries[fx.REVENUE.key].since == fx.YEAR_START
    assert queries["nhiet-do"].since == fx.NOW - DEFAULT_SPAN
    assert queries["ho-so"].since == fx.NOW - timedelta(days=31)
    assert {q.max_points for q in queries.values()} == {HISTORY_MAX_POINTS}


def test_a_year_spec_without_a_forecast_reaches_back_366_days():
    """Before the server's first forecast is known, a year series still gets its year."""
    (query,) = history_queries([fx.REVENUE], {}, fx.NOW)
    assert query.since == fx.NOW - timedelta(days=366) and query.max_points == HISTORY_MAX_POINTS


def test_a_series_is_fetched_over_its_tiles_whole_window():
    """A plain series in a 12-month chart is fetched 12 months back, not 24 h."""
    (query,) = history_queries([PLAIN], {}, fx.NOW, {PLAIN.key: timedelta(days=365)})
    assert query.since == fx.NOW - timedelta(days=365)
    (forecasting,) = history_queries([fx.REVENUE], {fx.REVENUE.key: fx.forecast()}, fx.NOW,
                                     {fx.REVENUE.key: timedelta(days=732)})
    assert forecasting.since == fx.NOW - timedelta(days=732)  # the longer of the span and the period
