"""Drawing a detection overlay (zones and boxes) over the picture a video tile painted.

Coordinates are normalised to the picture, so they map into the rectangle the picture was drawn in
(the tile letterboxes it), never into the whole widget. This runs on every frame of a tile that has
an overlay (25 fps, up to 16 tiles): pens, brushes, fonts and metrics are made once per tile height,
and only the captions' text and rectangles are built per frame. Zones change rarely (an event opens
or closes) and their antialiased translucent polygons cost more than everything else together
(measured: 0.85 ms a paint with two zones and ten boxes on a 480×270 tile, 0.35 ms without the
zones), so they are drawn into a pixmap once and that is copied on each frame.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRect, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QPainter, QPen, QPixmap, QPolygonF

from wall_client.model.overlays import label_text
from wall_client.ui import theme
from wall_protocol.detection import DetectionOverlay, OverlayBox, OverlayZone

CHIP_BACKGROUND = QColor(0, 0, 0, 185)
"""Behind captions: dark enough for white text over any scene, yet a little of the picture through."""
ZONE_FILL_ALPHA = 55
"""A tint, not a cover: the operator must still see what is inside the zone."""


def _with_alpha(colour: QColor, alpha: int) -> QColor:
    tinted = QColor(colour)
    tinted.setAlpha(alpha)
    return tinted


class _Style:
    """Pens, brushes and fonts for one tile height (legible at wall distance: they grow with the tile)."""

    def __init__(self, tile_height: int) -> None:
        self.tile_height = tile_height
        self.line = 2 if tile_height < 400 else 3
        self.chip_height = min(40, max(18, tile_height // 15))  # 18 px on a 4×4 grid's tile of a 1080p monitor
        self.pad = max(3, self.chip_height // 4)
        self.font = theme.font(int(self.chip_height * 0.72), bold=True)
        self.metrics = QFontMetrics(self.font)
        self.box_pens = {in_zone: self._pen(theme.ALARM if in_zone else theme.DETECTION_BOX, self.line)
                         for in_zone in (False, True)}
        self.zone_pens = {occupied: self._pen(_with_alpha(self._zone_colour(occupied), 230), 2)
                          for occupied in (False, True)}
        self.zone_brushes = {occupied: QBrush(_with_alpha(self._zone_colour(occupied), ZONE_FILL_ALPHA))
                             for occupied in (False, True)}

    @staticmethod
    def _zone_colour(occupied: bool) -> QColor:
        return theme.ALARM if occupied else theme.DETECTION_ZONE

    @staticmethod
    def _pen(colour: QColor, width: int) -> QPen:
        pen = QPen(colour, width)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)  # square corners: a box, not a rounded blob
        return pen


class OverlayPainter:
    """Paints one tile's detection overlays; keeps its style until the tile's height changes."""

    def __init__(self) -> None:
        self._style: _Style | None = None
        self._zones_layer: QPixmap | None = None
        self._zones_key: tuple[object, ...] = ()

    def paint(self, painter: QPainter, picture: QRect, tile_height: int, overlay: DetectionOverlay) -> None:
        """Draw `overlay` over the picture drawn in `picture`; nothing spills onto the black bars."""
        style = self._style
        if style is None or style.tile_height != tile_height:
            style = self._style = _Style(tile_height)
        painter.save()
        painter.setClipRect(picture)
        if overlay.zones:
            painter.drawPixmap(picture.topLeft(), self._zones(picture, style, overlay.zones))
        painter.setFont(style.font)
        for box in overlay.boxes:
            self._paint_box(painter, picture, style, box)
        painter.restore()

    @staticmethod
    def box_rect(picture: QRect, box: OverlayBox) -> QRect:
        """Where a box goes on the tile: its normalised corners mapped into the picture's rectangle."""
        left = picture.left() + round(box.x0 * picture.width())
        top = picture.top() + round(box.y0 * picture.height())
        right = picture.left() + round(box.x1 * picture.width())
        bottom = picture.top() + round(box.y1 * picture.height())
        return QRect(left, top, max(1, right - left), max(1, bottom - top))

    def _zones(self, picture: QRect, style: _Style, zones: tuple[OverlayZone, ...]) -> QPixmap:
        """The zones drawn over a transparent picture-sized layer, redrawn only when they or the size change."""
        key = (picture.width(), picture.height(), style.tile_height, zones)
        if self._zones_layer is None or key != self._zones_key:
            layer = QPixmap(picture.size())
            layer.fill(Qt.GlobalColor.transparent)
            painter = QPainter(layer)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)  # zones have slanted edges; boxes do not
            painter.setFont(style.font)
            local = QRect(0, 0, picture.width(), picture.height())
            for zone in zones:
                self._paint_zone(painter, local, style, zone)
            painter.end()
            self._zones_layer, self._zones_key = layer, key
        return self._zones_layer

    def _paint_zone(self, painter: QPainter, picture: QRect, style: _Style, zone: OverlayZone) -> None:
        polygon = QPolygonF([QPointF(picture.left() + x * picture.width(), picture.top() + y * picture.height())
                             for x, y in zone.points])
        painter.setPen(style.zone_pens[zone.occupied])
        painter.setBrush(style.zone_brushes[zone.occupied])
        painter.drawPolygon(polygon)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        # The title hangs from the zone's highest corner, where it reads as the zone's name tag (and, for a
        # slanted zone, stays clear of the captions of boxes standing at the zone's left).
        x, y = min(zone.points, key=lambda point: (point[1], point[0]))
        self._chip(painter, picture, style, zone.title or zone.name,
                   picture.left() + round(x * picture.width()) + style.line,
                   picture.top() + round(y * picture.height()) + style.line, style.zone_pens[zone.occupied].color())

    def _paint_box(self, painter: QPainter, picture: QRect, style: _Style, box: OverlayBox) -> None:
        pen = style.box_pens[box.in_zone]
        painter.setPen(pen)
        rect = self.box_rect(picture, box)
        painter.drawRect(rect)
        # The caption sits on the box's top edge, outside it (the object stays visible); inside at the top
        # of the picture, where there is no room above.
        above = rect.top() - style.line // 2 - style.chip_height
        top = above if above >= picture.top() else rect.top() + style.line
        self._chip(painter, picture, style, label_text(box.label, box.score, box.track),
                   rect.left() - style.line // 2, top, pen.color())

    @staticmethod
    def _chip(painter: QPainter, picture: QRect, style: _Style, text: str, left: int, top: int,
              colour: QColor) -> None:
        """White text on a dark chip with a stripe of the box's (or zone's) colour at its left."""
        stripe = style.line + 1
        width = min(style.metrics.horizontalAdvance(text) + 2 * style.pad + stripe, picture.width())
        left = max(picture.left(), min(left, picture.right() + 1 - width))  # kept inside the picture
        chip = QRect(left, top, width, style.chip_height)
        painter.fillRect(chip, CHIP_BACKGROUND)
        painter.fillRect(QRect(left, top, stripe, style.chip_height), colour)
        painter.setPen(theme.TEXT)
        painter.drawText(chip.adjusted(stripe + style.pad, 0, -style.pad, 0),
                         Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)
