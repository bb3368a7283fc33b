"""A chart's forecast: the dashed projection to the period end inside its interval band (pyqtgraph items)."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt

from wall_client.model.forecast_view import ForecastView
from wall_client.ui import theme


class ForecastItems:
    """The projection's plot items, made once and updated in place (as the series' items are)."""

    def __init__(self, plot: pg.PlotWidget) -> None:
        self.line = pg.PlotDataItem([], [])
        # Edges as curves with an invisible pen: FillBetweenItem reads the path of a curve it can see.
        self.low = pg.PlotCurveItem([], [], pen=pg.mkPen(0, 0, 0, 0))
        self.high = pg.PlotCurveItem([], [], pen=pg.mkPen(0, 0, 0, 0))
        self.band = pg.FillBetweenItem(self.low, self.high)
        for item in (self.low, self.high, self.band, self.line):
            plot.addItem(item)
        self.band.setZValue(-5)  # under the series, which stays readable across the band

    def show(self, forecast: ForecastView) -> None:
        geometry = forecast.geometry
        assert geometry is not None
        colour = theme.FORECAST_COLOURS[forecast.level]
        fill = pg.mkColor(colour)
        fill.setAlpha(70)
        self.line.setData(list(geometry.xs), list(geometry.values))
        self.line.setPen(pg.mkPen(colour, width=2.5, style=Qt.PenStyle.DashLine))
        self.low.setData(list(geometry.xs), list(geometry.lows))
        self.high.setData(list(geometry.xs), list(geometry.highs))
        self.band.setBrush(pg.mkBrush(fill))
        self.set_visible(True)

    def hide(self) -> None:
        self.set_visible(False)

    def set_visible(self, visible: bool) -> None:
        for item in (self.low, self.high, self.band, self.line):
            item.setVisible(visible)
