"""The briefing playlist editor (Ctrl+B in the console): make, rename, reorder and delete briefings.

What is edited is a `BriefingDraft` (model/briefing_editor.py); this window wires widgets to it. Saving
POSTs a new briefing or PUTs over its name with the console's token (operators and admins may; a viewer's
editor is read-only and says why). The list on the left is the store's: a saved briefing comes back through
the feed like any change, and the briefing bar offers it at once. A refusal, the console's own check or the
server's, is shown in red under the form, naming the field, and that field (or step) is outlined.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from wall_client.model import presets as preset_model
from wall_client.model.briefing_editor import BriefingDraft, DraftError, Place, place_of, step_text
from wall_client.model.camera_catalog import fold
from wall_client.model.i18n import translate
from wall_client.ui import plain_text, theme
from wall_client.ui.console.actions import ConsoleActions
from wall_client.ui.console.admin_common import row_of
from wall_client.ui.console.editor.editor_window import EXTRA_STYLE
from wall_client.ui.console.style import stylesheet
from wall_protocol import ProtocolError

NAME_ROLE = Qt.ItemDataRole.UserRole
OUTLINE = f"border: 2px solid {theme.ALARM.name()};"


def field_label(place: Place) -> str:
    """The form's words for a field a refusal names ('Các bước (bước 2)')."""
    names = {"name": translate("BriefingEditor", "Mã"), "title": translate("BriefingEditor", "Tên hiển thị"),
             "advance_s": translate("BriefingEditor", "Tự chuyển bước"),
             "steps": translate("BriefingEditor", "Các bước")}
    text = names[place.field]
    if place.step is not None:
        text += " " + translate("BriefingEditor", "(bước {n})").format(n=place.step + 1)
    return text


