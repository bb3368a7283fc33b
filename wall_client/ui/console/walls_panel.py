"""Every wall and each of its monitors, as live miniatures side by side (scrolls when there are many)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QScrollArea, QVBoxLayout, QWidget

from wall_client.model.i18n import translate
from wall_client.ui import plain_text, theme
from wall_client.ui.console.actions import ConsoleActions
from wall_client.ui.console.alarm_bell import AlarmBell
from wall_client.ui.console.miniature import MonitorMiniatureWidget

MONITORS_PER_ROW = 2


class _MonitorBox(QWidget):
    """A monitor's caption (number and layout name) above its miniature."""

    def __init__(self, actions: ConsoleActions, wall: str, monitor: int, parent: QWidget | None = None,
                 bell: AlarmBell | None = None) -> None:
        super().__init__(parent)
        self.console_actions = actions
        self.caption = plain_text.label(parent=self)  # it holds the layout's name
        self.caption.setFont(theme.font(13, bold=True))
        self.miniature = MonitorMiniatureWidget(actions, wall, monitor, self, bell=bell)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.miniature, 1)
        actions.store.wall_changed.connect(self._caption)
        actions.store.layout_changed.connect(self._caption)
        self._caption()

    def _caption(self, *_args: object) -> None:
        mini = self.miniature.miniature
        layout = f" · {mini.layout_name} ({mini.cols}×{mini.rows})" if mini else ""
        spanned = ""
        if mini is not None and mini.span is not None:
            cols, rows = mini.span.shape
            spanned = " · " + translate("WallsPanel", "ghép {cols}×{rows} màn hình {monitors}").format(
                cols=cols, rows=rows, monitors=", ".join(map(str, mini.span.indexes())))
        self.caption.setText(translate("WallsPanel", "Màn hình {monitor}").format(monitor=self.miniature.monitor)
                             + spanned + layout)

    def release(self) -> None:
        self.console_actions.store.wall_changed.disconnect(self._caption)
        self.console_actions.store.layout_changed.disconnect(self._caption)
        self.miniature.release()


class WallsPanel(QScrollArea):
    def __init__(self, actions: ConsoleActions, parent: QWidget | None = None, bell: AlarmBell | None = None) -> None:
        super().__init__(parent)
        self.console_actions = actions
        self.bell = bell
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.boxes: dict[tuple[str, int], _MonitorBox] = {}
        self.groups: dict[str, QGroupBox] = {}
        self._shape: list[tuple[str, str, tuple[int, ...]]] = []
        self._content = QWidget()
        self._layout = QVBoxLayout(self._content)
        self.setWidget(self._content)
        actions.store.reset.connect(self.rebuild)
        actions.store.wall_changed.connect(lambda _name: self.rebuild())
        self.rebuild()

    def miniature(self, wall: str, monitor: int) -> MonitorMiniatureWidget:
        return self.boxes[(wall, monitor)].miniature

    def rebuild(self) -> None:
        """Recreate the boxes only when walls or monitors come or go; a tile change just repaints."""
        walls = sorted(self.console_actions.store.walls.values(), key=lambda w: w.name)
        shape = [(w.name, w.title, tuple(sorted(m.index for m in w.monitors))) for w in walls]
        if shape == self._shape:
            self._titles()
            return
        self._shape = shape
        for box in self.boxes.values():
            box.release()
        self.boxes = {}
        self.groups = {}
        while self._layout.count():
            item = self._layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        if not walls:
            empty = QLabel(translate("WallsPanel", "Chưa nhận được danh sách tường từ máy chủ…"))
            empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self._layout.addWidget(empty)
            return
        for name, title, monitors in shape:
            group = QGroupBox(f"{title}  ({name})")
            group.setFont(theme.font(15, bold=True))
            self.groups[name] = group
            grid = QGridLayout(group)
            for position, index in enumerate(monitors):
                box = _MonitorBox(self.console_actions, name, index, group, bell=self.bell)
                box.setFont(theme.font(13))
                self.boxes[(name, index)] = box
                grid.addWidget(box, position // MONITORS_PER_ROW, position % MONITORS_PER_ROW)
            self._layout.addWidget(group, 1)  # miniatures grow with the window: bigger text, easier drops
        self._titles()

    def _titles(self) -> None:
        """A frozen wall says so in its title: the operator must not think its PCs show live data."""
        for name, group in self.groups.items():
            state = self.console_actions.store.walls.get(name)
            frozen = "   ❚❚ " + translate("WallsPanel", "ĐANG DỪNG HÌNH") if state is not None and state.frozen else ""
            group.setTitle(f"{state.title if state else name}  ({name}){frozen}")
