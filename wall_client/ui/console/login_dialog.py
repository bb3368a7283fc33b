"""Đăng nhập: `iocwall console --user NAME` asks for the password before the console opens.

The dialog stays open after a refusal, showing the server's reason (wrong name or password, a locked
account, an address that must wait, no answer) with the password cleared, until the person logs in or
cancels. The network part is `wall_client/net/login.py`; the dialog gets it as a callable so that it
knows nothing of URLs or TLS.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from wall_client.model.i18n import translate
from wall_client.net.login import LoginCancelled
from wall_client.ui import plain_text, theme
from wall_client.ui.console.style import stylesheet
from wall_protocol.errors import ErrorCode, ProtocolError

LogIn = Callable[[str, str], Awaitable[str]]
"""(user, password) → the session token; raises ProtocolError with the server's refusal."""


class LoginDialog(QDialog):
    def __init__(self, server: str, user: str, log_in: LogIn, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._log_in = log_in
        self._trying: asyncio.Task[None] | None = None
        self.token: str | None = None
        # Closing it must not end the application: it is the only window until the console's opens.
        self.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)
        self.setWindowTitle(translate("LoginDialog", "IOC Wall - Đăng nhập"))
        self.setStyleSheet(stylesheet())
        self.setMinimumWidth(460)

        heading = QLabel(translate("LoginDialog", "Đăng nhập bảng điều khiển bằng tài khoản của bạn"))
        heading.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.server_label = plain_text.label(server)
        self.server_label.setStyleSheet(f"color: {theme.MUTED.name()};")
        self.user_edit = QLineEdit(user)
        self.user_edit.setPlaceholderText(translate("LoginDialog", "vd. an.nv"))
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.error_label = plain_text.label()  # the server's reason, shown as it wrote it
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        form = QFormLayout()
        form.addRow(translate("LoginDialog", "Máy chủ"), self.server_label)
        form.addRow(translate("LoginDialog", "Tên đăng nhập"), self.user_edit)
        form.addRow(translate("LoginDialog", "Mật khẩu"), self.password_edit)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(translate("LoginDialog", "Đăng nhập"))
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText(translate("LoginDialog", "Thoát"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        (self.password_edit if user else self.user_edit).setFocus()

    def show_error(self, text: str, error: bool = True) -> None:
        self.error_label.setStyleSheet(f"color: {(theme.ALARM if error else theme.MUTED).name()};")
        self.error_label.setText(text)
        self.error_label.show()

    def accept(self) -> None:
        """OK or Enter: ask the server; the dialog closes only once it said yes."""
        if self._trying is not None:
            return
        user, password = self.user_edit.text().strip(), self.password_edit.text()
        if not user or not password:
            self.show_error(translate("LoginDialog", "Nhập tên đăng nhập và mật khẩu"))
            return
        self._busy(True)
        self.show_error(translate("LoginDialog", "Đang đăng nhập…"), error=False)
        self._trying = asyncio.ensure_future(self._try(user, password))

    async def _try(self, user: str, password: str) -> None:
        try:
            token = await self._log_in(user, password)
        except ProtocolError as exc:
            # The one refusal everybody meets is said in the console's language; others (a lock-out with its
            # time, an unreachable server) keep the server's own words.
            reason = (translate("LoginDialog", "sai tên đăng nhập hoặc mật khẩu")
                      if exc.code is ErrorCode.UNAUTHENTICATED else exc.message)
            self.show_error(translate("LoginDialog", "Không đăng nhập được: {reason}").format(reason=reason))
            self.password_edit.clear()
            self.password_edit.setFocus()
            return
        finally:
            self._trying = None
            self._busy(False)
        self.token = token
        self.password_edit.clear()  # not kept in a widget once it has done its job
        super().accept()

    def reject(self) -> None:
        """Cancel, Esc or the close button: a login still on its way is dropped."""
        if self._trying is not None:
            self._trying.cancel()
            self._trying = None
        super().reject()

    def _busy(self, busy: bool) -> None:
        for widget in (self.user_edit, self.password_edit, self.ok_button):
            widget.setEnabled(not busy)

    async def ask(self) -> str:
        """Show the dialog until the person logs in (the token) or gives up (LoginCancelled)."""
        closed: asyncio.Future[int] = asyncio.get_running_loop().create_future()

        def finished(result: int) -> None:
            if not closed.done():
                closed.set_result(result)

        self.finished.connect(finished)
        self.show()
        self.raise_()
        self.activateWindow()
        try:
            await closed
        finally:
            self.hide()
        if self.token is None:
            raise LoginCancelled()
        return self.token
