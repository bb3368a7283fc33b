"""Chart tile: line, area or bar chart of one or more series over a time window, live from deltas.

Settings (wall_protocol.tile_settings.ChartSettings): `series`, `style` (line, area, bar), `window`
(1h … 12mo, or "period": the forecast period of the first series that has a forecast, 12 months while
it has none), `thresholds` (drawn as guides). The series' target is drawn as a dashed line.
The first series with a forecast also gets its projection: a dashed line from its latest sample to
the period end inside the interval band, and a caption (projection and interval against the target,
or why there is no projection).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QGraphicsItem, QWidget

from wall_client.model import formatting
from wall_client.model.chart_axes import period_ticks, time_range, value_range
from wall_client.model.forecast_view import ForecastView, view_forecast
from wall_client.model.i18n import translate
from wall_client.model.wall_model import TileView
from wall_client.ui import plain_text, text_fit, theme
from wall_client.ui.charts.forecast_items import ForecastItems
from wall_client.ui.tiles.base import TileContext, TileWidget
from wall_protocol.tile_settings import CHART_WINDOW_S, ChartSettings, ChartWindow
from wall_protocol.timezone import VIETNAM_TZ

WINDOWS = {window: timedelta(seconds=seconds) for window, seconds in CHART_WINDOW_S.items()}
REDRAW_INTERVAL_MS = 500
LONG_WINDOW = timedelta(days=180)
"""From this window on, the time axis is labelled by our month ticks (every third month)."""
PALETTE = ("#3fa9f5", "#2ecc71", "#f1c40f", "#e67e22", "#9b59b6")
# pyqtgraph wants one fixed offset, counted west of UTC like time.timezone; Vietnam's has not changed since 1975.
VIETNAM_OFFSET_S = -int(datetime.now(UTC).astimezone(VIETNAM_TZ).utcoffset().total_seconds())  # type: ignore[union-attr]
DAY_S = 86400


class VietnameseAxis(pg.AxisItem):  # type: ignore[misc]
    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        decimals = 0 if spacing >= 1 else 1
        return [formatting.number(v * scale, decimals) for v in values]


class VietnameseDateAxis(pg.DateAxisItem):  # type: ignore[misc]
    """Time ticks as Vietnamese readers write them: 06:00, 23/11, 11/2026 (pyqtgraph's are English)."""

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        if spacing >= 28 * DAY_S:
            fmt = "%m/%Y"
        elif spacing >= DAY_S:
            fmt = "%d/%m"
        elif spacing >= 60:
            fmt = "%H:%M"
        else:
            fmt = "%H:%M:%S"
        labels = []
        for value in values:
            moment = datetime.fromtimestamp(value, VIETNAM_TZ)
            midnight = (moment.hour, moment.minute, moment.second) == (0, 0, 0)
            labels.append(moment.strftime("%d/%m" if midnight and spacing < DAY_S else fmt))
        return labels


class ChartTile(TileWidget):
    def __init__(self, view: TileView, context: TileContext, parent: QWidget | None = None) -> None:
        super().__init__(view, context, parent)
        self.chart = self.settings(ChartSettings)
        self.keys = list(self.chart.series)
        self.chart_style = self.chart.style.value
        self.period_window = self.chart.window is ChartWindow.PERIOD
        self.time_window = WINDOWS[ChartWindow.YEAR if self.period_window else self.chart.window]
        self.plot = pg.PlotWidget(self, background=theme.TILE, axisItems={
            "bottom": VietnameseDateAxis(orientation="bottom", utcOffset=VIETNAM_OFFSET_S),
            "left": VietnameseAxis(orientation="left"),
        })
        self.plot.showGrid(x=True, y=True, alpha=0.15)
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(False, False)
        self.plot.hideButtons()
        # The ranges are set by us (see model/chart_axes.py): they move in steps, and an axis whose
        # range did not move is painted from its cached pixmap instead of drawing its text again.
        self.plot.disableAutoRange()
        for side in ("left", "bottom"):
            self.plot.getAxis(side).setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self._x_range: tuple[float, float] | None = None
        self._y_range: tuple[float, float] | None = None
        self._items: dict[str, Any] = {}
        self._guides: list[Any] = []
        self._guide_lines: list[tuple[float, Any]] = []
        self._projection: ForecastItems | None = None
        self.caption = plain_text.label(parent=self)  # it holds the series' unit, a producer's text
        self.caption.setWordWrap(True)
        self.caption.hide()
        self._caption_shown = ("", "")
        # Measured: redrawing a chart (axes above all) per delta stalled the GUI thread and cost video
        # frames; samples that arrive within half a second are drawn together.
        self._redraw = QTimer(self)
        self._redraw.setSingleShot(True)
        self._redraw.setInterval(REDRAW_INTERVAL_MS)
        self._redraw.timeout.connect(self.refresh)
        context.store.metric_changed.connect(self._on_metric)
        context.store.forecast_changed.connect(self._on_metric)
        self.refresh()

    @property
    def title(self) -> str:
        if self.view.tile.title:
            return self.view.tile.title
        data = self.context.store.series.get(self.keys[0]) if self.keys else None
        return data.info.name if data else ""

    def resizeEvent(self, event: Any) -> None:
        self._place()
        super().resizeEvent(event)

    def _on_metric(self, key: str) -> None:
        if key in self.keys and not self._redraw.isActive():
            self._redraw.start()

    def release(self) -> None:
        self._redraw.stop()
        self.context.store.metric_changed.disconnect(self._on_metric)
        self.context.store.forecast_changed.disconnect(self._on_metric)

    def forecast(self) -> ForecastView | None:
        """The forecast of the first series that has one (one projection per chart keeps it readable)."""
        store = self.context.store
        key = self._forecast_key()
        if key is None:
            return None
        data = store.series.get(key)
        return view_forecast(store.forecasts[key], data.info if data else None)

    def _forecast_key(self) -> str | None:
        return next((k for k in self.keys if k in self.context.store.forecasts), None)

    def x_bounds(self, forecast: ForecastView | None) -> tuple[float, float]:
        """The time axis: the forecast period for window "period", else the window up to its next step."""
        if self.period_window and forecast is not None:
            return forecast.period_start, forecast.period_end
        return time_range(self.now, self.time_window)

    def points(self, key: str) -> tuple[list[float], list[float]]:
        data = self.context.store.series.get(key)
        if data is None:
            return [], []
        start = self.x_bounds(self.forecast())[0]
        chosen = [p for p in data.points if p.ts.timestamp() >= start]
        return [p.ts.timestamp() for p in chosen], [p.value for p in chosen]

    def tick(self, now: datetime) -> None:
        """Nothing on a chart ages by the second; the time axis moves when its step comes."""
        self.now = now
        if self.x_bounds(self.forecast()) != self._x_range:
            self.refresh()

    def refresh(self) -> None:
        forecast = self.forecast()
        values: list[float] = []
        for index, key in enumerate(self.keys):
            xs, ys = self.points(key)
            values.extend(ys)
            colour = PALETTE[index % len(PALETTE)]
            item = self._items.get(key)
            if self.chart_style == "bar":
                width = (xs[1] - xs[0]) * 0.8 if len(xs) > 1 else 60.0
                if item is None:
                    item = pg.BarGraphItem(x=xs, height=ys, width=width, brush=colour, pen=None)
                    self.plot.addItem(item)
                else:
                    item.setOpts(x=xs, height=ys, width=width)
            elif item is None:
                fill = {"fillLevel": 0, "brush": pg.mkBrush(colour + "55")} if self.chart_style == "area" else {}
                item = self.plot.plot(xs, ys, pen=pg.mkPen(colour, width=2), **fill)
            else:
                item.setData(xs, ys)
            self._items[key] = item
        lines = self._guide_values(forecast)
        self._draw_guides(lines)
        values.extend(self._draw_forecast(forecast))
        self._set_ranges(self.x_bounds(forecast), values + [value for value, _ in lines])

    def _draw_forecast(self, forecast: ForecastView | None) -> list[float]:
        """Show (or hide) the projection and the caption; returns the values the y axis must hold."""
        self._show_caption(forecast)
        geometry = forecast.geometry if forecast is not None else None
        if geometry is None:
            if self._projection is not None:
                self._projection.hide()
            return []
        assert forecast is not None
        if self._projection is None:
            self._projection = ForecastItems(self.plot)
        self._projection.show(forecast)
        return [*geometry.lows, *geometry.highs]

    def _show_caption(self, forecast: ForecastView | None) -> None:
        """The caption sits above the plot (never over the data); the plot shrinks to make room."""
        text = forecast.caption if forecast is not None else ""
        colour = theme.FORECAST_COLOURS[forecast.level].name() if forecast is not None else ""
        if (text, colour) == self._caption_shown:
            return
        self._caption_shown = (text, colour)
        self.caption.setStyleSheet(f"color: {colour}; font-family: '{theme.FONT_FAMILY}';")
        self.caption.setText(text)
        self.caption.setVisible(bool(text))
        self._place()

    def _place(self) -> None:
        body = self.body_rect()
        if self._caption_shown[0]:
            font = theme.font(max(12, body.height() // 15))
            self.caption.setFont(font)
            height = self.caption.heightForWidth(body.width())
            self.caption.setGeometry(body.left(), body.top(), body.width(), height)
            body = body.adjusted(0, height + 2, 0, 0)
        self.plot.setGeometry(body)

    def _set_ranges(self, x_range: tuple[float, float], values: list[float]) -> None:
        if x_range != self._x_range:
            self._x_range = x_range
            self.plot.setXRange(*x_range, padding=0)
            self._set_time_ticks()
        y_range = value_range(values, self._y_range, include_zero=self.chart_style in ("bar", "area"))
        if y_range is not None and y_range != self._y_range:
            self._y_range = y_range
            self.plot.setYRange(*y_range, padding=0)

    def _set_time_ticks(self) -> None:
        """Ticks of our own over a forecast period (see period_ticks); pyqtgraph's own otherwise."""
        key = self._forecast_key()
        forecast = self.context.store.forecasts.get(key) if key is not None else None
        axis = self.plot.getAxis("bottom")
        if self.period_window and forecast is not None:
            months = {"year": 3, "quarter": 1, "month": 0}[forecast.period]
            axis.setTicks(period_ticks(forecast.period_start, forecast.period_end, months))
        elif self.time_window >= LONG_WINDOW and self._x_range is not None:
            # Months over half a year or more: pyqtgraph would drop every "MM/YYYY" label as too crowded.
            start, end = (datetime.fromtimestamp(x, UTC) for x in self._x_range)
            major, minor = period_ticks(start, end, 3)
            axis.setTicks([[t for t in major if t[0] >= self._x_range[0]], minor])
        else:
            axis.setTicks(None)

    def _guide_values(self, forecast: ForecastView | None) -> list[tuple[float, Any]]:
        """The dashed lines: the target (the forecast's, else the first series'), the warn/alarm thresholds."""
        lines: list[tuple[float, Any]] = []
        first = self.context.store.series.get(self.keys[0]) if self.keys else None
        target = forecast.target if forecast is not None else first.info.target if first is not None else None
        if target is not None:
            lines.append((target, theme.OK))
        for value, colour in ((self.chart.thresholds.warn, theme.WARN), (self.chart.thresholds.alarm, theme.ALARM)):
            if value is not None:
                lines.append((value, colour))
        return lines

    def _draw_guides(self, lines: list[tuple[float, Any]]) -> None:
        if lines == self._guide_lines:
            return
        for guide in self._guides:
            self.plot.removeItem(guide)
        self._guides.clear()
        self._guide_lines = lines
        for value, colour in lines:
            guide = pg.InfiniteLine(pos=value, angle=0, pen=pg.mkPen(colour, width=1.5, style=Qt.PenStyle.DashLine))
            self.plot.addItem(guide)
            self._guides.append(guide)

    def paint_body(self, painter: QPainter, rect: QRect) -> None:
        if not any(self.points(k)[0] for k in self.keys):
            painter.setPen(theme.MUTED)
            text_fit.draw_wrapped(painter, rect, translate("ChartTile", "Chưa có dữ liệu trong khoảng thời gian này"),
                                  max(12, rect.height() // 12))

