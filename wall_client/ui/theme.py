"""Colours and fonts of the wall: dark, high contrast, legible from the back of the room."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont

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


MIN_FONT_PX = 8
"""No font is made smaller than this, whatever a tile's size asks."""


def font(pixel_size: int, bold: bool = False) -> QFont:
    f = QFont(FONT_FAMILY)
    f.setPixelSize(max(MIN_FONT_PX, pixel_size))
    f.setBold(bold)
    return f

