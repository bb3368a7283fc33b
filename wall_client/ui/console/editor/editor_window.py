"""The layout editor window (Ctrl+E in the console): grid, property form, validation, save, files.

What is edited is a `LayoutDraft` (model/layout_editor.py); this window only wires widgets to its
operations and shows its state. Saving is a console action (`PUT /api/v1/layouts/{id}` with the
console's token, through ui/console/actions.py); the server decides who may (admins), and its answer
or refusal is shown here as well as in the console's status bar. The layouts of the store are what
"open" offers; a saved layout comes back through the feed like any other change.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from wall_client.model.i18n import translate
from wall_client.model.layout_editor import (
    CellRange,
    DraftError,
    LayoutDraft,
    state_from_toml,
    state_of,
    validate_state,
)
from wall_client.model.wall_model import WallModel
from wall_client.ui import plain_text, theme
from wall_client.ui.console.actions import ConsoleActions
from wall_client.ui.console.editor.form import PropertyForm
from wall_client.ui.console.editor.grid import EditorGrid
from wall_client.ui.console.style import stylesheet
from wall_protocol.common import Role
from wall_protocol.entities import MAX_GRID, Layout

log = logging.getLogger(__name__)

EXTRA_STYLE = f"""
QComboBox, QSpinBox, QListWidget {{ background: {theme.TILE.name()}; border: 1px solid {theme.TILE_BORDER.name()};
    border-radius: 3px; padding: 4px; color: {theme.TEXT.name()}; }}
QComboBox QAbstractItemView {{ background: {theme.TILE.name()}; color: {theme.TEXT.name()};
    selection-background-color: {theme.ACCENT.name()}; selection-color: {theme.BACKGROUND.name()}; }}
QListWidget::item:selected {{ background: {theme.TILE_BORDER.name()}; color: {theme.TEXT.name()}; }}
QCheckBox, QListWidget {{ color: {theme.TEXT.name()}; }}
QCheckBox::indicator, QListWidget::indicator {{ width: 14px; height: 14px; border: 1px solid {theme.MUTED.name()};
    border-radius: 2px; background: {theme.BACKGROUND.name()}; }}
QCheckBox::indicator:checked, QListWidget::indicator:checked {{ background: {theme.ACCENT.name()};
    border-color: {theme.TEXT.name()}; }}
