"""Clock tile: local time (Vietnam) and date, large."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QPainter

from wall_client.model.i18n import QT_TRANSLATE_NOOP, translate
from wall_client.ui import theme
from wall_client.ui.tiles.base import TileWidget
from wall_protocol.timezone import VIETNAM_TZ

WEEKDAYS = (QT_TRANSLATE_NOOP("ClockTile", "Thứ Hai"), QT_TRANSLATE_NOOP("ClockTile", "Thứ Ba"),
            QT_TRANSLATE_NOOP("ClockTile", "Thứ Tư"), QT_TRANSLATE_NOOP("ClockTile", "Thứ Năm"),
            QT_TRANSLATE_NOOP("ClockTile", "Thứ Sáu"), QT_TRANSLATE_NOOP("ClockTile", "Thứ Bảy"),
            QT_TRANSLATE_NOOP("ClockTile", "Chủ Nhật"))


class ClockTile(TileWidget):
    def paint_body(self, painter: QPainter, rect: QRect) -> None:
        local = self.now.astimezone(VIETNAM_TZ)
        painter.setPen(theme.TEXT)
        text = local.strftime("%H:%M:%S")
        painter.setFont(theme.fitted_font(text, int(rect.width() * 0.95), int(rect.height() * 0.38), bold=True))
        top = QRect(rect.left(), rect.top(), rect.width(), int(rect.height() * 0.62))
        painter.drawText(top, Qt.AlignmentFlag.AlignCenter, text)
        painter.setPen(theme.MUTED)
        date = f"{translate('ClockTile', WEEKDAYS[local.weekday()])}, {local:%d/%m/%Y}"
        # Shrunk to the width like the time: "Chủ Nhật, 06/12/2026" ran past both edges of a tall, narrow tile.
        painter.setFont(theme.fitted_font(date, int(rect.width() * 0.95), int(rect.height() * 0.14)))
        bottom = QRect(rect.left(), top.bottom(), rect.width(), rect.height() - top.height())
        painter.drawText(bottom, Qt.AlignmentFlag.AlignCenter, date)
