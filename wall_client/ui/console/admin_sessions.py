"""Quản trị → Phiên đăng nhập: the open login sessions (admins), and ending one.

Ending a session cuts whatever it opened (a console, a browser's view, a share link's page) within a
second, as revoking a token does. The list holds no secret: the server never sends a session's token.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QVBoxLayout, QWidget

from wall_client.model import account_admin, formatting
from wall_client.model.i18n import translate
from wall_client.ui.console.admin_common import (
    AdminCalls,
    button,
    fill,
    row_of,
    rows,
    select_where,
    selected_key,
    selected_row,
    table,
)


class SessionsTab(QWidget):
    def __init__(self, calls: AdminCalls, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.calls = calls
        self.table = table([translate("AdminDialog", "Người dùng"), translate("AdminDialog", "Vai trò"),
                            translate("AdminDialog", "Địa chỉ"), translate("AdminDialog", "Từ lúc"),
                            translate("AdminDialog", "Đến lúc"), translate("AdminDialog", "Phạm vi")])
        self.refresh_button = button(translate("AdminDialog", "Làm mới"), self.reload)
        self.end_button = button(translate("AdminDialog", "Kết thúc phiên đang chọn…"), self.end_session)
        column = QVBoxLayout(self)
        column.addLayout(row_of(self.refresh_button, None, self.end_button))
        column.addWidget(self.table, 1)

    def reload(self) -> None:
        self.calls.call("GET", "/api/v1/sessions", None, self.show_sessions,
                        self.calls.refused(translate("AdminDialog", "đọc danh sách phiên đăng nhập")))

    def show_sessions(self, answer: Any) -> None:
        """Fill the table from GET /api/v1/sessions (each row keeps its session's id)."""
        found = account_admin.sessions(answer)
        when = formatting.local_date_time
        scope = account_admin.session_scope
        fill(self.table, [[s.user, s.role.value, s.address, when(s.created_at), when(s.expires_at), scope(s)]
                          for s in found], keys=[s.id for s in found])

    def session_rows(self) -> list[list[str]]:
        return rows(self.table)

    def select_user(self, user: str) -> None:
        """Select the newest session of `user`."""
        select_where(self.table, 0, user)

    def end_session(self) -> None:
        """End the selected session, once confirmed."""
        row, session = selected_row(self.table), selected_key(self.table)
        if row is None or session is None:
            self.calls.say(translate("AdminDialog", "Chọn một phiên trong bảng trước"), True)
            return
        user = rows(self.table)[row][0]
        what = translate("AdminDialog", "kết thúc phiên #{session} của «{user}»").format(session=session, user=user)
        if not self.calls.confirm(translate("AdminDialog", "Kết thúc phiên #{session} của «{user}»? Bảng điều khiển "
                                                           "hoặc trang web của phiên đó bị ngắt ngay.").format(
                session=session, user=user)):
            return

        def ended(_answer: Any) -> None:
            self.calls.done(what)
            self.reload()

        self.calls.send("DELETE", f"/api/v1/sessions/{session}", None, what, ended)
