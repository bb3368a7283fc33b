"""A video tile laid across the monitors of a span: decoded once, painted in each monitor's window.

Each window of a span shows a `SpanVideoView` of the tile, placed at the tile's place on the span's canvas
(so a window shows its part and the bezels hide the rest). They all paint one `VideoTile` that no window
shows: it plays the camera (one libVLC player, whatever the number of windows), keeps the tile's state
(tour, alarm flash, badges) and is sized as the whole tile, so it picks its stream by the tile's whole
width. The views count as its users; the last one to go stops the player.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from wall_client.model.wall_model import TileView
from wall_client.ui.tiles.base import TileContext, TileWidget
from wall_client.ui.video.video_tile import FLASH_MS, VideoTile

SHARED_KEY = "span_videos"
"""Where the application's decoders live in `TileContext.shared`: one registry for all its windows."""
TICK_EVERY_S = 0.5
"""Each window ticks its views once a second, at its own moment: the decoder takes the first of them."""


@dataclass
class _Decoder:
    tile: VideoTile
    users: set[int] = field(default_factory=set)  # id() of the views painting it


class SpanVideos:
    """The decoders of a wall's spanned video tiles, by (span, tile id)."""

    def __init__(self) -> None:
        self._decoders: dict[tuple[int, str], _Decoder] = {}

    @staticmethod
    def of(context: TileContext) -> SpanVideos:
        found = context.shared.get(SHARED_KEY)
        if not isinstance(found, SpanVideos):
            found = context.shared[SHARED_KEY] = SpanVideos()
        return found

    def acquire(self, key: tuple[int, str], view: TileView, context: TileContext, user: object) -> VideoTile:
        """The decoder of `key` for `view`'s tile: the running one if it plays that same tile, else a new one."""
        decoder = self._decoders.get(key)
        if decoder is None or decoder.tile.view.tile != view.tile:
            # The layout changed under the key: the old decoder ends when its last view goes.
            decoder = _Decoder(VideoTile(view, context))
            self._decoders[key] = decoder
        decoder.users.add(id(user))
        return decoder.tile

    def release(self, tile: VideoTile, user: object) -> None:
        for key, decoder in list(self._decoders.items()):
            if decoder.tile is tile:
                decoder.users.discard(id(user))
                if not decoder.users:
                    del self._decoders[key]
                    tile.release()
                    tile.deleteLater()
                return

    def playing(self) -> list[VideoTile]:
        """The decoders running now (one per spanned video tile)."""
        return [d.tile for d in self._decoders.values()]


class SpanVideoView(TileWidget):
    """One window's part of a spanned video tile; it paints the shared decoder's picture and overlays."""

    maximize_requested = Signal()

    def __init__(self, view: TileView, context: TileContext, span_key: int, parent: QWidget | None = None) -> None:
        super().__init__(view, context, parent)
        self.registry = SpanVideos.of(context)
        self.decoder = self.registry.acquire((span_key, view.tile.id), view, context, self)
        self.decoder.frames.frame_arrived.connect(self.update)
        self._released = False
        # The decoder is shown nowhere, so its own repaints (an alarm's flash) reach no screen: while the
        # tile is in alarm, the view repaints at the flash's pace, also when no frame comes.
        self._flash = QTimer(self)
        self._flash.setInterval(FLASH_MS)
        self._flash.timeout.connect(self.update)
        self._follow_alarm()

    def set_view(self, view: TileView) -> None:
        """A new source or state for the tile: told to the decoder (each view tells it; the first one acts)."""
        self.view = view
        if self.decoder.view != view:
            self.decoder.view = view
            self.decoder.retune()
        self._follow_alarm()
        self.update()

    def _follow_alarm(self) -> None:
        if self.decoder.alarm is not None and not self._flash.isActive():
            self._flash.start()
        elif self.decoder.alarm is None and self._flash.isActive():
            self._flash.stop()

    def set_tours_paused(self, paused: bool) -> None:
        self.decoder.set_tours_paused(paused)

    def resizeEvent(self, event: object) -> None:
        # The decoder is as large as the whole tile (the view is too): its stream choice goes by that.
        if self.decoder.size() != self.size():
            self.decoder.resize(self.size())  # hidden, it gets no resize event of its own: retune it here
            self.decoder.retune()

    def tick(self, now: datetime) -> None:
        if (now - self.decoder.now).total_seconds() >= TICK_EVERY_S:  # once a second, however many windows
            self.decoder.tick(now)
        self._follow_alarm()
        self.repaint_soon()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        self.decoder.paint_video(painter, self.rect())
        painter.end()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self.maximize_requested.emit()

    def release(self) -> None:
        if self._released:  # a window may release its tiles twice (closing after a stop)
            return
        self._released = True
        self._flash.stop()
        self.decoder.frames.frame_arrived.disconnect(self.update)
        self.registry.release(self.decoder, self)
