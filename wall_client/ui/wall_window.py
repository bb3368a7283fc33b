"""One monitor of a wall: a frameless window laying out the tiles of the layout it shows.

A monitor in a span (wall_protocol/spans.py) lays the layout over the span's canvas instead of its own
rectangle (model/span_geometry.py): each tile is placed where it falls on the canvas, less the window's
place on it, so a tile that crosses a seam is drawn in each window it touches, and what lies behind the
bezels is in no window. Video tiles of a span decode once (ui/video/span_video.py).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from wall_client.model import formatting
from wall_client.model.alarms import monitor_has_alarm
from wall_client.model.i18n import translate
from wall_client.model.span_geometry import Box, SpanGeometry, grid_cell
from wall_client.model.wall_model import TileView
from wall_client.ui import text_fit, theme
from wall_client.ui.tiles.base import TileContext, TileWidget
from wall_client.ui.tiles.registry import create_tile
from wall_client.ui.video.span_video import SpanVideoView
from wall_client.ui.video.video_tile import VideoTile
from wall_protocol.common import utc_now
from wall_protocol.entities import Layout, TileKind
from wall_protocol.spans import Span, span_of

log = logging.getLogger(__name__)

TILE_GAP = 2
"""Pixels between a tile and its cell's edge (4 between two tiles)."""
Peers = Callable[[], list["WallWindow"]]


class TileBuildError(Exception):
    """A tile's widget raised while it was built (`cause`): its layout cannot be shown by this client."""

    def __init__(self, view: TileView, cause: Exception) -> None:
        super().__init__(f"tile {view.tile.id!r}: {cause}")
        self.view = view
        self.cause = cause


