"""Quản trị (Ctrl+Shift+A): cameras and tokens over the server's REST API.

Nothing is changed locally: the camera table is read again after every change and the console's camera tree
follows the server's camera deltas. Anyone may open it; the server refuses what a non-admin asks, and the
dialog shows its reason. Answers are read into the shared admin models (wall_protocol/admin.py) and bodies
are built from them (wall_client/model/camera_admin.py).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from pydantic import BaseModel
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

from wall_client.model import camera_admin, formatting
from wall_client.model.camera_admin import FormError
from wall_client.model.i18n import translate
from wall_client.ui import plain_text, theme
from wall_client.ui.console.actions import ConsoleActions
from wall_protocol.admin import CameraSpec
from wall_protocol.common import Role
from wall_protocol.timezone import VIETNAM_TZ


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
        self.setWindowTitle(translate("AdminDialog", "Quản trị: camera và mã truy cập"))
        self.resize(1000, 600)
        self.confirm: Callable[[str], bool] = lambda question: plain_text.ask(
            self, translate("AdminDialog", "Xác nhận"), question)
        self.loaded: CameraSpec | None = None  # the selected camera's settings, as GET …/config gave them

        self.role_note = QLabel()
        self.role_note.setWordWrap(True)
        self.role_note.setStyleSheet(f"color: {theme.WARN.name()};")
        self.message = plain_text.label()  # camera and token names, and the server's reasons
        self.message.setWordWrap(True)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._cameras_tab(), translate("AdminDialog", "Camera"))
        self.tabs.addTab(self._tokens_tab(), translate("AdminDialog", "Mã truy cập"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.role_note)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        actions.role_changed.connect(self._role)
        actions.store.camera_changed.connect(self._camera_delta)
        self._role()

    # ------------------------------------------------------------------ building

    def _cameras_tab(self) -> QWidget:
        self.camera_table = _table([translate("AdminDialog", "Mã"), translate("AdminDialog", "Tên"),
                                    translate("AdminDialog", "Huyện / nhóm"), translate("AdminDialog", "Luồng phụ"),
                                    translate("AdminDialog", "Bật")])
        self.camera_table.itemSelectionChanged.connect(self._camera_selected)
        self.id_edit = QLineEdit()
        self.id_edit.setPlaceholderText(translate("AdminDialog", "vd. phai-ve (chữ thường, số, gạch ngang)"))
        self.name_edit = QLineEdit()
        self.area_edit = QLineEdit()
        self.main_url_edit = QLineEdit()
        self.main_url_edit.setPlaceholderText(translate("AdminDialog", "rtsp://… hoặc http(s)://…"))
        self.sub_url_edit = QLineEdit()
        self.sub_url_edit.setPlaceholderText(translate("AdminDialog", "không bắt buộc"))
        self.transport_combo = QComboBox()
        self.transport_combo.addItem("TCP", "tcp")
        self.transport_combo.addItem("UDP", "udp")
        self.enabled_check = QCheckBox(translate("AdminDialog", "Đang dùng"))
        self.enabled_check.setChecked(True)
        form = QFormLayout()
        form.addRow(translate("AdminDialog", "Mã"), self.id_edit)
        form.addRow(translate("AdminDialog", "Tên"), self.name_edit)
        form.addRow(translate("AdminDialog", "Huyện / nhóm"), self.area_edit)
        form.addRow(translate("AdminDialog", "Luồng chính"), self.main_url_edit)
        form.addRow(translate("AdminDialog", "Luồng phụ"), self.sub_url_edit)
        form.addRow(translate("AdminDialog", "RTSP qua"), self.transport_combo)
        form.addRow("", self.enabled_check)
        self.new_camera_button = QPushButton(translate("AdminDialog", "Camera mới"))
        self.new_camera_button.clicked.connect(self.new_camera)
        self.save_camera_button = QPushButton(translate("AdminDialog", "Lưu camera"))
        self.save_camera_button.clicked.connect(self.save_camera)
        self.delete_camera_button = QPushButton(translate("AdminDialog", "Xoá camera…"))
        self.delete_camera_button.clicked.connect(self.delete_camera)
        buttons = QHBoxLayout()
        for button in (self.new_camera_button, self.save_camera_button, self.delete_camera_button):
            buttons.addWidget(button)
        box = QGroupBox(translate("AdminDialog", "Camera đang chọn"))
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
        self.token_table = _table([translate("AdminDialog", "Tên"), translate("AdminDialog", "Vai trò"),
                                   translate("AdminDialog", "Tạo lúc"), translate("AdminDialog", "Thu hồi lúc")])
        self.token_name_edit = QLineEdit()
        self.token_name_edit.setPlaceholderText(translate("AdminDialog", "vd. tuong-phong-truc"))
        self.token_role_combo = QComboBox()
        for role in Role:
            self.token_role_combo.addItem(role.value, role.value)
        self.create_token_button = QPushButton(translate("AdminDialog", "Tạo mã"))
        self.create_token_button.clicked.connect(self.create_token)
        self.revoke_token_button = QPushButton(translate("AdminDialog", "Thu hồi mã đang chọn…"))
        self.revoke_token_button.clicked.connect(self.revoke_token)
        create = QHBoxLayout()
        create.addWidget(QLabel(translate("AdminDialog", "Tên")))
        create.addWidget(self.token_name_edit, 1)
        create.addWidget(QLabel(translate("AdminDialog", "Vai trò")))
        create.addWidget(self.token_role_combo)
        create.addWidget(self.create_token_button)
        create.addStretch(1)
        create.addWidget(self.revoke_token_button)
        self.secret_box = QGroupBox(translate("AdminDialog", "Mã vừa tạo"))
        self.secret_warning = QLabel(translate("AdminDialog", "Chỉ hiện MỘT LẦN: máy chủ chỉ lưu bản băm, đóng cửa sổ "
                                                              "này là không xem lại được. Sao chép và cất giữ ngay."))
        self.secret_warning.setWordWrap(True)
        self.secret_warning.setStyleSheet(f"color: {theme.WARN.name()}; font-weight: bold;")
        self.secret_edit = QLineEdit()
        self.secret_edit.setReadOnly(True)
        self.copy_button = QPushButton(translate("AdminDialog", "Sao chép"))
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
        self._call("GET", "/api/v1/cameras", None, self._cameras,
                   self._refused(translate("AdminDialog", "đọc danh sách camera")))

    def reload_tokens(self) -> None:
        self._call("GET", "/api/v1/tokens", None, self._tokens,
                   self._refused(translate("AdminDialog", "đọc danh sách mã")))

    def _call(self, method: str, path: str, body: BaseModel | None,
              done: Callable[[Any], None], failed: Callable[[str], None]) -> None:
        """Send `body` (a shared admin model) as JSON; `done` gets the answer, read or refused by `read` there."""

        def answered(answer: Any) -> None:
            try:
                done(answer)
            except FormError as exc:  # the answer is not what the shared model says
                self._say(str(exc), True)

        json_body = body.model_dump(mode="json") if body is not None else None
        self.console_actions.call_rest(method, path, json_body, answered, failed)

    def _say(self, text: str, error: bool) -> None:
        self.message.setStyleSheet(f"color: {(theme.ALARM if error else theme.TEXT).name()};")
        self.message.setText(text)
        self.console_actions.message.emit(text, error)

    def _sending(self, what: str) -> None:
        self._say(translate("AdminDialog", "Đang gửi: {what}…").format(what=what), False)

    def _done(self, what: str) -> None:
        self._say(translate("AdminDialog", "Đã thực hiện: {what}").format(what=what), False)

    def _refused(self, what: str) -> Callable[[str], None]:
        return lambda reason: self._say(
            translate("AdminDialog", "Máy chủ từ chối {what}: {reason}").format(what=what, reason=reason), True)

    def _role(self) -> None:
        role = self.console_actions.role
        self.role_note.setVisible(role is not Role.ADMIN)
        self.role_note.setText(
            translate("AdminDialog", "Vai trò {role}: chỉ quản trị viên (admin) sửa được camera và mã truy cập; "
                                     "máy chủ sẽ từ chối và cho biết lý do.")
            .format(role=role.value if role else translate("AdminDialog", "chưa rõ")))

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
        cameras = camera_admin.cameras(answer)
        keep = self.selected_camera()
        yes, off = translate("AdminDialog", "có"), translate("AdminDialog", "tắt")
        self.camera_table.blockSignals(True)
        _fill(self.camera_table, [[c.id, c.name, c.area, yes if c.has_sub_stream else "", yes if c.enabled else off]
                                  for c in cameras])
        for row, camera in enumerate(cameras):
            if camera.id == keep:
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
                       self._refused(translate("AdminDialog", "đọc cấu hình camera {camera}").format(camera=camera)))

    def _load_camera(self, answer: Any) -> None:
        spec = camera_admin.camera_settings(answer)
        self.loaded = spec
        self.id_edit.setText(spec.id)
        self.id_edit.setReadOnly(True)  # the id names the camera on every wall: a new id is a new camera
        self.name_edit.setText(spec.name)
        self.area_edit.setText(spec.area)
        self.main_url_edit.setText(spec.main_url)
        self.sub_url_edit.setText(spec.sub_url or "")
        self.transport_combo.setCurrentIndex(max(0, self.transport_combo.findData(spec.rtsp_transport)))
        self.enabled_check.setChecked(spec.enabled)

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
        try:
            body = camera_admin.camera_body(
                self.loaded, id=self.id_edit.text(), name=self.name_edit.text(), area=self.area_edit.text(),
                main_url=self.main_url_edit.text(), sub_url=self.sub_url_edit.text(),
                rtsp_transport=self.transport_combo.currentData(), enabled=self.enabled_check.isChecked())
        except FormError as exc:
            self._say(str(exc), True)
            return
        what = translate("AdminDialog", "lưu camera «{name}»").format(name=body.name)

        def saved(_answer: Any) -> None:
            self.loaded = body
            self.id_edit.setReadOnly(True)
            self._done(what)
            self.reload_cameras()

        self._sending(what)
        self._call("PUT", f"/api/v1/cameras/{body.id}", body, saved, self._refused(what))

    def delete_camera(self) -> None:
        """Delete the selected camera, once confirmed."""
        camera = self.selected_camera()
        if camera is None:
            self._say(translate("AdminDialog", "Chọn một camera trong bảng trước"), True)
            return
        name = self.camera_name(camera) or camera
        what = translate("AdminDialog", "xoá camera «{name}»").format(name=name)
        if not self.confirm(translate("AdminDialog", "Xoá camera «{name}» ({camera}) khỏi mọi tường?")
                            .format(name=name, camera=camera)):
            return

        def deleted(_answer: Any) -> None:
            self._done(what)
            self.new_camera()
            self.reload_cameras()

        self._sending(what)
        self._call("DELETE", f"/api/v1/cameras/{camera}", None, deleted, self._refused(what))

    # ------------------------------------------------------------------ tokens

    def _tokens(self, answer: Any) -> None:
        def when(moment: datetime | None) -> str:
            """The server's UTC timestamp in Vietnam's time, as everything else in the console."""
            if moment is None:
                return ""
            return f"{moment.astimezone(VIETNAM_TZ):%d/%m/%Y} {formatting.local_time(moment)}"

        _fill(self.token_table, [[t.name, t.role.value, when(t.created_at), when(t.revoked_at)]
                                 for t in camera_admin.tokens(answer)])

    def token_rows(self) -> list[list[str]]:
        rows = []
        for r in range(self.token_table.rowCount()):
            items = [self.token_table.item(r, c) for c in range(self.token_table.columnCount())]
            rows.append([item.text() if item is not None else "" for item in items])
        return rows

    def create_token(self) -> None:
        """POST a new token; its secret is shown once, here."""
        try:
            body = camera_admin.token_request(self.token_name_edit.text(), Role(self.token_role_combo.currentData()))
        except FormError as exc:
            self._say(str(exc), True)
            return
        what = translate("AdminDialog", "tạo mã «{name}» ({role})").format(name=body.name, role=body.role.value)
        self.forget_secret()

        def created(answer: Any) -> None:
            self.secret_edit.setText(camera_admin.new_token(answer).token)
            self.secret_box.show()
            self.token_name_edit.clear()
            self._say(translate("AdminDialog", "Đã thực hiện: {what}. Sao chép mã ngay: nó không hiện lại.")
                      .format(what=what), False)
            self.reload_tokens()

        self._sending(what)
        self._call("POST", "/api/v1/tokens", body, created, self._refused(what))

    def copy_secret(self) -> None:
        QApplication.clipboard().setText(self.secret_edit.text())
        self._say(translate("AdminDialog", "Đã sao chép mã vào bộ nhớ tạm"), False)

    def forget_secret(self) -> None:
        self.secret_edit.clear()
        self.secret_box.hide()

    def revoke_token(self) -> None:
        """Revoke the selected token, once confirmed."""
        rows = self.token_table.selectionModel().selectedRows()
        item = self.token_table.item(rows[0].row(), 0) if rows else None
        if item is None:
            self._say(translate("AdminDialog", "Chọn một mã trong bảng trước"), True)
            return
        name = item.text()
        what = translate("AdminDialog", "thu hồi mã «{name}»").format(name=name)
        if not self.confirm(translate("AdminDialog", "Thu hồi mã «{name}»? Mọi tường và bảng điều khiển dùng mã này "
                                                     "sẽ bị ngắt.").format(name=name)):
            return

        def revoked(_answer: Any) -> None:
            self._done(what)
            self.reload_tokens()

        self._sending(what)
        self._call("DELETE", f"/api/v1/tokens/{name}", None, revoked, self._refused(what))

    def select_token(self, name: str) -> None:
        for row, values in enumerate(self.token_rows()):
            if values[0] == name:
                self.token_table.selectRow(row)
