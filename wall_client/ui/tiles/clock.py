"""Clock tile: local time (Vietnam) and date, large."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QPainter

from wall_client.model.i18n import QT_TRANSLATE_NOOP, translate
from wall_client.ui import text_fit, theme
from wall_client.ui.tiles.base import TileWidget
from wall_protocol.timezone import VIETNAM_TZ

WEEKDAYS = (QT_TRANSLATE_NOOP("ClockTile", "Thứ Hai"), QT_TRANSLATE_NOOP("ClockTile", "Thứ Ba"),
            QT_TRANSLATE_NOOP("ClockTile", "Thứ Tư"), QT_TRANSLATE_NOOP("ClockTile", "Thứ Năm"),
            QT_TRANSLATE_NOOP("ClockTile", "Thứ Sáu"), QT_TRANSLATE_NOOP("ClockTile", "Thứ Bảy"),
            QT_TRANSLATE_NOOP("ClockTile", "Chủ Nhật"))


class ClockTile(TileWidget):
    def paint_body(self, painter: QPainter, rect: QRect) -> None:
        local = self.now.astimezone(VIETNAM_TZ)
        rect = rect.adjusted(rect.width() // 40, 0, -(rect.width() // 40), 0)  # big digits need air at the edges
        painter.setPen(theme.TEXT)
        top = QRect(rect.left(), rect.top(), rect.width(), int(rect.height() * 0.62))
        # The time shrinks as far as it must: a cut time ("12:3…") would be wrong, not just short.
        text_fit.draw(painter, top, Qt.AlignmentFlag.AlignCenter, local.strftime("%H:%M:%S"),
                      int(rect.height() * 0.38), theme.MIN_FONT_PX, bold=True)
        painter.setPen(theme.MUTED)
        date = f"{translate('ClockTile', WEEKDAYS[local.weekday()])}, {local:%d/%m/%Y}"
        # Fitted like every line: "Chủ Nhật, 06/12/2026" once ran past both edges of its tile.
        bottom = QRect(rect.left(), top.bottom(), rect.width(), rect.height() - top.height())
        text_fit.draw(painter, bottom, Qt.AlignmentFlag.AlignCenter, date, int(rect.height() * 0.14))
