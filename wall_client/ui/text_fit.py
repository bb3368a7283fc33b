"""Fit one line of text in a rectangle: the font shrinks down to a floor, then the text is cut with "…".

Every word a tile paints goes through here, so no text runs past its tile or is sliced by its frame,
whatever the monitor, the layout's grid or the language (English and Vietnamese differ in length).
Shrinking keeps the whole text while it stays readable; below the floor, letters too small to read
from the back of the room are worse than a cut, so the text is elided instead.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter

from wall_client.ui import theme

FLOOR_PX = 12
"""The smallest letters a tile shrinks a line to unless it says otherwise (a person reads them at a few metres)."""
WRAPPED = int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
"""How a paragraph is drawn unless the caller says otherwise: centred, broken between words."""


@dataclass(frozen=True)
class Fitted:
    """A line as drawn: the text (whole, or cut with "…") and the font that fits it in the box."""

    text: str
    font: QFont

    @property
    def elided(self) -> bool:
        return self.text.endswith("…")


def fit(text: str, width: int, height: int, pixel_size: int, floor_px: int = FLOOR_PX,
        bold: bool = False) -> Fitted:
    """`text` at the largest size up to `pixel_size` whose line fits `width` × `height` (a height of 0 is not
    checked); at `floor_px` (or `pixel_size` if smaller) and still too wide, cut with "…"."""
    shown, size = _fit(text, width, height, pixel_size, floor_px, bold)
    return Fitted(shown, theme.font(size, bold))


def draw(painter: QPainter, rect: QRect, flags: Qt.AlignmentFlag, text: str, pixel_size: int,
         floor_px: int = FLOOR_PX, bold: bool = False) -> Fitted:
    """Draw `text` as one line in `rect`, fitted (see `fit`); returns what was drawn."""
    fitted = fit(text, rect.width(), rect.height(), pixel_size, floor_px, bold)
    painter.setFont(fitted.font)
    painter.drawText(rect, flags, fitted.text)
    return fitted


@functools.lru_cache(maxsize=1024)
def _fit(text: str, width: int, height: int, pixel_size: int, floor_px: int, bold: bool) -> tuple[str, int]:
    # Cached: tiles repaint every second (the clock, ages) with the same words in the same boxes, and the
    # camera grid at every stream status change.
    size = max(theme.MIN_FONT_PX, pixel_size)
    floor = max(theme.MIN_FONT_PX, min(floor_px, size))
    advance = QFontMetrics(theme.font(size, bold)).horizontalAdvance(text)
    if advance > width > 0:  # a first guess in proportion, then measured: hinting makes widths step unevenly
        size = max(floor, int(size * width / advance))
    while size > floor and not _fits(text, QFontMetrics(theme.font(size, bold)), width, height):
        size -= 1
    metrics = QFontMetrics(theme.font(size, bold))
    if metrics.horizontalAdvance(text) <= width:
        return text, size
    return metrics.elidedText(text, Qt.TextElideMode.ElideRight, max(0, width)), size


def _fits(text: str, metrics: QFontMetrics, width: int, height: int) -> bool:
    return metrics.horizontalAdvance(text) <= width and (height <= 0 or metrics.height() <= height)


def fit_wrapped(text: str, width: int, height: int, pixel_size: int, floor_px: int = FLOOR_PX, bold: bool = False,
                flags: int = WRAPPED) -> Fitted:
    """`text` word-wrapped in `width` × `height` at the largest size up to `pixel_size` where all of it fits;
    at the floor and still too long, its last words give way to "…"."""
    shown, size = _fit_wrapped(text, width, height, pixel_size, floor_px, bold, int(flags))
    return Fitted(shown, theme.font(size, bold))


def draw_wrapped(painter: QPainter, rect: QRect, text: str, pixel_size: int, floor_px: int = FLOOR_PX,
                 bold: bool = False, flags: int = WRAPPED) -> Fitted:
    """Draw `text` word-wrapped in `rect`, fitted (see `fit_wrapped`); returns what was drawn."""
    fitted = fit_wrapped(text, rect.width(), rect.height(), pixel_size, floor_px, bold, flags)
    painter.setFont(fitted.font)
    painter.drawText(rect, flags, fitted.text)
    return fitted


def shared_wrapped_size(texts: list[str], width: int, height: int, pixel_size: int, floor_px: int) -> int:
    """The largest size up to `pixel_size` (not below `floor_px`) at which each of `texts`, word-wrapped, fits
    `width` × `height`: one size for a grid of names, as a grid of mixed sizes reads badly."""
    return min((_fit_wrapped(t, width, height, pixel_size, floor_px, False, WRAPPED)[1] for t in texts),
               default=pixel_size)


@functools.lru_cache(maxsize=256)
def _fit_wrapped(text: str, width: int, height: int, pixel_size: int, floor_px: int, bold: bool,
                 flags: int) -> tuple[str, int]:
    size = max(theme.MIN_FONT_PX, pixel_size)
    floor = max(theme.MIN_FONT_PX, min(floor_px, size))
    box = QRect(0, 0, max(0, width), max(0, height))
    while size > floor and not _fits_box(text, QFontMetrics(theme.font(size, bold)), box, flags):
        size = max(floor, min(size - 1, int(size * 0.93)))
    metrics = QFontMetrics(theme.font(size, bold))
    if _fits_box(text, metrics, box, flags):
        return text, size
    words = text.split()
    low, high = 0, len(words)  # the most words that fit with "…" after them: fits(low) holds, fits(high) not
    while high - low > 1:
        middle = (low + high) // 2
        if _fits_box(" ".join(words[:middle]) + "…", metrics, box, flags):
            low = middle
        else:
            high = middle
    if low == 0:  # not even one word: the first line, cut within the word
        return metrics.elidedText(text, Qt.TextElideMode.ElideRight, max(0, width)), size
    return " ".join(words[:low]) + "…", size


def _fits_box(text: str, metrics: QFontMetrics, box: QRect, flags: int) -> bool:
    needed = metrics.boundingRect(box, flags, text)
    return needed.width() <= box.width() and needed.height() <= box.height()
