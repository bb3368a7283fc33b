"""Camera status grid: every camera as a cell coloured by its stream state (technicians' overview)."""

from __future__ import annotations

import math

from PySide6.QtCore import QRect
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QWidget

from wall_client.model.wall_model import TileView
from wall_client.ui import text_fit, theme
from wall_client.ui.tiles.base import TileContext, TileWidget

STATE_COLOURS = {"live": theme.OK, "connecting": theme.ACCENT, "reconnecting": theme.WARN, "failed": theme.ALARM,
                 "idle": theme.TILE_BORDER}


class CameraGridTile(TileWidget):
    def __init__(self, view: TileView, context: TileContext, parent: QWidget | None = None) -> None:
        super().__init__(view, context, parent)
        context.store.stream_changed.connect(self._changed)
        context.store.camera_changed.connect(self._changed)

    def _changed(self, *_args: object) -> None:
        self.update()

    def release(self) -> None:
        self.context.store.stream_changed.disconnect(self._changed)
        self.context.store.camera_changed.disconnect(self._changed)

    def paint_body(self, painter: QPainter, rect: QRect) -> None:
        cameras = sorted(self.context.store.cameras.values(), key=lambda c: (c.area, c.name))
        if not cameras:
            return
        cols = max(1, math.ceil(math.sqrt(len(cameras) * rect.width() / max(1, rect.height()))))
        rows = math.ceil(len(cameras) / cols)
        w, h = rect.width() // cols, rect.height() // rows
        # One size for every name (a grid of mixed sizes reads badly); a name too long even at the smallest is cut.
        size = text_fit.shared_wrapped_size([c.name for c in cameras], w - 12, h - 8, max(9, h // 5), 9)
        for i, camera in enumerate(cameras):
            cell = QRect(rect.left() + (i % cols) * w, rect.top() + (i // cols) * h, w - 4, h - 4)
            streams = [s for (cam, _), s in self.context.store.streams.items() if cam == camera.id]
            state = "live" if any(s.state.value == "live" for s in streams) else (
                streams[0].state.value if streams else "idle")
            painter.fillRect(cell, STATE_COLOURS[state])
            painter.setPen(theme.BACKGROUND if state != "idle" else theme.TEXT)
            text_fit.draw_wrapped(painter, cell.adjusted(4, 2, -4, -2), camera.name, size, size)

