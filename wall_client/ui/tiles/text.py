"""Text tile: a heading or notice from the layout's props (`text`)."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QPainter

from wall_client.ui import theme
from wall_client.ui.tiles.base import TileWidget


class TextTile(TileWidget):
    def paint_body(self, painter: QPainter, rect: QRect) -> None:
        painter.setPen(theme.TEXT)
        wanted = self.view.tile.props.get("font_px")
        size = int(wanted) if isinstance(wanted, int | float) else max(14, rect.height() // 6)
        painter.setFont(theme.font(size, bold=bool(self.view.tile.props.get("bold", False))))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                         str(self.view.tile.props.get("text", "")))
