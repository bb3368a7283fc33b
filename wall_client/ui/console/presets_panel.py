"""Wall presets: one button per preset (grouped by wall, with its Ctrl+N key), and "save the wall as a preset".

Applying sends `apply_preset`; saving POSTs (or PUTs over a preset of the same name on the same
wall) a Preset built from what the server says the wall shows now. Outcomes and refusals go to
the status bar through the actions, like every other command.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from wall_client.model import presets as preset_model
from wall_client.model.i18n import translate
from wall_client.ui import plain_text, theme
from wall_client.ui.console.actions import ConsoleActions


class PresetsPanel(QWidget):
    def __init__(self, actions: ConsoleActions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.console_actions = actions
        self.keys: dict[int, str] = {}
        self.buttons: dict[str, QPushButton] = {}
        self._shown: list[tuple[str, str, int | None]] = []
        self._list = QWidget()
        self._list_layout = QVBoxLayout(self._list)
        self._list_layout.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self._list)
        self.wall_choice = QComboBox(self)
        self.wall_choice.setToolTip(translate("PresetsPanel", "Tường sẽ được lưu thành cấu hình"))
        self.save_button = QPushButton(translate("PresetsPanel", "Lưu tường thành cấu hình…"), self)
        self.save_button.clicked.connect(self._ask_and_save)
        save_row = QHBoxLayout()
        save_row.addWidget(self.wall_choice, 1)
        save_row.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(scroll, 1)
        layout.addLayout(save_row)
        store = actions.store
        store.automation_changed.connect(self._on_automation)
        store.reset.connect(self.rebuild)
        store.wall_changed.connect(lambda _name: self._walls())
        actions.role_changed.connect(self._enable)
        self.rebuild()

    def _on_automation(self, kind: str, _name: str) -> None:
        if kind == "preset":
            self.rebuild()

    def _walls(self) -> None:
        names = sorted(self.console_actions.store.walls)
        if [self.wall_choice.itemText(i) for i in range(self.wall_choice.count())] != names:
            current = self.wall_choice.currentText()
            self.wall_choice.clear()
            self.wall_choice.addItems(names)
            if current in names:
                self.wall_choice.setCurrentText(current)

    def rebuild(self) -> None:
        """One button per preset; rebuilt only when the list, a title or a key changes."""
        self._walls()
        store_presets = list(self.console_actions.store.presets.values())
        self.keys = preset_model.shortcut_map(store_presets)
        shown = [(p.name, p.title, preset_model.key_of(self.keys, p.name)) for p in preset_model.ordered(store_presets)]
        if shown == self._shown:
            return
        self._shown = shown
        while self._list_layout.count():
            item = self._list_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.buttons = {}
        walls = self.console_actions.store.walls
        for wall, items in preset_model.grouped(store_presets):
            group = QGroupBox(walls[wall].title if wall in walls else wall)
            group.setFont(theme.font(13, bold=True))
            column = QVBoxLayout(group)
            # By key within a wall: the list reads like the keyboard (presets without a key last, by title).
            for preset in sorted(items, key=lambda p: preset_model.key_of(self.keys, p.name) or 10):
                key = preset_model.key_of(self.keys, preset.name)
                button = QPushButton(f"{f'Ctrl+{key}   ' if key else ''}{preset.title}", group)
                button.setFont(theme.font(13))
                button.setStyleSheet("text-align: left; padding: 6px 10px;")
                tip = translate("PresetsPanel", "Áp dụng «{preset}» ({name}) cho tường {wall}").format(
                    preset=preset.title, name=preset.name, wall=preset.wall)
                button.setToolTip(plain_text.tooltip(tip))  # the title is an operator's
                button.clicked.connect(lambda _checked=False, name=preset.name: self.apply(name))
                column.addWidget(button)
                self.buttons[preset.name] = button
            self._list_layout.addWidget(group)
        if not self.buttons:
            empty = QLabel(translate("PresetsPanel", "Chưa có cấu hình nào trên máy chủ"))
            empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self._list_layout.addWidget(empty)
        self._list_layout.addStretch(1)
        self._enable()

    def _enable(self) -> None:
        editable = self.console_actions.may_edit
        for button in [*self.buttons.values(), self.save_button]:
            button.setEnabled(editable)

    def apply(self, name: str) -> None:
        self.console_actions.apply_preset(name)

    def apply_key(self, key: int) -> None:
        """Ctrl+key: the preset mapped to it, or say there is none."""
        name = self.keys.get(key)
        if name is None:
            self.console_actions.message.emit(
                translate("PresetsPanel", "Chưa có cấu hình nào gán phím Ctrl+{key}").format(key=key), True)
            return
        self.apply(name)

    def _ask_and_save(self) -> None:
        wall = self.wall_choice.currentText()
        if not wall:
            return
        dialog = self.save_dialog(wall)
        if dialog.exec() and dialog.textValue().strip():
            self.save_current(wall, dialog.textValue().strip())

    def save_dialog(self, wall: str) -> QInputDialog:
        """The question "save as which preset?" for `wall` (made here so tests can look at it)."""
        dialog = QInputDialog(self)
        dialog.setWindowTitle(translate("PresetsPanel", "Lưu tường thành cấu hình"))
        dialog.setLabelText(translate("PresetsPanel", "Tên cấu hình cho những gì tường «{wall}» đang hiện:")
                            .format(wall=wall))
        return dialog

    def save_current(self, wall: str, title: str, shortcut: int | None = None) -> None:
        """Save what `wall` shows now as a preset named after `title` (replacing that wall's preset of that name)."""
        store = self.console_actions.store
        state = store.walls.get(wall)
        if state is None:
            self.console_actions.message.emit(translate("PresetsPanel", "Chưa biết tường {wall}").format(wall=wall),
                                              True)
            return
        name = preset_model.slug(title)
        existing = store.presets.get(name)
        if existing is not None and existing.wall != wall:
            name = preset_model.slug(title, taken=store.presets)  # another wall's: do not take it over
            existing = None
        if shortcut is None and existing is not None:
            shortcut = existing.shortcut  # replacing keeps the key operators know
        preset = preset_model.preset_from_wall(state, name, title, shortcut)
        self.console_actions.save_preset(preset, replace=existing is not None)
