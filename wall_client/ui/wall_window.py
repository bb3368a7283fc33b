"""One monitor of a wall: a frameless window laying out the tiles of the layout it shows."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from wall_client.model import formatting
from wall_client.model.alarms import monitor_has_alarm
from wall_client.model.i18n import translate
from wall_client.model.wall_model import TileView
from wall_client.ui import theme
from wall_client.ui.tiles.base import TileContext, TileWidget
from wall_client.ui.tiles.registry import create_tile
from wall_client.ui.video.video_tile import VideoTile
from wall_protocol.common import utc_now
from wall_protocol.entities import Layout


class WallWindow(QWidget):
    def __init__(self, context: TileContext, wall: str, monitor: int) -> None:
        super().__init__()
        self.context = context
        self.wall = wall
        self.monitor = monitor
        self.layout_shown: Layout | None = None
        self.tiles: dict[str, TileWidget] = {}
        self.maximized: str | None = None  # the local double-click maximize
        self.server_maximized: str | None = None  # an operator's maximize_tile: it wins over the local one
        self.setWindowTitle(f"IOC Wall - {wall} / {monitor}")
        self.setWindowFlag(Qt.WindowType.FramelessWindowHint)
        self.setCursor(Qt.CursorShape.BlankCursor)
        store = context.store
        store.reset.connect(self.rebuild)
        store.wall_changed.connect(self._on_wall)
        store.layout_changed.connect(lambda _id: self.rebuild())
        store.connection_changed.connect(lambda _up: self.update())
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.tick)
        self._timer.start(1000)
        self.rebuild()

    # ------------------------------------------------------------------ following the model

    def _on_wall(self, name: str) -> None:
        if name == self.wall:
            self.rebuild()

    def rebuild(self) -> None:
        """Show the monitor's layout; keep tile widgets (and their players) when only sources change."""
        layout, views = self.context.store.monitor_tiles(self.wall, self.monitor)
        if layout != self.layout_shown:
            for widget in self.tiles.values():
                widget.release()
                widget.deleteLater()
            self.tiles = {}
            self.maximized = None
            self.layout_shown = layout
            for view in views:
                widget = create_tile(view, self.context, self)
                if isinstance(widget, VideoTile):
                    widget.maximize_requested.connect(lambda tile_id=view.tile.id: self.toggle_maximize(tile_id))
                self.tiles[view.tile.id] = widget
                widget.show()
        else:
            for view in views:
                self._update_view(self.tiles[view.tile.id], view)
        server_maximized = self.context.store.monitor_maximized(self.wall, self.monitor)
        if server_maximized != self.server_maximized:
            self.server_maximized = server_maximized
            self.maximized = None  # clearing the operator's maximize shows the layout, not an older double-click
        # Tours wait while a tile of this monitor shows an alarm, so nothing moves beside it.
        paused = monitor_has_alarm(views)
        for widget in self.tiles.values():
            if isinstance(widget, VideoTile):
                widget.set_tours_paused(paused)
        self._place()
        self.update()

    def _update_view(self, widget: TileWidget, view: TileView) -> None:
        if widget.view != view:
            widget.view = view
            if isinstance(widget, VideoTile):
                widget.retune()
            widget.update()

    def toggle_maximize(self, tile_id: str) -> None:
        self.maximized = None if self.maximized == tile_id else tile_id
        self._place()

    def shown_maximized(self) -> str | None:
        """The tile shown over the whole window: the server's, else the local double-click's, else none."""
        return self.server_maximized or self.maximized

    def _place(self) -> None:
        layout = self.layout_shown
        if layout is None:
            return
        banner = self.banner_height()
        area = self.rect().adjusted(0, banner, 0, 0)
        w, h = area.width() / layout.cols, area.height() / layout.rows
        maximized = self.shown_maximized()
        for tile in layout.tiles:
            widget = self.tiles[tile.id]
            if maximized is not None:
                widget.setVisible(tile.id == maximized)
                if tile.id == maximized:
                    widget.setGeometry(area)
                continue
            widget.setVisible(True)
            widget.setGeometry(QRect(int(area.left() + tile.col * w) + 2, int(area.top() + tile.row * h) + 2,
                                     int(tile.col_span * w) - 4, int(tile.row_span * h) - 4))

    def resizeEvent(self, event: object) -> None:
        self._place()

    def tick(self) -> None:
        now = utc_now()
        for widget in self.tiles.values():
            widget.tick(now)
        if self.banner_text() or self.banner_height():
            self._place()
            self.update()

    # ------------------------------------------------------------------ the banner

    def banner_text(self) -> str:
        store = self.context.store
        if not store.loaded:
            if not store.connection_detail:
                return translate("WallWindow", "Đang kết nối tới máy chủ…")
            return translate("WallWindow", "Chưa kết nối được máy chủ: {reason}").format(reason=store.connection_detail)
        if not store.connected and store.disconnected_since is not None:
            lost = formatting.age((utc_now() - store.disconnected_since).total_seconds())
            return translate("WallWindow", "Mất kết nối máy chủ {duration} - dữ liệu đang hiển thị có thể đã cũ; "
                             "đang tự kết nối lại").format(duration=lost)
        if self.layout_shown is None:
            return translate("WallWindow", "Tường '{wall}' không có màn hình {monitor} hoặc bố cục chưa có").format(
                wall=self.wall, monitor=self.monitor)
        return ""

    def banner_height(self) -> int:
        return max(28, self.height() // 28) if self.banner_text() else 0

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), theme.BACKGROUND)
        text = self.banner_text()
        if text:
            bar = QRect(0, 0, self.width(), self.banner_height())
            painter.fillRect(bar, theme.ALARM if self.context.store.loaded else theme.TILE_BORDER)
            painter.setPen(theme.TEXT)
            painter.setFont(theme.font(int(bar.height() * 0.55), bold=True))
            painter.drawText(bar, Qt.AlignmentFlag.AlignCenter, text)
        painter.end()

    def release(self) -> None:
        self._timer.stop()
        for widget in self.tiles.values():
            widget.release()
