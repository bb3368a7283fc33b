"""Text tile: a heading or notice from the layout (TextSettings: text, bold, font_px)."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QPainter

from wall_client.ui import theme
from wall_client.ui.tiles.base import TileWidget
from wall_protocol.tile_settings import TextSettings


class TextTile(TileWidget):
    def paint_body(self, painter: QPainter, rect: QRect) -> None:
        painter.setPen(theme.TEXT)
        settings = self.settings(TextSettings)
        size = settings.font_px or max(14, rect.height() // 6)
        painter.setFont(theme.font(size, bold=settings.bold))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, settings.text)
