"""A live miniature of one monitor of a wall: its tiles, what each shows, pinned marks.

Drop a camera on a tile to send it there; right-click a tile for the other commands. The
miniature only ever draws the store (the server's state), so what it shows is what the wall shows.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import (
    QAction,
    QContextMenuEvent,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QMenu, QSizePolicy, QWidget

from wall_client.model import terms
from wall_client.model.i18n import translate
from wall_client.model.miniature import (
    MiniTile,
    MonitorMiniature,
    Rect,
    grid_area,
    monitor_miniature,
    tile_at,
    tile_rects,
)
from wall_client.model.screenshot import screenshot_camera
from wall_client.ui import theme
from wall_client.ui.console.actions import ConsoleActions, view_only
from wall_client.ui.console.alarm_bell import AlarmBell
from wall_client.ui.console.camera_tree import cameras_from_mime


def _qrect(rect: Rect) -> QRect:
    return QRect(rect.x, rect.y, rect.width, rect.height)


class MonitorMiniatureWidget(QWidget):
    def __init__(self, actions: ConsoleActions, wall: str, monitor: int, parent: QWidget | None = None,
                 bell: AlarmBell | None = None) -> None:
        super().__init__(parent)
        self.console_actions = actions
        self.bell = bell
        self.wall = wall
        self.monitor = monitor
        self.miniature: MonitorMiniature | None = None
        self.drop_target: str | None = None
        self.setAcceptDrops(True)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.setMinimumSize(320, 180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        store = actions.store
        for event in (store.wall_changed, store.layout_changed, store.camera_changed):
            event.connect(self._on_store_change)
        store.reset.connect(self.refresh)
        store.metric_changed.connect(self._on_series)
        actions.selection_changed.connect(self.update)
        if bell is not None:
            bell.flash_changed.connect(self._on_flash)
        self.refresh()

    def _on_flash(self) -> None:
        if self.miniature is not None and any(t.alarm is not None for t in self.miniature.tiles):
            self.update()  # only miniatures with an alarm tile repaint at 2 Hz

    def release(self) -> None:
        if self.bell is not None:
            self.bell.flash_changed.disconnect(self._on_flash)
        store = self.console_actions.store
        for event in (store.wall_changed, store.layout_changed, store.camera_changed):
            event.disconnect(self._on_store_change)
        store.reset.disconnect(self.refresh)
        store.metric_changed.disconnect(self._on_series)

    def sizeHint(self) -> QSize:
        return QSize(480, 270)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return width * 9 // 16

    # ------------------------------------------------------------------ following the store

    def _on_store_change(self, _name: str) -> None:
        self.refresh()  # cheap: a few tiles; any wall, layout or camera name may change what is shown

    def _on_series(self, _key: str) -> None:
        if self.miniature is not None and any(not t.shows for t in self.miniature.tiles):
            self.refresh()  # a series' name may arrive after the snapshot

    def refresh(self) -> None:
        miniature = monitor_miniature(self.console_actions.store, self.wall, self.monitor)
        if miniature != self.miniature:
            self.miniature = miniature
            self.update()

    # ------------------------------------------------------------------ geometry

    def rects(self) -> dict[str, Rect]:
        if self.miniature is None:
            return {}
        return tile_rects(self.miniature, grid_area(self.width(), self.height()))

    def tile_at(self, point: QPoint) -> str | None:
        return tile_at(self.rects(), point.x(), point.y())

    def tile_centre(self, tile_id: str) -> QPoint:
        return _qrect(self.rects()[tile_id]).center()

    def selected(self) -> str | None:
        chosen = self.console_actions.selected_tile
        if chosen is not None and chosen[:2] == (self.wall, self.monitor):
            return chosen[2]
        return None

    # ------------------------------------------------------------------ mouse, drops and the menu

    def mousePressEvent(self, event: QMouseEvent) -> None:
        tile = self.tile_at(event.position().toPoint())
        if tile is not None or self.selected() is not None:
            self.console_actions.select_tile(self.wall, self.monitor, tile)
        super().mousePressEvent(event)

    def _drop_tile(self, event: QDragMoveEvent | QDropEvent) -> MiniTile | None:
        if self.miniature is None or not cameras_from_mime(event.mimeData()):
            return None
        tile_id = self.tile_at(event.position().toPoint())
        tile = self.miniature.tile(tile_id) if tile_id else None
        return tile if tile is not None and tile.takes_cameras else None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if not cameras_from_mime(event.mimeData()):
            event.ignore()
        elif not self.console_actions.may_edit:
            self.console_actions.message.emit(view_only(), True)  # say why the drop is refused while dragging
            event.ignore()
        else:
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        tile = self._drop_tile(event)
        self.drop_target = tile.tile_id if tile else None
        if tile is not None and self.console_actions.may_edit:
            event.acceptProposedAction()
        else:
            event.ignore()
        self.update()

    def dragLeaveEvent(self, event: object) -> None:
        self.drop_target = None
        self.update()

    def dropEvent(self, event: QDropEvent) -> None:
        self.drop_target = None
        self.update()
        tile = self._drop_tile(event)
        cameras = cameras_from_mime(event.mimeData())
        if tile is None or not cameras:
            event.ignore()
            return
        if not self.console_actions.may_edit:
            self.console_actions.message.emit(view_only(), True)
            event.ignore()
            return
        event.acceptProposedAction()
        self.console_actions.select_tile(self.wall, self.monitor, tile.tile_id)
        if len(cameras) > 1:
            self.console_actions.start_tour(self.wall, self.monitor, tile.tile_id, cameras)
        else:
            self.console_actions.set_camera(self.wall, self.monitor, tile.tile_id, cameras[0])

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        tile_id = self.tile_at(event.pos())
        if tile_id is not None:
            self.console_actions.select_tile(self.wall, self.monitor, tile_id)
        menu = self.build_menu(tile_id)
        menu.exec(event.globalPos())

    def build_menu(self, tile_id: str | None) -> QMenu:
        """The right-click menu of a tile (or of the monitor, off the tiles): every entry is a server command."""
        menu = QMenu(self)
        editable = self.console_actions.may_edit
        tile = self.miniature.tile(tile_id) if self.miniature and tile_id else None
        if tile is not None:
            cameras = self.console_actions.selected_cameras()
            wall, monitor, tid = self.wall, self.monitor, tile.tile_id
            set_camera = menu.addAction(translate("Miniature", "Đặt camera đang chọn") + "\tEnter")
            set_camera.setEnabled(editable and tile.takes_cameras and bool(cameras))
            set_camera.triggered.connect(lambda: self.console_actions.set_camera(wall, monitor, tid, cameras[0]))
            tour = menu.addAction(translate("Miniature", "Tuần tra {count} camera đang chọn (10 giây/camera)").format(
                count=len(cameras)))
            tour.setEnabled(editable and tile.takes_cameras and bool(cameras))
            tour.triggered.connect(lambda: self.console_actions.start_tour(wall, monitor, tid, cameras))
            pin = menu.addAction(translate("Miniature", "Bỏ ghim ô") if tile.pinned
                                 else translate("Miniature", "Ghim ô"))
            pin.setEnabled(editable)
            pin.triggered.connect(lambda: self.console_actions.set_pinned(wall, monitor, tid, not tile.pinned))
            clear = menu.addAction(translate("Miniature", "Xoá ô") + "\tDelete")
            clear.setEnabled(editable and (tile.source is not None or tile.pinned))
            clear.triggered.connect(lambda: self.console_actions.clear_tile(wall, monitor, tid))
            maximized = self.miniature is not None and self.miniature.maximized == tid
            maximize = menu.addAction(translate("Miniature", "Thu nhỏ (hiện cả bố cục)") if maximized
                                      else translate("Miniature", "Phóng to ô lên cả màn hình"))
            maximize.setEnabled(editable)
            maximize.triggered.connect(lambda: self.console_actions.maximize_tile(
                wall, monitor, None if maximized else tid))
            shot_camera = screenshot_camera(tile.source)
            snapshot = menu.addAction(translate("Miniature", "Chụp ảnh camera của ô"))
            snapshot.setEnabled(shot_camera is not None)  # saves a file here, changes no wall: viewers too
            snapshot.triggered.connect(lambda: self.console_actions.screenshot_requested.emit(shot_camera))
            menu.addSeparator()
        layouts = menu.addMenu(translate("Miniature", "Bố cục màn hình"))
        layouts.setEnabled(editable)
        current = self.miniature.layout_id if self.miniature else None
        for layout in sorted(self.console_actions.store.layouts.values(), key=lambda lay: lay.name):
            action: QAction = layouts.addAction(f"{layout.name}  ({layout.cols}×{layout.rows})")
            action.setCheckable(True)
            action.setChecked(layout.id == current)
            action.triggered.connect(lambda _checked=False, lid=layout.id: self.console_actions.set_layout(
                self.wall, self.monitor, lid))
        if not editable:
            menu.addSeparator()
            menu.addAction(view_only()).setEnabled(False)
        return menu

    # ------------------------------------------------------------------ drawing

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), theme.BACKGROUND)
        area = _qrect(grid_area(self.width(), self.height()))
        painter.fillRect(area, Qt.GlobalColor.black)
        if self.miniature is None:
            painter.setPen(theme.MUTED)
            painter.setFont(theme.font(13))
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                             translate("Miniature", "Chưa có bố cục cho màn hình này"))
            painter.end()
            return
        selected = self.selected()
        rects = self.rects()  # on a monitor of a span, only the tiles on its part of the canvas
        for tile in self.miniature.tiles:
            if tile.tile_id in rects:
                self._paint_tile(painter, tile, _qrect(rects[tile.tile_id]), tile.tile_id == selected)
        painter.end()

    def _paint_tile(self, painter: QPainter, tile: MiniTile, rect: QRect, selected: bool) -> None:
        painter.fillRect(rect, theme.TILE)
        highlighted = selected or tile.tile_id == self.drop_target
        painter.setPen(QPen(theme.ACCENT if highlighted else theme.TILE_BORDER, 3 if highlighted else 1))
        painter.drawRect(rect.adjusted(1, 1, -2, -2) if highlighted else rect.adjusted(0, 0, -1, -1))
        inner = rect.adjusted(6, 4, -6, -4)
        small = max(9, min(13, rect.height() // 6))
        painter.setFont(theme.font(small))
        painter.setPen(theme.MUTED)
        kind = terms.tile_kind(tile.kind)
        if tile.source is not None and tile.source.kind == "tour":
            kind = translate("Miniature", "Tuần tra")
        painter.drawText(inner, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                         painter.fontMetrics().elidedText(kind, Qt.TextElideMode.ElideRight, inner.width() - 18))
        if tile.pinned:
            self._paint_pin(painter, inner, small)
        if self.miniature is not None and self.miniature.maximized == tile.tile_id:
            self._paint_maximized(painter, inner, small)
        body = inner.adjusted(0, small + 4, 0, 0)
        shows = tile.shows or (translate("Miniature", "Trống") if tile.takes_cameras else "")
        painter.setPen(theme.TEXT if tile.shows else theme.STALE)
        painter.setFont(theme.font(max(10, min(16, rect.height() // 5)), bold=bool(tile.shows)))
        painter.drawText(body, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                         self._fit(painter, shows, body))
        if tile.alarm is not None:
            self._paint_alarm(painter, rect, inner, small)

    def _paint_alarm(self, painter: QPainter, rect: QRect, inner: QRect, size: int) -> None:
        """A thick border in the alarm colour, on and off at 2 Hz, and an 'ALARM' tag that stays."""
        painter.save()
        if self.bell is None or self.bell.flash_on:
            painter.setPen(QPen(theme.ALARM, 4))
            painter.drawRect(rect.adjusted(2, 2, -2, -2))
        painter.setFont(theme.font(size, bold=True))
        label = terms.alarm().upper()
        width = painter.fontMetrics().horizontalAdvance(label) + 10
        tag = QRect(inner.left() - 2, inner.bottom() - painter.fontMetrics().height(), width,
                    painter.fontMetrics().height() + 2)
        painter.fillRect(tag, theme.ALARM)
        painter.setPen(theme.TEXT)
        painter.drawText(tag, Qt.AlignmentFlag.AlignCenter, label)
        painter.restore()

    @staticmethod
    def _fit(painter: QPainter, text: str, rect: QRect) -> str:
        """Elide what would not fit two lines, so no text is cut through the middle of a line."""
        lines = max(1, rect.height() // max(1, painter.fontMetrics().height()))
        return painter.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, rect.width() * min(lines, 2) - 8)

    @staticmethod
    def _paint_maximized(painter: QPainter, inner: QRect, size: int) -> None:
        """A green 'MAXIMISED' tag bottom right: the wall shows only this tile, the others are hidden there."""
        painter.save()
        painter.setFont(theme.font(size, bold=True))
        label = translate("Miniature", "PHÓNG TO")
        width = painter.fontMetrics().horizontalAdvance(label) + 8
        height = painter.fontMetrics().height() + 2
        tag = QRect(inner.right() - width + 4, inner.bottom() - height + 2, width, height)
        painter.fillRect(tag, theme.OK)
        painter.setPen(theme.BACKGROUND)
        painter.drawText(tag, Qt.AlignmentFlag.AlignCenter, label)
        painter.restore()

    @staticmethod
    def _paint_pin(painter: QPainter, inner: QRect, size: int) -> None:
        """A yellow 'PINNED' tag top right: pinned tiles stay when the others change, the operator must see which."""
        painter.save()
        painter.setFont(theme.font(size, bold=True))
        label = "● " + translate("Miniature", "GHIM")
        width = painter.fontMetrics().horizontalAdvance(label) + 8
        tag = QRect(inner.right() - width + 4, inner.top() - 2, width, painter.fontMetrics().height() + 2)
        painter.fillRect(tag, theme.BACKGROUND)
        painter.setPen(theme.WARN)
        painter.drawText(tag, Qt.AlignmentFlag.AlignCenter, label)
        painter.restore()
