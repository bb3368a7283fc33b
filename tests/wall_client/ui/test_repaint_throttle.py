"""Repaints for new data: a lone change at once, a burst at most once per interval, the newest data last."""

from __future__ import annotations

import itertools
import time

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QWidget

from tests.wall_client import forecast_fixtures as fx
from wall_client.model.wall_model import TileView
from wall_client.ui.repaint_throttle import DATA_REPAINT_MS, RepaintThrottle
from wall_client.ui.tiles.base import TileContext
from wall_client.ui.tiles.kpi import KpiTile
from wall_protocol.entities import MetricPoint, TileKind
from wall_protocol.messages import MetricDelta
from wall_protocol.tiles import make_tile


class CountingWidget(QWidget):
    """A widget that notes when it was painted."""

    def __init__(self) -> None:
        super().__init__()
        self.painted_at: list[float] = []

    def paintEvent(self, event: QPaintEvent) -> None:
        self.painted_at.append(time.monotonic())


class PaintCounter(QObject):
    """Counts the paint events a real tile gets (its own paintEvent is left as it is)."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.paints = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
        return False


def _shown(qtbot, widget: QWidget) -> None:
    qtbot.addWidget(widget)
    widget.resize(200, 150)
    widget.show()
    qtbot.waitExposed(widget)
    qtbot.wait(50)


def test_a_lone_change_is_painted_at_once(qtbot):
    """The first change after a quiet interval is painted in the next pass, not after the interval."""
    widget = CountingWidget()
    _shown(qtbot, widget)
    throttle = RepaintThrottle(widget, interval_ms=400)
    widget.painted_at.clear()
    asked = time.monotonic()
    throttle.changed()
    qtbot.waitUntil(lambda: bool(widget.painted_at), timeout=1000)
    assert widget.painted_at[0] - asked < 0.2, "a lone change waited for the interval"
    assert not throttle.pending()


def test_a_burst_is_painted_at_most_once_per_interval_and_its_last_change_is_painted(qtbot):
    """Twenty changes 20 ms apart (0.4 s) with a 150 ms interval: at most four paints, the last after the last
    change, and no two closer than the interval."""
    widget = CountingWidget()
    _shown(qtbot, widget)
    throttle = RepaintThrottle(widget, interval_ms=150)
    widget.painted_at.clear()
    last_change = 0.0
    for _ in range(20):
        throttle.changed()
        last_change = time.monotonic()
        qtbot.wait(20)
    qtbot.waitUntil(lambda: not throttle.pending(), timeout=1000)
    qtbot.wait(50)
    paints = widget.painted_at
    assert 2 <= len(paints) <= 4, f"{len(paints)} paints for 20 changes in 0.4 s"
    assert paints[-1] >= last_change, "the last change was never painted"
    gaps = [b - a for a, b in itertools.pairwise(paints)]
    assert min(gaps) >= 0.14, f"paints closer than the interval: {gaps}"


def test_a_kpi_tile_fed_ten_deltas_a_second_paints_about_twice_a_second_and_shows_the_newest(qtbot):
    """A KPI tile under a delta every 100 ms for 1.5 s paints at most 1.5 s / DATA_REPAINT_MS + 1 times (not 15),
    and once the feed stops it shows the last value sent."""
    store = fx.store()
    view = TileView(make_tile(id="k", kind=TileKind.KPI, col=0, row=0, props={"series": fx.REVENUE.key}), None)
    tile = KpiTile(view, TileContext(store, "http://127.0.0.1:9"))
    tile.now = fx.NOW
    _shown(qtbot, tile)
    tile.resize(480, 360)
    qtbot.wait(100)
    counter = PaintCounter(tile)
    value = 6500.0
    for i in range(15):
        value += 10.0
        store.apply(MetricDelta(seq=10 + i, point=MetricPoint(series=fx.REVENUE.key, ts=fx.NOW, value=value)))
        qtbot.wait(100)
    qtbot.waitUntil(lambda: not tile.data_repaint.pending(), timeout=2000)
    qtbot.wait(50)
    assert 2 <= counter.paints <= 1500 // DATA_REPAINT_MS + 1, f"{counter.paints} paints for 15 deltas"
    assert "6.650 tỷ đồng" in tile.drawn_texts, f"the newest value is not shown: {tile.drawn_texts}"
