"""Colours and fonts of the wall: dark, high contrast, legible from the back of the room."""

from __future__ import annotations

import functools

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics

BACKGROUND = QColor("#0b1220")
TILE = QColor("#111a2e")
TILE_BORDER = QColor("#23314f")
TEXT = QColor("#e8eef9")
MUTED = QColor("#8fa3c4")
OK = QColor("#2ecc71")
WARN = QColor("#f1c40f")
ALARM = QColor("#e74c3c")
ALARM_DIM = QColor("#5c1a14")
"""The alarm border between flashes: dark, so the flash is plain, yet never the look of a normal tile."""
ALARM_BANNER = QColor(150, 24, 14, 225)
"""Behind the alarm banner's white text: darker than ALARM for contrast, a little of the picture through."""
STALE = QColor("#7f8c8d")
ACCENT = QColor("#3fa9f5")
DETECTION_BOX = QColor("#ffb000")
"""An object the detector sees (amber: noticed, not alarming); one inside a zone with an event is ALARM red."""
DETECTION_ZONE = QColor("#3fa9f5")
"""A watched zone with nothing happening in it: calm blue, so an occupied (red) zone stands out."""

LEVEL_COLOURS = {"ok": OK, "warn": WARN, "alarm": ALARM, "none": TEXT}
BAR_COLOURS = {"ok": OK, "warn": WARN, "alarm": ALARM, "none": ACCENT}
"""Ranking bars: a bar without thresholds is plain blue, never a white slab that outshines the names."""
GOOD_CHANGE = QColor("#27ae60")
BAD_CHANGE = QColor("#ff5c4d")
"""Change arrows: darker green and lighter red than the bars, so an arrow is not mistaken for a bar end."""
FORECAST_COLOURS = {"ok": OK, "warn": WARN, "none": TEXT}
"""A KPI forecast's projection and words: green when the target will be met, amber when it will be missed."""
SEVERITY_COLOURS = {"info": ACCENT, "minor": WARN, "major": QColor("#e67e22"), "critical": ALARM}
FONT_FAMILY = "Noto Sans"  # full Vietnamese diacritics; Qt falls back to DejaVu Sans where missing


def font(pixel_size: int, bold: bool = False) -> QFont:
    f = QFont(FONT_FAMILY)
    f.setPixelSize(max(8, pixel_size))
    f.setBold(bold)
    return f


MIN_WRAPPED_PX = 9
WRAPPED = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap


def wrapped_font(texts: list[str], box: QRect, pixel_size: int, bold: bool = False) -> QFont:
    """The largest font up to `pixel_size` in which each of `texts`, word-wrapped, fits `box` (one size for all:
    a grid of mixed sizes reads badly); below MIN_WRAPPED_PX the box cuts what does not fit."""
    return font(_wrapped_size(tuple(texts), box.width(), box.height(), pixel_size, bold), bold)


@functools.lru_cache(maxsize=64)
def _wrapped_size(texts: tuple[str, ...], width: int, height: int, pixel_size: int, bold: bool) -> int:
    # Cached: the camera grid repaints at every stream status change, its names and cell size rarely change,
    # and the search measures every name at every size tried.
    box = QRect(0, 0, width, height)
    size = pixel_size
    while size > MIN_WRAPPED_PX:
        metrics = QFontMetrics(font(size, bold))
        if all(_fits(metrics.boundingRect(box, WRAPPED, t), box) for t in texts):
            break
        size = max(MIN_WRAPPED_PX, int(size * 0.9))
    return size


def _fits(needed: QRect, box: QRect) -> bool:
    return needed.height() <= box.height() and needed.width() <= box.width()


def fitted_font(text: str, width: int, pixel_size: int, bold: bool = False) -> QFont:
    """The largest font up to `pixel_size` in which `text` fits `width` (big numbers must not be cut off)."""
    f = font(pixel_size, bold)
    advance = QFontMetrics(f).horizontalAdvance(text)
    if advance > width > 0:
        f = font(int(pixel_size * width / advance), bold)
    return f
