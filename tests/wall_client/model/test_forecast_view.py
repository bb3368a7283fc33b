"""What tiles show of a forecast: words, level and the geometry of the dashed projection (no display)."""

from __future__ import annotations

from tests.wall_client import forecast_fixtures as fx
from wall_client.model.forecast_view import ForecastView, shortfall, view_forecast
from wall_protocol.entities import SeriesInfo
from wall_protocol.forecast import ForecastSpec


def test_a_projection_below_its_target_reads_as_a_warning_with_its_gap() -> None:
    """10.450 against 11.200 tỷ đồng: headline, interval, 6,7% below, amber, basis and geometry."""
    view = view_forecast(fx.forecast(value=10450.0), fx.REVENUE)
    assert view.headline == "Dự báo cuối năm: 10.450 tỷ đồng"
    assert view.interval == "khoảng 9.800 – 11.100"
    assert view.gap == "thấp hơn mục tiêu 6,7%"
    assert view.details == "thấp hơn mục tiêu 6,7% · khoảng 9.800 – 11.100"
    assert view.level == "warn" and view.basis == "theo mùa vụ 5 năm trước" and view.reason == ""
    assert view.target_label == "Mục tiêu 11.200"
    assert view.caption == "Dự báo cuối năm: 10.450 tỷ đồng\nthấp hơn mục tiêu 6,7% · khoảng 9.800 – 11.100"


def test_the_projection_geometry_runs_from_the_latest_sample_to_the_period_end() -> None:
    """The dashed line starts at (as_of, as_of_value); the band starts there as a point and ends at [low, high]."""
    forecast = fx.forecast(value=10450.0)
    assert forecast.projection is not None
    geometry = view_forecast(forecast, fx.REVENUE).geometry
    assert geometry is not None
    start = forecast.projection.as_of.timestamp()
    assert geometry.xs == (start, fx.YEAR_END.timestamp())
    assert geometry.values == (6500.0, 10450.0)
    assert geometry.lows == (6500.0, 9800.0) and geometry.highs == (6500.0, 11100.0)
    assert geometry.band_polygon() == ((start, 6500.0), (fx.YEAR_END.timestamp(), 11100.0),
                                       (fx.YEAR_END.timestamp(), 9800.0))


def test_a_small_miss_is_ok_and_a_met_target_says_so() -> None:
    """Missing by 2% (margin 5%) stays ok with its gap; 11.300 reads 'đạt mục tiêu'."""
    near = view_forecast(fx.forecast(value=10976.0), fx.REVENUE)
    assert near.level == "ok" and near.gap == "thấp hơn mục tiêu 2,0%"
    met = view_forecast(fx.forecast(value=11300.0), fx.REVENUE)
    assert met.level == "ok" and met.gap == "đạt mục tiêu"


def test_the_server_warning_wins_even_inside_the_margin() -> None:
    """A standing warning alert makes the level warn whatever the client computes."""
    assert view_forecast(fx.forecast(value=11300.0, warning=True), fx.REVENUE).level == "warn"


def test_too_little_history_gives_no_projection_and_the_reason() -> None:
    """Without a projection: no headline nor geometry, the server's reason, the target still labelled."""
    view = view_forecast(fx.forecast(reason=fx.REASON), fx.REVENUE)
    assert view.geometry is None and view.headline == "" and view.gap == ""
    assert view.reason == fx.REASON and view.level == "none"
    assert view.caption == f"Dự báo cuối năm: {fx.REASON}"
    assert view.target_label == "Mục tiêu 11.200"


def test_a_cap_and_a_percent_series() -> None:
    """Lower is better: above the cap is 'cao hơn'; a % series gives its gap in percentage points."""
    accidents = SeriesInfo(key="tai-nan", name="Tai nạn", unit="vụ", target=100.0,
                           forecast=ForecastSpec(period="year", higher_is_better=False))
    capped = view_forecast(fx.forecast(value=120.0).model_copy(update={"target": 100.0}), accidents)
    assert capped.gap == "cao hơn mục tiêu 20,0%" and capped.level == "warn"
    grdp = SeriesInfo(key="grdp", name="Tăng trưởng GRDP", unit="%", target=8.0,
                      forecast=ForecastSpec(period="quarter"))
    growth = fx.forecast(value=7.2).model_copy(update={"target": 8.0, "period": "quarter"})
    view: ForecastView = view_forecast(growth, grdp)
    assert view.gap == "thấp hơn mục tiêu 0,8 điểm %" and view.headline == "Dự báo cuối quý: 7,2 %"


def test_shortfall_is_a_share_of_the_target_on_the_bad_side() -> None:
    """Missing 11.200 by 750 is 6,7%; exceeding a higher-is-better target is no shortfall."""
    spec = ForecastSpec(period="year")
    assert round(shortfall(10450.0, 11200.0, spec), 3) == 0.067
    assert shortfall(12000.0, 11200.0, spec) == 0.0
    assert shortfall(120.0, 100.0, ForecastSpec(period="year", higher_is_better=False)) == 0.2


def test_without_series_info_the_defaults_apply() -> None:
    """An unknown series (no unit, default spec) still gets a headline and a level."""
    view = view_forecast(fx.forecast(value=10450.0), None)
    assert view.headline == "Dự báo cuối năm: 10.450" and view.level == "warn"
