"""The alert ticker's text strip: the items drawn once into a cached picture that the tile slides.

Drawing text is the costly part of a frame (shaping Vietnamese with its marks); sliding a picture is a
copy. The strip is drawn again only when what it says changes (alerts, language) or the tile's height
does, never per frame. Its background is transparent, so the tile paints the flashes under it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics, QPainter, QPixmap

from wall_client.model.alert_tile import TickerItem
from wall_client.ui import theme

MAX_STRIP_W = 16000
"""Device pixels (under Qt's largest picture side, 32767): 2 min 13 s of crawl at 120 px/s, and about 10 MB
for the traffic layout's 150 px ticker. Items past it wait for the ones before them to be resolved."""
SEPARATOR = "   ◆   "
MAX_TEXT_PX = 64
"""A tall ticker keeps this size (readable across a control room) rather than growing with its tile."""


@dataclass(frozen=True)
class Span:
    """Where one alert sits in the strip (x from its left), to flash it and to find what a tap hit."""

    left: int
    right: int
    item: TickerItem


@dataclass
class TickerStrip:
    """The cached strip and the key it was drawn for."""

    pixmap: QPixmap = field(default_factory=QPixmap)
    spans: list[Span] = field(default_factory=list)
    key: tuple[object, ...] = ()
    renders: int = 0  # how often it was drawn: a test checks a crawl does not redraw it

    def update(self, items: list[TickerItem], height: int, dpr: float) -> None:
        """Draw the strip for `items` at `height` unless it shows them already."""
        key = (tuple(items), height, dpr)
        if key == self.key:
            return
        self.key = key
        self.renders += 1
        self.spans = []
        if not items or height <= 0:
            self.pixmap = QPixmap()
            return
        text_px = max(10, min(int(height * 0.5), MAX_TEXT_PX))
        badge_font, text_font = theme.font(int(text_px * 0.8), bold=True), theme.font(text_px)
        badge_metrics, text_metrics = QFontMetrics(badge_font), QFontMetrics(text_font)
        pad = text_px // 2
        layout: list[tuple[int, int, int, TickerItem]] = []  # left, badge width, text width, item
        x = 0
        for item in items:
            badge_w = badge_metrics.horizontalAdvance(item.label) + 2 * pad
            text_w = text_metrics.horizontalAdvance(f"{item.time}  {item.text}") + pad
            width = badge_w + pad + text_w
            if (x + width) * dpr > MAX_STRIP_W:
                break
            layout.append((x, badge_w, text_w, item))
            x += width + text_metrics.horizontalAdvance(SEPARATOR)
        strip_w = max(1, x)
        self.pixmap = QPixmap(int(strip_w * dpr), int(height * dpr))
        self.pixmap.setDevicePixelRatio(dpr)
        self.pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(self.pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        badge_h = int(height * 0.66)
        for left, badge_w, text_w, item in layout:
            badge = QRect(left, (height - badge_h) // 2, badge_w, badge_h)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(theme.SEVERITY_COLOURS[item.severity.value])
            painter.drawRoundedRect(badge, badge_h / 5, badge_h / 5)
            painter.setPen(theme.BACKGROUND)
            painter.setFont(badge_font)
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, item.label)
            painter.setPen(theme.TEXT)
            painter.setFont(text_font)
            text_rect = QRect(badge.right() + pad, 0, text_w, height)
            painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                             f"{item.time}  {item.text}")
            painter.setPen(theme.MUTED)
            painter.drawText(QRect(text_rect.right(), 0, text_metrics.horizontalAdvance(SEPARATOR), height),
                             Qt.AlignmentFlag.AlignCenter, SEPARATOR)
            self.spans.append(Span(left, text_rect.right(), item))
        painter.end()

    @property
    def width(self) -> int:
        return 0 if self.pixmap.isNull() else round(self.pixmap.width() / self.pixmap.devicePixelRatio())

    def at(self, x: float) -> TickerItem | None:
        """The item drawn at `x` pixels from the strip's left, if any."""
        return next((s.item for s in self.spans if s.left <= x <= s.right), None)
