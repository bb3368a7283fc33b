"""Alert list tile: the open alerts, newest first, coloured by severity, with their age and state."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QWidget

from wall_client.model import formatting
from wall_client.model.store import TileView
from wall_client.ui import theme
from wall_client.ui.tiles.base import TileContext, TileWidget
from wall_protocol.common import Severity
from wall_protocol.entities import Alert

SEVERITY_ORDER = [s.value for s in Severity]
STATE_LABELS = {"new": "MỚI", "acknowledged": "ĐÃ NHẬN", "resolved": "ĐÃ XỬ LÝ"}


class AlertsTile(TileWidget):
    """Props: `min_severity` (info|minor|major|critical), `categories` (list), `rows` (default: fit)."""

    def __init__(self, view: TileView, context: TileContext, parent: QWidget | None = None) -> None:
        super().__init__(view, context, parent)
        context.store.alerts_changed.connect(self.update)

    def release(self) -> None:
        self.context.store.alerts_changed.disconnect(self.update)

    def visible_alerts(self) -> list[Alert]:
        props = self.view.tile.props
        floor = SEVERITY_ORDER.index(str(props.get("min_severity", "info")))
        categories = props.get("categories")
        chosen = []
        for alert in self.context.store.open_alerts():
            if SEVERITY_ORDER.index(alert.severity.value) < floor:
                continue
            if isinstance(categories, list) and alert.category.value not in categories:
                continue
            chosen.append(alert)
        return chosen

    def paint_body(self, painter: QPainter, rect: QRect) -> None:
        alerts = self.visible_alerts()
        row_h = max(22, min(rect.height() // 6, 60))
        if not alerts:
            painter.setPen(theme.MUTED)
            painter.setFont(theme.font(row_h // 2))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, "Không có cảnh báo đang mở")
            return
        y = rect.top()
        for alert in alerts[: max(1, rect.height() // row_h)]:
            colour = theme.SEVERITY_COLOURS[alert.severity.value]
            painter.fillRect(QRect(rect.left(), y + 3, 6, row_h - 6), colour)
            painter.setPen(theme.TEXT)
            painter.setFont(theme.font(int(row_h * 0.42), bold=alert.state.value == "new"))
            text_rect = QRect(rect.left() + 14, y, rect.width() - 14 - row_h * 3, row_h)
            title = painter.fontMetrics().elidedText(alert.title, Qt.TextElideMode.ElideRight, text_rect.width())
            painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, title)
            painter.setPen(theme.MUTED)
            painter.setFont(theme.font(int(row_h * 0.34)))
            age = formatting.age((self.now - alert.created_at).total_seconds())
            painter.drawText(QRect(rect.right() - row_h * 3, y, row_h * 3, row_h),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                             f"{STATE_LABELS[alert.state.value]} · {age}")
            y += row_h
