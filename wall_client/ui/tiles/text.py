"""Text tile: a heading or notice from the layout (TextSettings: text, bold, font_px)."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QPainter

from wall_client.ui import text_fit, theme
from wall_client.ui.tiles.base import TileWidget
from wall_protocol.tile_settings import TextSettings


class TextTile(TileWidget):
    def paint_body(self, painter: QPainter, rect: QRect) -> None:
        painter.setPen(theme.TEXT)
        settings = self.settings(TextSettings)
        # The layout's own size when it asks for one, else the tile's; shrunk until the wrapped text fits
        # (a long notice in a small tile, or a size chosen for a bigger monitor), then cut with "…".
        size = settings.font_px or max(14, rect.height() // 6)
        text_fit.draw_wrapped(painter, rect, settings.text, size, bold=settings.bold)
