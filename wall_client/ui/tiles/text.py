"""Text tile: a heading or notice from the layout (TextSettings: text, bold, font_px)."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QPainter

from wall_client.ui import theme
from wall_client.ui.tiles.base import TileWidget
from wall_protocol.tile_settings import TextSettings


class TextTile(TileWidget):
    def paint_body(self, painter: QPainter, rect: QRect) -> None:
        painter.setPen(theme.TEXT)
        settings = self.settings(TextSettings)
        if settings.font_px:  # the layout's own size, as it asked
            painter.setFont(theme.font(settings.font_px, bold=settings.bold))
        else:  # the tile's size, shrunk until the wrapped text fits (a long notice in a small tile)
            painter.setFont(theme.wrapped_font([settings.text], rect, max(14, rect.height() // 6), settings.bold))
        painter.drawText(rect, theme.WRAPPED, settings.text)
