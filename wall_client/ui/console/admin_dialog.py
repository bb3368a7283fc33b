"""Quản trị (Ctrl+Shift+A): cameras and tokens over the server's REST API.

Nothing is changed locally: the camera table is read again after every change and the console's camera tree
follows the server's camera deltas. Anyone may open it; the server refuses what a non-admin asks, and the
dialog shows its reason.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from wall_client.model import formatting
from wall_client.model.camera_admin import camera_body
from wall_client.model.formatting import VIETNAM
from wall_client.ui import plain_text, theme
from wall_client.ui.console.actions import ConsoleActions
from wall_protocol.common import Role


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(text))


class AdminDialog(QDialog):
    def __init__(self, actions: ConsoleActions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.console_actions = actions
        self.setWindowTitle("Quản trị: camera và mã truy cập")
        self.resize(1000, 600)
        self.confirm: Callable[[str], bool] = lambda question: plain_text.ask(self, "Xác nhận", question)
        self.loaded: dict[str, Any] | None = None  # the selected camera's settings, as GET …/config gave them

        self.role_note = QLabel()
        self.role_note.setWordWrap(True)
        self.role_note.setStyleSheet(f"color: {theme.WARN.name()};")
        self.message = plain_text.label()  # camera and token names, and the server's reasons
        self.message.setWordWrap(True)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._cameras_tab(), "Camera")
        self.tabs.addTab(self._tokens_tab(), "Mã truy cập")
        layout = QVBoxLayout(self)
        layout.addWidget(self.role_note)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        actions.role_changed.connect(self._role)
        actions.store.camera_changed.connect(self._camera_delta)
        self._role()

    # ------------------------------------------------------------------ building

    def _cameras_tab(self) -> QWidget:
        self.camera_table = _table(["Mã", "Tên", "Huyện / nhóm", "Luồng phụ", "Bật"])
        self.camera_table.itemSelectionChanged.connect(self._camera_selected)
        self.id_edit = QLineEdit()
        self.id_edit.setPlaceholderText("vd. phai-ve (chữ thường, số, gạch ngang)")
        self.name_edit = QLineEdit()
        self.area_edit = QLineEdit()
        self.main_url_edit = QLineEdit()
        self.main_url_edit.setPlaceholderText("rtsp://… hoặc http(s)://…")
        self.sub_url_edit = QLineEdit()
        self.sub_url_edit.setPlaceholderText("không bắt buộc")
        self.transport_combo = QComboBox()
        self.transport_combo.addItem("TCP", "tcp")
        self.transport_combo.addItem("UDP", "udp")
        self.enabled_check = QCheckBox("Đang dùng")
        self.enabled_check.setChecked(True)
        form = QFormLayout()
        form.addRow("Mã", self.id_edit)
        form.addRow("Tên", self.name_edit)
        form.addRow("Huyện / nhóm", self.area_edit)
        form.addRow("Luồng chính", self.main_url_edit)
        form.addRow("Luồng phụ", self.sub_url_edit)
        form.addRow("RTSP qua", self.transport_combo)
        form.addRow("", self.enabled_check)
        self.new_camera_button = QPushButton("Camera mới")
        self.new_camera_button.clicked.connect(self.new_camera)
        self.save_camera_button = QPushButton("Lưu camera")
        self.save_camera_button.clicked.connect(self.save_camera)
        self.delete_camera_button = QPushButton("Xoá camera…")
        self.delete_camera_button.clicked.connect(self.delete_camera)
        buttons = QHBoxLayout()
        for button in (self.new_camera_button, self.save_camera_button, self.delete_camera_button):
            buttons.addWidget(button)
        box = QGroupBox("Camera đang chọn")
        side = QVBoxLayout(box)
        side.addLayout(form)
        side.addLayout(buttons)
        side.addStretch(1)
        tab = QWidget()
        row = QHBoxLayout(tab)
        row.addWidget(self.camera_table, 3)
        row.addWidget(box, 2)
        return tab

    def _tokens_tab(self) -> QWidget:
        self.token_table = _table(["Tên", "Vai trò", "Tạo lúc", "Thu hồi lúc"])
        self.token_name_edit = QLineEdit()
        self.token_name_edit.setPlaceholderText("vd. tuong-phong-truc")
        self.token_role_combo = QComboBox()
        for role in Role:
            self.token_role_combo.addItem(role.value, role.value)
        self.create_token_button = QPushButton("Tạo mã")
        self.create_token_button.clicked.connect(self.create_token)
        self.revoke_token_button = QPushButton("Thu hồi mã đang chọn…")
        self.revoke_token_button.clicked.connect(self.revoke_token)
        create = QHBoxLayout()
        create.addWidget(QLabel("Tên"))
        create.addWidget(self.token_name_edit, 1)
        create.addWidget(QLabel("Vai trò"))
        create.addWidget(self.token_role_combo)
        create.addWidget(self.create_token_button)
        create.addStretch(1)
        create.addWidget(self.revoke_token_button)
        self.secret_box = QGroupBox("Mã vừa tạo")
        self.secret_warning = QLabel("Chỉ hiện MỘT LẦN: máy chủ chỉ lưu bản băm, đóng cửa sổ này là không xem lại "
                                     "được. Sao chép và cất giữ ngay.")
        self.secret_warning.setWordWrap(True)
        self.secret_warning.setStyleSheet(f"color: {theme.WARN.name()}; font-weight: bold;")
        self.secret_edit = QLineEdit()
        self.secret_edit.setReadOnly(True)
        self.copy_button = QPushButton("Sao chép")
        self.copy_button.clicked.connect(self.copy_secret)
        secret_row = QHBoxLayout()
        secret_row.addWidget(self.secret_edit, 1)
        secret_row.addWidget(self.copy_button)
        secret = QVBoxLayout(self.secret_box)
        secret.addWidget(self.secret_warning)
        secret.addLayout(secret_row)
        self.secret_box.hide()
        tab = QWidget()
        column = QVBoxLayout(tab)
        column.addLayout(create)
        column.addWidget(self.secret_box)
        column.addWidget(self.token_table, 1)
        return tab

    # ------------------------------------------------------------------ common

    def refresh(self) -> None:
        """Read the cameras and the tokens again (the server refuses the tokens to a non-admin)."""
        self.reload_cameras()
        self.reload_tokens()

    def reload_cameras(self) -> None:
        self._call("GET", "/api/v1/cameras", None, self._cameras, self._refused("đọc danh sách camera"))

    def reload_tokens(self) -> None:
        self._call("GET", "/api/v1/tokens", None, self._tokens, self._refused("đọc danh sách mã"))

    def _call(self, method: str, path: str, body: dict[str, Any] | None,
              done: Callable[[Any], None], failed: Callable[[str], None]) -> None:
        self.console_actions.call_rest(method, path, body, done, failed)

    def _say(self, text: str, error: bool) -> None:
        self.message.setStyleSheet(f"color: {(theme.ALARM if error else theme.TEXT).name()};")
        self.message.setText(text)
        self.console_actions.message.emit(text, error)

    def _refused(self, what: str) -> Callable[[str], None]:
        return lambda reason: self._say(f"Máy chủ từ chối {what}: {reason}", True)

    def _role(self) -> None:
        role = self.console_actions.role
        self.role_note.setVisible(role is not Role.ADMIN)
        self.role_note.setText(f"Vai trò {role.value if role else 'chưa rõ'}: chỉ quản trị viên (admin) sửa được "
                               "camera và mã truy cập; máy chủ sẽ từ chối và cho biết lý do.")

    def _camera_delta(self, _camera: str) -> None:
        if self.isVisible():
            self.reload_cameras()

    def closeEvent(self, event: Any) -> None:
        self.forget_secret()
        super().closeEvent(event)

    def done(self, result: int) -> None:  # Esc / close button
        self.forget_secret()
        super().done(result)

    # ------------------------------------------------------------------ cameras

    def _cameras(self, answer: Any) -> None:
        cameras = sorted(answer or [], key=lambda c: (c.get("area", ""), c.get("name", "")))
        keep = self.selected_camera()
        self.camera_table.blockSignals(True)
        _fill(self.camera_table, [[c["id"], c["name"], c.get("area", ""), "có" if c.get("has_sub_stream") else "",
                                   "có" if c.get("enabled", True) else "tắt"] for c in cameras])
        for row, camera in enumerate(cameras):
            if camera["id"] == keep:
                self.camera_table.selectRow(row)
        self.camera_table.blockSignals(False)

    def camera_ids(self) -> list[str]:
        items = (self.camera_table.item(r, 0) for r in range(self.camera_table.rowCount()))
        return [item.text() for item in items if item is not None]

    def camera_name(self, camera: str) -> str | None:
        for row, camera_id in enumerate(self.camera_ids()):
            item = self.camera_table.item(row, 1)
            if camera_id == camera and item is not None:
                return item.text()
        return None

    def selected_camera(self) -> str | None:
        rows = self.camera_table.selectionModel().selectedRows()
        item = self.camera_table.item(rows[0].row(), 0) if rows else None
        return item.text() if item else None

    def select_camera(self, camera: str) -> None:
        if camera in self.camera_ids():
            self.camera_table.selectRow(self.camera_ids().index(camera))

    def _camera_selected(self) -> None:
        camera = self.selected_camera()
        if camera is not None:
            self._call("GET", f"/api/v1/cameras/{camera}/config", None, self._load_camera,
                       self._refused(f"đọc cấu hình camera {camera}"))

    def _load_camera(self, spec: Any) -> None:
        self.loaded = dict(spec)
        self.id_edit.setText(spec["id"])
        self.id_edit.setReadOnly(True)  # the id names the camera on every wall: a new id is a new camera
        self.name_edit.setText(spec["name"])
        self.area_edit.setText(spec.get("area", ""))
        self.main_url_edit.setText(spec["main_url"])
        self.sub_url_edit.setText(spec.get("sub_url") or "")
        self.transport_combo.setCurrentIndex(max(0, self.transport_combo.findData(spec.get("rtsp_transport", "tcp"))))
        self.enabled_check.setChecked(bool(spec.get("enabled", True)))

    def new_camera(self) -> None:
        """An empty form for a new camera."""
        self.loaded = None
        self.camera_table.clearSelection()
        self.id_edit.setReadOnly(False)
        for edit in (self.id_edit, self.name_edit, self.area_edit, self.main_url_edit, self.sub_url_edit):
            edit.clear()
        self.transport_combo.setCurrentIndex(0)
        self.enabled_check.setChecked(True)
        self.id_edit.setFocus()

    def save_camera(self) -> None:
        """PUT the form; the server validates it and says what is wrong."""
        body = camera_body(self.loaded, id=self.id_edit.text(), name=self.name_edit.text(),
                           area=self.area_edit.text(), main_url=self.main_url_edit.text(),
                           sub_url=self.sub_url_edit.text(), rtsp_transport=self.transport_combo.currentData(),
                           enabled=self.enabled_check.isChecked())
        if not body["id"]:
            self._say("Nhập mã camera trước khi lưu", True)
            return
        what = f"lưu camera «{body['name'] or body['id']}»"

        def saved(_answer: Any) -> None:
            self.loaded = body
            self.id_edit.setReadOnly(True)
            self._say(f"Đã thực hiện: {what}", False)
            self.reload_cameras()

        self._say(f"Đang gửi: {what}…", False)
        self._call("PUT", f"/api/v1/cameras/{body['id']}", body, saved, self._refused(what))

    def delete_camera(self) -> None:
        """Delete the selected camera, once confirmed."""
        camera = self.selected_camera()
        if camera is None:
            self._say("Chọn một camera trong bảng trước", True)
            return
        name = self.camera_name(camera) or camera
        what = f"xoá camera «{name}»"
        if not self.confirm(f"Xoá camera «{name}» ({camera}) khỏi mọi tường?"):
            return

        def deleted(_answer: Any) -> None:
            self._say(f"Đã thực hiện: {what}", False)
            self.new_camera()
            self.reload_cameras()

        self._say(f"Đang gửi: {what}…", False)
        self._call("DELETE", f"/api/v1/cameras/{camera}", None, deleted, self._refused(what))

    # ------------------------------------------------------------------ tokens

    def _tokens(self, answer: Any) -> None:
        def when(value: str | None) -> str:
            """The server's UTC timestamp in Vietnam's time, as everything else in the console."""
            if not value:
                return ""
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
            return f"{moment.astimezone(VIETNAM):%d/%m/%Y} {formatting.local_time(moment)}"

        _fill(self.token_table, [[t["name"], t["role"], when(t["created_at"]), when(t.get("revoked_at"))]
                                 for t in answer or []])

    def token_rows(self) -> list[list[str]]:
        rows = []
        for r in range(self.token_table.rowCount()):
            items = [self.token_table.item(r, c) for c in range(self.token_table.columnCount())]
            rows.append([item.text() if item is not None else "" for item in items])
        return rows

    def create_token(self) -> None:
        """POST a new token; its secret is shown once, here."""
        name, role = self.token_name_edit.text().strip(), self.token_role_combo.currentData()
        if not name:
            self._say("Nhập tên cho mã mới", True)
            return
        what = f"tạo mã «{name}» ({role})"
        self.forget_secret()

        def created(answer: Any) -> None:
            self.secret_edit.setText(answer["token"])
            self.secret_box.show()
            self.token_name_edit.clear()
            self._say(f"Đã thực hiện: {what}. Sao chép mã ngay: nó không hiện lại.", False)
            self.reload_tokens()

        self._say(f"Đang gửi: {what}…", False)
        self._call("POST", "/api/v1/tokens", {"name": name, "role": role}, created, self._refused(what))

    def copy_secret(self) -> None:
        QApplication.clipboard().setText(self.secret_edit.text())
        self._say("Đã sao chép mã vào bộ nhớ tạm", False)

    def forget_secret(self) -> None:
        self.secret_edit.clear()
        self.secret_box.hide()

    def revoke_token(self) -> None:
        """Revoke the selected token, once confirmed."""
        rows = self.token_table.selectionModel().selectedRows()
        item = self.token_table.item(rows[0].row(), 0) if rows else None
        if item is None:
            self._say("Chọn một mã trong bảng trước", True)
            return
        name = item.text()
        what = f"thu hồi mã «{name}»"
        if not self.confirm(f"Thu hồi mã «{name}»? Mọi tường và bảng điều khiển dùng mã này sẽ bị ngắt."):
            return

        def revoked(_answer: Any) -> None:
            self._say(f"Đã thực hiện: {what}", False)
            self.reload_tokens()

        self._say(f"Đang gửi: {what}…", False)
        self._call("DELETE", f"/api/v1/tokens/{name}", None, revoked, self._refused(what))

    def select_token(self, name: str) -> None:
        for row, values in enumerate(self.token_rows()):
            if values[0] == name:
                self.token_table.selectRow(row)
