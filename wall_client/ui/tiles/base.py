"""What every tile has: a frame, a title, the model it reads, and a once-a-second refresh."""

from __future__ import annotations

import ssl
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from wall_client.model.wall_model import TileView, WallModel
from wall_client.ui import theme
from wall_protocol.common import Role, WireModel, utc_now
from wall_protocol.messages import Result

Request = Callable[[dict[str, Any]], Awaitable[Result]]
"""Sends a command over the feed and waits for its result; raises ProtocolError with the server's refusal."""


@dataclass
class TileContext:
    """What tiles need from the application."""

    store: WallModel
    server_http: str  # base URL for relative media links, e.g. https://10.0.0.5:8765
    ca_file: Path | None = None  # the CA the server's certificate is checked against, besides the system's
    role: Role | None = None  # what the server's welcome says this token may do (None: not welcomed yet)
    request: Request | None = None  # commands from a tile (an operator acknowledging an alert on the wall)
    token: str | None = None  # for what tiles fetch over REST themselves (image tiles' pictures)
    ssl_context: ssl.SSLContext | None = None  # made from ca_file: checks the server's certificate
    shared: dict[str, object] = field(default_factory=dict)  # what the windows share, e.g. span decoders


S = TypeVar("S", bound=WireModel)

TITLE_MIN_SCALE = 0.8
"""A long title shrinks to this share of its size at most (smaller would not read at wall distance), then is cut."""


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

    def settings(self, model: type[S]) -> S:
        """The tile's settings, typed (the registry gives each kind its widget, so they are `model`)."""
        props = self.view.tile.props
        if not isinstance(props, model):
            raise TypeError(f"tile {self.view.tile.id!r} is a {self.view.tile.kind}, not read with {model.__name__}")
        return props

    def tick(self, now: datetime) -> None:
        """Called every second: ages, clocks and staleness change without any event."""
        self.now = now
        self.update()

    def title_height(self) -> int:
        return max(18, self.height() // 9) if self.title else 0

    def title_font(self) -> QFont:
        """The title's font: shrunk to fit the tile's width, but not below TITLE_MIN_SCALE of its size."""
        size = int(self.title_height() * 0.6)
        fitted = theme.fitted_font(self.title, self.width() - 16, size, bold=True)
        return fitted if fitted.pixelSize() >= size * TITLE_MIN_SCALE else theme.font(int(size * TITLE_MIN_SCALE), True)

    def shown_title(self) -> str:
        """The title as drawn: whole when it fits, else cut with '…' (never sliced mid-letter by the frame)."""
        metrics = QFontMetrics(self.title_font())
        return metrics.elidedText(self.title, Qt.TextElideMode.ElideRight, self.width() - 16)

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
            painter.setFont(self.title_font())
            painter.drawText(8, 2, self.width() - 16, self.title_height(),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self.shown_title())
        self.paint_body(painter, self.body_rect())
        painter.end()

    def paint_body(self, painter: QPainter, rect: QRect) -> None:
        """Subclasses draw their content inside `rect`."""

    def release(self) -> None:
        """Disconnect from the model and free resources (the tile is being replaced)."""
