"""Camera tree: cameras grouped by district, a search box, a state icon per camera, drag to a wall tile."""

from __future__ import annotations

import json
from collections.abc import Sequence

from PySide6.QtCore import QItemSelectionModel, QMimeData, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from wall_client.model import terms
from wall_client.model.camera_catalog import camera_state, group_by_area
from wall_client.model.i18n import translate
from wall_client.model.wall_model import WallModel
from wall_client.ui import theme
from wall_protocol.entities import StreamState

CAMERA_MIME = "application/x-iocwall-cameras"
"""Drag payload: a JSON list of camera ids (the first is the one a single tile takes)."""
CAMERA_ROLE = Qt.ItemDataRole.UserRole

STATE_COLOURS = {
    StreamState.LIVE: theme.OK,
    StreamState.CONNECTING: theme.ACCENT,
    StreamState.RECONNECTING: theme.WARN,
    StreamState.FAILED: theme.ALARM,
    StreamState.IDLE: theme.STALE,
}


def camera_mime(cameras: list[str]) -> QMimeData:
    data = QMimeData()
    data.setData(CAMERA_MIME, json.dumps(cameras).encode())
    data.setText(", ".join(cameras))
    return data


def cameras_from_mime(data: QMimeData) -> list[str]:
    if not data.hasFormat(CAMERA_MIME):
        return []
    try:
        value = json.loads(bytes(data.data(CAMERA_MIME).data()).decode())
    except ValueError:
        return []
    return [str(c) for c in value] if isinstance(value, list) else []


def state_icon(state: StreamState, size: int = 14) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(STATE_COLOURS[state])
    painter.drawEllipse(2, 2, size - 4, size - 4)
    painter.end()
    return QIcon(pixmap)


class _CameraTreeWidget(QTreeWidget):
    """A tree whose drags carry the selected cameras' ids."""

    def mimeTypes(self) -> list[str]:
        return [CAMERA_MIME]

    def mimeData(self, items: Sequence[QTreeWidgetItem]) -> QMimeData:
        current = self.currentItem()
        ordered = sorted(items, key=lambda item: item is not current)  # the highlighted camera first
        return camera_mime([str(item.data(0, CAMERA_ROLE)) for item in ordered if item.data(0, CAMERA_ROLE)])


class CameraTree(QWidget):
    """Search box and tree. Emits `current_camera` (id or "") when the highlighted camera changes."""

    current_camera = Signal(str)

    def __init__(self, store: WallModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(translate("CameraTree", "Tìm camera: tên, mã hoặc huyện (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _text: self.rebuild())
        self.tree = _CameraTreeWidget(self)
        self.tree.setHeaderHidden(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setDragEnabled(True)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.tree.currentItemChanged.connect(lambda _cur, _prev: self.current_camera.emit(self.current() or ""))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.search)
        layout.addWidget(self.tree, 1)
        self._items: dict[str, QTreeWidgetItem] = {}
        self._groups: dict[str, list[str]] = {}
        store.reset.connect(self.rebuild)
        store.camera_changed.connect(lambda _id: self.rebuild())
        store.stream_changed.connect(lambda camera, _stream: self.refresh_state(camera))
        self.rebuild()

    def rebuild(self) -> None:
        """Regroup after a search or a camera change, keeping the selection."""
        keep = set(self.selected_cameras())
        current = self.current()
        # Quiet while rebuilding: clearing the tree would otherwise switch the preview off and on again.
        self.tree.blockSignals(True)
        self.tree.clear()
        self._items = {}
        self._groups = {}
        query = self.search.text()
        for group in group_by_area(self.store.cameras.values(), query):
            area = QTreeWidgetItem([f"{group.title} ({len(group.cameras)})"])
            area.setFlags(Qt.ItemFlag.ItemIsEnabled)
            area.setForeground(0, theme.MUTED)
            self.tree.addTopLevelItem(area)
            self._groups[area.text(0)] = [camera.id for camera in group.cameras]
            for camera in group.cameras:
                item = QTreeWidgetItem([camera.name])
                item.setData(0, CAMERA_ROLE, camera.id)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled)
                area.addChild(item)
                self._items[camera.id] = item
                self.refresh_state(camera.id)
                item.setSelected(camera.id in keep)
            area.setExpanded(True)
        if current in self._items:
            self.tree.setCurrentItem(self._items[current], 0, QItemSelectionModel.SelectionFlag.NoUpdate)
        self.tree.blockSignals(False)
        if self.current() != current:
            self.current_camera.emit(self.current() or "")

    def refresh_state(self, camera: str) -> None:
        item = self._items.get(camera)
        if item is None:
            return
        state = camera_state(self.store.streams, camera)
        item.setIcon(0, state_icon(state))
        item.setToolTip(0, f"{camera} · {terms.stream_state(state)}")
        item.setData(0, Qt.ItemDataRole.AccessibleDescriptionRole, state.value)

    # ------------------------------------------------------------------ what is shown and chosen

    def state_of(self, camera: str) -> StreamState | None:
        item = self._items.get(camera)
        return StreamState(item.data(0, Qt.ItemDataRole.AccessibleDescriptionRole)) if item else None

    def icon_colour(self, camera: str) -> QColor | None:
        item = self._items.get(camera)
        if item is None:
            return None
        image = item.icon(0).pixmap(14, 14).toImage()
        return image.pixelColor(7, 7)

    def visible_groups(self) -> dict[str, list[str]]:
        """Area label → camera ids, as the tree shows them now."""
        return dict(self._groups)

    def current(self) -> str | None:
        item = self.tree.currentItem()
        camera = item.data(0, CAMERA_ROLE) if item else None
        return str(camera) if camera else None

    def selected_cameras(self) -> list[str]:
        """Selected cameras, the highlighted one first (it is the one a single tile takes)."""
        chosen = [str(i.data(0, CAMERA_ROLE)) for i in self.tree.selectedItems() if i.data(0, CAMERA_ROLE)]
        current = self.current()
        if current in chosen:
            chosen.remove(current)
            chosen.insert(0, current)
        return chosen

    def select(self, cameras: list[str]) -> None:
        self.tree.clearSelection()
        for index, camera in enumerate(cameras):
            item = self._items.get(camera)
            if item is None:
                continue
            if index == 0:
                self.tree.setCurrentItem(item)
            item.setSelected(True)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()