class WallWindow(QWidget):
    def __init__(self, context: TileContext, wall: str, monitor: int, peers: Peers | None = None) -> None:
        """`peers`: the windows of the wall's other monitors shown by this client, if any (a span's canvas
        takes their sizes; a monitor without a shown window is taken as this one's size)."""
        super().__init__()
        self.context = context
        self.wall = wall
        self.monitor = monitor
        self.peers = peers
        self.layout_shown: Layout | None = None
        self.span_shown: Span | None = None
        self.tiles: dict[str, TileWidget] = {}
        self.problem = ""
        """Why the monitor does not show the layout the server asks for (shown on the banner), if it does not."""
        self._views_shown: list[TileView] = []
        self._failed: tuple[Layout | None, Span | None] | None = None
        self._failed_problem = ""
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
        """Show the monitor's layout; keep tile widgets (and their players) when only sources change.

        A layout this client cannot draw (unreadable, model/layout_salvage.py, or a tile whose widget fails
        to build) leaves the last good one on screen, and the banner says why.
        """
        layout, views = self.context.store.monitor_tiles(self.wall, self.monitor)
        refused = self.context.store.monitor_refused_layout(self.wall, self.monitor)
        span = self.span()
        self.problem = ""
        if refused is not None:
            self.problem = translate("WallWindow", "Bố cục '{layout}' không hiển thị được trên máy này (phần mềm cũ "
                                     "hơn máy chủ?): {reason}.").format(layout=refused[0], reason=refused[1])
            if self.layout_shown is not None:
                self.problem += " " + translate("WallWindow", "Đang giữ bố cục trước đó.")
            if layout is None or layout != self.layout_shown:
                self._place()
                self.update()
                return
        if layout != self.layout_shown or span != self.span_shown:
            if not self._show_new_layout(layout, views, span):
                return
        else:
            for view in views:
                self._update_view(self.tiles[view.tile.id], view)
            self._views_shown = views
        server_maximized = self.context.store.monitor_maximized(self.wall, self.monitor)
        if server_maximized != self.server_maximized:
            self.server_maximized = server_maximized
            self.maximized = None  # clearing the operator's maximize shows the layout, not an older double-click
        # Tours wait while a tile of this monitor shows an alarm, so nothing moves beside it.
        paused = monitor_has_alarm(views)
        for widget in self.tiles.values():
            if isinstance(widget, (VideoTile, SpanVideoView)):
                widget.set_tours_paused(paused)
        self._place()
        self.update()

    def _show_new_layout(self, layout: Layout | None, views: list[TileView], span: Span | None) -> bool:
        """Replace the tiles by the new layout's. The old ones go first, as on every switch: both layouts'
        players at once would decode twice for a moment. False: a tile of the new layout failed to build; the
        last good layout is built again from the views it showed, and `problem` says which tile and why."""
        if (layout, span) == self._failed:
            self.problem = self._failed_problem  # the same layout again: no second try, no second traceback
            self.update()
            return False
        self._release_tiles()
        try:
            self._build(views, span)
        except TileBuildError as failed:
            tile = failed.view.tile
            log.error("tile %r (%s) of layout %r could not be built; monitor %s/%s keeps the last good layout",
                      tile.id, tile.kind.value, layout.id if layout else None, self.wall, self.monitor,
                      exc_info=failed.cause)
            self._release_tiles()
            self._failed = (layout, span)
            self.problem = translate("WallWindow", "Không dựng được ô '{tile}' ({kind}) của bố cục '{layout}': "
                                     "{error}.").format(tile=tile.id, kind=tile.kind.value,
                                                        layout=layout.id if layout else "",
                                                        error=str(failed.cause)[:200] or type(failed.cause).__name__)
            if self.layout_shown is not None:
                self.problem += " " + translate("WallWindow", "Đang giữ bố cục trước đó.")
                self._build(self._views_shown, self.span_shown)  # it was built before, it builds again
            self._failed_problem = self.problem
            self._place()
            self.update()
            return False
        self._failed = None
        self.layout_shown, self.span_shown, self._views_shown = layout, span, views
        return True

    def _build(self, views: list[TileView], span: Span | None) -> None:
        """Create and show each tile; a tile that raises ends it with TileBuildError (the ones made stay in
        `tiles`, to be released)."""
        self.maximized = None
        for view in views:
            try:
                widget = self._create_tile(view, span)
            except Exception as exc:
                raise TileBuildError(view, exc) from exc
            if isinstance(widget, (VideoTile, SpanVideoView)):
                widget.maximize_requested.connect(lambda tile_id=view.tile.id: self.toggle_maximize(tile_id))
            self.tiles[view.tile.id] = widget
            widget.show()

    def _release_tiles(self) -> None:
        for widget in self.tiles.values():
            widget.release()
            widget.deleteLater()
        self.tiles = {}

    def span(self) -> Span | None:
        """The span this monitor is part of, if any."""
        state = self.context.store.walls.get(self.wall)
        return span_of(state.spans, self.monitor) if state is not None else None

    def _create_tile(self, view: TileView, span: Span | None) -> TileWidget:
        if span is not None and view.tile.kind is TileKind.VIDEO:
            return SpanVideoView(view, self.context, span.indexes()[0], self)
        return create_tile(view, self.context, self)

    def _update_view(self, widget: TileWidget, view: TileView) -> None:
        if isinstance(widget, SpanVideoView):
            widget.set_view(view)
        elif widget.view != view:
            widget.view = view
            if isinstance(widget, VideoTile):
                widget.retune()
            widget.update()

    def toggle_maximize(self, tile_id: str) -> None:
        """The local double-click maximize; on a span, every window of the span follows (one canvas)."""
        maximized = None if self.maximized == tile_id else tile_id
        for window in [self, *self.span_peers()]:
            window.maximized = maximized
            window._place()

    def span_peers(self) -> list[WallWindow]:
        """The other windows of this monitor's span that this client shows."""
        if self.span_shown is None or self.peers is None:
            return []
        members = set(self.span_shown.indexes())
        return [w for w in self.peers() if w is not self and w.monitor in members]

    def shown_maximized(self) -> str | None:
        """The tile shown over the whole window: the server's, else the local double-click's, else none."""
        return self.server_maximized or self.maximized

    def span_geometry(self) -> SpanGeometry | None:
        """The canvas of this monitor's span, with the monitors' sizes as they are now."""
        if self.span_shown is None:
            return None
        sizes = {w.monitor: (w.width(), w.height()) for w in self.span_peers() if w.isVisible()}
        sizes[self.monitor] = (self.width(), self.height())
        return SpanGeometry.build(self.span_shown, sizes, (self.width(), self.height()))

    def _place(self) -> None:
        layout = self.layout_shown
        if layout is None:
            return
        geometry = self.span_geometry()
        if geometry is not None:
            self._place_on_canvas(layout, geometry)
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

    def _place_on_canvas(self, layout: Layout, geometry: SpanGeometry) -> None:
        """Each tile where it falls on the span's canvas, moved by this window's place on it; hidden if
        none of it is on this monitor."""
        area = geometry.canvas(top=self.banner_height())
        maximized = self.shown_maximized()
        for tile in layout.tiles:
            widget = self.tiles[tile.id]
            if maximized is not None:
                box: Box | None = area if tile.id == maximized else None
            else:
                cell = grid_cell(area, layout.cols, layout.rows, tile.col, tile.row, tile.col_span, tile.row_span)
                box = Box(cell.x + TILE_GAP, cell.y + TILE_GAP, cell.width - 2 * TILE_GAP, cell.height - 2 * TILE_GAP)
            if box is None or not geometry.shows(self.monitor, box):
                widget.setVisible(False)
                continue
            widget.setGeometry(QRect(*geometry.in_window(self.monitor, box).rounded()))
            widget.setVisible(True)

    def relayout(self) -> None:
        """Place the tiles again: another monitor of the span changed size."""
        self._place()
        self.update()

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
        if self.problem:
            return self.problem
        if self.layout_shown is None:
            return translate("WallWindow", "Tường '{wall}' không có màn hình {monitor} hoặc bố cục chưa có").format(
                wall=self.wall, monitor=self.monitor)
        return ""

    def banner_height(self) -> int:
        """One line; two for why a layout is not shown (its reason is long: a person must read all of it)."""
        if not self.banner_text():
            return 0
        line = max(28, self.height() // 28)
        return 2 * line if self.banner_text() == self.problem else line

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), theme.BACKGROUND)
        text = self.banner_text()
        geometry = self.span_geometry()
        if text and (geometry is None or geometry.viewports[self.monitor].y == 0):  # a span: its top row says it
            bar = QRect(0, 0, self.width(), self.banner_height())
            painter.fillRect(bar, theme.ALARM if self.context.store.loaded else theme.TILE_BORDER)
            painter.setPen(theme.TEXT)
            if text == self.problem:
                line = max(28, self.height() // 28)
                text_fit.draw_wrapped(painter, bar.adjusted(line // 2, 0, -line // 2, 0), text, int(line * 0.5),
                                      bold=True)
            else:
                painter.setFont(theme.font(int(bar.height() * 0.55), bold=True))
                painter.drawText(bar, Qt.AlignmentFlag.AlignCenter, text)
        painter.end()

    def release(self) -> None:
        self._timer.stop()
        for widget in self.tiles.values():
            widget.release()
