"""KPI tile: a big value with its unit, the target, the change, a sparkline and how old the value is.

A series with a forecast shows, instead of the sparkline, its period chart (the period's samples,
the projection dashed to the period end in its interval, the target line) and under the value the
forecast in words, coloured amber when the target will be missed; without a projection, the reason.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRect, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QWidget

from wall_client.model import formatting
from wall_client.model.forecast_view import ForecastView, view_forecast
from wall_client.model.i18n import translate
from wall_client.model.kpi import KpiReading, change_text, has_thresholds, read_kpi
from wall_client.model.wall_model import TileView
from wall_client.ui import text_fit, theme
from wall_client.ui.repaint_throttle import RepaintThrottle
from wall_client.ui.tiles.base import TileContext, TileWidget
from wall_client.ui.tiles.period_chart import PeriodChartGeometry, paint_period_chart
from wall_protocol.tile_settings import KpiCompare, KpiSettings

LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
MIN_TEXT_PX = 13
"""Below this a line is cut with "…" rather than shrunk further: tiny letters are unreadable from afar."""


class KpiTile(TileWidget):
    def __init__(self, view: TileView, context: TileContext, parent: QWidget | None = None) -> None:
        super().__init__(view, context, parent)
        self.kpi = self.settings(KpiSettings)
        self.series_key = self.kpi.series or ""
        self.drawn_texts: list[str] = []
        """The text of the last paint, in order (tests read what a viewer would read)."""
        self.period_geometry: PeriodChartGeometry | None = None
        self._samples_cache: tuple[object, list[tuple[float, float]]] = (None, [])
        self.data_repaint = RepaintThrottle(self)  # a burst of deltas is one repaint (repaint_throttle.py)
        context.store.metric_changed.connect(self._on_metric)
        context.store.forecast_changed.connect(self._on_metric)

    @property
    def title(self) -> str:
        if self.view.tile.title:
            return self.view.tile.title
        data = self.context.store.series.get(self.series_key)
        return data.info.name if data else self.series_key

    def reading(self) -> KpiReading:
        return read_kpi(self.context.store.series.get(self.series_key), self.kpi, self.now)

    def forecast(self) -> ForecastView | None:
        forecast = self.context.store.forecasts.get(self.series_key)
        if forecast is None:
            return None
        data = self.context.store.series.get(self.series_key)
        return view_forecast(forecast, data.info if data else None)

    def _on_metric(self, key: str) -> None:
        if key == self.series_key:
            self.data_repaint.changed()

    def release(self) -> None:
        self.data_repaint.stop()
        self.context.store.metric_changed.disconnect(self._on_metric)
        self.context.store.forecast_changed.disconnect(self._on_metric)

    def paint_body(self, painter: QPainter, rect: QRect) -> None:
        self.drawn_texts = []
        self.period_geometry = None
        r = self.reading()
        forecast = self.forecast()
        level = r.level
        if forecast is not None and not has_thresholds(self.kpi):
            # A year-to-date figure is always below the year's target until December: the projection
            # says whether that is a problem, so it colours the value (thresholds, when set, still do).
            level = forecast.level
        colour = theme.STALE if r.stale else theme.LEVEL_COLOURS[level]
        value_h = int(rect.height() * (0.25 if forecast else 0.42))
        if r.value is None and forecast is None:
            painter.setPen(theme.MUTED)
            self._fitted(painter, rect, translate("KpiTile", "Chưa có dữ liệu"), int(value_h * 0.4),
                         flags=Qt.AlignmentFlag.AlignCenter)
            return
        line_h = max(10, rect.height() // (12 if forecast else 9))
        footer_h = int(line_h * (1.1 if forecast else 1.3))
        footer = QRect(rect.left(), rect.bottom() - footer_h, rect.width(), footer_h)
        value_rect = QRect(rect.left(), rect.top(), rect.width(), value_h + value_h // (8 if forecast else 4))
        if r.value is None:
            painter.setPen(theme.MUTED)
            self._fitted(painter, value_rect, translate("KpiTile", "Chưa có dữ liệu"), int(value_h * 0.5))
        else:
            value_text = formatting.number(r.value, formatting.decimals_for(r.value))
            painter.setPen(colour)
            self._fitted(painter, value_rect, f"{value_text} {r.unit}".strip(), value_h, bold=True)
        y = value_rect.bottom() + 4
        if forecast is not None:
            y = self._forecast_lines(painter, QRect(rect.left(), y, rect.width(), footer.top() - y), forecast,
                                     line_h, r.stale)
        else:
            painter.setPen(theme.TEXT)
            self._fitted(painter, QRect(rect.left(), y, rect.width(), line_h + 6), _details(r), line_h)
            y += line_h + 10
        if r.age_s is not None:
            age_text = translate("KpiTile", "Cập nhật {age} trước").format(age=formatting.age(r.age_s))
            if r.stale:
                age_text += " · " + translate("KpiTile", "DỮ LIỆU CŨ")
            if forecast is not None and r.change is not None and r.compare is not KpiCompare.SAMPLE:
                age_text = f"{change_text(r)} · {age_text}"  # a year-to-date figure against last year's
            painter.setPen(theme.STALE if r.stale else theme.MUTED)
            self._fitted(painter, footer, age_text, int(line_h * 0.8 if forecast else line_h))
        if forecast is None:
            spark = QRect(rect.left(), y, rect.width(), footer.top() - y)
            self._sparkline(painter, spark, r.sparkline, colour)

    # ------------------------------------------------------------------ forecast

    def _forecast_lines(self, painter: QPainter, area: QRect, f: ForecastView, line_h: int, stale: bool) -> int:
        """The forecast in words (two lines) and the period chart below them; returns where they end."""
        level_colour = theme.STALE if stale else theme.FORECAST_COLOURS[f.level]
        if f.geometry is None:  # no projection: the reason, wrapped, where the chart would be
            painter.setPen(theme.MUTED)
            self._fitted(painter, QRect(area.left(), area.top(), area.width(), line_h + 4),
                         f.title + (f" · {f.target_label}" if f.target_label else ""),
                         line_h)
            box = area.adjusted(0, line_h + 8, 0, -4)
            painter.setPen(level_colour if f.level == "warn" else theme.TEXT)
            self._wrapped(painter, box, f.reason, line_h)
            return area.bottom()
        painter.setPen(level_colour)
        self._fitted(painter, QRect(area.left(), area.top(), area.width(), line_h + 4), f.headline, line_h,
                     bold=True)
        second = f.details
        painter.setPen(level_colour if f.level == "warn" else theme.TEXT)
        small = int(line_h * 0.85)
        self._fitted(painter, QRect(area.left(), area.top() + line_h + 6, area.width(), small + 4), second, small)
        chart = area.adjusted(0, line_h + small + 18, 0, -6)
        if chart.height() >= 30:
            samples = self._period_samples(f)
            self.period_geometry = paint_period_chart(painter, chart, samples, f, QColor(level_colour))
            self.drawn_texts.append(f.target_label)
        return area.bottom()

    def _period_samples(self, f: ForecastView) -> list[tuple[float, float]]:
        """The period's samples as (Unix seconds, value); kept between paints, as most repaints are the
        once-a-second tick with the same data."""
        data = self.context.store.series.get(self.series_key)
        if data is None or not data.points:
            return []
        newest = data.points[-1]
        key = (len(data.points), data.points[0].ts, newest.ts, newest.value, f.period_start, f.period_end)
        if self._samples_cache[0] != key:
            chosen = [(t, p.value) for p in data.points if f.period_start <= (t := p.ts.timestamp()) < f.period_end]
            self._samples_cache = (key, chosen)
        return self._samples_cache[1]

    # ------------------------------------------------------------------ text and sparkline

    def _text(self, painter: QPainter, rect: QRect, flags: Qt.AlignmentFlag, text: str) -> None:
        painter.drawText(rect, flags, text)
        self.drawn_texts.append(text)

    def _fitted(self, painter: QPainter, rect: QRect, text: str, px: int, bold: bool = False,
                flags: Qt.AlignmentFlag = LEFT) -> None:
        """One line at up to `px`, shrunk to fit the box, cut with "…" below MIN_TEXT_PX."""
        self.drawn_texts.append(text_fit.draw(painter, rect, flags, text, px, MIN_TEXT_PX, bold).text)

    def _wrapped(self, painter: QPainter, rect: QRect, text: str, px: int) -> None:
        """A paragraph at the largest size up to `px` at which it fits `rect` wrapped (the reason is read whole)."""
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
        size = px
        while size > MIN_TEXT_PX:
            needed = QFontMetrics(theme.font(size)).boundingRect(rect, int(flags), text)
            if needed.height() <= rect.height() and needed.width() <= rect.width():
                break
            size -= 1
        painter.setFont(theme.font(size))
        self._text(painter, rect, flags, text)

    def _sparkline(self, painter: QPainter, rect: QRect, values: tuple[float, ...], colour: QColor) -> None:
        if len(values) < 2 or rect.height() < 8:
            return
        low, high = min(values), max(values)
        span = (high - low) or 1.0
        step = rect.width() / (len(values) - 1)
        points = QPolygonF([QPointF(rect.left() + i * step, rect.bottom() - (v - low) / span * rect.height())
                            for i, v in enumerate(values)])
        painter.setPen(QPen(colour, 2))
        painter.drawPolyline(points)


def _details(r: KpiReading) -> str:
    details = []
    if r.target is not None:
        details.append(translate("KpiTile", "Mục tiêu {value}").format(
            value=formatting.number(r.target, formatting.decimals_for(r.target))))
    if r.change is not None:
        details.append(change_text(r))
    return "   ".join(details)
