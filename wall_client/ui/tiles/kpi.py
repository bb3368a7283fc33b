"""KPI tile: a big value with its unit, the target, the change, a sparkline and how old the value is."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRect, Qt
from PySide6.QtGui import QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QWidget

from wall_client.model import formatting
from wall_client.model.kpi import KpiReading, read_kpi
from wall_client.model.store import TileView
from wall_client.ui import theme
from wall_client.ui.tiles.base import TileContext, TileWidget


class KpiTile(TileWidget):
    def __init__(self, view: TileView, context: TileContext, parent: QWidget | None = None) -> None:
        super().__init__(view, context, parent)
        self.series_key = str(view.tile.props.get("series", ""))
        context.store.metric_changed.connect(self._on_metric)

    @property
    def title(self) -> str:
        if self.view.tile.title:
            return self.view.tile.title
        data = self.context.store.series.get(self.series_key)
        return data.info.name if data else self.series_key

    def reading(self) -> KpiReading:
        return read_kpi(self.context.store.series.get(self.series_key), dict(self.view.tile.props), self.now)

    def _on_metric(self, key: str) -> None:
        if key == self.series_key:
            self.update()

    def release(self) -> None:
        self.context.store.metric_changed.disconnect(self._on_metric)

    def paint_body(self, painter: QPainter, rect: QRect) -> None:
        r = self.reading()
        colour = theme.STALE if r.stale else theme.LEVEL_COLOURS[r.level]
        value_h = int(rect.height() * 0.42)
        if r.value is None:
            painter.setPen(theme.MUTED)
            painter.setFont(theme.font(int(value_h * 0.4)))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, "Chưa có dữ liệu")
            return
        value_text = formatting.number(r.value, formatting.decimals_for(r.value))
        painter.setPen(colour)
        shown = f"{value_text} {r.unit}".strip()
        painter.setFont(theme.fitted_font(shown, rect.width(), value_h, bold=True))
        value_rect = QRect(rect.left(), rect.top(), rect.width(), value_h + value_h // 4)
        painter.drawText(value_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, shown)
        line_h = max(10, rect.height() // 9)
        painter.setFont(theme.font(line_h))
        painter.setPen(theme.TEXT)
        y = value_rect.bottom() + 4
        details = []
        if r.target is not None:
            details.append(f"Mục tiêu {formatting.number(r.target, formatting.decimals_for(r.target))}")
        if r.change is not None:
            arrow = "▲" if r.change > 0 else "▼" if r.change < 0 else "■"
            details.append(f"{arrow} {formatting.number(abs(r.change), formatting.decimals_for(r.change))}")
        painter.drawText(QRect(rect.left(), y, rect.width(), line_h + 6), Qt.AlignmentFlag.AlignLeft,
                         "   ".join(details))
        age_text = f"Cập nhật {formatting.age(r.age_s or 0)} trước" + (" · DỮ LIỆU CŨ" if r.stale else "")
        painter.setPen(theme.STALE if r.stale else theme.MUTED)
        painter.drawText(QRect(rect.left(), rect.bottom() - int(line_h * 1.5), rect.width(), int(line_h * 1.5)),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, age_text)
        spark = QRect(rect.left(), y + line_h + 10, rect.width(), rect.bottom() - line_h - 10 - (y + line_h + 10))
        self._sparkline(painter, spark, r.sparkline, colour)

    def _sparkline(self, painter: QPainter, rect: QRect, values: tuple[float, ...], colour: object) -> None:
        if len(values) < 2 or rect.height() < 8:
            return
        low, high = min(values), max(values)
        span = (high - low) or 1.0
        step = rect.width() / (len(values) - 1)
        points = QPolygonF([QPointF(rect.left() + i * step, rect.bottom() - (v - low) / span * rect.height())
                            for i, v in enumerate(values)])
        painter.setPen(QPen(colour, 2))  # type: ignore[call-overload]
        painter.drawPolyline(points)
