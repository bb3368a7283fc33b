"""Alert list tile: the open alerts, newest first, coloured by severity, with their age and state.

An alert that a tile of the wall shows as an alarm now is marked "TRÊN TƯỜNG" (on the wall).
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QWidget

from wall_client.model import formatting, terms
from wall_client.model.alarms import alarms_on_walls
from wall_client.model.alert_text import alert_title
from wall_client.model.i18n import QT_TRANSLATE_NOOP, translate
from wall_client.model.wall_model import TileView
from wall_client.ui import theme
from wall_client.ui.tiles.base import TileContext, TileWidget
from wall_protocol.common import Severity
from wall_protocol.entities import Alert
from wall_protocol.tile_settings import AlertsSettings

SEVERITY_ORDER = [s.value for s in Severity]
ON_WALL = QT_TRANSLATE_NOOP("AlertsTile", "TRÊN TƯỜNG")


class AlertsTile(TileWidget):
    """Props: `min_severity` (info|minor|major|critical), `categories` (list), `rows` (default: fit)."""

    def __init__(self, view: TileView, context: TileContext, parent: QWidget | None = None) -> None:
        super().__init__(view, context, parent)
        context.store.alerts_changed.connect(self.update)
        context.store.wall_changed.connect(self._on_wall)

    def release(self) -> None:
        self.context.store.alerts_changed.disconnect(self.update)
        self.context.store.wall_changed.disconnect(self._on_wall)

    def _on_wall(self, _name: str) -> None:
        self.update()  # an alarm popped or cleared: the "on the wall" marks change

    def alarm_ids(self) -> set[int]:
        """The alerts some tile shows as an alarm now (a wall PC follows only its own wall)."""
        return alarms_on_walls(self.context.store.walls.values())

    def visible_alerts(self) -> list[Alert]:
        settings = self.settings(AlertsSettings)
        floor = SEVERITY_ORDER.index(settings.min_severity.value)
        chosen = []
        for alert in self.context.store.open_alerts():
            if SEVERITY_ORDER.index(alert.severity.value) < floor:
                continue
            if settings.categories and alert.category not in settings.categories:
                continue
            chosen.append(alert)
        return chosen

    def paint_body(self, painter: QPainter, rect: QRect) -> None:
        alerts = self.visible_alerts()
        row_h = max(22, min(rect.height() // 6, 60))
        if not alerts:
            painter.setPen(theme.MUTED)
            painter.setFont(theme.font(row_h // 2))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, translate("AlertsTile", "Không có cảnh báo đang mở"))
            return
        y = rect.top()
        on_wall = self.alarm_ids()
        for alert in alerts[: max(1, rect.height() // row_h)]:
            colour = theme.SEVERITY_COLOURS[alert.severity.value]
            painter.fillRect(QRect(rect.left(), y + 3, 6, row_h - 6), colour)
            # The state and age take the room they need (words differ in length by language), at least 3 rows'.
            painter.setFont(theme.font(int(row_h * 0.34)))
            age = formatting.age((self.now - alert.created_at).total_seconds())
            status = f"{terms.alert_state(alert.state).upper()} · {age}"
            status_w = max(row_h * 3, painter.fontMetrics().horizontalAdvance(status) + row_h // 4)
            marker = self._paint_on_wall(painter, rect.right() - status_w, y, row_h) if alert.id in on_wall else 0
            painter.setPen(theme.TEXT)
            painter.setFont(theme.font(int(row_h * 0.42), bold=alert.state.value == "new"))
            text_rect = QRect(rect.left() + 14, y, rect.width() - 14 - status_w - marker, row_h)
            title = painter.fontMetrics().elidedText(alert_title(alert), Qt.TextElideMode.ElideRight, text_rect.width())
            painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, title)
            painter.setPen(theme.MUTED)
            painter.setFont(theme.font(int(row_h * 0.34)))
            painter.drawText(QRect(rect.right() - status_w, y, status_w, row_h),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, status)
            y += row_h

    def _paint_on_wall(self, painter: QPainter, right: int, y: int, row_h: int) -> int:
        """The "on the wall" pill ending at `right`; the width it takes."""
        painter.setFont(theme.font(int(row_h * 0.32), bold=True))
        on_wall = translate("AlertsTile", ON_WALL)
        width = painter.fontMetrics().horizontalAdvance(on_wall) + row_h // 2
        pill = QRect(right - width - row_h // 4, y + row_h // 5, width, row_h - 2 * (row_h // 5))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(theme.ALARM)
        painter.drawRoundedRect(pill, pill.height() / 2, pill.height() / 2)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(theme.TEXT)
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, on_wall)
        return width + row_h // 2