class BriefingEditor(QWidget):
    def __init__(self, actions: ConsoleActions, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.console_actions = actions
        self.draft: BriefingDraft | None = None
        self.pointed: Place | None = None  # the field the last refusal named (outlined until the next save)
        self._name_typed = False  # the new briefing's name was typed by hand: its title no longer makes it
        self.confirm: Callable[[str], bool] = lambda question: plain_text.ask(
            self, translate("BriefingEditor", "Xác nhận"), question)
        self.setWindowTitle(translate("BriefingEditor", "Kịch bản giao ban"))
        self.setStyleSheet(stylesheet() + EXTRA_STYLE)
        self.resize(1100, 640)

        self.role_note = QLabel(translate("BriefingEditor", "Chỉ xem: vai trò này không được sửa kịch bản giao ban"))
        self.role_note.setStyleSheet(f"color: {theme.WARN.name()};")
        self.briefing_list = QListWidget()
        self.briefing_list.currentItemChanged.connect(lambda _now, _before: self._chosen())
        self.new_button = self._button(translate("BriefingEditor", "Kịch bản mới"), self.new_briefing)
        self.delete_button = self._button(translate("BriefingEditor", "Xoá kịch bản…"), self.delete_briefing)
        left = QVBoxLayout()
        left.addWidget(QLabel(translate("BriefingEditor", "Kịch bản trên máy chủ")))
        left.addWidget(self.briefing_list, 1)
        left.addLayout(row_of(self.new_button, self.delete_button))

        self.title_edit = QLineEdit()
        self.title_edit.textEdited.connect(self._title_edited)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(translate("BriefingEditor", "vd. giao-ban-sang (chữ thường, số, gạch ngang)"))
        self.name_edit.textEdited.connect(self._name_edited)
        self.auto_check = QCheckBox(translate("BriefingEditor", "Tự chuyển bước sau"))
        self.auto_check.toggled.connect(lambda _on: self._advance_edited())
        self.advance_spin = QDoubleSpinBox()
        self.advance_spin.setRange(1.0, 3600.0)
        self.advance_spin.setDecimals(0)
        self.advance_spin.setValue(30.0)
        self.advance_spin.setSuffix(translate("BriefingEditor", " giây"))
        self.advance_spin.valueChanged.connect(lambda _v: self._advance_edited())
        form = QFormLayout()
        form.addRow(translate("BriefingEditor", "Tên hiển thị"), self.title_edit)
        form.addRow(translate("BriefingEditor", "Mã"), self.name_edit)
        form.addRow(self.auto_check, self.advance_spin)

        self.step_list = QListWidget()
        self.step_list.currentRowChanged.connect(lambda _row: self._enable())
        self.preset_choice = QComboBox()
        self.preset_choice.setMinimumWidth(260)
        self.add_button = self._button(translate("BriefingEditor", "Thêm bước"), self.add_step)
        self.up_button = self._button(translate("BriefingEditor", "▲ Lên"), lambda: self.move_step(-1))
        self.down_button = self._button(translate("BriefingEditor", "▼ Xuống"), lambda: self.move_step(1))
        self.remove_button = self._button(translate("BriefingEditor", "Bỏ bước"), self.remove_step)
        steps = QGroupBox(translate("BriefingEditor", "Các bước (mỗi bước áp dụng một cấu hình tường)"))
        column = QVBoxLayout(steps)
        column.addWidget(self.step_list, 1)
        column.addLayout(row_of(self.up_button, self.down_button, self.remove_button, None))
        column.addLayout(row_of(QLabel(translate("BriefingEditor", "Cấu hình:")), self.preset_choice, self.add_button,
                              None))

        self.save_button = self._button(translate("BriefingEditor", "Lưu lên máy chủ"), self.save)
        self.revert_button = self._button(translate("BriefingEditor", "Bỏ thay đổi"), self.revert)
        self.message = plain_text.label()  # it holds titles and the server's reasons
        self.message.setWordWrap(True)
        right = QVBoxLayout()
        right.addLayout(form)
        right.addWidget(steps, 1)
        right.addLayout(row_of(None, self.revert_button, self.save_button))
        right.addWidget(self.message)

        body = QHBoxLayout()
        body.addLayout(left, 2)
        body.addLayout(right, 5)
        layout = QVBoxLayout(self)
        layout.addWidget(self.role_note)
        layout.addLayout(body, 1)

        store = actions.store
        store.automation_changed.connect(self._on_automation)
        store.reset.connect(self.refresh)
        actions.role_changed.connect(self._enable)
        self.refresh()

    def _button(self, text: str, clicked: Callable[[], None]) -> QPushButton:
        button = QPushButton(text, self)
        button.clicked.connect(lambda _checked=False: clicked())
        return button

    # ------------------------------------------------------------------ following the store

    def _on_automation(self, kind: str, name: str) -> None:
        if kind in ("briefing", "preset"):
            self.refresh()

    def refresh(self) -> None:
        """The briefings and presets as the server has them; an unchanged draft follows its briefing."""
        store = self.console_actions.store
        briefings = sorted(store.briefings.values(), key=lambda b: (fold(b.title), b.name))
        current = self.draft.name if self.draft is not None else None
        self.briefing_list.blockSignals(True)
        self.briefing_list.clear()
        for briefing in briefings:
            item = QListWidgetItem(briefing.title)
            item.setData(NAME_ROLE, briefing.name)
            self.briefing_list.addItem(item)
            if briefing.name == current:
                self.briefing_list.setCurrentItem(item)
        self.briefing_list.blockSignals(False)
        chosen = self.preset_choice.currentData()
        self.preset_choice.clear()
        for preset in preset_model.ordered(store.presets.values()):
            self.preset_choice.addItem(f"{preset.title} ({preset.wall})", preset.name)
        if chosen is not None and self.preset_choice.findData(chosen) >= 0:
            self.preset_choice.setCurrentIndex(self.preset_choice.findData(chosen))
        if self.draft is not None and not self.draft.is_new and not self.changed() and current in store.briefings:
            self.draft = BriefingDraft.of(store.briefings[current])  # someone else's save shows here
        elif self.draft is None and briefings:
            self.open(briefings[0].name)
            return
        self._show()

    # ------------------------------------------------------------------ choosing

    def _chosen(self) -> None:
        item = self.briefing_list.currentItem()
        if item is not None and (self.draft is None or item.data(NAME_ROLE) != self.draft.name):
            self.open(item.data(NAME_ROLE))

    def open(self, name: str) -> None:
        """Edit the server's briefing `name` (what is unsaved in the present draft is dropped)."""
        briefing = self.console_actions.store.briefings.get(name)
        if briefing is None:
            return
        self.draft = BriefingDraft.of(briefing)
        self._point(None)
        self.say("", False)
        for row in range(self.briefing_list.count()):
            item = self.briefing_list.item(row)
            if item is not None and item.data(NAME_ROLE) == name:
                self.briefing_list.blockSignals(True)
                self.briefing_list.setCurrentRow(row)
                self.briefing_list.blockSignals(False)
        self._show()

    def new_briefing(self, title: str | None = None) -> None:
        """A new, empty briefing in the form (saved only by "Lưu")."""
        title = title or translate("BriefingEditor", "Giao ban mới")
        self.draft = BriefingDraft.new(title, self.console_actions.store.briefings)
        self._name_typed = False
        self.briefing_list.clearSelection()
        self._point(None)
        self.say(translate("BriefingEditor", "Kịch bản mới: thêm các bước rồi bấm «Lưu lên máy chủ»"), False)
        self._show()
        self.title_edit.setFocus()
        self.title_edit.selectAll()

    def changed(self) -> bool:
        """The draft differs from what the server holds (a new one always does)."""
        draft = self.draft
        if draft is None:
            return False
        stored = self.console_actions.store.briefings.get(draft.name)
        return draft.is_new or stored is None or BriefingDraft.of(stored).body() != draft.body()

    # ------------------------------------------------------------------ editing

    def _title_edited(self, text: str) -> None:
        if self.draft is not None:
            self.draft.title = text
            if self.draft.is_new and not self._name_typed:  # a new briefing's name follows its title until typed
                self.draft.name = preset_model.slug(text, self.console_actions.store.briefings)
                self.name_edit.setText(self.draft.name)
            self._enable()

    def _name_edited(self, text: str) -> None:
        if self.draft is not None and self.draft.is_new:
            self.draft.name = text.strip()
            self._name_typed = bool(self.draft.name)

    def _advance_edited(self) -> None:
        if self.draft is not None:
            self.draft.advance_s = self.advance_spin.value() if self.auto_check.isChecked() else None
        self.advance_spin.setEnabled(self.auto_check.isChecked() and self.console_actions.may_edit)

    def add_step(self, preset: str | None = None) -> None:
        """Add the chosen preset (or `preset`) after the selected step, else at the end."""
        name = preset or self.preset_choice.currentData()
        if self.draft is None or not name:
            return
        row = self.step_list.currentRow()
        try:
            position = self.draft.add(name, row + 1 if row >= 0 else None)
        except DraftError as exc:
            self.refused(exc.message, exc.place)
            return
        self._show_steps(position)

    def remove_step(self) -> None:
        row = self.step_list.currentRow()
        if self.draft is not None and row >= 0:
            self.draft.remove(row)
            self._show_steps(min(row, len(self.draft.steps) - 1))

    def move_step(self, by: int) -> None:
        row = self.step_list.currentRow()
        if self.draft is not None and row >= 0:
            self._show_steps(self.draft.move(row, by))

    # ------------------------------------------------------------------ saving and deleting

    def save(self) -> None:
        draft = self.draft
        if draft is None:
            return
        try:
            checked = draft.checked()
        except DraftError as exc:
            self.refused(exc.message, exc.place)
            return
        method, path = draft.request()
        what = translate("BriefingEditor", "lưu kịch bản «{title}»").format(title=checked.title)
        self._point(None)
        self.say(translate("BriefingEditor", "Đang gửi: {what}…").format(what=what), False)

        def saved(_answer: Any) -> None:
            draft.is_new = False
            self.say(translate("BriefingEditor", "Đã thực hiện: {what}").format(what=what), False)
            self._show()

        def refused(exc: ProtocolError) -> None:
            self.refused(translate("BriefingEditor", "Máy chủ từ chối {what}: {reason}").format(
                what=what, reason=exc.message), place_of(exc.field, exc.message))

        self.console_actions.call_rest_refused(method, path, draft.body(), saved, refused)

    def revert(self) -> None:
        if self.draft is not None and not self.draft.is_new:
            self.open(self.draft.name)
        elif self.briefing_list.count():
            self.open(self.briefing_list.item(0).data(NAME_ROLE))

    def delete_briefing(self) -> None:
        draft = self.draft
        if draft is None or draft.is_new:
            self.draft = None
            self.refresh()
            return
        question = translate("BriefingEditor", "Xoá kịch bản «{title}» khỏi máy chủ? Mọi bảng điều khiển sẽ "
                             "không còn thấy nó.").format(title=draft.title)
        if not self.confirm(question):
            return
        what = translate("BriefingEditor", "xoá kịch bản «{title}»").format(title=draft.title)

        def deleted(_answer: Any) -> None:
            self.draft = None
            self.say(translate("BriefingEditor", "Đã thực hiện: {what}").format(what=what), False)
            self.refresh()

        self.console_actions.call_rest_refused(
            "DELETE", f"/api/v1/briefings/{draft.name}", None, deleted,
            lambda exc: self.refused(translate("BriefingEditor", "Máy chủ từ chối {what}: {reason}").format(
                what=what, reason=exc.message), None))

    # ------------------------------------------------------------------ showing

    def say(self, text: str, error: bool) -> None:
        self.message.setStyleSheet(f"color: {(theme.ALARM if error else theme.TEXT).name()};")
        self.message.setText(text)
        if text:
            self.console_actions.message.emit(text, error)

    def refused(self, reason: str, place: Place | None) -> None:
        """Say why (naming the field first) and outline that field, or that step."""
        self._point(place)
        self.say(f"{field_label(place)}: {reason}" if place is not None else reason, True)

    def _point(self, place: Place | None) -> None:
        self.pointed = place
        fields = {"title": self.title_edit, "name": self.name_edit, "advance_s": self.advance_spin,
                  "steps": self.step_list}
        for key, widget in fields.items():
            widget.setStyleSheet(OUTLINE if place is not None and place.field == key else "")
        self._show_steps(place.step if place is not None and place.step is not None else None)

    def _show(self) -> None:
        draft = self.draft
        shown = ((self.title_edit, draft.title if draft else ""), (self.name_edit, draft.name if draft else ""))
        for edit, text in shown:
            if edit.text() != text:  # a delta arriving while someone types must not move their cursor
                edit.setText(text)
        self.auto_check.blockSignals(True)
        self.auto_check.setChecked(bool(draft and draft.advance_s is not None))
        self.auto_check.blockSignals(False)
        if draft is not None and draft.advance_s is not None:
            self.advance_spin.blockSignals(True)
            self.advance_spin.setValue(draft.advance_s)
            self.advance_spin.blockSignals(False)
        self._show_steps(self.step_list.currentRow())

    def _show_steps(self, select: int | None) -> None:
        store = self.console_actions.store
        steps = self.draft.steps if self.draft is not None else []
        self.step_list.blockSignals(True)
        self.step_list.clear()
        for position, preset in enumerate(steps):
            text = step_text(position, preset, store.presets, store.layouts)
            item = QListWidgetItem(text)
            if preset not in store.presets or (self.pointed is not None and self.pointed.step == position):
                item.setText(f"⚠ {text}")  # marked in words too: a selected row is drawn in the selection's colours
                item.setForeground(theme.ALARM)
            self.step_list.addItem(item)
        if select is not None and 0 <= select < len(steps):
            self.step_list.setCurrentRow(select)
        self.step_list.blockSignals(False)
        self._enable()

    def _enable(self) -> None:
        editable = self.console_actions.may_edit
        self.role_note.setVisible(not editable)
        has_draft = self.draft is not None
        row = self.step_list.currentRow()
        count = self.step_list.count()
        self.new_button.setEnabled(editable)
        self.delete_button.setEnabled(editable and has_draft)
        for widget in (self.title_edit, self.auto_check, self.preset_choice, self.add_button, self.save_button,
                       self.revert_button):
            widget.setEnabled(editable and has_draft)
        self.name_edit.setEnabled(editable and has_draft and bool(self.draft and self.draft.is_new))
        self.advance_spin.setEnabled(editable and has_draft and self.auto_check.isChecked())
        self.up_button.setEnabled(editable and row > 0)
        self.down_button.setEnabled(editable and 0 <= row < count - 1)
        self.remove_button.setEnabled(editable and row >= 0)

