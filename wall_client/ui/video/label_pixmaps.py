"""Small cached pixmaps of a video tile's changing labels (its clock, its state badge).

Why not one overlay pixmap of the whole tile: the clock changes every second on every tile at the
same instant, and a 6×6 wall then rebuilt 36 whole overlays in one paint pass (measured: 0.84 ms each,
a 30–100 ms stall of the GUI thread every second). A label of its own costs a fraction of that.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPixmap

from wall_client.ui import theme

KEEP = 8
"""Labels kept per tile: the current clock and badge, and a few recent ones (a badge that alternates)."""
BACKDROP = QColor(0, 0, 0, 150)


class LabelPixmaps:
    def __init__(self) -> None:
        self._cache: dict[tuple[str, int, int, int], QPixmap] = {}

    def get(self, text: str, colour: QColor, height: int, max_width: int) -> QPixmap:
        """`text` in bold on a dark backdrop, `height` px high, elided to `max_width` px at most."""
        key = (text, colour.rgba(), height, max_width)
        pixmap = self._cache.get(key)
        if pixmap is None:
            if len(self._cache) >= KEEP:
                self._cache.clear()
            pixmap = self._cache[key] = self._draw(text, colour, height, max_width)
        return pixmap

    @staticmethod
    def _draw(text: str, colour: QColor, height: int, max_width: int) -> QPixmap:
        font = theme.font(int(height * 0.7), bold=True)
        probe = QPixmap(1, 1)
        measuring = QPainter(probe)
        measuring.setFont(font)
        metrics = measuring.fontMetrics()
        shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, max(1, max_width - 12))
        width = max(1, min(max_width, metrics.horizontalAdvance(shown) + 12))
        measuring.end()
        pixmap = QPixmap(width, max(1, height))
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setFont(font)
        painter.fillRect(pixmap.rect(), BACKDROP)
        painter.setPen(colour)
        painter.drawText(QRect(0, 0, width, height), Qt.AlignmentFlag.AlignCenter, shown)
        painter.end()
        return pixmap