QGroupBox:disabled, QLineEdit:disabled, QComboBox:disabled, QSpinBox:disabled {{ color: {theme.MUTED.name()}; }}
"""


class LayoutEditor(QWidget):
    def __init__(self, actions: ConsoleActions, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.console_actions = actions
        self.store = store = actions.store
        self.draft = LayoutDraft.new(self._free_layout_id())
        self.selected: str | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._last_outcome, self._last_failed = "", False  # the console's last word on our last save
        self.saved: Layout | None = None  # what the server has of this draft, as last opened or saved
        self.setStyleSheet(stylesheet() + EXTRA_STYLE)
        self.resize(1400, 860)

        self.grid = EditorGrid(self.draft, store)
        self.grid.cells_dragged.connect(self._merge)
        self.grid.tile_clicked.connect(self.select)
        self.form = PropertyForm(self.draft, store)
        # Tile ids and names as typed or imported from a file, and the server's reasons: shown as written.
        self.validation = plain_text.label()
        self.validation.setWordWrap(True)
        self.validation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message = plain_text.label()
        self.message.setWordWrap(True)
        self.role_note = QLabel()
        self.role_note.setWordWrap(True)
        self.role_note.setStyleSheet(f"color: {theme.WARN.name()};")

        layout = QVBoxLayout(self)
        layout.addLayout(self._open_bar())
        layout.addLayout(self._meta_bar())
        middle = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(self.validation)  # right above the grid, where the eye is
        left.addWidget(self.grid, 1)
        middle.addLayout(left, 1)
        scroll = QScrollArea()
        scroll.setWidget(self.form)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFixedWidth(420)
        middle.addWidget(scroll)
        layout.addLayout(middle, 1)
        layout.addLayout(self._button_bar())
        layout.addWidget(self.role_note)
        layout.addWidget(self.message)
        self._shortcuts()

        self.draft.changed.connect(self._on_draft)
        store.layout_changed.connect(self._on_layouts)
        store.reset.connect(self._fill_layouts)
        # Closing the console deletes this window; the store (plain Python) must not call into it after.
        self.destroyed.connect(_forgetter(store, self._on_layouts, self._fill_layouts))
        actions.message.connect(self._console_message)
        actions.role_changed.connect(self._show_role)
        self._fill_layouts()
        self._show_role()
        self._on_draft("")

    # ------------------------------------------------------------------ building

    def _open_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.layout_combo = QComboBox()
        self.layout_combo.setMinimumWidth(320)
        self.open_button = QPushButton(translate("LayoutEditor", "Mở để sửa"))
        self.open_button.clicked.connect(lambda: self.open_layout(str(self.layout_combo.currentData() or "")))
        self.new_button = QPushButton(translate("LayoutEditor", "Bố cục mới"))
        self.new_button.clicked.connect(self.new_layout)
        bar.addWidget(QLabel(translate("LayoutEditor", "Bố cục trên máy chủ:")))
        bar.addWidget(self.layout_combo)
        bar.addWidget(self.open_button)
        bar.addWidget(self.new_button)
        bar.addStretch(1)
        return bar

    def _meta_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.id_edit = QLineEdit()
        self.id_edit.setMaximumWidth(260)
        self.id_edit.editingFinished.connect(lambda: self.draft.set_id(self.id_edit.text()))
        self.name_edit = QLineEdit()
        self.name_edit.editingFinished.connect(lambda: self.draft.set_name(self.name_edit.text()))
        self.cols_spin, self.rows_spin = QSpinBox(), QSpinBox()
        for spin in (self.cols_spin, self.rows_spin):
            spin.setRange(1, MAX_GRID)
            spin.valueChanged.connect(lambda _v: self._regrid())
        for label, widget in ((translate("LayoutEditor", "Mã"), self.id_edit),
                              (translate("LayoutEditor", "Tên"), self.name_edit),
                              (translate("LayoutEditor", "Số cột"), self.cols_spin),
                              (translate("LayoutEditor", "Số hàng"), self.rows_spin)):
            bar.addWidget(QLabel(label))
            bar.addWidget(widget, 1 if widget is self.name_edit else 0)
        return bar

    def _button_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.undo_button = QPushButton(translate("LayoutEditor", "Hoàn tác (Ctrl+Z)"))
        self.undo_button.clicked.connect(self.draft.undo)
        self.redo_button = QPushButton(translate("LayoutEditor", "Làm lại (Ctrl+Shift+Z)"))
        self.redo_button.clicked.connect(self.draft.redo)
        self.split_button = QPushButton(translate("LayoutEditor", "Tách ô"))
        self.split_button.clicked.connect(self.split_selected)
        self.remove_button = QPushButton(translate("LayoutEditor", "Xoá ô"))
        self.remove_button.clicked.connect(self.remove_selected)
        self.import_button = QPushButton(translate("LayoutEditor", "Nhập tệp TOML…"))
        self.import_button.clicked.connect(self._import_dialog)
        self.export_button = QPushButton(translate("LayoutEditor", "Xuất tệp TOML…"))
        self.export_button.clicked.connect(self._export_dialog)
        self.save_as_button = QPushButton(translate("LayoutEditor", "Lưu thành mã mới…"))
        self.save_as_button.clicked.connect(self._save_as_dialog)
        self.save_button = QPushButton(translate("LayoutEditor", "Lưu lên máy chủ (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        for button in (self.undo_button, self.redo_button, self.split_button, self.remove_button):
            bar.addWidget(button)
        bar.addStretch(1)
        for button in (self.import_button, self.export_button, self.save_as_button, self.save_button):
            bar.addWidget(button)
        return bar

    def _shortcuts(self) -> None:
        bindings: dict[str, Callable[[], Any]] = {
            "Ctrl+Z": self.draft.undo, "Ctrl+Shift+Z": self.draft.redo, "Ctrl+Y": self.draft.redo,
            "Ctrl+S": self.save, "Delete": self.remove_selected,
        }
        for keys, handler in bindings.items():
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(handler)

    # ------------------------------------------------------------------ following the draft and the store

    def _on_draft(self, label: str) -> None:
        state = self.draft.state
        if self.selected is not None and all(t.id != self.selected for t in state.tiles):
            self.selected = None  # undone, merged away or renamed
        for widget, value in ((self.id_edit, state.id), (self.name_edit, state.name)):
            if widget.text() != value:
                widget.blockSignals(True)
                widget.setText(value)
                widget.blockSignals(False)
        for spin, count in ((self.cols_spin, state.cols), (self.rows_spin, state.rows)):
            spin.blockSignals(True)
            spin.setValue(count)
            spin.blockSignals(False)
        self.grid.selected = self.selected
        self.grid.update()
        self.form.show_tile(self.selected)
        error = self.draft.error
        if error is None:
            self.validation.setText(translate("LayoutEditor", "Hợp lệ: lưới {cols}×{rows}, {tiles} ô.").format(
                cols=state.cols, rows=state.rows, tiles=len(state.tiles)))
            self.validation.setStyleSheet(f"color: {theme.OK.name()}; padding: 6px;")
        else:
            self.validation.setText(translate("LayoutEditor", "Bố cục chưa hợp lệ, chưa lưu được: {error}").format(
                error=error))
            self.validation.setStyleSheet(f"color: {theme.TEXT.name()}; background: {theme.ALARM_DIM.name()}; "
                                          f"border: 1px solid {theme.ALARM.name()}; padding: 6px;")
        for button in (self.save_button, self.save_as_button, self.export_button):
            button.setEnabled(error is None)
            button.setToolTip(plain_text.tooltip(error or ""))
        self.undo_button.setEnabled(self.draft.can_undo)
        self.undo_button.setToolTip(plain_text.tooltip(self.draft.undo_label))
        self.redo_button.setEnabled(self.draft.can_redo)
        self.redo_button.setToolTip(plain_text.tooltip(self.draft.redo_label))
        tile = next((t for t in state.tiles if t.id == self.selected), None)
        self.split_button.setEnabled(tile is not None and (tile.col_span > 1 or tile.row_span > 1))
        self.remove_button.setEnabled(tile is not None)
        self._show_title()
        if label:
            self._say(translate("LayoutEditor", "Đã {action}.").format(action=label), False)

    def _show_title(self) -> None:
        state = self.draft.state
        unsaved = self.saved is None or self.draft.validate() != self.saved
        title = translate("LayoutEditor", "IOC Wall - Trình sửa bố cục - {name} ({id}) - chưa lưu lên máy chủ") \
            if unsaved else translate("LayoutEditor", "IOC Wall - Trình sửa bố cục - {name} ({id}) - đã lưu")
        self.setWindowTitle(title.format(name=state.name, id=state.id))

    def _on_layouts(self, _layout_id: str) -> None:
        self._fill_layouts()

    def _fill_layouts(self) -> None:
        current = self.layout_combo.currentData()
        self.layout_combo.blockSignals(True)
        self.layout_combo.clear()
        for layout in sorted(self.store.layouts.values(), key=lambda lay: lay.name):
            self.layout_combo.addItem(f"{layout.name} ({layout.id})", layout.id)
        self.layout_combo.setCurrentIndex(max(0, self.layout_combo.findData(current)))
        self.layout_combo.blockSignals(False)
        self.open_button.setEnabled(self.layout_combo.count() > 0)

    def _show_role(self) -> None:
        role = self.console_actions.role
        self.role_note.setVisible(role is not Role.ADMIN)
        note = translate("LayoutEditor", "Vai trò {role}: chỉ quản trị viên (admin) lưu được bố cục lên máy chủ; "
                         "máy chủ sẽ từ chối và nói lý do. Vẫn xuất được ra tệp.")
        self.role_note.setText(note.format(role=role.value if role else translate("LayoutEditor", "chưa rõ")))

    def _console_message(self, text: str, error: bool) -> None:
        if self._tasks:  # the answer to one of our saves (the console's status bar shows it too)
            self._last_outcome, self._last_failed = text, error
            self._say(text, error)

    def _say(self, text: str, error: bool) -> None:
        colour = theme.ALARM if error else theme.MUTED
        self.message.setStyleSheet(f"color: {colour.name()};")
        self.message.setText(text)

    # ------------------------------------------------------------------ edits

    def select(self, tile_id: str | None) -> None:
        self.selected = tile_id
        self._on_draft("")

    def _merge(self, cells: CellRange) -> None:
        try:
            self.select(self.draft.merge(cells))
        except DraftError as exc:
            self._say(str(exc), True)

    def _regrid(self) -> None:
        self.draft.set_grid(self.cols_spin.value(), self.rows_spin.value())

    def split_selected(self) -> None:
        if self.selected is None:
            self._say(translate("LayoutEditor", "Chọn một ô trên lưới trước"), True)
            return
        try:
            self.draft.split(self.selected)
        except DraftError as exc:
            self._say(str(exc), True)

    def remove_selected(self) -> None:
        if isinstance(self.focusWidget(), QLineEdit):
            return  # Delete in a text box deletes text
        if self.selected is not None:
            self.draft.remove(self.selected)

    def open_layout(self, layout_id: str) -> None:
        layout = self.store.layouts.get(layout_id)
        if layout is None:
            self._say(translate("LayoutEditor", "Không có bố cục {id} trên máy chủ").format(id=repr(layout_id)), True)
            return
        self.selected = None
        self.draft.replace_all(state_of(layout), translate("LayoutEditor", "mở bố cục {id}").format(id=layout.id))
        self.saved = layout
        self._show_title()

    def new_layout(self) -> None:
        self.selected = None
        self.draft.replace_all(LayoutDraft.new(self._free_layout_id()).state,
                               translate("LayoutEditor", "tạo bố cục mới"))

    def _free_layout_id(self) -> str:
        number, candidate = 1, "bo-cuc-moi"
        while candidate in self.store.layouts:
            number += 1
            candidate = f"bo-cuc-moi-{number}"
        return candidate

    # ------------------------------------------------------------------ files

    def import_file(self, path: Path) -> bool:
        try:
            state = state_from_toml(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, DraftError) as exc:
            self._say(translate("LayoutEditor", "Không nhập được {file}: {error}").format(file=path.name, error=exc),
                      True)
            return False
        self.selected = None
        self.draft.replace_all(state, translate("LayoutEditor", "nhập tệp {file}").format(file=path.name))
        return True

    def export_file(self, path: Path) -> bool:
        try:
            text = self.draft.to_toml()
            path.write_text(text, encoding="utf-8")
        except (OSError, DraftError) as exc:
            self._say(translate("LayoutEditor", "Không xuất được {file}: {error}").format(file=path.name, error=exc),
                      True)
            return False
        self._say(translate("LayoutEditor", "Đã xuất bố cục ra {path}").format(path=path), False)
        return True

    def _import_dialog(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, translate("LayoutEditor", "Nhập bố cục"), "",
                                              translate("LayoutEditor", "Bố cục TOML (*.toml)"))
        if name:
            self.import_file(Path(name))

    def _export_dialog(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, translate("LayoutEditor", "Xuất bố cục"),
                                              f"{self.draft.state.id}.toml",
                                              translate("LayoutEditor", "Bố cục TOML (*.toml)"))
        if name:
            self.export_file(Path(name))

    # ------------------------------------------------------------------ the server

    def save(self) -> asyncio.Task[None] | None:
        """PUT the draft to the server; an invalid draft is refused here with its message."""
        result = self.draft.validate()
        if isinstance(result, str):
            self._say(translate("LayoutEditor", "Không lưu: bố cục chưa hợp lệ: {error}").format(error=result), True)
            return None
        what = translate("LayoutEditor", "lưu bố cục «{name}» ({id})").format(name=result.name, id=result.id)
        return self._send("PUT", f"/api/v1/layouts/{result.id}", result, what)

    def save_as(self, layout_id: str) -> asyncio.Task[None] | None:
        """Save under a new id with POST, which the server refuses for an id that exists (a "save as"
        overwrites nothing); once saved, the draft takes the new id (one undo step)."""
        result = validate_state(replace(self.draft.state, id=layout_id.strip()))
        if isinstance(result, str):
            self._say(translate("LayoutEditor", "Không lưu: {error}").format(error=result), True)
            return None
        what = translate("LayoutEditor", "lưu bố cục mới «{name}» ({id})").format(name=result.name, id=result.id)
        task = self._send("POST", "/api/v1/layouts", result, what)
        task.add_done_callback(lambda _t: self._saved_as(result.id))
        return task

    def _after_save(self, layout: Layout) -> None:
        if not self._last_failed:
            self.saved = layout
            self._show_title()

    def _saved_as(self, layout_id: str) -> None:
        if not self._last_failed:
            self.draft.set_id(layout_id)
            self._say(self._last_outcome, False)  # the id change's own line would hide the outcome

    def _save_as_dialog(self) -> None:
        dialog = self.save_as_dialog()
        if dialog.exec() and dialog.textValue().strip():
            self.save_as(dialog.textValue())

    def save_as_dialog(self) -> QInputDialog:
        """The question "save under which id?" (made here so tests can look at it)."""
        dialog = QInputDialog(self)
        dialog.setWindowTitle(translate("LayoutEditor", "Lưu thành mã mới"))
        dialog.setLabelText(translate("LayoutEditor", "Mã bố cục mới (chữ thường, số, -):"))
        dialog.setTextValue(f"{self.draft.state.id}-2")
        return dialog

    def _send(self, method: str, path: str, layout: Layout, what: str) -> asyncio.Task[None]:
        task = self.console_actions.send_rest(method, path, layout.model_dump(mode="json"), what)
        task.add_done_callback(lambda _t: self._after_save(layout))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def wait_idle(self) -> None:
        """Wait until every save sent so far has its answer (tests, closing)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    def release(self) -> None:
        self.console_actions.message.disconnect(self._console_message)
        self.console_actions.role_changed.disconnect(self._show_role)
        self.store.layout_changed.disconnect(self._on_layouts)
        self.store.reset.disconnect(self._fill_layouts)
        self.grid.release()


def _forgetter(store: WallModel, on_layouts: Callable[[str], None], on_reset: Callable[[], None]) -> Callable[[], None]:
    """What disconnects a deleted editor from the store (it holds no reference to the editor's Qt side)."""
    def forget() -> None:
        store.layout_changed.disconnect(on_layouts)
        store.reset.disconnect(on_reset)
    return forget
