"""Quản trị → Người dùng: people's accounts (admins). Create one, change its role, name or password,
disable or enable it, lift a lock-out. Accounts are never deleted (the audit log keeps their names).

One form serves a new account and the selected one, as the cameras tab does. A new password, a new role
or disabling ends that person's sessions on the server: the dialog says so before sending.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from wall_client.model import account_admin
from wall_client.model.camera_admin import FormError
from wall_client.model.i18n import translate
from wall_client.ui import theme
from wall_client.ui.console.admin_common import (
    AdminCalls,
    button,
    fill,
    form,
    row_of,
    rows,
    select_where,
    selected_row,
    table,
)
from wall_protocol.accounts import PEOPLE_ROLES, UserInfo, UserUpdate
from wall_protocol.common import Role, utc_now


def _password_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class UsersTab(QWidget):
    def __init__(self, calls: AdminCalls, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.calls = calls
        self.users: dict[str, UserInfo] = {}
        self.loaded: UserInfo | None = None  # the selected account as the server last said; None: a new one

        self.table = table([translate("AdminDialog", "Tên đăng nhập"), translate("AdminDialog", "Tên hiển thị"),
                            translate("AdminDialog", "Vai trò"), translate("AdminDialog", "Trạng thái")])
        self.table.itemSelectionChanged.connect(self._selected)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(translate("AdminDialog", "vd. an.nv (chữ thường, số, . _ -)"))
        self.display_edit = QLineEdit()
        self.display_edit.setPlaceholderText(translate("AdminDialog", "vd. Nguyễn Văn An"))
        self.role_combo = QComboBox()
        for role in PEOPLE_ROLES:
            self.role_combo.addItem(role.value, role.value)
        self.password_edit = _password_edit()
        self.again_edit = _password_edit()
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet(f"color: {theme.MUTED.name()};")
        self.new_button = button(translate("AdminDialog", "Tài khoản mới"), self.new_user)
        self.save_button = button(translate("AdminDialog", "Lưu tài khoản"), self.save_user)
        self.disable_button = button(translate("AdminDialog", "Vô hiệu hoá…"), self.toggle_disabled)
        self.unlock_button = button(translate("AdminDialog", "Mở khoá"), self.unlock)
        self.box = QGroupBox()
        side = QVBoxLayout(self.box)
        side.addLayout(form([(translate("AdminDialog", "Tên đăng nhập"), self.name_edit),
                             (translate("AdminDialog", "Tên hiển thị"), self.display_edit),
                             (translate("AdminDialog", "Vai trò"), self.role_combo),
                             (translate("AdminDialog", "Mật khẩu"), self.password_edit),
                             (translate("AdminDialog", "Nhập lại"), self.again_edit)]))
        side.addWidget(self.hint)
        side.addLayout(row_of(self.new_button, self.save_button))
        side.addLayout(row_of(self.disable_button, self.unlock_button))
        side.addStretch(1)
        row = QHBoxLayout(self)
        row.addWidget(self.table, 3)
        row.addWidget(self.box, 2)
        self.new_user()

    # ------------------------------------------------------------------ reading

    def reload(self) -> None:
        self.calls.call("GET", "/api/v1/users", None, self.show_users,
                        self.calls.refused(translate("AdminDialog", "đọc danh sách tài khoản")))

    def show_users(self, answer: Any) -> None:
        """Fill the table from GET /api/v1/users; the selected account stays selected, its form refreshed."""
        found = account_admin.users(answer)
        now = utc_now()
        keep = self.loaded.name if self.loaded is not None else None
        self.users = {user.name: user for user in found}
        self.table.blockSignals(True)
        fill(self.table, [[u.name, u.display_name, u.role.value, account_admin.user_state(u, now)] for u in found])
        self.table.blockSignals(False)
        if keep in self.users:
            select_where(self.table, 0, keep)
            self._load(self.users[keep])

    def user_rows(self) -> list[list[str]]:
        return rows(self.table)

    def select_user(self, name: str) -> None:
        select_where(self.table, 0, name)

    def _selected(self) -> None:
        row = selected_row(self.table)
        name = rows(self.table)[row][0] if row is not None else None
        if name is not None and name in self.users:
            self._load(self.users[name])

    def _load(self, user: UserInfo) -> None:
        self.loaded = user
        self.box.setTitle(translate("AdminDialog", "Tài khoản đang chọn"))
        self.name_edit.setText(user.name)
        self.name_edit.setReadOnly(True)  # the name is the login and the audit log's: a new name is a new account
        self.display_edit.setText(user.display_name)
        self.role_combo.setCurrentIndex(max(0, self.role_combo.findData(user.role.value)))
        self._clear_passwords()
        self.hint.setText(translate("AdminDialog", "Để trống mật khẩu nếu không đổi. Mật khẩu mới, vai trò mới hoặc "
                                                   "vô hiệu hoá sẽ đăng xuất người này ở mọi nơi."))
        self.disable_button.setText(translate("AdminDialog", "Bật lại") if user.disabled else
                                    translate("AdminDialog", "Vô hiệu hoá…"))
        self.disable_button.setEnabled(True)
        self.unlock_button.setEnabled(account_admin.is_locked(user, utc_now()))

    def _clear_passwords(self) -> None:
        self.password_edit.clear()
        self.again_edit.clear()

    # ------------------------------------------------------------------ changing

    def new_user(self) -> None:
        """An empty form for a new account."""
        self.loaded = None
        self.table.clearSelection()
        self.box.setTitle(translate("AdminDialog", "Tài khoản mới"))
        self.name_edit.setReadOnly(False)
        for edit in (self.name_edit, self.display_edit):
            edit.clear()
        self._clear_passwords()
        self.role_combo.setCurrentIndex(max(0, self.role_combo.findData(Role.OPERATOR.value)))
        self.hint.setText(translate("AdminDialog", "Mật khẩu ít nhất 10 ký tự; người dùng tự đổi được sau khi "
                                                   "đăng nhập."))
        self.disable_button.setEnabled(False)
        self.unlock_button.setEnabled(False)
        self.name_edit.setFocus()

    def save_user(self) -> None:
        """POST a new account, or PUT what the form changed in the selected one."""
        role = Role(self.role_combo.currentData())
        password, again = self.password_edit.text(), self.again_edit.text()
        try:
            if self.loaded is None:
                body: Any = account_admin.user_request(self.name_edit.text(), self.display_edit.text(), role,
                                                       password, again)
            else:
                body = account_admin.user_update(self.loaded, self.display_edit.text(), role, password, again)
        except FormError as exc:
            self.calls.say(str(exc), True)
            return
        self._clear_passwords()  # typed once, sent once: never kept in the form
        name = self.name_edit.text().strip()
        if self.loaded is None:
            what = translate("AdminDialog", "tạo tài khoản «{name}» ({role})").format(name=name, role=role.value)
            self.calls.send("POST", "/api/v1/users", body, what, self._saved(what))
            return
        what = translate("AdminDialog", "lưu tài khoản «{name}»").format(name=name)
        if (body.password is not None or body.role is not None) and not self.calls.confirm(
                translate("AdminDialog", "Lưu thay đổi của «{name}»? Mật khẩu mới hoặc vai trò mới sẽ đăng xuất "
                                         "người này ở mọi nơi.").format(name=name)):
            return
        self.calls.send("PUT", f"/api/v1/users/{name}", body, what, self._saved(what))

    def _saved(self, what: str) -> Any:
        def saved(answer: Any) -> None:
            self.loaded = account_admin.user(answer)
            self.calls.done(what)
            self.reload()  # the table keeps `loaded` selected

        return saved

    def toggle_disabled(self) -> None:
        """Disable the selected account (once confirmed: its sessions end), or enable it again."""
        user = self.loaded
        if user is None:
            self.calls.say(translate("AdminDialog", "Chọn một tài khoản trong bảng trước"), True)
            return
        if user.disabled:
            what = translate("AdminDialog", "bật lại tài khoản «{name}»").format(name=user.name)
        else:
            what = translate("AdminDialog", "vô hiệu hoá tài khoản «{name}»").format(name=user.name)
            question = translate("AdminDialog", "Vô hiệu hoá «{name}»? Người này bị đăng xuất ở mọi nơi và không "
                                                "đăng nhập được nữa.").format(name=user.name)
            if not self.calls.confirm(question):
                return
        self.calls.send("PUT", f"/api/v1/users/{user.name}", UserUpdate(disabled=not user.disabled), what,
                        self._saved(what))

    def unlock(self) -> None:
        """Lift the lock-out of the selected account (after too many wrong passwords)."""
        user = self.loaded
        if user is None:
            self.calls.say(translate("AdminDialog", "Chọn một tài khoản trong bảng trước"), True)
            return
        what = translate("AdminDialog", "mở khoá tài khoản «{name}»").format(name=user.name)
        self.calls.send("PUT", f"/api/v1/users/{user.name}", UserUpdate(unlock=True), what,
                        self._saved(what))
