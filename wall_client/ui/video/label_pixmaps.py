"""Small cached pixmaps of a video tile's changing labels (its clock, its state badge).

Why not one overlay pixmap of the whole tile: the clock changes every second on every tile at the
same instant, and a 6×6 wall then rebuilt 36 whole overlays in one paint pass (measured: 0.84 ms each,
a 30–100 ms stall of the GUI thread every second). A label of its own costs a fraction of that.

A label is fitted like every other word a tile paints (text_fit.py): a long badge ("signal lost · picture
from 12 s ago · reconnecting") on a narrow tile shrinks before it is cut, so that its picture's age stays read.
"""

from __future__ import annotations

from functools import cache
from typing import NamedTuple

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPixmap

from wall_client.ui import text_fit

KEEP = 256
"""Labels kept for all the tiles of the process: each tile's clock and badge, and recent ones (a badge that
alternates). Shared because the tiles of a wall say much the same: every tile of a size shows the same clock,
and the live ones the same badge. Measured on a 6×6 wall: each tile drawing its own clock every second was a
burst of 36 text renderings at the second's tick. At most a few MB (a label is a few kB)."""
BACKDROP = QColor(0, 0, 0, 150)
PADDING = 12
"""Backdrop beyond the text, left and right together."""


class Label(NamedTuple):
    pixmap: QPixmap
    shown: str
    """The words drawn: the text, or its beginning and "…" when even the smallest letters could not hold it."""


class LabelPixmaps:
    """Labels drawn once for everyone who shows the same words at the same size (GUI thread only)."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, int, int, int], Label] = {}

    def get(self, text: str, colour: QColor, height: int, max_width: int) -> Label:
        """`text` in bold on a dark backdrop, `height` px high and `max_width` px wide at most (fitted)."""
        key = (text, colour.rgba(), height, max_width)
        label = self._cache.get(key)
        if label is None:
            if len(self._cache) >= KEEP:
                self._cache.clear()
            label = self._cache[key] = self._draw(text, colour, height, max_width)
        return label

    def clear(self) -> None:
        """Forget every label: each is drawn again when next asked for (tests that watch the drawing)."""
        self._cache.clear()

    @staticmethod
    def _draw(text: str, colour: QColor, height: int, max_width: int) -> Label:
        fitted = text_fit.fit(text, max(1, max_width - PADDING), 0, int(height * 0.7), bold=True)
        probe = QPixmap(1, 1)
        measuring = QPainter(probe)
        measuring.setFont(fitted.font)
        width = max(1, min(max_width, measuring.fontMetrics().horizontalAdvance(fitted.text) + PADDING))
        measuring.end()
        pixmap = QPixmap(width, max(1, height))
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setFont(fitted.font)
        painter.fillRect(pixmap.rect(), BACKDROP)
        painter.setPen(colour)
        painter.drawText(QRect(0, 0, width, height), Qt.AlignmentFlag.AlignCenter, fitted.text)
        painter.end()
        return Label(pixmap, fitted.text)


@cache
def shared_labels() -> LabelPixmaps:
    """The process's labels: video tiles of every window share them."""
    return LabelPixmaps()
