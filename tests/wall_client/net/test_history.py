"""Which history the client asks for: a day of each series, the whole period of a forecast series."""

from __future__ import annotations

from datetime import timedelta

from tests.wall_client import forecast_fixtures as fx
from wall_client.net.history import FORECAST_MAX_POINTS, HISTORY_WINDOW, history_queries
from wall_protocol.entities import SeriesInfo
from wall_protocol.forecast import ForecastSpec

PLAIN = SeriesInfo(key="nhiet-do", name="Nhiệt độ")
MONTHLY = SeriesInfo(key="ho-so", name="Hồ sơ", forecast=ForecastSpec(period="month"))


def test_forecast_series_are_fetched_from_their_period_start_thinned() -> None:
    """Known forecast: from its period start; spec only: a period's length back; plain: the last day."""
    queries = {q.key: q for q in history_queries([fx.REVENUE, PLAIN, MONTHLY],
                                                 {fx.REVENUE.key: fx.forecast()}, fx.NOW)}
    assert queries[fx.REVENUE.key].since == fx.YEAR_START
    assert queries[fx.REVENUE.key].max_points == FORECAST_MAX_POINTS
    assert queries["nhiet-do"].since == fx.NOW - HISTORY_WINDOW and queries["nhiet-do"].max_points is None
    assert queries["ho-so"].since == fx.NOW - timedelta(days=31)
    assert queries["ho-so"].max_points == FORECAST_MAX_POINTS


def test_a_year_spec_without_a_forecast_reaches_back_366_days() -> None:
    """Before the server's first forecast is known, a year series still gets its year."""
    (query,) = history_queries([fx.REVENUE], {}, fx.NOW)
    assert query.since == fx.NOW - timedelta(days=366) and query.max_points == FORECAST_MAX_POINTS
