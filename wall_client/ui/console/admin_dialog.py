"""Quản trị (Ctrl+Shift+A): cameras, tokens, people's accounts, their sessions and share links, over the
server's REST API.

Nothing is changed locally: each list is read again after every change and the console's camera tree
follows the server's camera deltas. Anyone may open it; the server refuses what the role does not allow
(everything but share links needs an admin), and the dialog shows its reason. Answers are read into the
shared models (wall_protocol/admin.py, wall_protocol/accounts.py) and bodies are built from them
(wall_client/model/camera_admin.py, account_admin.py). The people tabs are modules of their own:
admin_users.py, admin_sessions.py, admin_shares.py; admin_common.py holds what every tab shares.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from wall_client.model import camera_admin, formatting
from wall_client.model.camera_admin import FormError
from wall_client.model.i18n import translate
from wall_client.ui import plain_text, theme
from wall_client.ui.console.actions import ConsoleActions
from wall_client.ui.console.admin_common import AdminCalls, ShownOnce, fill, rows, table
from wall_client.ui.console.admin_sessions import SessionsTab
from wall_client.ui.console.admin_shares import SharesTab
from wall_client.ui.console.admin_users import UsersTab
from wall_protocol.admin import CameraSpec
from wall_protocol.common import Role


class AdminDialog(QDialog):
    def __init__(self, actions: ConsoleActions, parent: QWidget | None = None, server_http: str = "") -> None:
        """`server_http`: the server's address as people reach it (a share link is sent as it plus the link's path)."""
        super().__init__(parent)
        self.console_actions = actions
        self.setWindowTitle(translate("AdminDialog", "Quản trị: camera, mã truy cập, tài khoản"))
        self.resize(1000, 600)
        self.confirm: Callable[[str], bool] = lambda question: plain_text.ask(
            self, translate("AdminDialog", "Xác nhận"), question)
        self.loaded: CameraSpec | None = None  # the selected camera's settings, as GET …/config gave them

        self.role_note = QLabel()
        self.role_note.setWordWrap(True)
        self.role_note.setStyleSheet(f"color: {theme.WARN.name()};")
        self.message = plain_text.label()  # camera and token names, and the server's reasons
        self.message.setWordWrap(True)
        self.calls = AdminCalls(actions, self.message, lambda question: self.confirm(question))
        self.tabs = QTabWidget()
        self.users_tab = UsersTab(self.calls)
        self.sessions_tab = SessionsTab(self.calls)
        self.shares_tab = SharesTab(self.calls, actions.store, server_http)
        self._reloads: list[Callable[[], None]] = []  # each tab's list reader, in the tabs' order
        for tab, title, reload in (
                (self._cameras_tab(), translate("AdminDialog", "Camera"), self.reload_cameras),
                (self._tokens_tab(), translate("AdminDialog", "Mã truy cập"), self.reload_tokens),
                (self.users_tab, translate("AdminDialog", "Người dùng"), self.users_tab.reload),
                (self.sessions_tab, translate("AdminDialog", "Phiên đăng nhập"), self.sessions_tab.reload),
                (self.shares_tab, translate("AdminDialog", "Liên kết chia sẻ"), self.shares_tab.reload)):
            self.tabs.addTab(tab, title)
            self._reloads.append(reload)
        self.tabs.currentChanged.connect(lambda _index: self.reload_current())
        layout = QVBoxLayout(self)
        layout.addWidget(self.role_note)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        actions.role_changed.connect(self._role)
        actions.store.camera_changed.connect(self._camera_delta)
        self._role()

    # ------------------------------------------------------------------ building

    def _cameras_tab(self) -> QWidget:
        self.camera_table = table([translate("AdminDialog", "Mã"), translate("AdminDialog", "Tên"),
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
        self.token_table = table([translate("AdminDialog", "Tên"), translate("AdminDialog", "Vai trò"),
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
        self.secret_box = ShownOnce(
            translate("AdminDialog", "Mã vừa tạo"),
            translate("AdminDialog", "Chỉ hiện MỘT LẦN: máy chủ chỉ lưu bản băm, đóng cửa sổ này là không xem lại "
                                     "được. Sao chép và cất giữ ngay."),
            lambda: self.calls.say(translate("AdminDialog", "Đã sao chép mã vào bộ nhớ tạm"), False))
        self.secret_warning, self.secret_edit, self.copy_button = (self.secret_box.warning, self.secret_box.edit,
                                                                   self.secret_box.copy_button)
        tab = QWidget()
        column = QVBoxLayout(tab)
        column.addLayout(create)
        column.addWidget(self.secret_box)
        column.addWidget(self.token_table, 1)
        return tab

    # ------------------------------------------------------------------ common

    def refresh(self) -> None:
        """Read the cameras again (the camera tree's names come from them), and the list of the tab shown."""
        self.reload_cameras()
        if self.tabs.currentIndex() != 0:
            self.reload_current()

    def reload_current(self) -> None:
        """Read the shown tab's list again: each tab asks when it is shown, so a refusal names what it shows."""
        self._reloads[self.tabs.currentIndex()]()

    def reload_cameras(self) -> None:
        self.calls.call("GET", "/api/v1/cameras", None, self._cameras,
                        self.calls.refused(translate("AdminDialog", "đọc danh sách camera")))

    def reload_tokens(self) -> None:
        self.calls.call("GET", "/api/v1/tokens", None, self._tokens,
                        self.calls.refused(translate("AdminDialog", "đọc danh sách mã")))

    def _role(self) -> None:
        role = self.console_actions.role
        self.role_note.setVisible(role is not Role.ADMIN)
        self.role_note.setText(
            translate("AdminDialog", "Vai trò {role}: chỉ quản trị viên (admin) sửa được camera, mã truy cập và tài "
                                     "khoản; điều hành viên (operator) tạo được liên kết chia sẻ. Máy chủ từ chối "
                                     "việc khác và cho biết lý do.")
            .format(role=role.value if role else translate("AdminDialog", "chưa rõ")))

    def _camera_delta(self, _camera: str) -> None:
        if self.isVisible():
            self.reload_cameras()

    def closeEvent(self, event: Any) -> None:
        self.forget_secrets()
        super().closeEvent(event)

    def done(self, result: int) -> None:  # Esc / close button
        self.forget_secrets()
        super().done(result)

    def forget_secrets(self) -> None:
        """A new token's secret and a new share link are shown once: closing the dialog drops them."""
        self.secret_box.forget()
        self.shares_tab.link_box.forget()

    # ------------------------------------------------------------------ cameras

    def _cameras(self, answer: Any) -> None:
        cameras = camera_admin.cameras(answer)
        keep = self.selected_camera()
        yes, off = translate("AdminDialog", "có"), translate("AdminDialog", "tắt")
        self.camera_table.blockSignals(True)
        fill(self.camera_table, [[c.id, c.name, c.area, yes if c.has_sub_stream else "", yes if c.enabled else off]
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
            what = translate("AdminDialog", "đọc cấu hình camera {camera}").format(camera=camera)
            self.calls.call("GET", f"/api/v1/cameras/{camera}/config", None, self._load_camera,
                            self.calls.refused(what))

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
            self.calls.say(str(exc), True)
            return
        what = translate("AdminDialog", "lưu camera «{name}»").format(name=body.name)

        def saved(_answer: Any) -> None:
            self.loaded = body
            self.id_edit.setReadOnly(True)
            self.calls.done(what)
            self.reload_cameras()

        self.calls.sending(what)
        self.calls.call("PUT", f"/api/v1/cameras/{body.id}", body, saved, self.calls.refused(what))

    def delete_camera(self) -> None:
        """Delete the selected camera, once confirmed."""
        camera = self.selected_camera()
        if camera is None:
            self.calls.say(translate("AdminDialog", "Chọn một camera trong bảng trước"), True)
            return
        name = self.camera_name(camera) or camera
        what = translate("AdminDialog", "xoá camera «{name}»").format(name=name)
        if not self.confirm(translate("AdminDialog", "Xoá camera «{name}» ({camera}) khỏi mọi tường?")
                            .format(name=name, camera=camera)):
            return

        def deleted(_answer: Any) -> None:
            self.calls.done(what)
            self.new_camera()
            self.reload_cameras()

        self.calls.sending(what)
        self.calls.call("DELETE", f"/api/v1/cameras/{camera}", None, deleted, self.calls.refused(what))

    # ------------------------------------------------------------------ tokens

    def _tokens(self, answer: Any) -> None:
        when = formatting.local_date_time  # the server's UTC timestamps in Vietnam's time, as everywhere in the console
        fill(self.token_table, [[t.name, t.role.value, when(t.created_at), when(t.revoked_at)]
                                 for t in camera_admin.tokens(answer)])

    def token_rows(self) -> list[list[str]]:
        return rows(self.token_table)

    def create_token(self) -> None:
        """POST a new token; its secret is shown once, here."""
        try:
            body = camera_admin.token_request(self.token_name_edit.text(), Role(self.token_role_combo.currentData()))
        except FormError as exc:
            self.calls.say(str(exc), True)
            return
        what = translate("AdminDialog", "tạo mã «{name}» ({role})").format(name=body.name, role=body.role.value)
        self.secret_box.forget()

        def created(answer: Any) -> None:
            self.secret_box.show_secret(camera_admin.new_token(answer).token)
            self.token_name_edit.clear()
            self.calls.say(translate("AdminDialog", "Đã thực hiện: {what}. Sao chép mã ngay: nó không hiện lại.")
                      .format(what=what), False)
            self.reload_tokens()

        self.calls.sending(what)
        self.calls.call("POST", "/api/v1/tokens", body, created, self.calls.refused(what))

    def revoke_token(self) -> None:
        """Revoke the selected token, once confirmed."""
        rows = self.token_table.selectionModel().selectedRows()
        item = self.token_table.item(rows[0].row(), 0) if rows else None
        if item is None:
            self.calls.say(translate("AdminDialog", "Chọn một mã trong bảng trước"), True)
            return
        name = item.text()
        what = translate("AdminDialog", "thu hồi mã «{name}»").format(name=name)
        if not self.confirm(translate("AdminDialog", "Thu hồi mã «{name}»? Mọi tường và bảng điều khiển dùng mã này "
                                                     "sẽ bị ngắt.").format(name=name)):
            return

        def revoked(_answer: Any) -> None:
            self.calls.done(what)
            self.reload_tokens()

        self.calls.sending(what)
        self.calls.call("DELETE", f"/api/v1/tokens/{name}", None, revoked, self.calls.refused(what))

    def select_token(self, name: str) -> None:
        for row, values in enumerate(self.token_rows()):
            if values[0] == name:
                self.token_table.selectRow(row)
