"""The chart tile: draws its series and target, follows deltas, and keeps its axes still when it can."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtGui import QColor

from tests.support.pixels import colour_share
from wall_client.model.store import TileView, WallStore
from wall_client.ui import theme
from wall_client.ui.charts.chart_tile import PALETTE, ChartTile, VietnameseDateAxis
from wall_client.ui.tiles.base import TileContext
from wall_protocol.common import utc_now
from wall_protocol.entities import MetricPoint, SeriesInfo, Tile, TileKind
from wall_protocol.messages import MetricDelta, SeriesDelta


def _chart(qtbot, style: str = "line") -> tuple[ChartTile, WallStore]:
    store = WallStore()
    store.apply(SeriesDelta(seq=1, series=SeriesInfo(key="trade", name="Kim ngạch", unit="triệu USD", target=130.0)))
    now = utc_now()
    for i in range(48):
        store.apply(MetricDelta(seq=2 + i, point=MetricPoint(series="trade", ts=now - timedelta(minutes=30 * (47 - i)),
                                                             value=100.0 + (i % 6))))
    tile = Tile(id="c", kind=TileKind.CHART, col=0, row=0, title="Kim ngạch",
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
