"""What every tile has: a frame, a title, the model it reads, and a once-a-second refresh."""

from __future__ import annotations

import ssl
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from wall_client.model.wall_model import TileView, WallModel
from wall_client.ui import text_fit, theme
from wall_client.ui.repaint_spreader import shared_spreader
from wall_client.ui.text_fit import Fitted
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
        self.repaint_soon()

    def repaint_soon(self) -> None:
        """The once-a-second repaint, a few tiles at a time (repaint_spreader.py), not all in one long pass."""
        shared_spreader().repaint_soon(self)

    def title_height(self) -> int:
        return max(18, self.height() // 9) if self.title else 0

    def fitted_title(self) -> Fitted:
        """The title as drawn: shrunk to the tile's width down to TITLE_MIN_SCALE of its size, then cut with '…'
        (never sliced mid-letter by the frame)."""
        size = int(self.title_height() * 0.6)
        return text_fit.fit(self.title, self.width() - 16, self.title_height(), size, int(size * TITLE_MIN_SCALE),
                            bold=True)

    def title_font(self) -> QFont:
        return self.fitted_title().font

    def shown_title(self) -> str:
        return self.fitted_title().text

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
            title = self.fitted_title()
            painter.setFont(title.font)
            painter.drawText(QRect(8, 2, self.width() - 16, self.title_height()),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title.text)
        self.paint_body(painter, self.body_rect())
        painter.end()

    def paint_body(self, painter: QPainter, rect: QRect) -> None:
        """Subclasses draw their content inside `rect`."""

    def release(self) -> None:
        """Disconnect from the model and free resources (the tile is being replaced)."""
