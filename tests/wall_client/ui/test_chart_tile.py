"""The chart tile: draws its series and target, follows deltas, and keeps its axes still when it can."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QRect
from PySide6.QtGui import QColor

from tests.support.pixels import colour_share
from tests.support.shots import shots_dir
from tests.wall_client import forecast_fixtures as fx
from wall_client.model.wall_model import TileView, WallModel
from wall_client.ui import theme
from wall_client.ui.charts.chart_tile import PALETTE, ChartTile, VietnameseDateAxis
from wall_client.ui.tiles.base import TileContext
from wall_protocol.common import utc_now
from wall_protocol.entities import MetricPoint, SeriesInfo, TileKind
from wall_protocol.forecast import Forecast
from wall_protocol.messages import ForecastDelta, MetricDelta, SeriesDelta
from wall_protocol.tiles import make_tile

SHOTS = shots_dir("forecast")


def _chart(qtbot, style: str = "line") -> tuple[ChartTile, WallModel]:
    store = WallModel()
    store.apply(SeriesDelta(seq=1, series=SeriesInfo(key="trade", name="Kim ngạch", unit="triệu USD", target=130.0)))
    now = utc_now()
    for i in range(48):
        store.apply(MetricDelta(seq=2 + i, point=MetricPoint(series="trade", ts=now - timedelta(minutes=30 * (47 - i)),
                                                             value=100.0 + (i % 6))))
    tile = make_tile(id="c", kind=TileKind.CHART, col=0, row=0, title="Kim ngạch",
                props={"series": ["trade"], "style": style, "window": "24h"})
    chart = ChartTile(TileView(tile, None), TileContext(store, "http://127.0.0.1:1"))
    qtbot.addWidget(chart)
    chart.resize(640, 360)
    chart.show()
    return chart, store


def test_chart_draws_the_series_and_its_target(qtbot):
    """The line is drawn in the first palette colour and the target as a dashed line in the OK colour."""
    chart, _ = _chart(qtbot)
    image = chart.grab().toImage()
    assert colour_share(image, QColor(PALETTE[0])) > 0.003
    assert colour_share(image, theme.OK) > 0.0005


def test_chart_follows_deltas_and_grows_its_range_only_when_needed(qtbot):
    """A value inside the range leaves the axis alone; one far above it is drawn and widens the range."""
    chart, store = _chart(qtbot)
    before = chart.plot.getViewBox().viewRange()[1]
    store.apply(MetricDelta(seq=100, point=MetricPoint(series="trade", ts=utc_now(), value=104.0)))
    qtbot.waitUntil(lambda: chart._items["trade"].getData()[1][-1] == 104.0, timeout=3000)
    assert chart.plot.getViewBox().viewRange()[1] == before
    store.apply(MetricDelta(seq=101, point=MetricPoint(series="trade", ts=utc_now() + timedelta(seconds=1),
                                                       value=400.0)))
    qtbot.waitUntil(lambda: chart._items["trade"].getData()[1][-1] == 400.0, timeout=3000)
    low, high = chart.plot.getViewBox().viewRange()[1]
    assert high > 400.0 and low < 100.0


def test_bar_chart_reuses_its_bars(qtbot):
    """A bar chart updates its one bar item in place (no item added per update) and starts at zero."""
    chart, store = _chart(qtbot, style="bar")
    bars = chart._items["trade"]
    store.apply(MetricDelta(seq=100, point=MetricPoint(series="trade", ts=utc_now(), value=111.0)))
    qtbot.waitUntil(lambda: list(bars.opts["height"])[-1] == 111.0, timeout=3000)
    assert chart._items["trade"] is bars
    assert chart.plot.getViewBox().viewRange()[1][0] == 0.0
    assert colour_share(chart.grab().toImage(), QColor(PALETTE[0])) > 0.05


def test_time_ticks_are_written_the_vietnamese_way():
    """Hours as 06:00, a midnight as its day 23/11, days as 23/11, months as 11/2026 (Vietnam's time)."""
    axis = VietnameseDateAxis(orientation="bottom")
    six_am = 1795388400.0  # 2026-11-23 06:00 in Vietnam
    midnight = six_am - 6 * 3600
    assert axis.tickStrings([six_am, midnight], 1.0, 3600) == ["06:00", "23/11"]
    assert axis.tickStrings([six_am], 1.0, 86400) == ["23/11"]
    assert axis.tickStrings([six_am], 1.0, 31 * 86400) == ["11/2026"]


def _period_chart(qtbot, *forecasts: Forecast, window: str = "period") -> ChartTile:
    store = fx.store(*forecasts)
    tile = make_tile(id="c", kind=TileKind.CHART, col=0, row=0, title="Thu ngân sách",
                props={"series": [fx.REVENUE.key], "window": window})
    chart = ChartTile(TileView(tile, None), TileContext(store, "http://127.0.0.1:1"))
    qtbot.addWidget(chart)
    chart.now = fx.NOW
    chart.resize(480, 360)
    chart.show()
    chart.refresh()
    return chart


def test_period_window_spans_the_forecast_period_and_draws_the_projection(qtbot):
    """window = "period": x from the period start to its end; the dashed projection and band in amber
    (a warning), the target line, and a caption with the projection against the target."""
    chart = _period_chart(qtbot, fx.forecast(value=10450.0, warning=True))
    assert chart.plot.getViewBox().viewRange()[0] == [fx.YEAR_START.timestamp(), fx.YEAR_END.timestamp()]
    projection = chart._projection
    assert projection is not None and projection.line.isVisible()
    xs, ys = projection.line.getData()
    assert list(xs)[-1] == fx.YEAR_END.timestamp() and list(ys) == [6500.0, 10450.0]
    assert chart.caption.isVisible()
    assert chart.caption.text() == "Dự báo cuối năm: 10.450 tỷ đồng\nthấp hơn mục tiêu 6,7% · khoảng 9.800 – 11.100"
    low, high = chart.plot.getViewBox().viewRange()[1]
    assert low <= 0.0 and high >= 11200.0  # the band's top (11.100) and the target stay in view
    chart.grab()  # the first paint sizes the axes; the next one is what the wall shows
    qtbot.wait(50)
    image = chart.grab().toImage()
    SHOTS.mkdir(exist_ok=True)
    image.save(str(SHOTS / "chart_period_warning.png"))
    plot = chart.plot.geometry()
    right = image.copy(QRect(plot.left() + plot.width() * 3 // 4, plot.top(), plot.width() // 4, plot.height()))
    assert colour_share(right, theme.WARN) > 0.002
    assert [value for value, _ in chart._guide_lines] == [11200.0]  # the target line ...
    target_pixels = sum(abs(image.pixelColor(x, y).green() - theme.OK.green()) < 30
                        and abs(image.pixelColor(x, y).red() - theme.OK.red()) < 30
                        for y in range(plot.top(), plot.top() + plot.height() // 4) for x in range(plot.left(), plot.right()))
    assert target_pixels > 60  # ... drawn near the top of the plot


def test_period_window_without_a_forecast_shows_twelve_months(qtbot):
    """No forecast: the "period" window falls back to 12 months, with no projection and no caption."""
    chart = _period_chart(qtbot)
    start, end = chart.plot.getViewBox().viewRange()[0]
    assert end - start == 365 * 86400 and chart._projection is None and not chart.caption.isVisible()


def test_a_forecast_without_projection_shows_its_reason_in_the_caption(qtbot):
    """Too little history: no dashed line, the reason in the caption; a later projection brings the line."""
    chart = _period_chart(qtbot, fx.forecast(reason=fx.REASON))
    chart.grab()
    qtbot.wait(50)
    chart.grab().toImage().save(str(SHOTS / "chart_period_reason.png"))
    assert chart._projection is None and chart.caption.text() == f"Dự báo cuối năm: {fx.REASON}"
    chart.context.store.apply(ForecastDelta(seq=9, series=fx.REVENUE.key, forecast=fx.forecast()))
    qtbot.waitUntil(lambda: chart._projection is not None and chart._projection.line.isVisible(), timeout=3000)
    chart.context.store.apply(ForecastDelta(seq=10, series=fx.REVENUE.key, forecast=None))
    qtbot.waitUntil(lambda: chart._projection is not None and not chart._projection.line.isVisible(), timeout=3000)
    assert not chart.caption.isVisible()


def test_a_twelve_month_chart_labels_every_third_month(qtbot):
    """A 12-month window gets month ticks of our own (pyqtgraph would drop all its crowded labels)."""
    store = WallModel()
    store.apply(SeriesDelta(seq=1, series=SeriesInfo(key="khach", name="Khách du lịch", unit="lượt")))
    now = utc_now()
    for i in range(52):
        store.apply(MetricDelta(seq=2 + i, point=MetricPoint(series="khach", ts=now - timedelta(weeks=51 - i),
                                                             value=9000.0 + 50 * (i % 9))))
    tile = make_tile(id="c", kind=TileKind.CHART, col=0, row=0, title="Khách du lịch",
                props={"series": ["khach"], "style": "line", "window": "12mo"})
    chart = ChartTile(TileView(tile, None), TileContext(store, "http://127.0.0.1:1"))
    qtbot.addWidget(chart)
    chart.resize(640, 360)
    chart.show()
    SHOTS.mkdir(exist_ok=True)
    chart.grab().save(str(SHOTS / "chart_12mo.png"))
    levels = chart.plot.getAxis("bottom")._tickLevels
    assert levels is not None
    labels = [label for _, label in levels[0]]
    assert 3 <= len(labels) <= 5 and all(len(label) == 7 and label[2] == "/" for label in labels)
    x0, x1 = chart._x_range
    assert all(x0 <= t <= x1 for t, _ in levels[0])
    assert len(levels[1]) >= 7  # the other months: unlabelled ticks
