"""Wall tiles show a producer's text as written: markup in a series' unit is read, never rendered."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.support.shown_text import HOSTILE, HOSTILE_SHORT, label_reads
from tests.wall_client import forecast_fixtures as fx
from wall_client.model.wall_model import TileView, WallModel
from wall_client.ui.charts.chart_tile import ChartTile
from wall_client.ui.tiles.base import TileContext
from wall_protocol.entities import SeriesInfo, TileKind
from wall_protocol.messages import Snapshot
from wall_protocol.tiles import make_tile


def _chart(qtbot) -> ChartTile:
    info = SeriesInfo.model_validate({**fx.REVENUE.model_dump(), "name": HOSTILE, "unit": HOSTILE_SHORT})
    store = WallModel()
    store.apply_snapshot(Snapshot(seq=1, walls=(), cameras=(), layouts=(), alerts=(), series=(info,), latest=(),
                                  forecasts=(fx.forecast(),)))
    store.add_history(info.key, fx.samples())
    tile = make_tile(id="c", kind=TileKind.CHART, col=0, row=0, props={"series": [info.key], "window": "period"})
    chart = ChartTile(TileView(tile, None), TileContext(store, "http://127.0.0.1:9"))
    qtbot.addWidget(chart)
    chart.now = fx.NOW
    chart.resize(640, 360)
    chart.show()
    chart.refresh()
    return chart


def test_the_forecast_caption_shows_the_series_unit_as_written(qtbot):
    """A unit of '<b>…</b><a …>' reads with its angle brackets in the caption, and looks like plain text."""
    chart = _chart(qtbot)
    assert chart.caption.isVisible()
    assert f"10.450 {HOSTILE_SHORT}\n" in label_reads(chart.caption), label_reads(chart.caption)
    shown = chart.caption.grab().toImage()
    chart.caption.setTextFormat(Qt.TextFormat.PlainText)  # the same words drawn as plain text, for comparison
    chart.caption.setText(chart.caption.text())
    assert chart.caption.grab().toImage() == shown, "the caption must look exactly like its text drawn plainly"
    assert chart.shown_title().startswith("<b>Đậm</b>")  # titles are painted: plain already
