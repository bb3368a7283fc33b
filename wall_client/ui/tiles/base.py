"""What every tile has: a frame, a title, the model it reads, and a once-a-second refresh."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from wall_client.model.store import TileView, WallStore
from wall_client.ui import theme
from wall_protocol.common import utc_now


@dataclass
class TileContext:
    """What tiles need from the application."""

    store: WallStore
    server_http: str  # base URL for relative media links, e.g. http://127.0.0.1:8765


class TileWidget(QWidget):
    """Base of tile widgets: paints the frame and title; subclasses paint the body."""

    def __init__(self, view: TileView, context: TileContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.context = context
        self.now: datetime = utc_now()
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    @property
    def title(self) -> str:
        return self.view.tile.title

    def tick(self, now: datetime) -> None:
        """Called every second: ages, clocks and staleness change without any event."""
        self.now = now
        self.update()

    def title_height(self) -> int:
        return max(18, self.height() // 9) if self.title else 0

    def body_rect(self) -> QRect:
        pad = max(4, self.width() // 60)
        return self.rect().adjusted(pad, self.title_height() + pad, -pad, -pad)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), theme.TILE)
        painter.setPen(QPen(theme.TILE_BORDER, 1))
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        if self.title:
            painter.setPen(theme.MUTED)
            painter.setFont(theme.font(int(self.title_height() * 0.6), bold=True))
            painter.drawText(self.rect().adjusted(8, 2, -8, 0).topLeft().x(), 2, self.width() - 16,
                             self.title_height(), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             self.title)
        self.paint_body(painter, self.body_rect())
        painter.end()

    def paint_body(self, painter: QPainter, rect: QRect) -> None:
        """Subclasses draw their content inside `rect`."""

    def release(self) -> None:
        """Disconnect from the model and free resources (the tile is being replaced)."""
