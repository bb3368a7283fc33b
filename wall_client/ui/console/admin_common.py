"""What every tab of the admin dialog shares: its tables, buttons and forms, the box that shows a new secret
once (`ShownOnce`), and `AdminCalls` (send a REST call, say in the dialog and the status bar what happened or
why the server refused, ask before something that cannot be undone).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from wall_client.model.account_admin import wire_body
from wall_client.model.camera_admin import FormError
from wall_client.model.i18n import translate
from wall_client.ui import theme
from wall_client.ui.console.actions import ConsoleActions

KEY_ROLE = Qt.ItemDataRole.UserRole
"""Where a row's first cell keeps what identifies it on the server (a session's or a link's id)."""


def table(headers: list[str]) -> QTableWidget:
    """A read-only table of whole rows, one selected at a time, columns as wide as their texts."""
    widget = QTableWidget(0, len(headers))
    widget.setHorizontalHeaderLabels(headers)
    widget.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    widget.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
    widget.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    widget.verticalHeader().setVisible(False)
    header = widget.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    # Over the texts they name (the last column stretches: centred, its title would float far from them).
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    # The console's style sheet makes titles bold; sized with the plain font, the widest were cut.
    font = header.font()
    font.setBold(True)
    header.setFont(font)
    return widget


def fill(widget: QTableWidget, rows: list[list[str]], keys: list[Any] | None = None) -> None:
    """Replace the rows; `keys[r]` is kept in row r's first cell (KEY_ROLE)."""
    widget.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            if c == 0 and keys is not None:
                item.setData(KEY_ROLE, keys[r])
            widget.setItem(r, c, item)


def rows(widget: QTableWidget) -> list[list[str]]:
    """The table's texts, row by row (tests and selections read them)."""
    found = []
    for r in range(widget.rowCount()):
        items = [widget.item(r, c) for c in range(widget.columnCount())]
        found.append([item.text() if item is not None else "" for item in items])
    return found


def selected_row(widget: QTableWidget) -> int | None:
    selected = widget.selectionModel().selectedRows()
    return selected[0].row() if selected else None


def selected_key(widget: QTableWidget) -> Any:
    """The key of the selected row (see `fill`), or None."""
    row = selected_row(widget)
    item = widget.item(row, 0) if row is not None else None
    return item.data(KEY_ROLE) if item is not None else None


def select_where(widget: QTableWidget, column: int, text: str) -> None:
    """Select the first row whose `column` reads `text`."""
    for r, values in enumerate(rows(widget)):
        if values[column] == text:
            widget.selectRow(r)
            return


def button(text: str, clicked: Callable[[], None]) -> QPushButton:
    widget = QPushButton(text)
    widget.clicked.connect(clicked)
    return widget


def form(rows: list[tuple[str, QWidget]]) -> QFormLayout:
    """A form of (label, field) rows."""
    layout = QFormLayout()
    for label, field in rows:
        layout.addRow(label, field)
    return layout


def row_of(*widgets: QWidget | None) -> QHBoxLayout:
    """Widgets side by side; None stands for the stretch that pushes the rest to the right."""
    layout = QHBoxLayout()
    for widget in widgets:
        if widget is None:
            layout.addStretch(1)
        else:
            layout.addWidget(widget)
    return layout


class ShownOnce(QGroupBox):
    """A secret the server answers once (a new token, a share link's address): shown here with a Copy button
    and a warning, hidden until there is one, forgotten when the dialog closes."""

    def __init__(self, title: str, warning: str, say_copied: Callable[[], None]) -> None:
        super().__init__(title)
        self.warning = QLabel(warning)
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(f"color: {theme.WARN.name()}; font-weight: bold;")
        self.edit = QLineEdit()
        self.edit.setReadOnly(True)
        self._say_copied = say_copied
        self.copy_button = button(translate("AdminDialog", "Sao chép"), self.copy)
        column = QVBoxLayout(self)
        column.addWidget(self.warning)
        line = QHBoxLayout()
        line.addWidget(self.edit, 1)
        line.addWidget(self.copy_button)
        column.addLayout(line)
        self.hide()

    def show_secret(self, text: str) -> None:
        self.edit.setText(text)
        self.show()

    def copy(self) -> None:
        QApplication.clipboard().setText(self.edit.text())
        self._say_copied()

    def forget(self) -> None:
        self.edit.clear()
        self.hide()


class AdminCalls:
    """The dialog's way to the server and to the person: one message line, the status bar, a confirmation."""

    def __init__(self, actions: ConsoleActions, message: QLabel, confirm: Callable[[str], bool]) -> None:
        self.actions = actions
        self.message = message
        self.confirm = confirm  # asks the dialog's current `confirm` each time (tests answer it)

    def call(self, method: str, path: str, body: BaseModel | None,
             done: Callable[[Any], None], failed: Callable[[str], None]) -> None:
        """Send `body` (a shared model) as JSON; `done` gets the answer, and a FormError it raises is said."""

        def answered(answer: Any) -> None:
            try:
                done(answer)
            except FormError as exc:  # the answer is not what the shared model says
                self.say(str(exc), True)

        self.actions.call_rest(method, path, wire_body(body) if body is not None else None, answered, failed)

    def say(self, text: str, error: bool) -> None:
        self.message.setStyleSheet(f"color: {(theme.ALARM if error else theme.TEXT).name()};")
        self.message.setText(text)
        self.actions.message.emit(text, error)

    def sending(self, what: str) -> None:
        self.say(translate("AdminDialog", "Đang gửi: {what}…").format(what=what), False)

    def done(self, what: str) -> None:
        self.say(translate("AdminDialog", "Đã thực hiện: {what}").format(what=what), False)

    def refused(self, what: str) -> Callable[[str], None]:
        return lambda reason: self.say(
            translate("AdminDialog", "Máy chủ từ chối {what}: {reason}").format(what=what, reason=reason), True)

    def send(self, method: str, path: str, body: BaseModel | None, what: str,
             done: Callable[[Any], None]) -> None:
        """A change: "sending…", then `done(answer)` (which says it is done), or the server's refusal."""
        self.sending(what)
        self.call(method, path, body, done, self.refused(what))
